import { ShowDocumentRequest, type Command, type Connection, type Range } from 'vscode-languageserver';

/**
 * After a refactoring leaves a `TODO(hardline)` line for the user, select it:
 * the code action carries this command (besides its edit); the client applies
 * the edit, runs the command, and the server answers with `window/showDocument`
 * and the line's range — plain LSP, so any client with `window.showDocument`
 * support gets the selection.
 */
export const SELECT_AFTER_EDIT_COMMAND = 'hardline.selectAfterEdit';

export function selectAfterEditCommand(uri: string, range: Range): Command {
  return { title: 'Select the line to edit', command: SELECT_AFTER_EDIT_COMMAND, arguments: [uri, range] };
}

function isRange(value: unknown): value is Range {
  const r = value as Range | undefined;
  const pos = (p: unknown) => typeof p === 'object' && p !== null && Number.isInteger((p as { line: unknown }).line) && Number.isInteger((p as { character: unknown }).character);
  return typeof r === 'object' && r !== null && pos(r.start) && pos(r.end);
}

export async function executeSelectAfterEdit(args: unknown[] | undefined, connection: Connection): Promise<null> {
  const [uri, range] = args ?? [];
  if (typeof uri !== 'string' || !isRange(range)) return null;
  await connection.sendRequest(ShowDocumentRequest.type, { uri, selection: range, takeFocus: true });
  return null;
}
