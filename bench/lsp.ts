/**
 * The benchmark's LSP client: spawns a server over stdio and talks to it the
 * way VS Code does (capabilities, configuration pulls, dynamic registration,
 * incremental sync), timing what a user waits for.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type Diagnostic,
  type InitializeResult,
  type MessageConnection,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver/node';

export interface ServerSpec {
  /** Short name in the tables: `hardline`, `docker-ls`, `yaml-ls`, `floor`. */
  name: string;
  /** Script run with this Node (the server process itself, so its RSS is the server's). */
  script: string;
  args: string[];
  /** The answer to `workspace/configuration` for one section (VS Code answers every item, null when unknown). */
  configuration(section: string | undefined): unknown;
  /** Sends `version` in publishDiagnostics (then an edit waits for its own version). */
  versioned?: boolean;
  env?: Record<string, string>;
  /** Options for Node itself (`--cpu-prof`), before the script. */
  nodeArgs?: string[];
}

/** What VS Code 1.9x announces, minus the features no server here uses (pull diagnostics are left out: all servers here push). */
export const VSCODE_CAPABILITIES: ClientCapabilities = {
  general: {
    staleRequestSupport: { cancel: true, retryOnContentModified: ['textDocument/semanticTokens/full', 'textDocument/semanticTokens/range'] },
    regularExpressions: { engine: 'ECMAScript', version: 'ES2020' },
    markdown: { parser: 'marked', version: '1.1.0' },
    positionEncodings: ['utf-16'],
  },
  window: { workDoneProgress: true, showMessage: { messageActionItem: { additionalPropertiesSupport: true } }, showDocument: { support: true } },
  workspace: {
    applyEdit: true,
    workspaceEdit: {
      documentChanges: true,
      resourceOperations: ['create', 'rename', 'delete'],
      failureHandling: 'textOnlyTransactional',
      normalizesLineEndings: true,
      changeAnnotationSupport: { groupsOnLabel: true },
    },
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    symbol: { dynamicRegistration: true },
    executeCommand: { dynamicRegistration: true },
    codeLens: { refreshSupport: true },
    semanticTokens: { refreshSupport: true },
    fileOperations: { dynamicRegistration: true, didCreate: true, didRename: true, didDelete: true, willCreate: true, willRename: true, willDelete: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, willSave: true, willSaveWaitUntil: true, didSave: true },
    publishDiagnostics: {
      relatedInformation: true,
      versionSupport: true,
      tagSupport: { valueSet: [1, 2] },
      codeDescriptionSupport: true,
      dataSupport: true,
    },
    completion: {
      dynamicRegistration: true,
      contextSupport: true,
      completionItem: {
        snippetSupport: true,
        commitCharactersSupport: true,
        documentationFormat: ['markdown', 'plaintext'],
        deprecatedSupport: true,
        preselectSupport: true,
        tagSupport: { valueSet: [1] },
        insertReplaceSupport: true,
        resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] },
        insertTextModeSupport: { valueSet: [1, 2] },
        labelDetailsSupport: true,
      },
      insertTextMode: 2,
      completionItemKind: { valueSet: Array.from({ length: 25 }, (_, i) => i + 1) as never },
    },
    hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
    signatureHelp: { dynamicRegistration: true, signatureInformation: { documentationFormat: ['markdown', 'plaintext'], activeParameterSupport: true } },
    definition: { dynamicRegistration: true, linkSupport: true },
    references: { dynamicRegistration: true },
    documentHighlight: { dynamicRegistration: true },
    documentSymbol: { dynamicRegistration: true, hierarchicalDocumentSymbolSupport: true, labelSupport: true },
    codeAction: {
      dynamicRegistration: true,
      isPreferredSupport: true,
      disabledSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
      codeActionLiteralSupport: {
        codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.extract', 'refactor.inline', 'refactor.rewrite', 'source', 'source.organizeImports'] },
      },
      honorsChangeAnnotations: false,
    },
    formatting: { dynamicRegistration: true },
    rangeFormatting: { dynamicRegistration: true },
    onTypeFormatting: { dynamicRegistration: true },
    rename: { dynamicRegistration: true, prepareSupport: true },
    documentLink: { dynamicRegistration: true, tooltipSupport: true },
    foldingRange: { dynamicRegistration: true, rangeLimit: 5000, lineFoldingOnly: true },
    selectionRange: { dynamicRegistration: true },
    semanticTokens: {
      dynamicRegistration: true,
      tokenTypes: ['namespace', 'type', 'class', 'enum', 'interface', 'struct', 'typeParameter', 'parameter', 'variable', 'property', 'enumMember', 'event', 'function', 'method', 'macro', 'keyword', 'modifier', 'comment', 'string', 'number', 'regexp', 'operator', 'decorator'],
      tokenModifiers: ['declaration', 'definition', 'readonly', 'static', 'deprecated', 'abstract', 'async', 'modification', 'documentation', 'defaultLibrary'],
      formats: ['relative'],
      requests: { range: true, full: { delta: true } },
      multilineTokenSupport: false,
      overlappingTokenSupport: false,
      serverCancelSupport: true,
      augmentsSyntaxTokens: true,
    },
  },
};

interface Publish {
  at: number;
  version?: number;
  diagnostics: Diagnostic[];
}

interface Waiter {
  uri: string;
  after: number;
  version?: number;
  resolve: (p: Publish) => void;
}

/** VmHWM (peak resident set) of a process, in KiB; undefined when /proc is not readable. */
export function peakRssKiB(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

export class LspSession {
  readonly connection: MessageConnection;
  /** Spawn → initialize result, ms. */
  startupMs = 0;
  initializeResult?: InitializeResult;
  readonly logs: { type: number; message: string }[] = [];
  readonly traces: { at: number; message: string }[] = [];
  readonly publishes = new Map<string, Publish[]>();
  private readonly waiters: Waiter[] = [];
  private readonly versions = new Map<string, number>();
  private stderr = '';
  private exited = false;

  private constructor(
    readonly spec: ServerSpec,
    readonly proc: ChildProcess,
  ) {
    this.connection = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    proc.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    proc.on('exit', () => (this.exited = true));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const publish: Publish = { at: performance.now(), version: p.version, diagnostics: p.diagnostics };
      const list = this.publishes.get(p.uri) ?? [];
      list.push(publish);
      this.publishes.set(p.uri, list);
      for (let i = this.waiters.length - 1; i >= 0; i--) {
        const w = this.waiters[i];
        if (w.uri !== p.uri || publish.at < w.after) continue;
        if (w.version !== undefined && p.version !== w.version) continue;
        this.waiters.splice(i, 1);
        w.resolve(publish);
      }
    });
    this.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => this.logs.push(p));
    this.connection.onNotification('$/logTrace', (p: { message: string }) => this.traces.push({ at: performance.now(), message: p.message }));
    this.connection.onNotification(() => {}); // telemetry/event, $/progress, custom notifications
    this.connection.onRequest('workspace/configuration', (p: { items: { section?: string; scopeUri?: string }[] }) =>
      p.items.map((item) => spec.configuration(item.section)),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('client/unregisterCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('workspace/workspaceFolders', () => this.folders);
    this.connection.onRequest(() => null); // any other request (custom schema requests…): VS Code without that extension answers nothing useful
    this.connection.listen();
  }

  private folders: { uri: string; name: string }[] = [];

  /** Spawn the server, initialize it (timed), send `initialized` and the configuration-changed ping VS Code sends. */
  static async start(spec: ServerSpec, workspaceUri: string, trace: 'off' | 'verbose' = 'off'): Promise<LspSession> {
    const t0 = performance.now();
    const proc = spawn(process.execPath, [...(spec.nodeArgs ?? []), spec.script, ...spec.args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...spec.env } });
    const session = new LspSession(spec, proc);
    session.folders = [{ uri: workspaceUri, name: 'bench' }];
    session.initializeResult = await session.withTimeout(
      session.connection.sendRequest<InitializeResult>('initialize', {
        processId: process.pid,
        clientInfo: { name: 'hardline-bench', version: '1' },
        locale: 'en',
        rootPath: null,
        rootUri: workspaceUri,
        capabilities: VSCODE_CAPABILITIES,
        trace,
        workspaceFolders: session.folders,
      }),
      30_000,
      'initialize',
    );
    session.startupMs = performance.now() - t0;
    await session.connection.sendNotification('initialized', {});
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    return session;
  }

  private withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.spec.name}: no answer to ${what} within ${ms} ms${this.exited ? ' (server exited)' : ''}\n${this.stderr}`)), ms);
      promise.then(
        (v) => (clearTimeout(timer), resolve(v)),
        (e) => (clearTimeout(timer), reject(e)),
      );
    });
  }

  /** The next publish for `uri` at or after `after` (and of `version` when the server sends versions). */
  nextPublish(uri: string, after: number, version: number | undefined, timeoutMs: number): Promise<Publish> {
    const existing = (this.publishes.get(uri) ?? []).find((p) => p.at >= after && (version === undefined || p.version === version));
    if (existing) return Promise.resolve(existing);
    return this.withTimeout(
      new Promise<Publish>((resolve) => this.waiters.push({ uri, after, version, resolve })),
      timeoutMs,
      `publishDiagnostics for ${uri}${version !== undefined ? ` v${version}` : ''}`,
    );
  }

  /** didOpen → first publishDiagnostics for it, ms. */
  async open(uri: string, languageId: string, text: string, timeoutMs = 60_000): Promise<{ ms: number; diagnostics: Diagnostic[] }> {
    this.versions.set(uri, 1);
    const t0 = performance.now();
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    const p = await this.nextPublish(uri, t0, this.spec.versioned ? 1 : undefined, timeoutMs);
    return { ms: p.at - t0, diagnostics: p.diagnostics };
  }

  /** Send one incremental change (no wait); returns the new version. */
  async change(uri: string, range: Range, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range, rangeLength: 0, text }],
    });
    return version;
  }

  /** Type one character at `at`; ms until the diagnostics of that version (or, unversioned, the first publish after it). */
  async type(uri: string, at: { line: number; character: number }, ch: string, timeoutMs = 60_000): Promise<{ ms: number; diagnostics: Diagnostic[] }> {
    const t0 = performance.now();
    const version = await this.change(uri, { start: at, end: at }, ch);
    const p = await this.nextPublish(uri, t0, this.spec.versioned ? version : undefined, timeoutMs);
    return { ms: p.at - t0, diagnostics: p.diagnostics };
  }

  async codeAction(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<{ ms: number; actions: (CodeAction | Command)[] }> {
    const t0 = performance.now();
    const actions = await this.withTimeout(
      this.connection.sendRequest<(CodeAction | Command)[] | null>('textDocument/codeAction', {
        textDocument: { uri },
        range,
        context: { diagnostics, triggerKind: 1 },
      }),
      60_000,
      'codeAction',
    );
    return { ms: performance.now() - t0, actions: actions ?? [] };
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  peakRssKiB(): number | undefined {
    return this.proc.pid === undefined ? undefined : peakRssKiB(this.proc.pid);
  }

  /** shutdown + exit; killed if it does not exit within 2 s. */
  async stop(): Promise<void> {
    try {
      await this.withTimeout(this.connection.sendRequest('shutdown'), 5000, 'shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // killed below
    }
    if (!this.exited) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.proc.kill('SIGKILL');
          resolve();
        }, 2000);
        this.proc.once('exit', () => (clearTimeout(timer), resolve()));
        if (this.exited) (clearTimeout(timer), resolve());
      });
    }
    this.connection.dispose();
  }
}
