/**
 * "Apply restricted securityContext" over the protocol: `refactor.rewrite`
 * code actions on a Kubernetes manifest (the container, the whole file, and
 * their /tmp variants), each one versioned WorkspaceEdit that removes the
 * restricted-profile diagnostics; offered only on the container's first line
 * and its securityContext key when the editor asks on its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CodeActionTriggerKind, type CodeAction, type Range, type TextDocumentEdit, type TextEdit } from 'vscode-languageserver/node';
import { applyEdits } from '../../server/src/engine/positions';
import { FULL_CAPABILITIES, TestClient } from './harness';

const MANIFEST = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: app',
  '          image: example/web:1.2',
  '          securityContext:',
  '            runAsNonRoot: true',
  '        - name: sidecar',
  '          image: example/proxy:2.0',
  '',
].join('\n');

const RESTRICTED_RULES = [
  'k8s/allow-privilege-escalation',
  'k8s/capabilities-drop-all',
  'k8s/read-only-root-filesystem',
  'k8s/run-as-non-root',
  'k8s/seccomp-profile',
];

let workspace: string;
let clients: TestClient[] = [];

async function start() {
  const { client } = await TestClient.start(FULL_CAPABILITIES, [{ uri: pathToFileURL(workspace).href, name: 'ws' }], (c) => {
    c.configuration = () => ({ enable: true });
  });
  clients.push(client);
  return client;
}

const at = (line: number, character = 0): Range => ({ start: { line, character }, end: { line, character } });

function actions(
  client: TestClient,
  uri: string,
  range: Range,
  triggerKind: CodeActionTriggerKind = CodeActionTriggerKind.Invoked,
  only?: string[],
): Promise<CodeAction[]> {
  return client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range,
    context: { diagnostics: [], triggerKind, ...(only ? { only } : {}) },
  });
}

function editsOf(action: CodeAction, uri: string, version: number): TextEdit[] {
  const changes = action.edit?.documentChanges as TextDocumentEdit[];
  expect(changes).toHaveLength(1);
  expect(changes[0].textDocument).toEqual({ uri, version });
  return changes[0].edits as TextEdit[];
}

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'hardline-k8s-restricted-'));
});
afterEach(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  clients = [];
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe('refactor.rewrite: apply restricted securityContext', () => {
  it('is offered in a container and removes its restricted diagnostics with one versioned edit', async () => {
    const client = await start();
    const uri = pathToFileURL(join(workspace, 'web.yaml')).href;
    await client.open(uri, MANIFEST, 'yaml');
    const before = (await client.nextDiagnostics(uri)).diagnostics.map((d) => `${d.code}@${d.range.start.line}`);
    expect(before).toEqual(expect.arrayContaining(['k8s/allow-privilege-escalation@10', 'k8s/allow-privilege-escalation@12']));

    const list = await actions(client, uri, at(9, 12), CodeActionTriggerKind.Invoked, ['refactor']);
    expect(list.map((a) => [a.kind, a.title])).toEqual([
      ['refactor.rewrite', 'Apply restricted securityContext to container "app"'],
      ['refactor.rewrite', 'Apply restricted securityContext to container "app" and mount an emptyDir at /tmp'],
      ['refactor.rewrite', 'Apply restricted securityContext to all containers in this file'],
      ['refactor.rewrite', 'Apply restricted securityContext to all containers in this file and mount an emptyDir at /tmp'],
    ]);
    // runAsNonRoot is already true: the kubelet checks the image's user, no runAsUser is added.
    const after = applyEdits(MANIFEST, editsOf(list[0], uri, 1));
    expect(after).toBe(
      MANIFEST.replace(
        '            runAsNonRoot: true\n',
        [
          '            runAsNonRoot: true',
          '            allowPrivilegeEscalation: false',
          '            capabilities:',
          '              drop:',
          '                - ALL',
          '            seccompProfile:',
          '              type: RuntimeDefault',
          '            readOnlyRootFilesystem: true',
          '',
        ].join('\n'),
      ),
    );
    await client.change(uri, 2, after);
    const left = (await client.nextDiagnostics(uri)).diagnostics.filter((d) => RESTRICTED_RULES.includes(String(d.code)));
    // The sidecar still has its findings; "app" has none.
    const sidecar = after.split('\n').findIndex((l) => l.includes('- name: sidecar'));
    expect(sidecar).toBe(19);
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((d) => d.range.start.line >= sidecar)).toBe(true);

    const all = (await actions(client, uri, at(sidecar, 12), CodeActionTriggerKind.Invoked, ['refactor.rewrite'])).find(
      (a) => a.title === 'Apply restricted securityContext to all containers in this file',
    );
    expect(all).toBeDefined();
    await client.change(uri, 3, applyEdits(after, editsOf(all!, uri, 2)));
    const none = (await client.nextDiagnostics(uri)).diagnostics.filter((d) => RESTRICTED_RULES.includes(String(d.code)));
    expect(none).toEqual([]);
  });

  it('follows the cursor only on the container\'s first line and its securityContext key when the editor asks on its own', async () => {
    const client = await start();
    const uri = pathToFileURL(join(workspace, 'auto.yaml')).href;
    await client.open(uri, MANIFEST, 'yaml');
    await client.nextDiagnostics(uri);
    expect(await actions(client, uri, at(9, 12), CodeActionTriggerKind.Automatic)).toEqual([]);
    expect(await actions(client, uri, at(3, 4), CodeActionTriggerKind.Automatic)).toEqual([]);
    const first = await actions(client, uri, at(8, 12), CodeActionTriggerKind.Automatic);
    expect(first[0]?.title).toBe('Apply restricted securityContext to container "app"');
    const key = await actions(client, uri, at(10, 12), CodeActionTriggerKind.Automatic);
    expect(key[0]?.title).toBe('Apply restricted securityContext to container "app"');
    // Not for other kinds.
    expect(await actions(client, uri, at(8, 12), CodeActionTriggerKind.Invoked, ['quickfix'])).toEqual([]);
  });

  it('gives nothing on YAML that is not a Kubernetes object', async () => {
    const client = await start();
    const uri = pathToFileURL(join(workspace, 'workflow.yaml')).href;
    await client.open(uri, 'name: ci\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n', 'yaml');
    expect(await actions(client, uri, at(3, 2))).toEqual([]);
  });
});
