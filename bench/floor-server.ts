/**
 * The floor: a language server that does nothing but what every server must
 * do — the JSON-RPC transport and applying incremental changes to its copy of
 * the document — and publishes empty diagnostics (with the version) on open
 * and on every change. Bundled like Hardline's server, so startup compares
 * bundle against bundle.
 */
import { createConnection, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const connection = createConnection();
const documents = new TextDocuments(TextDocument);

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    codeActionProvider: true,
  },
  serverInfo: { name: 'floor' },
}));

documents.onDidChangeContent((e) => {
  void connection.sendDiagnostics({ uri: e.document.uri, version: e.document.version, diagnostics: [] });
});
documents.onDidClose((e) => void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }));
connection.onCodeAction(() => []);

documents.listen(connection);
connection.listen();
