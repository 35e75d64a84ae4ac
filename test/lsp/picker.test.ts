/**
 * The base-image picker end to end: the server's candidates (catalogue facts,
 * caveats, the edit of each, the conversion of the hardening refactorings),
 * the hardline/baseImageCandidates request and the CodeLens over LSP, and the
 * VS Code side (QuickPick items, the commands) against stand-in vscode modules.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CodeLens, InitializeResult, TextDocumentEdit, TextEdit } from 'vscode-languageserver/node';

const ui = vi.hoisted(() => ({
  quickPicks: [] as { items: any[]; options: any }[],
  pick: (items: any[]) => items.find((i) => i.candidate) as any,
  infos: [] as string[],
  warnings: [] as { message: string; actions: string[] }[],
  errors: [] as string[],
  warningChoice: undefined as string | undefined,
  applied: [] as unknown[],
  applyResult: true,
  executed: [] as unknown[][],
  status: [] as string[],
  progress: [] as string[],
  activeEditor: undefined as any,
  registered: new Map<string, (...args: unknown[]) => unknown>(),
}));

vi.mock('vscode', () => ({
  QuickPickItemKind: { Separator: -1, Default: 0 },
  ProgressLocation: { Notification: 15 },
  window: {
    get activeTextEditor() {
      return ui.activeEditor;
    },
    showQuickPick: async (items: any[], options: any) => {
      ui.quickPicks.push({ items, options });
      return ui.pick(items);
    },
    showInformationMessage: async (message: string) => void ui.infos.push(message),
    showWarningMessage: async (message: string, ...actions: string[]) => {
      ui.warnings.push({ message, actions });
      return ui.warningChoice;
    },
    showErrorMessage: async (message: string) => void ui.errors.push(message),
    setStatusBarMessage: (message: string) => void ui.status.push(message),
    withProgress: async (options: { title: string }, task: () => Promise<unknown>) => {
      ui.progress.push(options.title);
      return task();
    },
  },
  workspace: {
    applyEdit: async (edit: unknown) => {
      ui.applied.push(edit);
      return ui.applyResult;
    },
  },
  commands: {
    registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
      ui.registered.set(id, fn);
      return { dispose: () => ui.registered.delete(id) };
    },
    executeCommand: async (...args: unknown[]) => void ui.executed.push(args),
  },
}));

vi.mock('vscode-languageclient/node', () => ({
  RequestType: class {
    constructor(readonly method: string) {}
  },
}));

import { detailLine, factsLine, pickerItems, pickerPlaceholder, pickerTitle } from '../../client/src/baseImagePicker';
import { isPickTarget, pickBaseImage, pinDigests, registerCommands } from '../../client/src/commands';
import { applyEdits } from '../../server/src/engine/positions';
import { baseImageCandidates, caveatsOf, replaceImageOnly } from '../../server/src/languages/dockerfile/baseImageCandidates';
import { parseDockerfile } from '../../server/src/languages/dockerfile/model';
import { convertBaseImage } from '../../server/src/languages/dockerfile/refactor';
import type { BaseImageCandidatesResult, PinDigestResult } from '../../server/src/protocol';
import { FULL_CAPABILITIES, TestClient } from './harness';

const NODE = 'FROM node:22 AS app\nWORKDIR /app\nCOPY . .\nCMD node server.js\n';

describe('candidates (server, pure)', () => {
  it('lists the catalogue alternatives of the FROM image with facts and caveats', () => {
    const plan = baseImageCandidates(parseDockerfile(NODE), { line: 0, character: 3 });
    expect(plan.line).toBe(0);
    expect(plan.current).toEqual({
      image: 'node:22',
      facts: { user: '0', userName: 'root', nonRoot: false, shell: true, packageManager: 'apt', libc: 'glibc' },
      ecosystem: 'node',
      version: '22',
      shipped: true,
    });
    expect(plan.candidates.map((c) => [c.group, c.image, c.caveats])).toEqual([
      ['slim', 'node:22-slim', ['runs as root: add USER 65532']],
      ['alpine', 'node:22-alpine', ['musl libc: programs and native modules built for glibc may not run', 'runs as root: add USER 65532']],
      ['distroless', 'gcr.io/distroless/nodejs22-debian12:nonroot', expect.arrayContaining(['no shell: RUN, shell-form CMD and docker exec sh do not work'])],
      ['dhi', 'dhi.io/node:22', expect.arrayContaining(['no shell: RUN, shell-form CMD and docker exec sh do not work'])],
      [
        'chainguard',
        'cgr.dev/chainguard/node:latest',
        expect.arrayContaining(['only a latest tag (free tier): the version moves with each release; pin it by digest']),
      ],
    ]);
    expect(plan.candidates.find((c) => c.group === 'distroless')!.facts).toEqual({
      user: '65532',
      userName: 'nonroot',
      nonRoot: true,
      shell: false,
      packageManager: null,
      libc: 'glibc',
    });
  });

  it('an image with a shell is a plain switch of the image reference (AS name kept)', () => {
    const plan = baseImageCandidates(parseDockerfile(NODE), { line: 0, character: 0 });
    const slim = plan.candidates.find((c) => c.image === 'node:22-slim')!;
    expect(applyEdits(NODE, slim.edits)).toBe('FROM node:22-slim AS app\nWORKDIR /app\nCOPY . .\nCMD node server.js\n');
    expect(slim.changes).toEqual([]);
  });

  it('a shell-less image applies the conversion of the hardening refactorings, exactly', () => {
    const model = parseDockerfile(NODE);
    const plan = baseImageCandidates(model, { line: 0, character: 0 });
    for (const c of plan.candidates.filter((x) => !x.facts?.shell)) {
      const conversion = convertBaseImage(parseDockerfile(NODE), parseDockerfile(NODE).stages[0], c.image)!;
      expect(conversion, c.image).not.toBeNull();
      expect(c.edits).toEqual(conversion.edits);
      expect(c.changes).toContain('the stage is adapted to the image (exec-form CMD/ENTRYPOINT, USER, --chown)');
      const out = applyEdits(NODE, c.edits);
      expect(out.split('\n')[0]).toBe(`FROM ${c.image} AS app`);
      expect(parseDockerfile(out).problems).toEqual([]);
    }
    // The plain switch would have left a shell-form CMD on a base without a shell.
    const plain = replaceImageOnly(model, model.stages[0], 'gcr.io/distroless/nodejs22-debian12:nonroot')!;
    expect(applyEdits(NODE, plain.edits)).toContain('CMD node server.js');
    expect(applyEdits(NODE, plan.candidates.find((c) => c.group === 'distroless')!.edits)).not.toContain('CMD node server.js');
  });

  it('a cursor anywhere in a stage picks that stage; a build stage says so', () => {
    const text = 'FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n';
    const plan = baseImageCandidates(parseDockerfile(text), { line: 1, character: 4 });
    expect(plan.line).toBe(0);
    expect(plan.current?.shipped).toBe(true); // the final stage copies from it
    const lint = 'FROM golang:1.23 AS lint\nRUN go vet ./...\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n';
    const buildOnly = baseImageCandidates(parseDockerfile(lint), { line: 0, character: 0 });
    expect(buildOnly.current?.shipped).toBe(false);
    expect(buildOnly.candidates.map((c) => c.image)).toEqual([]);
    expect(buildOnly.reason).toBe('No alternative fits this stage: its RUN steps need a shell, and Hardline converts only the final stage to a shell-less image.');
  });

  it('explains when there is nothing to pick', () => {
    const reason = (text: string, line = 0) => baseImageCandidates(parseDockerfile(text), { line, character: 0 }).reason;
    expect(reason('FROM node:22 AS base\nFROM base\n', 1)).toBe("This stage is built FROM the stage base: pick the base image on that stage's FROM line.");
    expect(reason('ARG BASE\nFROM ${BASE}\n', 1)).toBe("${BASE} is built from build arguments: Hardline does not rewrite it (set the argument's default instead).");
    expect(reason('FROM scratch\n')).toBe('scratch is already the smallest base image.');
    expect(reason('FROM example.com/team/base:1\n')).toBe("example.com/team/base:1 is not in Hardline's catalogue, so its hardened alternatives are not known.");
    expect(reason('FROM gcr.io/distroless/static-debian12:nonroot\n')).toBe(
      'gcr.io/distroless/static-debian12:nonroot has no hardened alternative in the catalogue (it is already a distroless image).',
    );
    expect(reason('# only a comment\n')).toBe('There is no FROM line here.');
  });

  it('caveats name musl, no libc, no shell, a latest-only tag, root, scratch', () => {
    expect(caveatsOf('scratch', null)).toEqual(['empty image: only a static binary runs; bring CA certificates, time zones and a non-root USER']);
    const static_ = baseImageCandidates(parseDockerfile('FROM golang:1.23\n'), { line: 0, character: 0 }).candidates;
    expect(static_.map((c) => c.group)).toEqual(['distroless', 'chainguard', 'dhi', 'scratch']);
    expect(static_[0].caveats).toEqual(['no libc: only statically linked programs run', 'no shell: RUN, shell-form CMD and docker exec sh do not work']);
    expect(static_.find((c) => c.group === 'scratch')!.facts).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------

describe('over LSP', () => {
  async function start(initializationOptions?: unknown) {
    const client = new TestClient();
    client.configuration = () => ({ enable: true, rules: {} });
    const result = await client.connection.sendRequest<InitializeResult>('initialize', {
      processId: null,
      rootUri: null,
      capabilities: FULL_CAPABILITIES,
      workspaceFolders: null,
      initializationOptions,
    });
    await client.connection.sendNotification('initialized', {});
    return { client, result };
  }

  it('hardline/baseImageCandidates returns each candidate with a versioned edit', async () => {
    const { client } = await start();
    const uri = 'untitled:Dockerfile-picker';
    await client.open(uri, NODE, 'dockerfile', 7);
    await client.nextDiagnostics(uri);
    const result: BaseImageCandidatesResult = await client.connection.sendRequest('hardline/baseImageCandidates', {
      textDocument: { uri },
      position: { line: 2, character: 0 },
    });
    expect(result.line).toBe(0);
    expect(result.candidates.map((c) => c.image)).toEqual([
      'node:22-slim',
      'node:22-alpine',
      'gcr.io/distroless/nodejs22-debian12:nonroot',
      'dhi.io/node:22',
      'cgr.dev/chainguard/node:latest',
    ]);
    const slim = result.candidates[0];
    const change = slim.edit.documentChanges![0] as TextDocumentEdit;
    expect(change.textDocument).toEqual({ uri, version: 7 });
    expect(applyEdits(NODE, change.edits as TextEdit[])).toBe(NODE.replace('node:22', 'node:22-slim'));
    await client.dispose();
  });

  it('answers a non-Dockerfile with a reason', async () => {
    const { client } = await start();
    await client.open('untitled:notes.yaml', 'a: 1\n', 'yaml');
    const result: BaseImageCandidatesResult = await client.connection.sendRequest('hardline/baseImageCandidates', {
      textDocument: { uri: 'untitled:notes.yaml' },
      position: { line: 0, character: 0 },
    });
    expect(result).toEqual({ candidates: [], reason: 'Base images are picked in Dockerfiles and Containerfiles.' });
    await client.dispose();
  });

  it('the CodeLens sits above each FROM whose image has alternatives, and runs hardline.pickBaseImage', async () => {
    const { client, result } = await start({ clientCommands: ['hardline.pickBaseImage'] });
    expect(result.capabilities.codeLensProvider).toEqual({ resolveProvider: false });
    const uri = 'untitled:Dockerfile-lens';
    const text = 'FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM build AS test\nFROM example.com/x:1\nFROM node:22\n';
    await client.open(uri, text);
    const lenses: CodeLens[] = await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
    expect(lenses).toEqual(
      [0, 4].map((line) => ({
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        command: { title: 'Pick a hardened base image', command: 'hardline.pickBaseImage', arguments: [{ uri, line }] },
      })),
    );
    await client.dispose();
  });

  it('no CodeLens when hardline.codeLens.enable is false', async () => {
    const { client } = await start({ clientCommands: ['hardline.pickBaseImage'] });
    client.configuration = () => ({ enable: true, rules: {}, codeLens: { enable: false } });
    const uri = 'untitled:Dockerfile-nolens';
    await client.open(uri, 'FROM node:22\n');
    expect(await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })).toEqual([]);
    await client.dispose();
  });
});

// ---------------------------------------------------------------------------------------------

const RESULT: BaseImageCandidatesResult = {
  line: 0,
  current: { image: 'node:22', facts: { user: '0', userName: 'root', nonRoot: false, shell: true, packageManager: 'apt', libc: 'glibc' }, ecosystem: 'node', version: '22', shipped: true },
  candidates: [
    {
      group: 'slim',
      image: 'node:22-slim',
      description: 'Node slim',
      facts: { user: '0', userName: 'root', nonRoot: false, shell: true, packageManager: 'apt', libc: 'glibc' },
      caveats: ['runs as root: add USER 65532'],
      changes: [],
      edit: { changes: { 'file:///Dockerfile': [] } },
    },
    {
      group: 'distroless',
      image: 'gcr.io/distroless/nodejs22-debian12:nonroot',
      description: 'Distroless Node.js',
      facts: { user: '65532', userName: 'nonroot', nonRoot: true, shell: false, packageManager: null, libc: 'glibc' },
      caveats: ['no shell: RUN, shell-form CMD and docker exec sh do not work'],
      changes: ['the stage is adapted to the image (exec-form CMD/ENTRYPOINT, USER, --chown)'],
      edit: { documentChanges: [{ textDocument: { uri: 'file:///Dockerfile', version: 3 }, edits: [] }] },
    },
    {
      group: 'scratch',
      image: 'scratch',
      description: 'Empty image',
      facts: null,
      caveats: ['empty image: only a static binary runs'],
      changes: [],
      edit: { changes: {} },
    },
  ],
};

describe('QuickPick items (client, pure)', () => {
  it('groups with separators in picker order; each item shows user, shell, package manager, libc and caveats', () => {
    expect(pickerItems(RESULT).map(({ candidate, ...item }) => ({ ...item, image: candidate?.image }))).toEqual([
      { label: 'Distroless', kind: -1, image: undefined },
      {
        label: 'gcr.io/distroless/nodejs22-debian12:nonroot',
        description: 'UID 65532 (nonroot) · no shell · no package manager · glibc',
        detail: 'Distroless Node.js  ⚠ no shell: RUN, shell-form CMD and docker exec sh do not work  Also: the stage is adapted to the image (exec-form CMD/ENTRYPOINT, USER, --chown)',
        image: 'gcr.io/distroless/nodejs22-debian12:nonroot',
      },
      { label: 'Slim', kind: -1, image: undefined },
      {
        label: 'node:22-slim',
        description: 'root · shell · package manager apt · glibc',
        detail: 'Node slim  ⚠ runs as root: add USER 65532',
        image: 'node:22-slim',
      },
      { label: 'Scratch', kind: -1, image: undefined },
      { label: 'scratch', description: 'no user · no shell · no package manager · no libc', detail: 'Empty image  ⚠ empty image: only a static binary runs', image: 'scratch' },
    ]);
  });

  it('facts, detail, title and placeholder texts', () => {
    expect(factsLine({ user: '101', userName: 'nginx', nonRoot: true, shell: true, packageManager: 'apk', libc: 'musl' })).toBe('UID 101 (nginx) · shell · package manager apk · musl');
    expect(factsLine({ user: '1000', nonRoot: true, shell: false, packageManager: null, libc: 'none' })).toBe('UID 1000 · no shell · no package manager · no libc');
    expect(detailLine({ ...RESULT.candidates[0], caveats: [], changes: [] })).toBe('Node slim');
    expect(pickerTitle(RESULT)).toBe('Hardened base image for the FROM on line 1');
    expect(pickerPlaceholder(RESULT)).toBe('Replace node:22, node 22: root · shell · package manager apt · glibc');
    expect(pickerPlaceholder({ ...RESULT, current: { ...RESULT.current!, shipped: false, ecosystem: undefined } })).toBe(
      'Replace node:22 (a build stage): root · shell · package manager apt · glibc',
    );
  });

  it('recognises the CodeLens argument', () => {
    expect(isPickTarget({ uri: 'file:///Dockerfile', line: 3 })).toBe(true);
    expect(isPickTarget(undefined)).toBe(false);
    expect(isPickTarget({ uri: 'file:///Dockerfile' })).toBe(false);
  });
});

/** A stand-in LanguageClient: answers the requests and converts edits like the real protocol converter (identity here). */
function fakeClient(answers: Record<string, unknown>) {
  const sent: { method: string; params: unknown }[] = [];
  return {
    sent,
    client: {
      sendRequest: async (type: { method: string }, params: unknown) => {
        sent.push({ method: type.method, params });
        return answers[type.method];
      },
      protocol2CodeConverter: { asWorkspaceEdit: async (edit: unknown) => ({ converted: edit }) },
    } as never,
  };
}

const editor = (languageId = 'dockerfile') => ({
  document: { languageId, uri: { toString: () => 'file:///Dockerfile' } },
  selection: { active: { line: 4, character: 2 } },
});

beforeEach(() => {
  ui.quickPicks = [];
  ui.pick = (items) => items.find((i) => i.candidate);
  ui.infos = [];
  ui.warnings = [];
  ui.errors = [];
  ui.warningChoice = undefined;
  ui.applied = [];
  ui.applyResult = true;
  ui.executed = [];
  ui.status = [];
  ui.progress = [];
  ui.activeEditor = editor();
  ui.registered.clear();
});

describe('commands (client)', () => {
  it('registers hardline.pickBaseImage and hardline.pinDigest', () => {
    registerCommands(() => undefined);
    expect([...ui.registered.keys()]).toEqual(['hardline.pickBaseImage', 'hardline.pinDigest']);
  });

  it('pick from the CodeLens: asks for that line, shows the grouped QuickPick, applies the picked edit', async () => {
    const { client, sent } = fakeClient({ 'hardline/baseImageCandidates': RESULT });
    await pickBaseImage(client, { uri: 'file:///other/Dockerfile', line: 7 });
    expect(sent).toEqual([{ method: 'hardline/baseImageCandidates', params: { textDocument: { uri: 'file:///other/Dockerfile' }, position: { line: 7, character: 0 } } }]);
    expect(ui.quickPicks).toHaveLength(1);
    expect(ui.quickPicks[0].options).toEqual({
      title: 'Hardened base image for the FROM on line 1',
      placeHolder: 'Replace node:22, node 22: root · shell · package manager apt · glibc',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    expect(ui.applied).toEqual([{ converted: RESULT.candidates[1].edit }]);
    expect(ui.warnings).toEqual([]);
  });

  it('pick from the palette: the cursor of the active Dockerfile; cancelling applies nothing', async () => {
    const { client, sent } = fakeClient({ 'hardline/baseImageCandidates': RESULT });
    ui.pick = () => undefined;
    await pickBaseImage(client);
    expect((sent[0].params as { position: unknown }).position).toEqual({ line: 4, character: 2 });
    expect(ui.applied).toEqual([]);
  });

  it('a stale edit is refused by the editor and reported', async () => {
    const { client } = fakeClient({ 'hardline/baseImageCandidates': RESULT });
    ui.applyResult = false;
    await pickBaseImage(client);
    expect(ui.warnings.map((w) => w.message)).toEqual([
      'Hardline: switching to gcr.io/distroless/nodejs22-debian12:nonroot was not applied: the file changed meanwhile. Try again.',
    ]);
  });

  it('no candidates: the server’s reason; no Dockerfile: a hint; no server: a warning', async () => {
    await pickBaseImage(fakeClient({ 'hardline/baseImageCandidates': { candidates: [], reason: 'scratch is already the smallest base image.' } }).client);
    expect(ui.infos).toEqual(['Hardline: scratch is already the smallest base image.']);
    ui.activeEditor = editor('yaml');
    await pickBaseImage(fakeClient({}).client);
    expect(ui.infos[1]).toBe('Hardline: open a Dockerfile or Containerfile first.');
    await pickBaseImage(undefined);
    expect(ui.warnings[0].message).toMatch(/^Hardline is not running/);
    expect(ui.quickPicks).toEqual([]);
  });

  it('pin digests: network disabled → a warning that opens the setting', async () => {
    const { client, sent } = fakeClient({ 'hardline/pinDigest': { pinned: [], failed: [], skipped: [], networkDisabled: true } satisfies PinDigestResult });
    ui.warningChoice = 'Open Settings';
    await pinDigests(client);
    expect(sent[0].params).toEqual({ textDocument: { uri: 'file:///Dockerfile' }, position: { line: 4, character: 2 }, allIfNone: true });
    expect(ui.progress).toEqual(['Hardline: asking the registry for image digests…']);
    expect(ui.warnings).toEqual([
      { message: 'Hardline: pinning a digest asks the image registry, and Hardline only goes online when you allow it (hardline.network.allow).', actions: ['Open Settings'] },
    ]);
    expect(ui.executed).toEqual([['workbench.action.openSettings', 'hardline.network.allow']]);
    expect(ui.applied).toEqual([]);
  });

  it('pin digests: applies the edit, reports failures and what was skipped', async () => {
    const edit = { documentChanges: [{ textDocument: { uri: 'file:///Dockerfile', version: 2 }, edits: [] }] };
    const result: PinDigestResult = {
      edit,
      pinned: [{ image: 'node:22', digest: `sha256:${'a'.repeat(64)}` }],
      failed: [{ image: 'example.com/x:1', message: 'Cannot reach example.com: the host name does not resolve (offline, or a typo in the image name?).' }],
      skipped: [],
    };
    await pinDigests(fakeClient({ 'hardline/pinDigest': result }).client);
    expect(ui.applied).toEqual([{ converted: edit }]);
    expect(ui.status).toEqual(['Hardline: pinned node:22']);
    expect(ui.errors).toEqual(['Hardline could not pin example.com/x:1: Cannot reach example.com: the host name does not resolve (offline, or a typo in the image name?).']);

    await pinDigests(fakeClient({ 'hardline/pinDigest': { pinned: [], failed: [], skipped: [{ image: 'node', reason: 'node has no version tag: choose a version first.' }] } }).client);
    expect(ui.infos).toEqual(['Hardline: nothing to pin. node has no version tag: choose a version first.']);
  });
});
