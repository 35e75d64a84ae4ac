/**
 * Kubernetes manifests over the protocol: YAML documents are served only
 * when they hold Kubernetes objects (a workflow gets an empty diagnostic list
 * and nothing else), findings carry their rule, suggestions and "Ignore"
 * actions are workspace edits that clear the diagnostic, and the profile
 * follows `hardline.kubernetes.profile`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver/node';
import { applyEdits } from '../../server/src/engine/positions';
import { allRules } from '../../server/src/engine/registry';
import { FULL_CAPABILITIES, TestClient } from './harness';

const PRIVILEGED = 'k8s/privileged';
const NON_ROOT = 'k8s/run-as-non-root';

function only(keep: string[]): Record<string, string> {
  return Object.fromEntries(allRules.map((r) => [r.meta.id, keep.includes(r.meta.id) ? 'warning' : 'off']));
}

const DEPLOYMENT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: app',
  '          image: nginx:1.27',
  '          securityContext:',
  '            privileged: true',
  '',
].join('\n');

let workspace: string;
let clients: TestClient[] = [];
const fileUri = (name: string) => pathToFileURL(join(workspace, name)).href;

async function start(settings: unknown) {
  const { client } = await TestClient.start(FULL_CAPABILITIES, [{ uri: pathToFileURL(workspace).href, name: 'ws' }], (c) => {
    c.configuration = () => settings;
  });
  clients.push(client);
  return client;
}

function editsOf(action: CodeAction, uri: string, version: number): TextEdit[] {
  const changes = action.edit?.documentChanges as TextDocumentEdit[] | undefined;
  expect(changes).toHaveLength(1);
  expect(changes![0].textDocument).toEqual({ uri, version });
  return changes![0].edits as TextEdit[];
}

function codeActions(client: TestClient, uri: string, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
  return client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostics[0].range,
    context: { diagnostics },
  });
}

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'hardline-lsp-k8s-'));
});
afterEach(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  clients = [];
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe('Kubernetes manifests over LSP', () => {
  it('publishes nothing for YAML that holds no Kubernetes object', async () => {
    const client = await start({ enable: true, rules: only([PRIVILEGED]) });
    const uri = fileUri('ci.yml');
    await client.open(uri, 'name: CI\non: [push]\njobs:\n  build:\n    container:\n      options: --privileged\n', 'yaml');
    expect(await client.nextDiagnostics(uri)).toEqual({ uri, version: 1, diagnostics: [] });
  });

  it('reports a manifest, fixes it with the suggestion, and the diagnostic goes away', async () => {
    const client = await start({ enable: true, rules: only([PRIVILEGED]) });
    const uri = fileUri('web.yaml');
    await client.open(uri, DEPLOYMENT, 'yaml');
    const { diagnostics } = await client.nextDiagnostics(uri);
    expect(diagnostics.map((d) => [d.code, d.range, d.source])).toEqual([
      [PRIVILEGED, { start: { line: 11, character: 12 }, end: { line: 11, character: 28 } }, 'hardline'],
    ]);
    const actions = await codeActions(client, uri, diagnostics);
    // The suggestion first, then the ignore actions (whole-container actions may follow).
    expect(actions.slice(0, 3).map((a) => a.title)).toEqual([
      'Set `privileged: false` in container "app"',
      `Ignore ${PRIVILEGED} for this object`,
      `Ignore ${PRIVILEGED} in this file`,
    ]);
    const fixed = applyEdits(DEPLOYMENT, editsOf(actions[0], uri, 1));
    expect(fixed).toBe(DEPLOYMENT.replace('privileged: true', 'privileged: false'));
    await client.change(uri, 2, fixed);
    expect(await client.nextDiagnostics(uri)).toEqual({ uri, version: 2, diagnostics: [] });
  });

  it('"Ignore for this object" adds the hardline.dev/ignore annotation', async () => {
    const client = await start({ enable: true, rules: only([PRIVILEGED]) });
    const uri = fileUri('ignored.yaml');
    await client.open(uri, DEPLOYMENT, 'yaml');
    const { diagnostics } = await client.nextDiagnostics(uri);
    const action = (await codeActions(client, uri, diagnostics)).find((a) => a.title === `Ignore ${PRIVILEGED} for this object`)!;
    const out = applyEdits(DEPLOYMENT, editsOf(action, uri, 1));
    expect(out).toBe(DEPLOYMENT.replace('  name: web\n', `  name: web\n  annotations:\n    hardline.dev/ignore: ${PRIVILEGED}\n`));
    await client.change(uri, 2, out);
    expect(await client.nextDiagnostics(uri)).toEqual({ uri, version: 2, diagnostics: [] });
  });

  it('"Ignore in this file" adds a comment at the top', async () => {
    const client = await start({ enable: true, rules: only([PRIVILEGED]) });
    const uri = fileUri('ignored-file.yaml');
    const text = DEPLOYMENT.replace(/\n/g, '\r\n');
    await client.open(uri, text, 'yaml');
    const { diagnostics } = await client.nextDiagnostics(uri);
    const action = (await codeActions(client, uri, diagnostics)).find((a) => a.title === `Ignore ${PRIVILEGED} in this file`)!;
    const out = applyEdits(text, editsOf(action, uri, 1));
    expect(out).toBe(`# hardline-ignore-file ${PRIVILEGED}\r\n${text}`);
    await client.change(uri, 2, out);
    expect(await client.nextDiagnostics(uri)).toEqual({ uri, version: 2, diagnostics: [] });
  });

  it('hardline.kubernetes.profile: baseline silences the restricted checks', async () => {
    const restricted = await start({ enable: true, rules: only([NON_ROOT]) });
    const uri = fileUri('profile.yaml');
    await restricted.open(uri, DEPLOYMENT, 'yaml');
    expect((await restricted.nextDiagnostics(uri)).diagnostics.map((d) => d.code)).toEqual([NON_ROOT]);
    const baseline = await start({ enable: true, rules: only([NON_ROOT]), kubernetes: { profile: 'baseline' } });
    await baseline.open(uri, DEPLOYMENT, 'yaml');
    expect((await baseline.nextDiagnostics(uri)).diagnostics).toEqual([]);
  });

  it('a YAML error in a manifest is a diagnostic at its position', async () => {
    const client = await start({ enable: true, rules: only([PRIVILEGED]) });
    const uri = fileUri('broken.yaml');
    await client.open(uri, 'apiVersion: v1\nkind: Pod\nmetadata: {name: [x}\n', 'yaml');
    const { diagnostics } = await client.nextDiagnostics(uri);
    expect(diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([
      ['parse-error', 2],
      ['parse-error', 2],
    ]);
  });
});
