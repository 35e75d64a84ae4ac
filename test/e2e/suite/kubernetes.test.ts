/// <reference types="mocha" />
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { applyAction, closeAllEditors, codeActions, findAction, hardlineDiagnostics, manifest, open, range, scratch, waitForSummary, wsUri } from '../support';

const FINDING = 'k8s/run-as-non-root warning 33:10-33:25';
const IN_CONTAINER = 'Set `runAsNonRoot: true` in container "web"';

suite('Kubernetes manifests', () => {
  teardown(closeAllEditors);

  test('a Deployment (yaml) is checked: the expected finding, exact range', async () => {
    assert.ok((manifest().activationEvents as string[]).includes('onLanguage:yaml'), 'no onLanguage:yaml activation event');
    const editor = await open(wsUri('k8s/deployment.yaml'));
    assert.equal(editor.document.languageId, 'yaml');
    const [d] = await waitForSummary(editor.document.uri, [FINDING]);
    assert.match(d.message, /^Container "web" may run as root: neither it nor the pod sets runAsNonRoot: true/);
    // The range is the container's securityContext key.
    assert.equal(editor.document.getText(d.range), 'securityContext');
  });

  test('a GitHub workflow YAML gets no diagnostics and no actions', async () => {
    const workflow = await open(wsUri('.github/workflows/ci.yml'));
    assert.equal(workflow.document.languageId, 'yaml');
    // A request is answered only after the server has analysed this version: a synchronisation point.
    assert.deepEqual(
      (await codeActions(workflow.document.uri, range(6, 0, 6, 20))).map((a) => a.title),
      [],
    );
    const deployment = await open(wsUri('k8s/deployment.yaml'));
    await waitForSummary(deployment.document.uri, [FINDING]);
    assert.deepEqual(hardlineDiagnostics(workflow.document.uri), []);
  });

  test('the securityContext fix inserts runAsNonRoot: true in the container, in the file\'s style', async () => {
    const original = readFileSync(wsUri('k8s/deployment.yaml').fsPath, 'utf8');
    const editor = await scratch('k8s-fix', 'deployment.yaml', original);
    const uri = editor.document.uri;
    await waitForSummary(uri, [FINDING]);
    const titles = (await codeActions(uri, range(33, 10, 33, 25), vscode.CodeActionKind.QuickFix.value)).map((a) => a.title);
    assert.deepEqual(titles, [
      'Set `runAsNonRoot: true` for the whole pod (spec.securityContext)',
      IN_CONTAINER,
      'Ignore k8s/run-as-non-root for this object',
      'Ignore k8s/run-as-non-root in this file',
    ]);
    await applyAction(await findAction(uri, range(33, 10, 33, 25), IN_CONTAINER));
    assert.equal(editor.document.getText(), original.replace('              drop: ["ALL"]\n', '              drop: ["ALL"]\n            runAsNonRoot: true\n'));
    await waitForSummary(uri, []);
  });
});
