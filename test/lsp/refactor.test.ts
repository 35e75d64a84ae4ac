/**
 * The refactorings over the protocol: "Split into build and runtime stages" as
 * a `refactor.rewrite` code action on single-stage Dockerfiles (after the
 * quick fixes, not repeated when a finding already offers it), one versioned
 * edit that fixes the findings, and the TODO line it leaves selected through
 * `workspace/executeCommand` → `window/showDocument` for clients that support it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionTriggerKind,
  ShowDocumentRequest,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type Range,
  type ShowDocumentParams,
  type TextDocumentEdit,
  type TextEdit,
} from 'vscode-languageserver/node';
import { applyEdits } from '../../server/src/engine/positions';
import { FULL_CAPABILITIES, TestClient } from './harness';

const SINGLE = [
  'FROM node:22',
  'WORKDIR /app',
  'COPY package*.json ./',
  'RUN npm ci --omit=dev',
  'COPY . .',
  'CMD ["node", "server.js"]',
  '',
].join('\n');

const SPLIT = [
  'FROM node:22 AS build',
  'WORKDIR /app',
  'COPY package*.json ./',
  'RUN npm ci --omit=dev',
  'COPY . .',
  'CMD ["node", "server.js"]',
  '',
  'FROM gcr.io/distroless/nodejs22-debian12:nonroot',
  'WORKDIR /app',
  'COPY --from=build /app /app',
  'USER 65532:65532',
  'CMD ["server.js"]',
  '',
].join('\n');

const SPLIT_TITLE = 'Split into build and runtime stages on gcr.io/distroless/nodejs22-debian12:nonroot';

/** A build whose output is not known: the split leaves a TODO line. */
const UNKNOWN = 'FROM ubuntu:24.04\nCOPY . /src\nRUN make -C /src install\nENTRYPOINT ["/usr/local/bin/tool"]\n';
const TODO_LINE = '# TODO(hardline): copy your build output (the build output of this stage is not known)';

const SHOW_DOCUMENT: ClientCapabilities = { ...FULL_CAPABILITIES, window: { showDocument: { support: true } } };

let workspace: string;
let clients: TestClient[] = [];
const fileUri = (...parts: string[]) => pathToFileURL(join(workspace, ...parts)).href;

async function start(capabilities: ClientCapabilities = FULL_CAPABILITIES, prepare: (c: TestClient) => void = () => {}) {
  const { client, result } = await TestClient.start(capabilities, [{ uri: pathToFileURL(workspace).href, name: 'ws' }], (c) => {
    c.configuration = () => ({ enable: true });
    prepare(c);
  });
  clients.push(client);
  return { client, result };
}

function at(line: number, character = 0): Range {
  return { start: { line, character }, end: { line, character } };
}

async function actions(
  client: TestClient,
  uri: string,
  range: Range,
  options: { diagnostics?: Diagnostic[]; only?: string[]; triggerKind?: CodeActionTriggerKind } = {},
): Promise<CodeAction[]> {
  return client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range,
    context: {
      diagnostics: options.diagnostics ?? [],
      ...(options.only ? { only: options.only } : {}),
      triggerKind: options.triggerKind ?? CodeActionTriggerKind.Invoked,
    },
  });
}

function editsOf(action: CodeAction, uri: string, version: number): TextEdit[] {
  const changes = action.edit?.documentChanges as TextDocumentEdit[];
  expect(changes).toHaveLength(1);
  expect(changes[0].textDocument).toEqual({ uri, version });
  return changes[0].edits as TextEdit[];
}

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'hardline-refactor-'));
});
afterEach(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  clients = [];
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe('refactor.rewrite: split into build and runtime stages', () => {
  it('declares the refactor kind', async () => {
    const { result } = await start();
    expect(result.capabilities.codeActionProvider).toEqual({ codeActionKinds: ['quickfix', 'refactor.rewrite', 'source.fixAll.hardline'], resolveProvider: true });
  });

  it('is offered anywhere in a single-stage Dockerfile when asked, as one versioned edit that fixes the findings', async () => {
    const { client } = await start();
    const uri = fileUri('single', 'Dockerfile');
    await client.open(uri, SINGLE);
    const before = (await client.nextDiagnostics(uri)).diagnostics.map((d) => d.code);
    expect(before).toEqual(expect.arrayContaining(['dockerfile/minimal-base', 'dockerfile/no-root-user']));

    const list = await actions(client, uri, at(4, 2), { only: ['refactor'] });
    expect(list.map((a) => [a.title, a.kind, a.command])).toEqual([[SPLIT_TITLE, 'refactor.rewrite', undefined]]);
    const edits = editsOf(list[0], uri, 1);
    // Minimal: ` AS build` on the FROM line and the appended runtime stage, nothing replaced.
    expect(edits.map((e) => e.range)).toEqual([
      { start: { line: 0, character: 12 }, end: { line: 0, character: 12 } },
      { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } },
    ]);
    const after = applyEdits(SINGLE, edits);
    expect(after).toBe(SPLIT);

    await client.change(uri, 2, after);
    const codes = (await client.nextDiagnostics(uri)).diagnostics.map((d) => d.code);
    expect(codes).not.toContain('dockerfile/minimal-base');
    expect(codes).not.toContain('dockerfile/no-root-user');
    // Two stages now: nothing more to split.
    expect(await actions(client, uri, at(0), { only: ['refactor'] })).toEqual([]);
  });

  it('comes after the quick fixes and is not repeated when a finding already offers the same split', async () => {
    const { client } = await start();
    const uri = fileUri('order', 'Dockerfile');
    const text = 'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nENTRYPOINT ["/out/app"]\n';
    await client.open(uri, text);
    const { diagnostics } = await client.nextDiagnostics(uri);
    const minimal = diagnostics.filter((d) => d.code === 'dockerfile/minimal-base');
    expect(minimal).toHaveLength(1);
    const list = await actions(client, uri, minimal[0].range, { diagnostics: minimal });
    const titles = list.map((a) => `${a.kind}: ${a.title}`);
    const split = 'Split into build and runtime stages on gcr.io/distroless/static-debian12:nonroot';
    // The finding's suggestions (the split first), its ignore comments; no second split as refactor.rewrite.
    expect(titles[0]).toBe(`quickfix: ${split}`);
    expect(titles.filter((t) => t.endsWith(split))).toHaveLength(1);
    expect(titles.slice(-2)).toEqual(['quickfix: Ignore dockerfile/minimal-base for this instruction', 'quickfix: Ignore dockerfile/minimal-base in this file']);
    // Asked without the finding, the same split comes as a refactoring.
    const alone = await actions(client, uri, at(2));
    expect(alone.map((a) => `${a.kind}: ${a.title}`)).toEqual([`refactor.rewrite: ${split}`]);
  });

  it('follows the cursor only on the FROM line when the editor asks on its own', async () => {
    const { client } = await start();
    const uri = fileUri('auto', 'Dockerfile');
    await client.open(uri, SINGLE);
    await client.nextDiagnostics(uri);
    expect(await actions(client, uri, at(3, 4), { triggerKind: CodeActionTriggerKind.Automatic })).toEqual([]);
    expect((await actions(client, uri, at(0, 7), { triggerKind: CodeActionTriggerKind.Automatic })).map((a) => a.title)).toEqual([SPLIT_TITLE]);
  });

  it('is not offered for other kinds, multi-stage files or a stage that builds and copies nothing', async () => {
    const { client } = await start();
    const single = fileUri('kinds', 'Dockerfile');
    await client.open(single, SINGLE);
    await client.nextDiagnostics(single);
    expect(await actions(client, single, at(0), { only: ['quickfix'] })).toEqual([]);
    expect(await actions(client, single, at(0), { only: ['source.fixAll'] })).toEqual([]);

    const multi = fileUri('multi', 'Dockerfile');
    await client.open(multi, 'FROM node:22 AS build\nRUN npm ci\nFROM gcr.io/distroless/nodejs22-debian12:nonroot\nCOPY --from=build /app /app\n');
    await client.nextDiagnostics(multi);
    expect(await actions(client, multi, at(0), { only: ['refactor'] })).toEqual([]);

    const empty = fileUri('empty', 'Dockerfile');
    await client.open(empty, 'FROM ubuntu:24.04\nUSER 65532\n');
    await client.nextDiagnostics(empty);
    expect(await actions(client, empty, at(0), { only: ['refactor'] })).toEqual([]);
  });

  it('gives a client without documentChanges support plain `changes`', async () => {
    const { client } = await start({ workspace: { configuration: true } });
    const uri = fileUri('plain', 'Dockerfile');
    await client.open(uri, SINGLE);
    await client.nextDiagnostics(uri);
    const [action] = await actions(client, uri, at(0), { only: ['refactor.rewrite'] });
    expect(Object.keys(action.edit!)).toEqual(['changes']);
    expect(applyEdits(SINGLE, action.edit!.changes![uri])).toBe(SPLIT);
  });
});

describe('the TODO line a refactoring leaves is selected afterwards', () => {
  it('attaches a command that asks the client to show and select it (window/showDocument)', async () => {
    const shown: ShowDocumentParams[] = [];
    const { client, result } = await start(SHOW_DOCUMENT, (c) =>
      c.connection.onRequest(ShowDocumentRequest.type, (p) => {
        shown.push(p);
        return { success: true };
      }),
    );
    expect(result.capabilities.executeCommandProvider?.commands).toContain('hardline.selectAfterEdit');
    const uri = fileUri('todo', 'Dockerfile');
    await client.open(uri, UNKNOWN);
    await client.nextDiagnostics(uri);
    const [action] = await actions(client, uri, at(0), { only: ['refactor'] });
    expect(action.title).toBe('Split into build and runtime stages on gcr.io/distroless/base-debian12:nonroot (build output not known; tool is not in the runtime: review)');
    const after = applyEdits(UNKNOWN, editsOf(action, uri, 1));
    const line = after.split('\n').indexOf(TODO_LINE);
    expect(line).toBe(6);
    const selection = { start: { line, character: 0 }, end: { line, character: TODO_LINE.length } };
    expect(action.command).toEqual({ title: 'Select the line to edit', command: 'hardline.selectAfterEdit', arguments: [uri, selection] });

    // The client applies the edit, then runs the command.
    await client.change(uri, 2, after);
    await client.connection.sendRequest('workspace/executeCommand', { command: action.command!.command, arguments: action.command!.arguments });
    expect(shown).toEqual([{ uri, selection, takeFocus: true }]);
  });

  it('also on the quick fixes of findings that leave one', async () => {
    const { client } = await start(SHOW_DOCUMENT);
    const uri = fileUri('todo-fix', 'Dockerfile');
    await client.open(uri, UNKNOWN);
    const { diagnostics } = await client.nextDiagnostics(uri);
    const list = await actions(client, uri, diagnostics[0].range, { diagnostics, only: ['quickfix'] });
    const splits = list.filter((a) => a.title.startsWith('Split into build and runtime stages'));
    expect(splits.length).toBeGreaterThan(0);
    for (const a of splits) expect(a.command?.command).toBe('hardline.selectAfterEdit');
    // The ignore comments leave nothing to select.
    expect(list.filter((a) => a.title.startsWith('Ignore')).every((a) => a.command === undefined)).toBe(true);
  });

  it('without window/showDocument support there is no command, only the edit', async () => {
    const { client, result } = await start();
    expect(result.capabilities.executeCommandProvider?.commands ?? []).not.toContain('hardline.selectAfterEdit');
    const uri = fileUri('todo-plain', 'Dockerfile');
    await client.open(uri, UNKNOWN);
    await client.nextDiagnostics(uri);
    const [action] = await actions(client, uri, at(0), { only: ['refactor'] });
    expect(action.command).toBeUndefined();
    expect(applyEdits(UNKNOWN, editsOf(action, uri, 1))).toContain(TODO_LINE);
  });

  it('ignores malformed command arguments', async () => {
    const shown: ShowDocumentParams[] = [];
    const { client } = await start(SHOW_DOCUMENT, (c) =>
      c.connection.onRequest(ShowDocumentRequest.type, (p) => {
        shown.push(p);
        return { success: true };
      }),
    );
    await client.connection.sendRequest('workspace/executeCommand', { command: 'hardline.selectAfterEdit', arguments: ['file:///x', { start: 1 }] });
    await client.connection.sendRequest('workspace/executeCommand', { command: 'hardline.selectAfterEdit' });
    expect(shown).toEqual([]);
  });
});
