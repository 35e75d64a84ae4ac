/**
 * The commands the user invokes: pick a hardened base image (palette,
 * CodeLens, editor context menu) and pin image digests. Each asks the server
 * (protocol.ts) and applies the WorkspaceEdit it returns; the client adds
 * nothing but the VS Code UI around it.
 */
import { commands, ProgressLocation, window, workspace, type Disposable, type Position, type TextEditor } from 'vscode';
import { RequestType, type LanguageClient, type WorkspaceEdit } from 'vscode-languageclient/node';
import {
  BASE_IMAGE_CANDIDATES_METHOD,
  PICK_BASE_IMAGE_COMMAND,
  PIN_DIGEST_COMMAND,
  PIN_DIGEST_METHOD,
  type BaseImageCandidatesResult,
  type PinDigestParams,
  type PinDigestResult,
  type ProtocolWorkspaceEdit,
  type TextDocumentPositionParams,
} from '../../server/src/protocol';
import { pickerItems, pickerPlaceholder, pickerTitle, type CandidateItem } from './baseImagePicker';

export const BaseImageCandidatesRequest = new RequestType<TextDocumentPositionParams, BaseImageCandidatesResult, void>(BASE_IMAGE_CANDIDATES_METHOD);
export const PinDigestRequest = new RequestType<PinDigestParams, PinDigestResult, void>(PIN_DIGEST_METHOD);

/** What the CodeLens passes: the document and the FROM line. */
export interface PickTarget {
  uri: string;
  line: number;
}

export function isPickTarget(value: unknown): value is PickTarget {
  const v = value as Partial<PickTarget> | undefined;
  return !!v && typeof v.uri === 'string' && typeof v.line === 'number';
}

/** The Dockerfile in the active editor, or a message saying why there is none. */
function activeDockerfile(): TextEditor | undefined {
  const editor = window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'dockerfile') {
    void window.showInformationMessage('Hardline: open a Dockerfile or Containerfile first.');
    return undefined;
  }
  return editor;
}

async function apply(client: LanguageClient, edit: ProtocolWorkspaceEdit, what: string): Promise<boolean> {
  // ProtocolWorkspaceEdit is the LSP WorkspaceEdit's shape (plain data from the server).
  const converted = await client.protocol2CodeConverter.asWorkspaceEdit(edit as WorkspaceEdit);
  if (await workspace.applyEdit(converted)) return true;
  void window.showWarningMessage(`Hardline: ${what} was not applied: the file changed meanwhile. Try again.`);
  return false;
}

export async function pickBaseImage(client: LanguageClient | undefined, target?: unknown): Promise<void> {
  if (!client) {
    void window.showWarningMessage('Hardline is not running (hardline.enable is false, or the server failed to start: see the Hardline output).');
    return;
  }
  let uri: string;
  let position: { line: number; character: number };
  if (isPickTarget(target)) {
    uri = target.uri;
    position = { line: target.line, character: 0 };
  } else {
    const editor = activeDockerfile();
    if (!editor) return;
    uri = editor.document.uri.toString();
    const p: Position = editor.selection.active;
    position = { line: p.line, character: p.character };
  }
  const result = await client.sendRequest(BaseImageCandidatesRequest, { textDocument: { uri }, position });
  if (result.candidates.length === 0) {
    void window.showInformationMessage(`Hardline: ${result.reason ?? 'no hardened alternative is known for this image.'}`);
    return;
  }
  const picked = await window.showQuickPick<CandidateItem>(pickerItems(result), {
    title: pickerTitle(result),
    placeHolder: pickerPlaceholder(result),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked?.candidate) return;
  await apply(client, picked.candidate.edit, `switching to ${picked.candidate.image}`);
}

export const NETWORK_SETTING = 'hardline.network.allow';

export async function pinDigests(client: LanguageClient | undefined): Promise<void> {
  if (!client) {
    void window.showWarningMessage('Hardline is not running (hardline.enable is false, or the server failed to start: see the Hardline output).');
    return;
  }
  const editor = activeDockerfile();
  if (!editor) return;
  const { line, character } = editor.selection.active;
  const params: PinDigestParams = { textDocument: { uri: editor.document.uri.toString() }, position: { line, character }, allIfNone: true };
  const result = await window.withProgress(
    { location: ProgressLocation.Notification, title: 'Hardline: asking the registry for image digests…', cancellable: false },
    () => client.sendRequest(PinDigestRequest, params),
  );
  if (result.networkDisabled) {
    const open = 'Open Settings';
    const choice = await window.showWarningMessage(
      'Hardline: pinning a digest asks the image registry, and Hardline only goes online when you allow it (hardline.network.allow).',
      open,
    );
    if (choice === open) await commands.executeCommand('workbench.action.openSettings', NETWORK_SETTING);
    return;
  }
  if (result.unavailable) {
    void window.showWarningMessage(`Hardline: ${result.unavailable}`);
    return;
  }
  if (result.edit && (await apply(client, result.edit, 'pinning'))) {
    const names = result.pinned.map((p) => p.image);
    window.setStatusBarMessage(`Hardline: pinned ${names.length === 1 ? names[0] : `${names.length} image references`}`, 5000);
  }
  for (const f of result.failed) void window.showErrorMessage(`Hardline could not pin ${f.image}: ${f.message}`);
  if (result.pinned.length === 0 && result.failed.length === 0) {
    const why = result.skipped.map((s) => s.reason).join(' ');
    void window.showInformationMessage(`Hardline: nothing to pin.${why ? ` ${why}` : ''}`);
  }
}

/** Register the commands; `client` is read at each call (it is restarted and replaced). */
export function registerCommands(getClient: () => LanguageClient | undefined): Disposable[] {
  return [
    commands.registerCommand(PICK_BASE_IMAGE_COMMAND, (target?: unknown) => pickBaseImage(getClient(), target)),
    commands.registerCommand(PIN_DIGEST_COMMAND, () => pinDigests(getClient())),
  ];
}
