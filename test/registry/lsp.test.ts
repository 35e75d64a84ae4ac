/**
 * "Pin digest" through the language server, as an editor drives it: the quick
 * fix on dockerfile/pin-digest (edit computed on codeAction/resolve), the
 * hardline.pinDigest command for clients without resolve support
 * (workspace/applyEdit), and the hardline/pinDigest request of the VS Code
 * client. The registry is the real docker-registry on loopback; the failure
 * paths use a registry that is down and one that answers garbage.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApplyWorkspaceEditParams,
  ClientCapabilities,
  CodeAction,
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  ShowMessageParams,
  TextDocumentEdit,
  TextEdit,
} from 'vscode-languageserver/node';
import { allRules } from '../../server/src/engine/registry';
import { applyEdits } from '../../server/src/engine/positions';
import { NETWORK_DISABLED_MESSAGE } from '../../server/src/lsp/pinDigest';
import type { PinDigestResult } from '../../server/src/protocol';
import { FULL_CAPABILITIES, TestClient } from '../lsp/harness';
import { freePort, pushImage, REGISTRY_REQUIRED, registryBinary, sha256, startRegistry, type RunningRegistry } from './distribution';

const PIN = 'dockerfile/pin-digest';
const rules = Object.fromEntries(allRules.map((r) => [r.meta.id, r.meta.id === PIN ? 'info' : 'off']));

/** VS Code's code action capabilities: lazy edits and disabled actions. */
const RESOLVING: ClientCapabilities = {
  ...FULL_CAPABILITIES,
  textDocument: {
    ...FULL_CAPABILITIES.textDocument,
    codeAction: { resolveSupport: { properties: ['edit'] }, disabledSupport: true, dataSupport: true },
  },
};

interface Session {
  client: TestClient;
  result: InitializeResult;
  messages: ShowMessageParams[];
  applied: ApplyWorkspaceEditParams[];
  settings: { network: { allow: boolean; timeout?: number } };
}

const sessions: Session[] = [];

async function session(capabilities: ClientCapabilities, allow = true, initializationOptions?: unknown): Promise<Session> {
  const client = new TestClient();
  const s: Session = { client, result: undefined as never, messages: [], applied: [], settings: { network: { allow } } };
  client.configuration = () => ({ enable: true, rules, ...s.settings });
  client.connection.onNotification('window/showMessage', (p: ShowMessageParams) => s.messages.push(p));
  client.connection.onRequest('workspace/applyEdit', (p: ApplyWorkspaceEditParams) => {
    s.applied.push(p);
    return { applied: true };
  });
  s.result = await client.connection.sendRequest<InitializeResult>('initialize', {
    processId: null,
    rootUri: null,
    capabilities,
    workspaceFolders: null,
    initializationOptions,
  });
  await client.connection.sendNotification('initialized', {});
  sessions.push(s);
  return s;
}

afterEach(async () => {
  await Promise.all(sessions.map((s) => s.client.dispose()));
  sessions.length = 0;
});

let counter = 0;
async function open(s: Session, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = `untitled:Dockerfile-${++counter}`;
  await s.client.open(uri, text);
  const published: PublishDiagnosticsParams = await s.client.nextDiagnostics(uri);
  return { uri, diagnostics: published.diagnostics.filter((d) => d.code === PIN) };
}

function codeActions(s: Session, uri: string, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
  return s.client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } });
}

function editsOf(edit: CodeAction['edit'], uri: string, version: number): TextEdit[] {
  const changes = edit?.documentChanges as TextDocumentEdit[] | undefined;
  expect(changes).toHaveLength(1);
  expect(changes![0].textDocument).toEqual({ uri, version });
  return changes![0].edits as TextEdit[];
}

describe('capabilities', () => {
  it('a client that resolves edits gets resolveProvider and no server command', async () => {
    const { result } = await session(RESOLVING);
    expect(result.capabilities.codeActionProvider).toEqual({ codeActionKinds: expect.arrayContaining(['quickfix']), resolveProvider: true });
    expect(result.capabilities.executeCommandProvider).toBeUndefined();
    expect(result.capabilities.codeLensProvider).toBeUndefined();
  });

  it('a client without resolve support gets the hardline.pinDigest command', async () => {
    const { result } = await session(FULL_CAPABILITIES);
    expect(result.capabilities.executeCommandProvider).toEqual({ commands: ['hardline.pinDigest'] });
  });

  it('the CodeLens is offered only to a client that implements hardline.pickBaseImage', async () => {
    const { result } = await session(RESOLVING, false, { clientCommands: ['hardline.pickBaseImage'] });
    expect(result.capabilities.codeLensProvider).toEqual({ resolveProvider: false });
  });
});

describe('without network permission', () => {
  it('the quick fix is disabled and says how to allow it; nothing is asked', async () => {
    const s = await session(RESOLVING, false);
    const { uri, diagnostics } = await open(s, 'FROM node:22-slim\nCMD ["node", "app.js"]\n');
    expect(diagnostics).toHaveLength(1);
    const [pin] = await codeActions(s, uri, diagnostics);
    expect(pin).toEqual({
      title: 'Pin node:22-slim to its current digest (asks registry-1.docker.io)',
      kind: 'quickfix',
      diagnostics,
      disabled: { reason: NETWORK_DISABLED_MESSAGE },
    });
  });

  it('a client without disabled actions gets the command, which explains', async () => {
    const s = await session(FULL_CAPABILITIES, false);
    const { uri, diagnostics } = await open(s, 'FROM node:22-slim\n');
    const [pin] = await codeActions(s, uri, diagnostics);
    expect(pin.command).toEqual({
      title: 'Pin node:22-slim to its current digest (asks registry-1.docker.io)',
      command: 'hardline.pinDigest',
      arguments: [{ textDocument: { uri }, position: { line: 0, character: 5 } }],
    });
    expect(pin.edit).toBeUndefined();
    const result: PinDigestResult = await s.client.connection.sendRequest('workspace/executeCommand', { command: pin.command!.command, arguments: pin.command!.arguments });
    expect(result).toEqual({ pinned: [], failed: [], skipped: [], networkDisabled: true });
    expect(s.messages).toEqual([{ type: 2, message: `Hardline: ${NETWORK_DISABLED_MESSAGE}` }]);
    expect(s.applied).toEqual([]);
  });

  it('a reference built from a build argument cannot be pinned: disabled with the reason', async () => {
    const s = await session(RESOLVING, true);
    const { uri, diagnostics } = await open(s, 'ARG TAG=22-slim\nFROM node:${TAG}\n');
    const [pin] = await codeActions(s, uri, diagnostics);
    expect(pin.title).toBe('Pin node:${TAG} by digest');
    expect(pin.disabled?.reason).toBe('node:${TAG} is built from build arguments: a digest here would stay the same when the argument changes. Pin the image where its value is set.');
  });
});

const binary = registryBinary();
if (!binary && REGISTRY_REQUIRED) {
  it('docker-registry is installed', () => expect(binary).not.toBeNull());
}

describe.skipIf(!binary)('pinning against a real registry', () => {
  let registry: RunningRegistry;
  let app: Awaited<ReturnType<typeof pushImage>>;
  let tool: Awaited<ReturnType<typeof pushImage>>;

  beforeAll(async () => {
    registry = await startRegistry(binary!);
    app = await pushImage(registry.url, 'team/app', '1.4', 'oci');
    tool = await pushImage(registry.url, 'tool', '2', 'docker');
  }, 30_000);
  afterAll(async () => registry?.stop());

  it('quick fix → codeAction/resolve → a versioned edit that inserts the digest after the tag', async () => {
    const s = await session(RESOLVING);
    const text = `# base\nFROM ${registry.host}/team/app:1.4 AS runtime\nUSER 65532\n`;
    const { uri, diagnostics } = await open(s, text);
    expect(diagnostics.map((d) => d.range)).toEqual([{ start: { line: 1, character: 5 }, end: { line: 1, character: 5 + `${registry.host}/team/app:1.4`.length } }]);
    const actions = await codeActions(s, uri, diagnostics);
    const pin = actions[0];
    expect(pin).toEqual({
      title: `Pin ${registry.host}/team/app:1.4 to its current digest (asks ${registry.host})`,
      kind: 'quickfix',
      diagnostics,
      data: { hardline: 'pinDigest', uri, version: 1, range: diagnostics[0].range },
    });
    // The ignore actions follow the pin.
    expect(actions.slice(1).map((a) => a.title)).toEqual([`Ignore ${PIN} for this instruction`, `Ignore ${PIN} in this file`]);

    const resolved: CodeAction = await s.client.connection.sendRequest('codeAction/resolve', pin);
    const edits = editsOf(resolved.edit, uri, 1);
    const pinned = applyEdits(text, edits);
    expect(pinned).toBe(`# base\nFROM ${registry.host}/team/app:1.4@${app.index.digest} AS runtime\nUSER 65532\n`);
    expect(app.index.digest).toBe(sha256(app.index.bytes));
    expect(s.messages).toEqual([]);

    await s.client.change(uri, 2, pinned);
    expect((await s.client.nextDiagnostics(uri)).diagnostics.filter((d) => d.code === PIN)).toEqual([]);
  });

  it('COPY --from images are pinned too, CRLF and the rest of the line untouched', async () => {
    const s = await session(RESOLVING);
    const text = `FROM scratch\r\nCOPY --from=${registry.host}/tool:2 /bin/tool /tool\r\n`;
    const { uri, diagnostics } = await open(s, text);
    const [pin] = await codeActions(s, uri, diagnostics);
    const resolved: CodeAction = await s.client.connection.sendRequest('codeAction/resolve', pin);
    expect(applyEdits(text, editsOf(resolved.edit, uri, 1))).toBe(`FROM scratch\r\nCOPY --from=${registry.host}/tool:2@${tool.index.digest} /bin/tool /tool\r\n`);
  });

  it('the command (clients without resolve support) applies the edit with workspace/applyEdit', async () => {
    const s = await session(FULL_CAPABILITIES);
    const text = `FROM ${registry.host}/team/app:1.4\n`;
    const { uri, diagnostics } = await open(s, text);
    const [pin] = await codeActions(s, uri, diagnostics);
    expect(pin.edit).toBeUndefined();
    expect(pin.command?.command).toBe('hardline.pinDigest');
    const result: PinDigestResult = await s.client.connection.sendRequest('workspace/executeCommand', { command: 'hardline.pinDigest', arguments: pin.command!.arguments });
    expect(result.pinned).toEqual([{ image: `${registry.host}/team/app:1.4`, digest: app.index.digest }]);
    expect(s.applied).toHaveLength(1);
    expect(s.applied[0].label).toBe('Pin image digests');
    expect(applyEdits(text, editsOf(s.applied[0].edit, uri, 1))).toBe(`FROM ${registry.host}/team/app:1.4@${app.index.digest}\n`);
  });

  it('hardline/pinDigest without a position pins every image of the file once per image; skips what cannot be pinned', async () => {
    const s = await session(RESOLVING);
    const text = [
      `FROM ${registry.host}/team/app:1.4 AS build`,
      'FROM node:latest AS tools',
      `FROM ${registry.host}/tool:2`,
      `COPY --from=${registry.host}/team/app:1.4 /app /app`,
      `COPY --from=${registry.host}/team/app:1.4@${app.index.digest} /etc /etc`,
      '',
    ].join('\n');
    const { uri } = await open(s, text);
    const result: PinDigestResult = await s.client.connection.sendRequest('hardline/pinDigest', { textDocument: { uri } });
    expect(result.pinned.map((p) => p.image)).toEqual([`${registry.host}/team/app:1.4`, `${registry.host}/tool:2`, `${registry.host}/team/app:1.4`]);
    expect(result.skipped).toEqual([{ image: 'node:latest', reason: 'node:latest has no version tag: choose a version first (a digest of latest is unreadable and goes stale).' }]);
    expect(result.failed).toEqual([]);
    const edits = (result.edit!.documentChanges![0] as TextDocumentEdit).edits as TextEdit[];
    expect(applyEdits(text, edits)).toBe(
      [
        `FROM ${registry.host}/team/app:1.4@${app.index.digest} AS build`,
        'FROM node:latest AS tools',
        `FROM ${registry.host}/tool:2@${tool.index.digest}`,
        `COPY --from=${registry.host}/team/app:1.4@${app.index.digest} /app /app`,
        `COPY --from=${registry.host}/team/app:1.4@${app.index.digest} /etc /etc`,
        '',
      ].join('\n'),
    );
    expect(s.messages).toEqual([]);
  });

  it('the placeholder digest of the snippets is replaced by the real one', async () => {
    const s = await session(RESOLVING);
    const zeros = `sha256:${'0'.repeat(64)}`;
    const text = `FROM ${registry.host}/team/app:1.4@${zeros} AS build\nFROM ${registry.host}/tool:2@${tool.index.digest}\n`;
    const { uri } = await open(s, text);
    const result: PinDigestResult = await s.client.connection.sendRequest('hardline/pinDigest', { textDocument: { uri }, position: { line: 1, character: 0 }, allIfNone: true });
    // The cursor's line holds a pinned reference: nothing to do there, and no fallback to the whole file.
    expect(result).toEqual({ pinned: [], failed: [], skipped: [{ image: `${registry.host}/tool:2@${tool.index.digest}`, reason: `${registry.host}/tool:2@${tool.index.digest} is already pinned by digest.` }] });
    const all: PinDigestResult = await s.client.connection.sendRequest('hardline/pinDigest', { textDocument: { uri } });
    expect(all.pinned).toEqual([{ image: `${registry.host}/team/app:1.4@${zeros}`, digest: app.index.digest }]);
    expect(all.skipped).toEqual([]);
    const edits = (all.edit!.documentChanges![0] as TextDocumentEdit).edits as TextEdit[];
    expect(applyEdits(text, edits)).toBe(`FROM ${registry.host}/team/app:1.4@${app.index.digest} AS build\nFROM ${registry.host}/tool:2@${tool.index.digest}\n`);
  });

  it('an unknown tag is an error message and no edit', async () => {
    const s = await session(RESOLVING);
    const { uri, diagnostics } = await open(s, `FROM ${registry.host}/team/app:9\n`);
    const [pin] = await codeActions(s, uri, diagnostics);
    const resolved: CodeAction = await s.client.connection.sendRequest('codeAction/resolve', pin);
    expect(resolved.edit).toBeUndefined();
    expect(s.messages).toEqual([
      { type: 1, message: `Hardline could not pin ${registry.host}/team/app:9: ${registry.host}/team/app:9 does not exist in ${registry.host} (no manifest for tag 9).` },
    ]);
  });
});

describe('a registry that is down or answers garbage', () => {
  let garbage: Server;
  let garbageHost = '';
  beforeAll(async () => {
    garbage = createServer((req, res) => {
      if (req.url?.includes('slow')) return; // never answers
      res.writeHead(200, { 'Content-Type': 'application/json', 'Docker-Content-Digest': 'sha256:not-a-digest' }).end('{"hello":"world"}');
    });
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
    garbageHost = `127.0.0.1:${(garbage.address() as { port: number }).port}`;
  });
  afterAll(() => {
    garbage.closeAllConnections();
    return new Promise((resolve) => garbage.close(resolve));
  });

  it('down: an error message, the FROM line is not touched', async () => {
    const port = await freePort();
    const s = await session(RESOLVING);
    const { uri, diagnostics } = await open(s, `FROM 127.0.0.1:${port}/app:1\n`);
    const [pin] = await codeActions(s, uri, diagnostics);
    const resolved: CodeAction = await s.client.connection.sendRequest('codeAction/resolve', pin);
    expect(resolved).toEqual(pin);
    expect(s.messages).toEqual([
      { type: 1, message: `Hardline could not pin 127.0.0.1:${port}/app:1: Cannot reach 127.0.0.1:${port}: connection refused (is the registry running?).` },
    ]);
  });

  it('garbage: an error message, no edit', async () => {
    const s = await session(FULL_CAPABILITIES);
    const { uri } = await open(s, `FROM ${garbageHost}/app:1\n`);
    const result: PinDigestResult = await s.client.connection.sendRequest('workspace/executeCommand', {
      command: 'hardline.pinDigest',
      arguments: [uri, { line: 0, character: 7 }],
    });
    expect(result.edit).toBeUndefined();
    expect(result.failed).toEqual([{ image: `${garbageHost}/app:1`, message: `The manifest of ${garbageHost}/app:1 from ${garbageHost} is not an image manifest (schemaVersion is not 2).` }]);
    expect(s.applied).toEqual([]);
    expect(s.messages.map((m) => m.type)).toEqual([1]);
  });

  it('slow: the configured timeout applies', async () => {
    const s = await session(RESOLVING);
    s.settings.network.timeout = 1;
    const { uri } = await open(s, `FROM ${garbageHost}/slow:1\n`);
    const started = Date.now();
    const result: PinDigestResult = await s.client.connection.sendRequest('hardline/pinDigest', { textDocument: { uri }, position: { line: 0, character: 6 } });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.failed).toEqual([{ image: `${garbageHost}/slow:1`, message: `${garbageHost} did not answer within 1 s (setting hardline.network.timeout).` }]);
    expect(result.edit).toBeUndefined();
  });

  it('an edit while the registry answers: nothing is changed', async () => {
    const s = await session(RESOLVING);
    s.settings.network.timeout = 1;
    const { uri } = await open(s, `FROM ${garbageHost}/slow:1\n`);
    const pending = s.client.connection.sendRequest<PinDigestResult>('hardline/pinDigest', { textDocument: { uri } });
    await s.client.change(uri, 2, `FROM ${garbageHost}/slow:1\nUSER 65532\n`);
    const result = await pending;
    expect(result.edit).toBeUndefined();
    expect(result.unavailable).toBe('The document changed while the registry answered: nothing was changed. Try again.');
  });
});
