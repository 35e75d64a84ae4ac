import type { CodeLens, CodeLensParams, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { serviceFor } from '../engine/registry';
import { OFF_THREAD_MIN_CHARS } from './analysis';
import { baseImageCandidates } from '../languages/dockerfile/baseImageCandidates';
import { parseDockerfile } from '../languages/dockerfile/model';
import { PICK_BASE_IMAGE_COMMAND } from '../protocol';
import { uriBaseName } from './uri';

/**
 * "Pick a hardened base image" above each FROM whose image has alternatives in
 * the catalogue. Only for clients that implement the command (VS Code says so
 * in its initialization options): a lens nobody can run is noise.
 */
export function provideCodeLenses(params: CodeLensParams, documents: TextDocuments<TextDocument>): CodeLens[] {
  const doc = documents.get(params.textDocument.uri);
  if (!doc || serviceFor(uriBaseName(doc.uri), doc.languageId)?.id !== 'dockerfile') return [];
  // Lenses are asked for on every edit: never parse a document on the main thread that only the worker may (analysis.ts).
  if (doc.getText().length >= OFF_THREAD_MIN_CHARS) return [];
  const model = parseDockerfile(doc.getText());
  const lenses: CodeLens[] = [];
  for (const stage of model.stages) {
    const range = stage.from.getRange();
    const { candidates } = baseImageCandidates(model, range.start, { withEdits: false });
    if (candidates.length === 0) continue;
    lenses.push({
      // Copies: the model's positions move in place when the next version is parsed.
      range: { start: { ...range.start }, end: { ...range.start } },
      command: {
        title: 'Pick a hardened base image',
        command: PICK_BASE_IMAGE_COMMAND,
        arguments: [{ uri: doc.uri, line: range.start.line }],
      },
    });
  }
  return lenses;
}
