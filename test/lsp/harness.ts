/**
 * An LSP client for protocol tests: the real `startServer` over two
 * in-memory streams, driven by a vscode-jsonrpc connection — what Neovim or
 * any other client does, without VS Code.
 */
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  ConfigurationRequest,
  createConnection,
  createMessageConnection,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type ConfigurationParams,
  type InitializeResult,
  type MessageConnection,
  type PublishDiagnosticsParams,
  type RegistrationParams,
} from 'vscode-languageserver/node';
import { startServer, type ServerOptions } from '../../server/src/lsp/startServer';

export const ROOT = resolve(__dirname, '../..');
export const DOCS_ROOT = resolve(ROOT, 'docs/rules');

/** A client that understands versioned edits, configuration pulls and dynamic registration (like VS Code). */
export const FULL_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceEdit: { documentChanges: true },
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
  },
  textDocument: {
    publishDiagnostics: { versionSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
};

interface Waiter {
  uri: string;
  resolve: (p: PublishDiagnosticsParams) => void;
}

export class TestClient {
  readonly connection: MessageConnection;
  /** Every publishDiagnostics, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly registrations: RegistrationParams[] = [];
  readonly configurationRequests: ConfigurationParams[] = [];
  readonly logs: { type: number; message: string }[] = [];
  /** The answer to `workspace/configuration` for one item. */
  configuration: (item: { scopeUri?: string; section?: string }) => unknown = () => null;
  /** Methods whose dynamic registration this client answers with an error. */
  refuse = new Set<string>();
  private readonly unread = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: Waiter[] = [];

  constructor(options: Omit<ServerOptions, 'docsRoot'> = {}) {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    // Readers/writers, not raw streams: with a raw input stream the library would exit the process when it ends.
    const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    startServer(server, { docsRoot: DOCS_ROOT, ...options });
    this.connection = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      const waiter = this.waiters.findIndex((w) => w.uri === p.uri);
      if (waiter >= 0) this.waiters.splice(waiter, 1)[0].resolve(p);
      else this.unread.set(p.uri, [...(this.unread.get(p.uri) ?? []), p]);
    });
    this.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => this.logs.push(p));
    this.connection.onRequest(RegistrationRequest.type, (p) => {
      this.registrations.push(p);
      if (p.registrations.some((r) => this.refuse.has(r.method))) throw new Error('registration refused');
    });
    this.connection.onRequest(ConfigurationRequest.type, (p) => {
      this.configurationRequests.push(p);
      return p.items.map((item) => this.configuration(item));
    });
    this.connection.listen();
  }

  static async start(
    capabilities: ClientCapabilities = FULL_CAPABILITIES,
    workspaceFolders: { uri: string; name: string }[] | null = null,
    prepare: (client: TestClient) => void = () => {},
  ) {
    const client = new TestClient();
    prepare(client);
    const result = await client.initialize(capabilities, workspaceFolders);
    return { client, result };
  }

  async initialize(capabilities: ClientCapabilities, workspaceFolders: { uri: string; name: string }[] | null, initializationOptions?: unknown): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: null,
      rootUri: null,
      capabilities,
      workspaceFolders,
      ...(initializationOptions === undefined ? {} : { initializationOptions }),
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** The next publishDiagnostics for `uri` not yet read by the test. */
  nextDiagnostics(uri: string, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    const queued = this.unread.get(uri);
    if (queued && queued.length > 0) return Promise.resolve(queued.shift()!);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { uri, resolve: (p) => (clearTimeout(timer), resolve(p)) };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no publishDiagnostics for ${uri} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Publications for `uri` that arrived and were not read. */
  pending(uri: string): PublishDiagnosticsParams[] {
    return this.unread.get(uri) ?? [];
  }

  open(uri: string, text: string, languageId = 'dockerfile', version = 1) {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** A full-text change (the server's sync is incremental; a range-less change replaces everything). */
  change(uri: string, version: number, text: string) {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Incremental changes, as editors send them (applied in order). */
  edit(uri: string, version: number, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]) {
    return this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })),
    });
  }

  close(uri: string) {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async dispose() {
    await this.connection.sendRequest('shutdown').catch(() => undefined);
    this.connection.dispose();
  }
}
