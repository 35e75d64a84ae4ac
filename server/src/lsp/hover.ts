import { MarkupKind, type Hover, type HoverParams, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyzer } from './analysis';
import { copyRange } from './diagnostics';
import { isHandledDocument } from './uri';

/** Hover on a FROM line's image: catalogue facts and hardened alternatives. */
export function provideHover(
  params: HoverParams,
  documents: TextDocuments<TextDocument>,
  analyzer: Analyzer,
  markdown: boolean,
): Hover | null {
  const doc = documents.get(params.textDocument.uri);
  if (!doc || !isHandledDocument(doc.languageId, doc.uri)) return null;
  const hover = analyzer.document(doc)?.hover(params.position);
  if (!hover) return null;
  return {
    contents: { kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: hover.markdown },
    range: copyRange(hover.range),
  };
}
