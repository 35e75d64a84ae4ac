/**
 * The VS Code client without VS Code: `vscode` and the language client are
 * replaced by recording fakes, so activation, options, commands and
 * `hardline.enable` are checked exactly. The restart policy of the pinned
 * vscode-languageclient is checked on the real library.
 */
import Module from 'node:module';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => ({
  enable: new Map<string, boolean>(),
  folders: [] as { uri: { toString(): string } }[],
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  configListeners: [] as ((e: { affectsConfiguration(s: string): boolean }) => unknown)[],
  watchers: [] as string[],
  channels: [] as string[],
  clients: [] as { id: string; name: string; server: any; options: any; calls: string[] }[],
  shown: 0,
}));

vi.mock('vscode', () => ({
  window: {
    createOutputChannel: (name: string) => {
      state.channels.push(name);
      return { name, show: () => state.shown++, appendLine: () => undefined, dispose: () => undefined };
    },
    showInformationMessage: async () => undefined,
  },
  commands: {
    registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
      state.commands.set(id, fn);
      return { dispose: () => state.commands.delete(id) };
    },
  },
  workspace: {
    get workspaceFolders() {
      return state.folders;
    },
    getConfiguration: (section: string, scope?: { toString(): string }) => ({
      get: (key: string, fallback: unknown) => (section === 'hardline' && key === 'enable' ? (state.enable.get(scope?.toString() ?? '') ?? fallback) : fallback),
    }),
    onDidChangeConfiguration: (fn: (e: { affectsConfiguration(s: string): boolean }) => unknown) => {
      state.configListeners.push(fn);
      return { dispose: () => undefined };
    },
    createFileSystemWatcher: (glob: string) => {
      state.watchers.push(glob);
      return { glob, dispose: () => undefined };
    },
    isTrusted: true,
    onDidGrantWorkspaceTrust: () => ({ dispose: () => undefined }),
  },
}));

vi.mock('vscode-languageclient/node', () => ({
  TransportKind: { stdio: 0, ipc: 1, pipe: 2, socket: 3 },
  CloseAction: { DoNotRestart: 1, Restart: 2 },
  RequestType: class {
    constructor(readonly method: string) {}
  },
  LanguageClient: class {
    calls: string[] = [];
    constructor(id: string, name: string, server: unknown, options: unknown) {
      state.clients.push(Object.assign(this, { id, name, server, options }) as never);
    }
    async start() {
      this.calls.push('start');
    }
    async stop() {
      this.calls.push('stop');
    }
    async restart() {
      this.calls.push('restart');
    }
  },
}));

import { activate, deactivate } from '../../client/src/extension';

const context = () => ({ subscriptions: [] as unknown[], asAbsolutePath: (p: string) => `/ext/${p}` });
const changeEnable = async () => {
  for (const l of state.configListeners) await l({ affectsConfiguration: (s) => s === 'hardline.enable' });
};

beforeEach(async () => {
  await deactivate();
  state.enable.clear();
  state.folders = [];
  state.commands.clear();
  state.configListeners = [];
  state.watchers = [];
  state.channels = [];
  state.clients = [];
  state.shown = 0;
});

describe('activate', () => {
  it('starts one language client over IPC with the Hardline selector, watchers and output channel', async () => {
    await activate(context() as never);
    expect(state.clients).toHaveLength(1);
    const [client] = state.clients;
    expect(client.id).toBe('hardline');
    expect(client.name).toBe('Hardline');
    expect(client.server).toEqual({
      run: { module: '/ext/server/out/server.js', transport: 1 },
      debug: { module: '/ext/server/out/server.js', transport: 1, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    });
    expect(client.options.documentSelector).toEqual([
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'untitled', language: 'dockerfile' },
      { scheme: 'file', pattern: '**/{Containerfile,*.containerfile,Containerfile.*,Dockerfile.*,*.dockerfile}' },
      // Every YAML document; the server answers only for Kubernetes manifests (no diagnostics on other YAML).
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ]);
    expect(client.options.synchronize.configurationSection).toBe('hardline');
    expect(client.options.synchronize.fileEvents.map((w: { glob: string }) => w.glob)).toEqual(['**/.hardline.{yaml,yml}', '**/{.dockerignore,*.dockerignore}']);
    expect(client.options.outputChannel.name).toBe('Hardline');
    // The library's default policy restarts a crashed server; Hardline's handler only adds a notice (test/reliability/clientRestart.test.ts).
    expect(Object.keys(client.options.errorHandler).sort()).toEqual(['closed', 'error']);
    expect(client.calls).toEqual(['start']);
    expect(state.channels).toEqual(['Hardline']);
    expect([...state.commands.keys()].sort()).toEqual(['hardline.pickBaseImage', 'hardline.pinDigest', 'hardline.restartServer', 'hardline.showOutput']);
    // The server offers the base-image CodeLens because this client has the command (test/lsp/picker.test.ts).
    expect(client.options.initializationOptions()).toEqual({ clientCommands: ['hardline.pickBaseImage'], workspaceTrusted: true });
  });

  it('restarts the server and shows the output on command', async () => {
    await activate(context() as never);
    await state.commands.get('hardline.restartServer')!();
    await state.commands.get('hardline.showOutput')!();
    expect(state.clients[0].calls).toEqual(['start', 'restart']);
    expect(state.shown).toBe(1);
  });

  it('respects hardline.enable: no server while disabled everywhere, started and stopped as it changes', async () => {
    state.enable.set('', false);
    await activate(context() as never);
    expect(state.clients).toEqual([]);

    state.folders = [{ uri: { toString: () => 'file:///repo' } }];
    state.enable.set('file:///repo', true);
    await changeEnable();
    expect(state.clients).toHaveLength(1);
    expect(state.clients[0].calls).toEqual(['start']);

    state.enable.set('file:///repo', false);
    await changeEnable();
    expect(state.clients[0].calls).toEqual(['start', 'stop']);
  });
});

describe('vscode-languageclient 9.0.1 default error handler', () => {
  it('restarts a crashed server 4 times, then gives up when the 5th crash is within 3 minutes', () => {
    // The real library, loaded natively with a stand-in for the `vscode` module it requires.
    const anything: any = new Proxy(function () {}, { get: (_t, p) => (p === Symbol.toPrimitive ? () => '' : anything), construct: () => anything });
    const load = (Module as any)._load;
    (Module as any)._load = function (request: string, ...rest: unknown[]) {
      return request === 'vscode' ? anything : load.call(this, request, ...rest);
    };
    let lib: any;
    try {
      lib = Module.createRequire(__filename)('vscode-languageclient/lib/common/client.js');
    } finally {
      (Module as any)._load = load;
    }
    const handler = lib.BaseLanguageClient.prototype.createDefaultErrorHandler.call({ name: 'Hardline' });
    const now = vi.spyOn(Date, 'now');
    let t = 1_000_000;
    now.mockImplementation(() => t);
    const actions: number[] = [];
    for (let crash = 0; crash < 5; crash++) {
      t += 10_000;
      actions.push(handler.closed().action);
    }
    expect(actions).toEqual([lib.CloseAction.Restart, lib.CloseAction.Restart, lib.CloseAction.Restart, lib.CloseAction.Restart, lib.CloseAction.DoNotRestart]);
    expect(handler.closed().message).toBe('The Hardline server crashed 5 times in the last 3 minutes. The server will not be restarted. See the output for more information.');

    // Crashes spread over more than 3 minutes keep being restarted.
    const patient = lib.BaseLanguageClient.prototype.createDefaultErrorHandler.call({ name: 'Hardline' });
    const spread: number[] = [];
    for (let crash = 0; crash < 8; crash++) {
      t += 60_000;
      spread.push(patient.closed().action);
    }
    expect(spread.every((a) => a === lib.CloseAction.Restart)).toBe(true);
    now.mockRestore();
  });
});
