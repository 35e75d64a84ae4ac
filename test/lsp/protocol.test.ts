/**
 * The language server over the protocol, in process: what any LSP client
 * (VS Code, Neovim, Helix, Emacs) sees. Other rules are switched off through
 * `hardline.rules` so every expectation is exact.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver/node';
import { applyEdits } from '../../server/src/engine/positions';
import { allRules, ruleById } from '../../server/src/engine/registry';
import { DOCS_ROOT, FULL_CAPABILITIES, TestClient } from './harness';

const NO_ROOT = 'dockerfile/no-root-user';
const ADD_COPY = 'dockerfile/add-instead-of-copy';
const hasAddRule = ruleById.has(ADD_COPY);

/** `hardline.rules` that switch off every rule but `keep` (their severities as given). */
function only(keep: Record<string, string>): Record<string, string> {
  return Object.fromEntries(allRules.map((r) => [r.meta.id, keep[r.meta.id] ?? 'off']));
}

const docsHref = (id: string) => pathToFileURL(resolve(DOCS_ROOT, `${id}.md`)).href;

const APP = [
  'FROM node:22',
  'WORKDIR /app',
  'COPY package.json package-lock.json ./',
  'RUN npm ci --omit=dev',
  'COPY . .',
  'EXPOSE 3000',
  'CMD ["node", "server.js"]',
  '',
].join('\n');

const ROOT_DIAGNOSTIC: Diagnostic = {
  range: { start: { line: 0, character: 5 }, end: { line: 0, character: 12 } },
  severity: 2,
  source: 'hardline',
  code: NO_ROOT,
  codeDescription: { href: docsHref(NO_ROOT) },
  message: 'The final image runs as root: node:22 runs as root and no USER is set.',
  data: { ruleId: NO_ROOT },
};

const ROOT_DIAGNOSTIC_AT_LINE_1: Diagnostic = {
  ...ROOT_DIAGNOSTIC,
  range: { start: { line: 1, character: 5 }, end: { line: 1, character: 12 } },
};

const ADD_USER_TITLE = 'Add USER 65532:65532 (the non-root UID of distroless, Chainguard and DHI images)';

let workspace: string;
const fileUri = (...parts: string[]) => pathToFileURL(join(workspace, ...parts)).href;
let clients: TestClient[] = [];

async function start(
  settings: unknown = { enable: true, rules: only({ [NO_ROOT]: 'warning' }) },
  capabilities = FULL_CAPABILITIES,
  folders = [{ uri: pathToFileURL(workspace).href, name: 'ws' }],
  prepare: (client: TestClient) => void = () => {},
) {
  const { client, result } = await TestClient.start(capabilities, folders, (c) => {
    c.configuration = () => settings;
    prepare(c);
  });
  clients.push(client);
  return { client, result };
}

function editsOf(action: CodeAction, uri: string, version: number): TextEdit[] {
  const changes = action.edit?.documentChanges as TextDocumentEdit[] | undefined;
  expect(changes).toHaveLength(1);
  expect(changes![0].textDocument).toEqual({ uri, version });
  return changes![0].edits as TextEdit[];
}

async function codeActions(client: TestClient, uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range,
    context: { diagnostics, ...(only ? { only } : {}) },
  });
}

async function until(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'hardline-lsp-'));
});
afterEach(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  clients = [];
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe('initialize', () => {
  it('declares incremental sync, quick fixes, fix-all and hover, and registers its watchers', async () => {
    const { client, result } = await start();
    expect(result).toEqual({
      capabilities: {
        textDocumentSync: { openClose: true, change: 2 },
        codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite', 'source.fixAll.hardline'], resolveProvider: true },
        hoverProvider: true,
        // This client cannot resolve code action edits: "Pin digest" comes as a command (test/registry/lsp.test.ts).
        executeCommandProvider: { commands: ['hardline.pinDigest'] },
      },
      serverInfo: { name: 'hardline' },
    });
    await until(() => client.registrations.length === 2);
    expect(client.registrations.map((r) => r.registrations.map(({ method, registerOptions }) => ({ method, registerOptions })))).toEqual([
      [{ method: 'workspace/didChangeConfiguration', registerOptions: { section: 'hardline' } }],
      [
        {
          method: 'workspace/didChangeWatchedFiles',
          registerOptions: { watchers: [{ globPattern: '**/.hardline.{yaml,yml}' }, { globPattern: '**/.dockerignore' }, { globPattern: '**/*.dockerignore' }] },
        },
      ],
    ]);
  });

  it('survives a client that refuses a registration, and still registers the other', async () => {
    const { client } = await start(undefined, FULL_CAPABILITIES, undefined, (c) => c.refuse.add('workspace/didChangeConfiguration'));
    await until(() => client.registrations.length === 2);
    const uri = fileUri('refused', 'Dockerfile');
    await client.open(uri, APP);
    expect((await client.nextDiagnostics(uri)).diagnostics).toEqual([ROOT_DIAGNOSTIC]);
    expect(client.registrations.map((r) => r.registrations[0].method)).toEqual(['workspace/didChangeConfiguration', 'workspace/didChangeWatchedFiles']);
    expect(client.logs.filter((l) => l.type === 1).map((l) => l.message.split('\n')[0])).toEqual([
      'register didChangeConfiguration failed: Error: Request client/registerCapability failed with message: registration refused',
    ]);
  });

  it('registers nothing dynamically for a client that cannot take it', async () => {
    const { client } = await start(undefined, { workspace: { configuration: true } });
    const uri = fileUri('plain', 'Dockerfile');
    await client.open(uri, APP);
    await client.nextDiagnostics(uri);
    expect(client.registrations).toEqual([]);
  });
});

describe('diagnostics', () => {
  it('publishes on open with code, range, docs link, version and source; pulls settings per document', async () => {
    const { client } = await start();
    const uri = fileUri('api', 'Dockerfile');
    await client.open(uri, APP);
    expect(await client.nextDiagnostics(uri)).toEqual({ uri, version: 1, diagnostics: [ROOT_DIAGNOSTIC] });
    expect(client.configurationRequests).toEqual([{ items: [{ scopeUri: uri, section: 'hardline' }] }]);
  });

  it('handles Containerfiles whatever language id the client sends, and ignores other files', async () => {
    const { client } = await start();
    const notes = fileUri('notes.txt');
    const containerfile = fileUri('svc', 'Containerfile');
    await client.open(notes, APP, 'plaintext');
    await client.open(containerfile, APP, 'plaintext');
    expect((await client.nextDiagnostics(containerfile)).diagnostics).toEqual([ROOT_DIAGNOSTIC]);
    expect(client.pending(notes)).toEqual([]);
    expect(client.published.map((p) => p.uri)).toEqual([containerfile]);
  });

  it('re-checks after an edit with the new version; a burst is checked at most at its start and after its end', async () => {
    const { client } = await start();
    const uri = fileUri('edit', 'Dockerfile');
    await client.open(uri, APP);
    await client.nextDiagnostics(uri);
    // Three quick edits: the first may be checked at once (fast check after a quiet spell), the last one is.
    await client.change(uri, 2, APP.replace('node:22', 'node:20'));
    await client.change(uri, 3, APP.replace('node:22', 'node:21'));
    await client.change(uri, 4, `${APP}USER node\n`);
    const first = await client.nextDiagnostics(uri);
    const last = first.version === 4 ? first : await client.nextDiagnostics(uri);
    expect(first.version === 4 || first.version === 2 || first.version === 3).toBe(true);
    expect(last).toEqual({ uri, version: 4, diagnostics: [] });
    expect(client.pending(uri)).toEqual([]);
  });

  it('clears the diagnostics when the document closes', async () => {
    const { client } = await start();
    const uri = fileUri('close', 'Dockerfile');
    await client.open(uri, APP);
    await client.nextDiagnostics(uri);
    await client.close(uri);
    expect(await client.nextDiagnostics(uri)).toEqual({ uri, diagnostics: [] });
  });

  it('follows hardline.rules from workspace/configuration after didChangeConfiguration', async () => {
    const settings = { enable: true, rules: only({ [NO_ROOT]: 'warning' }) };
    const { client } = await start(settings);
    const uri = fileUri('config', 'Dockerfile');
    await client.open(uri, APP);
    expect((await client.nextDiagnostics(uri)).diagnostics).toEqual([ROOT_DIAGNOSTIC]);

    settings.rules = only({ [NO_ROOT]: 'off' });
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    expect(await client.nextDiagnostics(uri)).toEqual({ uri, version: 1, diagnostics: [] });

    settings.rules = only({ [NO_ROOT]: 'error' });
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    expect(await client.nextDiagnostics(uri)).toEqual({ uri, version: 1, diagnostics: [{ ...ROOT_DIAGNOSTIC, severity: 1 }] });
    expect(client.configurationRequests).toHaveLength(3);
  });

  it('takes pushed settings from a client without workspace/configuration', async () => {
    const { client } = await start(undefined, { workspace: { workspaceEdit: { documentChanges: true } } });
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { hardline: { rules: only({ [NO_ROOT]: 'info' }) } },
    });
    const uri = fileUri('pushed', 'Dockerfile');
    await client.open(uri, APP);
    expect((await client.nextDiagnostics(uri)).diagnostics).toEqual([{ ...ROOT_DIAGNOSTIC, severity: 3 }]);
    expect(client.configurationRequests).toEqual([]);
  });

  it('publishes nothing but empty lists when hardline.enable is false', async () => {
    const settings = { enable: true, rules: only({ [NO_ROOT]: 'warning' }) };
    const { client } = await start(settings);
    const uri = fileUri('disable', 'Dockerfile');
    await client.open(uri, APP);
    expect((await client.nextDiagnostics(uri)).diagnostics).toHaveLength(1);
    settings.enable = false;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    expect(await client.nextDiagnostics(uri)).toEqual({ uri, version: 1, diagnostics: [] });
    expect(await codeActions(client, uri, [ROOT_DIAGNOSTIC])).toEqual([]);
  });

  it('reports parse problems and unknown rule ids in suppression comments as diagnostics', async () => {
    const { client } = await start();
    const uri = fileUri('problems', 'Dockerfile');
    await client.open(uri, '# hardline-ignore dockerfile/no-such-rule\nFROM node:22\nUSER\nCMD ["node", "server.js"]\n');
    expect(await client.nextDiagnostics(uri)).toEqual({
      uri,
      version: 1,
      diagnostics: [
        {
          range: { start: { line: 2, character: 0 }, end: { line: 2, character: 4 } },
          severity: 1,
          source: 'hardline',
          code: 'missing-argument',
          message: 'USER requires an argument.',
        },
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 41 } },
          severity: 2,
          source: 'hardline',
          code: 'unknown-rule',
          message: 'Unknown rule id "dockerfile/no-such-rule" in hardline-ignore comment.',
        },
        ROOT_DIAGNOSTIC_AT_LINE_1,
      ],
    });
  });

  it('reports binary and huge documents as problems instead of hanging', async () => {
    const { client } = await start();
    const binary = fileUri('bin', 'Dockerfile');
    await client.open(binary, 'FROM node:22\n\u0000\u0001\u0002\uFFFD\u0000ELF');
    expect(await client.nextDiagnostics(binary)).toEqual({
      uri: binary,
      version: 1,
      diagnostics: [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: 3,
          source: 'hardline',
          code: 'binary-file',
          message: 'This file contains binary data (NUL bytes), so it was not checked.',
        },
      ],
    });
    expect(await codeActions(client, binary, [])).toEqual([]);
    expect(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: binary }, position: { line: 0, character: 6 } })).toBeNull();

    const huge = fileUri('huge', 'Dockerfile');
    const started = Date.now();
    await client.open(huge, `FROM node:22\n${'RUN echo hello\n'.repeat(400_000)}`);
    const published = await client.nextDiagnostics(huge, 10_000);
    expect(published.diagnostics.map((d) => d.code)).toEqual(['file-too-large']);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('code actions', () => {
  it('offers the suggestion, then both ignore comments, each with a versioned edit; the suggestion fixes the finding', async () => {
    const { client } = await start();
    const uri = fileUri('actions', 'Dockerfile');
    await client.open(uri, APP);
    const { diagnostics } = await client.nextDiagnostics(uri);
    // Quick fixes only: the refactorings that come after them are in refactor.test.ts.
    const actions = await codeActions(client, uri, diagnostics, ['quickfix']);
    const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 0 } });
    const versioned = (edits: TextEdit[]) => ({ documentChanges: [{ textDocument: { uri, version: 1 }, edits }] });
    expect(actions).toEqual([
      { title: ADD_USER_TITLE, kind: 'quickfix', diagnostics, edit: versioned([{ range: at(6), newText: 'USER 65532:65532\n' }]) },
      {
        title: `Ignore ${NO_ROOT} for this instruction`,
        kind: 'quickfix',
        diagnostics,
        edit: versioned([{ range: at(0), newText: `# hardline-ignore ${NO_ROOT}\n` }]),
      },
      {
        title: `Ignore ${NO_ROOT} in this file`,
        kind: 'quickfix',
        diagnostics,
        edit: versioned([{ range: at(0), newText: `# hardline-ignore-file ${NO_ROOT}\n` }]),
      },
    ]);

    const fixed = applyEdits(APP, editsOf(actions[0], uri, 1));
    expect(fixed).toBe(APP.replace('CMD [', 'USER 65532:65532\nCMD ['));
    // Sent as an incremental change, like an editor applying the edit.
    await client.edit(uri, 2, editsOf(actions[0], uri, 1));
    expect(await client.nextDiagnostics(uri)).toEqual({ uri, version: 2, diagnostics: [] });
    const hover = await client.connection.sendRequest<{ range: unknown }>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 6 } });
    expect(hover.range).toEqual({ start: { line: 0, character: 5 }, end: { line: 0, character: 12 } });
  });

  it('"Ignore for this instruction" inserts the comment with the indentation and line ending of the file', async () => {
    const { client } = await start();
    const uri = fileUri('ignore-line', 'Dockerfile');
    const text = 'FROM node:22 AS build\r\nRUN npm ci\r\n\r\nFROM node:22-slim\r\n  USER root\r\nCMD ["node", "dist/server.js"]\r\n';
    await client.open(uri, text);
    const { diagnostics } = await client.nextDiagnostics(uri);
    expect(diagnostics.map((d) => [d.code, d.range.start.line, d.message])).toEqual([
      [NO_ROOT, 4, 'The final image runs as root: USER root. A compromised process then owns the container.'],
    ]);
    const action = (await codeActions(client, uri, diagnostics)).find((a) => a.title === `Ignore ${NO_ROOT} for this instruction`)!;
    const out = applyEdits(text, editsOf(action, uri, 1));
    expect(out).toBe(`FROM node:22 AS build\r\nRUN npm ci\r\n\r\nFROM node:22-slim\r\n  # hardline-ignore ${NO_ROOT}\r\n  USER root\r\nCMD ["node", "dist/server.js"]\r\n`);
    await client.change(uri, 2, out);
    expect(await client.nextDiagnostics(uri)).toEqual({ uri, version: 2, diagnostics: [] });
  });

  it('"Ignore in this file" goes after the parser directives', async () => {
    const { client } = await start();
    const uri = fileUri('ignore-file', 'Dockerfile');
    const text = '# syntax=docker/dockerfile:1\n# escape=`\nFROM node:22\nRUN npm ci `\n    --omit=dev\nCMD ["node", "server.js"]\n';
    await client.open(uri, text);
    const { diagnostics } = await client.nextDiagnostics(uri);
    expect(diagnostics.map((d) => d.code)).toEqual([NO_ROOT]);
    const action = (await codeActions(client, uri, diagnostics)).find((a) => a.title === `Ignore ${NO_ROOT} in this file`)!;
    const out = applyEdits(text, editsOf(action, uri, 1));
    expect(out).toBe(`# syntax=docker/dockerfile:1\n# escape=\`\n# hardline-ignore-file ${NO_ROOT}\nFROM node:22\nRUN npm ci \`\n    --omit=dev\nCMD ["node", "server.js"]\n`);
    await client.change(uri, 2, out);
    expect(await client.nextDiagnostics(uri)).toEqual({ uri, version: 2, diagnostics: [] });
  });

  it('returns only the kinds asked for', async () => {
    const { client } = await start();
    const uri = fileUri('only', 'Dockerfile');
    await client.open(uri, APP);
    const { diagnostics } = await client.nextDiagnostics(uri);
    expect((await codeActions(client, uri, diagnostics, ['quickfix'])).map((a) => a.title)).toEqual([
      ADD_USER_TITLE,
      `Ignore ${NO_ROOT} for this instruction`,
      `Ignore ${NO_ROOT} in this file`,
    ]);
    // No safe fix for this finding: no fix-all, and nothing for source actions.
    expect(await codeActions(client, uri, diagnostics, ['source.fixAll'])).toEqual([]);
    expect(await codeActions(client, uri, diagnostics, ['source.fixAll.hardline'])).toEqual([]);
    // The single-stage Dockerfile can be split (refactor.test.ts has the details).
    expect((await codeActions(client, uri, diagnostics, ['refactor'])).map((a) => [a.title, a.kind])).toEqual([
      ['Split into build and runtime stages on gcr.io/distroless/nodejs22-debian12:nonroot', 'refactor.rewrite'],
    ]);
  });

  it('gives a client without documentChanges support plain `changes`', async () => {
    const { client } = await start(undefined, { workspace: { configuration: true } });
    const uri = fileUri('changes', 'Dockerfile');
    await client.open(uri, APP);
    const { diagnostics } = await client.nextDiagnostics(uri);
    const actions = await codeActions(client, uri, diagnostics, ['quickfix']);
    expect(actions.map((a) => a.edit)).toEqual([
      { changes: { [uri]: [{ range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, newText: 'USER 65532:65532\n' }] } },
      { changes: { [uri]: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `# hardline-ignore ${NO_ROOT}\n` }] } },
      { changes: { [uri]: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `# hardline-ignore-file ${NO_ROOT}\n` }] } },
    ]);
  });

  it('ignores stale diagnostics whose range no longer matches a finding, and foreign diagnostics', async () => {
    const { client } = await start();
    const uri = fileUri('stale', 'Dockerfile');
    await client.open(uri, APP);
    const { diagnostics } = await client.nextDiagnostics(uri);
    await client.change(uri, 2, `\n${APP}`);
    // Asked before the new diagnostics arrived, with the old range: no edit may be built from it.
    expect(await codeActions(client, uri, diagnostics, ['quickfix'])).toEqual([]);
    const foreign = { ...ROOT_DIAGNOSTIC, source: 'hadolint', range: { start: { line: 1, character: 5 }, end: { line: 1, character: 12 } } };
    expect(await codeActions(client, uri, [foreign], ['quickfix'])).toEqual([]);
    const moved = await client.nextDiagnostics(uri);
    expect(moved.version).toBe(2);
    expect((await codeActions(client, uri, moved.diagnostics, ['quickfix'])).map((a) => editsOf(a, uri, 2)[0].range.start.line)).toEqual([7, 1, 0]);
  });

  describe.runIf(hasAddRule)('safe fixes (dockerfile/add-instead-of-copy)', () => {
    const TEXT = 'FROM node:22\nWORKDIR /app\nADD package.json ./\nRUN npm ci\nADD . .\nUSER node\nCMD ["node", "server.js"]\n';
    const FIXED = TEXT.replace('ADD package', 'COPY package').replace('ADD . .', 'COPY . .');
    const settings = () => ({ enable: true, rules: only({ [NO_ROOT]: 'warning', [ADD_COPY]: 'warning' }) });

    it('puts the preferred safe fix first and fix-all last; applying it clears the finding', async () => {
      const { client } = await start(settings());
      const uri = fileUri('add', 'Dockerfile');
      await client.open(uri, TEXT);
      const { diagnostics } = await client.nextDiagnostics(uri);
      expect(diagnostics.map((d) => [d.code, d.range])).toEqual([
        [ADD_COPY, { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } }],
        [ADD_COPY, { start: { line: 4, character: 0 }, end: { line: 4, character: 3 } }],
      ]);
      const actions = await codeActions(client, uri, [diagnostics[0]]);
      expect(actions.map((a) => [a.title, a.kind, a.isPreferred])).toEqual([
        ['Fix: Replace ADD with COPY', 'quickfix', true],
        [`Ignore ${ADD_COPY} for this instruction`, 'quickfix', undefined],
        [`Ignore ${ADD_COPY} in this file`, 'quickfix', undefined],
        ['Split into build and runtime stages on gcr.io/distroless/nodejs22-debian12:nonroot', 'refactor.rewrite', undefined],
        ['Fix all safe Hardline problems', 'source.fixAll.hardline', undefined],
      ]);
      const once = applyEdits(TEXT, editsOf(actions[0], uri, 1));
      expect(once).toBe(TEXT.replace('ADD package', 'COPY package'));
      await client.change(uri, 2, once);
      expect((await client.nextDiagnostics(uri)).diagnostics.map((d) => d.range.start.line)).toEqual([4]);
    });

    it('source.fixAll.hardline with `only` returns one minimal edit for every safe fix', async () => {
      const { client } = await start(settings());
      const uri = fileUri('add-all', 'Dockerfile');
      await client.open(uri, TEXT);
      await client.nextDiagnostics(uri);
      const actions = await codeActions(client, uri, [], ['source.fixAll']);
      expect(actions.map((a) => [a.title, a.kind])).toEqual([['Fix all safe Hardline problems', 'source.fixAll.hardline']]);
      const edits = editsOf(actions[0], uri, 1);
      expect(edits).toHaveLength(1);
      expect(edits[0].range).toEqual({ start: { line: 2, character: 0 }, end: { line: 4, character: 3 } });
      expect(applyEdits(TEXT, edits)).toBe(FIXED);
      expect(await codeActions(client, uri, [], ['quickfix'])).toEqual([]);
      await client.change(uri, 2, FIXED);
      expect(await client.nextDiagnostics(uri)).toEqual({ uri, version: 2, diagnostics: [] });
    });
  });
});

describe('.hardline.yaml and watched files', () => {
  it('applies the config under the editor settings, publishes its problems, honours ignorePaths and reloads on change', async () => {
    const folder = join(workspace, 'repo');
    mkdirSync(join(folder, 'legacy'), { recursive: true });
    const configPath = join(folder, '.hardline.yaml');
    writeFileSync(configPath, `rules:\n  ${NO_ROOT}: error\nignorePaths:\n  - legacy/**\ncolour: blue\n`);
    const settings: { enable: boolean; rules: Record<string, string> } = { enable: true, rules: only({}) };
    delete settings.rules[NO_ROOT];
    const { client } = await start(settings);
    const configUri = pathToFileURL(configPath).href;
    const uri = pathToFileURL(join(folder, 'Dockerfile')).href;
    const legacy = pathToFileURL(join(folder, 'legacy', 'Dockerfile')).href;

    await client.open(uri, APP);
    expect((await client.nextDiagnostics(uri)).diagnostics).toEqual([{ ...ROOT_DIAGNOSTIC, severity: 1 }]);
    expect(await client.nextDiagnostics(configUri)).toEqual({
      uri: configUri,
      diagnostics: [
        {
          range: { start: { line: 4, character: 0 }, end: { line: 4, character: 6 } },
          severity: 2,
          source: 'hardline',
          code: 'config-error',
          message: 'Unknown key "colour"; expected one of: rules, trustedRegistries, ignorePaths, kubernetes.',
        },
      ],
    });
    await client.open(legacy, APP);
    expect(await client.nextDiagnostics(legacy)).toEqual({ uri: legacy, version: 1, diagnostics: [] });

    // Editor settings win over the file, rule by rule.
    settings.rules[NO_ROOT] = 'info';
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    expect((await client.nextDiagnostics(uri)).diagnostics).toEqual([{ ...ROOT_DIAGNOSTIC, severity: 3 }]);
    delete settings.rules[NO_ROOT];
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    expect((await client.nextDiagnostics(uri)).diagnostics).toEqual([{ ...ROOT_DIAGNOSTIC, severity: 1 }]);
    expect(client.pending(configUri)).toEqual([]);

    // The file changes on disk: the watcher event reloads it.
    writeFileSync(configPath, `rules:\n  ${NO_ROOT}: off\n`);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    expect((await client.nextDiagnostics(uri)).diagnostics).toEqual([]);
    expect(await client.nextDiagnostics(configUri)).toEqual({ uri: configUri, diagnostics: [] });
    expect((await client.nextDiagnostics(legacy)).diagnostics).toEqual([]);

    // Deleted: back to the defaults.
    rmSync(configPath);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 3 }] });
    expect((await client.nextDiagnostics(uri)).diagnostics).toEqual([ROOT_DIAGNOSTIC]);
  });
});

describe('workspace folders', () => {
  it('uses the innermost workspace folder as the config boundary and follows folder changes', async () => {
    const outer = join(workspace, 'mono');
    const inner = join(outer, 'services', 'api');
    mkdirSync(inner, { recursive: true });
    writeFileSync(join(outer, '.hardline.yaml'), `rules:\n  ${NO_ROOT}: error\n`);
    const settings: { enable: boolean; rules: Record<string, string> } = { enable: true, rules: only({}) };
    delete settings.rules[NO_ROOT];
    const capabilities = { ...FULL_CAPABILITIES, workspace: { ...FULL_CAPABILITIES.workspace, workspaceFolders: true } };
    const innerFolder = { uri: pathToFileURL(inner).href, name: 'api' };
    const { client, result } = await start(settings, capabilities, [innerFolder]);
    expect(result.capabilities.workspace).toEqual({ workspaceFolders: { supported: true, changeNotifications: true } });
    const uri = pathToFileURL(join(inner, 'Dockerfile')).href;
    await client.open(uri, APP);
    // The workspace is services/api: the monorepo's config above it does not apply.
    expect((await client.nextDiagnostics(uri)).diagnostics).toEqual([ROOT_DIAGNOSTIC]);
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [{ uri: pathToFileURL(outer).href, name: 'mono' }], removed: [innerFolder] },
    });
    expect((await client.nextDiagnostics(uri)).diagnostics).toEqual([{ ...ROOT_DIAGNOSTIC, severity: 1 }]);
  });
});

describe('hover', () => {
  it('answers on the FROM image with Markdown, and null elsewhere', async () => {
    const { client } = await start();
    const uri = fileUri('hover', 'Dockerfile');
    await client.open(uri, APP);
    const hover = await client.connection.sendRequest<{ contents: { kind: string; value: string }; range: unknown }>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: 7 },
    });
    expect(hover.range).toEqual({ start: { line: 0, character: 5 }, end: { line: 0, character: 12 } });
    expect(hover.contents.kind).toBe('markdown');
    expect(hover.contents.value.split('\n').slice(0, 4)).toEqual(['**Base image** `node:22`', '', '- **Family:** `node` (Docker Official Image)', '- **Default user:** `root`, UID 0']);
    expect(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 2 } })).toBeNull();
  });
});
