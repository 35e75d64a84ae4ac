import { resolve } from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_TIME_BUDGET_MS } from '../engine/limits';
import type { HardlineInitializationOptions } from '../protocol';
import { Analyzer } from './analysis';
import { FIX_ALL_KIND, provideCodeActions } from './codeActions';
import { DiagnosticsPublisher } from './diagnostics';
import { errorLogger, guard } from './guard';
import { HostFacts, watchedKind } from './host';
import { provideHover } from './hover';
import { OffThreadChecker } from './offThread';
import { SettingsStore } from './settings';
import { isHandledDocument, uriToPath } from './uri';
import { UserFeatures, type UserFeaturesOptions } from './userFeatures';

export interface ServerOptions {
  /** Folder of the rule docs (`docs/rules`), for `codeDescription.href`. Default: relative to the bundle. */
  docsRoot?: string;
  /** Pin digest and base-image picker (tests substitute the registry lookup). */
  features?: UserFeaturesOptions;
  /**
   * Script of the worker that checks large documents off the main thread with a
   * hard time limit (the server bundle itself: see server.ts, lsp/offThread.ts).
   * Without it every document is checked on the main thread.
   */
  checkWorker?: string;
  /** Time limit of an off-thread check, ms (default: the engine's time budget). */
  checkTimeoutMs?: number;
}

/** Files whose changes invalidate host facts (also watched by the VS Code client). */
export const WATCHED_GLOBS = ['**/.hardline.{yaml,yml}', '**/.dockerignore', '**/*.dockerignore'];

/** Wire the Hardline language server onto a connection and start listening. */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  // In server/out/server.js, __dirname is server/out: docs/ sits two levels up, in the repo and in the VSIX.
  const docsRoot = options.docsRoot ?? resolve(__dirname, '../../docs/rules');
  const log = errorLogger((text) => connection.console.error(text));
  const documents = new TextDocuments(TextDocument);
  const host = new HostFacts();
  const settings = new SettingsStore(connection, (m) => connection.console.warn(m));
  const offThread = options.checkWorker ? new OffThreadChecker(options.checkWorker, options.checkTimeoutMs ?? DEFAULT_TIME_BUDGET_MS) : undefined;
  const analyzer = new Analyzer(settings, host, offThread);
  const publisher = new DiagnosticsPublisher(connection, documents, analyzer, docsRoot, log);
  const features = new UserFeatures(connection, documents, log, options.features);
  let caps: ClientCapabilities = {};
  let folders: WorkspaceFolder[] = [];
  const setFolders = (next: WorkspaceFolder[]) => {
    folders = next;
    host.setWorkspaceFolders(next.map((f) => uriToPath(f.uri)).filter((p): p is string => p !== undefined));
  };

  connection.onInitialize((params): InitializeResult => {
    caps = params.capabilities;
    settings.pull = caps.workspace?.configuration === true;
    host.trusted = (params.initializationOptions as HardlineInitializationOptions | null | undefined)?.workspaceTrusted !== false;
    setFolders(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []));
    const folderEvents = caps.workspace?.workspaceFolders === true;
    return {
      capabilities: {
        ...features.initialize(params),
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND], resolveProvider: true },
        hoverProvider: true,
        ...(folderEvents ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
      },
      serverInfo: { name: 'hardline' },
    };
  });

  connection.onInitialized(
    guard('initialized', log, undefined, async () => {
      if (caps.workspace?.workspaceFolders === true) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guard('didChangeWorkspaceFolders', log, undefined, (event) => {
            const removed = new Set(event.removed.map((f) => f.uri));
            setFolders([...folders.filter((f) => !removed.has(f.uri)), ...event.added]);
            publisher.scheduleAll();
          }),
        );
      }
      // Each registration on its own: one the client refuses must not stop the other.
      const register = (name: string, run: () => Promise<unknown>) => guard(name, log, undefined, run)();
      await Promise.all([
        caps.workspace?.didChangeConfiguration?.dynamicRegistration &&
          register('register didChangeConfiguration', () => connection.client.register(DidChangeConfigurationNotification.type, { section: 'hardline' })),
        caps.workspace?.didChangeWatchedFiles?.dynamicRegistration &&
          register('register didChangeWatchedFiles', () =>
            connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) }),
          ),
      ]);
    }),
  );

  connection.onDidChangeConfiguration(
    guard('didChangeConfiguration', log, undefined, (params) => {
      settings.changed(params.settings);
      features.changed(params.settings);
      publisher.scheduleAll(0);
    }),
  );

  connection.onDidChangeWatchedFiles(
    guard('didChangeWatchedFiles', log, undefined, (params) => {
      let relevant = false;
      for (const change of params.changes) {
        const kind = watchedKind(uriToPath(change.uri) ?? change.uri);
        if (kind === 'config') host.invalidateConfig();
        if (kind === 'dockerignore') host.invalidateDockerignore();
        relevant ||= kind !== 'other';
      }
      if (relevant) publisher.scheduleAll();
    }),
  );

  // TextDocuments fires onDidOpen and then onDidChangeContent for the same open: validate that one at once.
  const opening = new Set<string>();
  documents.onDidOpen(
    guard('didOpen', log, undefined, (e) => {
      if (!isHandledDocument(e.document.languageId, e.document.uri)) return;
      opening.add(e.document.uri);
      void publisher.validate(e.document.uri);
    }),
  );
  documents.onDidChangeContent(
    guard('didChange', log, undefined, (e) => {
      if (opening.delete(e.document.uri)) return;
      if (isHandledDocument(e.document.languageId, e.document.uri)) publisher.changed(e.document.uri);
    }),
  );
  documents.onDidClose(
    guard('didClose', log, undefined, async (e) => {
      opening.delete(e.document.uri);
      analyzer.forget(e.document.uri);
      settings.forget(e.document.uri);
      features.forget(e.document.uri);
      await publisher.clear(e.document.uri);
    }),
  );

  const documentChanges = () => caps.workspace?.workspaceEdit?.documentChanges === true;
  const selectAfterEdit = () => caps.window?.showDocument?.support === true;
  connection.onCodeAction(
    guard('codeAction', log, [], async (params) =>
      features.codeActions(params, await provideCodeActions(params, { documents, analyzer, documentChanges, selectAfterEdit, logError: log })),
    ),
  );

  connection.onHover(
    guard('hover', log, null, (params) => {
      const markdown = caps.textDocument?.hover?.contentFormat?.includes('markdown') ?? true;
      return provideHover(params, documents, analyzer, markdown);
    }),
  );

  features.listen();
  connection.onShutdown(() => {
    publisher.dispose();
    void offThread?.dispose();
  });

  documents.listen(connection);
  connection.listen();
}
