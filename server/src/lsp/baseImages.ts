import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { serviceFor } from '../engine/registry';
import { baseImageCandidates, type Converter } from '../languages/dockerfile/baseImageCandidates';
import { parseDockerfile } from '../languages/dockerfile/model';
import type { BaseImageCandidatesResult, TextDocumentPositionParams } from '../protocol';
import { uriBaseName } from './uri';

/**
 * `hardline/baseImageCandidates`: the picker asks for the alternatives of one
 * FROM line and gets, for each, the edit to apply (versioned, so a pick on a
 * document that changed meanwhile is refused by the editor, not misapplied).
 */
export function provideBaseImageCandidates(
  params: TextDocumentPositionParams,
  documents: TextDocuments<TextDocument>,
  documentChanges: boolean,
  converter?: Converter,
): BaseImageCandidatesResult {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return { candidates: [], reason: 'The document is not open.' };
  if (serviceFor(uriBaseName(doc.uri), doc.languageId)?.id !== 'dockerfile') {
    return { candidates: [], reason: 'Base images are picked in Dockerfiles and Containerfiles.' };
  }
  const plan = baseImageCandidates(parseDockerfile(doc.getText()), params.position, { converter });
  const { uri, version } = doc;
  return {
    line: plan.line,
    current: plan.current,
    reason: plan.reason,
    candidates: plan.candidates.map(({ edits, ...c }) => ({
      ...c,
      edit: documentChanges ? { documentChanges: [{ textDocument: { uri, version }, edits }] } : { changes: { [uri]: edits } },
    })),
  };
}
