/// <reference types="mocha" />
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { applyAction, closeAllEditors, codeActions, findAction, hardlineDiagnostics, open, range, scratch, summarize, waitForDiagnostics, waitForSummary, wsUri } from '../support';

const DOCKERFILE = 'FROM node:22\nWORKDIR /app\nADD . /app\nRUN npm install\nCMD node server.js\n';
const ALL = [
  'dockerfile/minimal-base warning 0:5-0:12',
  'dockerfile/no-root-user warning 0:5-0:12',
  'dockerfile/pin-digest info 0:5-0:12',
  'dockerfile/add-instead-of-copy warning 2:0-2:3',
  'dockerfile/missing-dockerignore warning 2:4-2:5',
  'dockerfile/build-tools-in-runtime warning 3:4-3:15',
  'dockerfile/exec-form-cmd warning 4:4-4:18',
];
const ADD_USER = 'Add USER 65532:65532 (the non-root UID of distroless, Chainguard and DHI images)';

/** `kind (preferred): title`: what the lightbulb menu shows, in its order. */
function describe(actions: vscode.CodeAction[]): string[] {
  return actions.map((a) => `${a.kind?.value ?? '?'}${a.isPreferred ? ' (preferred)' : ''}: ${a.title}`);
}

suite('Code actions', () => {
  teardown(closeAllEditors);

  test('on ADD: the safe fix first (preferred), then the ignore comments, the stage refactoring, fix-all', async () => {
    const uri = wsUri('Dockerfile');
    await open(uri);
    await waitForSummary(uri, ALL);
    const actions = await codeActions(uri, range(2, 0, 2, 3));
    assert.deepEqual(describe(actions), [
      'quickfix (preferred): Fix: Replace ADD with COPY',
      'quickfix: Ignore dockerfile/add-instead-of-copy for this instruction',
      'quickfix: Ignore dockerfile/add-instead-of-copy in this file',
      'refactor.rewrite: Split into build and runtime stages on gcr.io/distroless/nodejs22-debian12:nonroot',
      'source.fixAll.hardline: Fix all safe Hardline problems',
    ]);
    for (const a of actions) {
      assert.ok(a.edit, `${a.title} has no edit`);
      assert.equal(a.command, undefined, `${a.title} carries a command`);
    }
  });

  test('on FROM: the suggestions of each finding, in order, each with its ignore comments', async () => {
    const uri = wsUri('Dockerfile');
    await open(uri);
    await waitForSummary(uri, ALL);
    const actions = await codeActions(uri, range(0, 5, 0, 12), vscode.CodeActionKind.QuickFix.value);
    assert.deepEqual(describe(actions), [
      // dockerfile/minimal-base: the split onto distroless first, then the image swaps and conversions
      'quickfix: Split into build and runtime stages on gcr.io/distroless/nodejs22-debian12:nonroot',
      'quickfix: Use node:22-slim (Node slim: Debian slim, shell and apt (runs as root: add USER))',
      'quickfix: Use node:22-alpine (Node Alpine: musl libc, shell and apk (runs as root: add USER)) (musl libc, so native code built for glibc does not run: review)',
      'quickfix: Convert to dhi.io/node:22, moving RUN steps to a build stage',
      'quickfix: Convert to cgr.dev/chainguard/node:latest, moving RUN steps to a build stage',
      'quickfix: Ignore dockerfile/minimal-base for this instruction',
      'quickfix: Ignore dockerfile/minimal-base in this file',
      // dockerfile/no-root-user
      `quickfix: ${ADD_USER}`,
      'quickfix: Ignore dockerfile/no-root-user for this instruction',
      'quickfix: Ignore dockerfile/no-root-user in this file',
      // dockerfile/pin-digest: its fix needs the network (hardline.network.allow is off), so only the ignores
      'quickfix: Ignore dockerfile/pin-digest for this instruction',
      'quickfix: Ignore dockerfile/pin-digest in this file',
    ]);
  });

  test('"Add USER 65532:65532" inserts the USER line before CMD and the finding goes away', async () => {
    const editor = await scratch('add-user', 'Dockerfile', DOCKERFILE);
    const uri = editor.document.uri;
    await waitForSummary(uri, ALL);
    await applyAction(await findAction(uri, range(0, 5, 0, 12), ADD_USER));
    assert.equal(editor.document.getText(), 'FROM node:22\nWORKDIR /app\nADD . /app\nRUN npm install\nUSER 65532:65532\nCMD node server.js\n');
    await waitForSummary(uri, ALL.filter((d) => !d.startsWith('dockerfile/no-root-user')).map((d) => d.replace(' 4:4-4:18', ' 5:4-5:18')));
  });

  test('the safe fix replaces ADD with COPY, nothing else', async () => {
    const editor = await scratch('add-to-copy', 'Dockerfile', DOCKERFILE);
    const uri = editor.document.uri;
    await waitForSummary(uri, ALL);
    const fix = await findAction(uri, range(2, 0, 2, 3), 'Fix: Replace ADD with COPY');
    assert.equal(fix.isPreferred, true);
    await applyAction(fix);
    assert.equal(editor.document.getText(), 'FROM node:22\nWORKDIR /app\nCOPY . /app\nRUN npm install\nCMD node server.js\n');
    // COPY . without a .dockerignore is still reported, now under COPY's source.
    await waitForDiagnostics(uri, (d) => !summarize(d).some((s) => s.startsWith('dockerfile/add-instead-of-copy')), 'the ADD finding to go away');
    assert.ok(summarize(hardlineDiagnostics(uri)).some((s) => s.startsWith('dockerfile/missing-dockerignore')));
  });

  test('"Ignore … for this instruction" adds the comment above it and silences only that finding', async () => {
    const editor = await scratch('ignore-line', 'Dockerfile', DOCKERFILE);
    const uri = editor.document.uri;
    await waitForSummary(uri, ALL);
    await applyAction(await findAction(uri, range(2, 0, 2, 3), 'Ignore dockerfile/add-instead-of-copy for this instruction'));
    assert.equal(editor.document.getText(), 'FROM node:22\nWORKDIR /app\n# hardline-ignore dockerfile/add-instead-of-copy\nADD . /app\nRUN npm install\nCMD node server.js\n');
    await waitForSummary(uri, [
      'dockerfile/minimal-base warning 0:5-0:12',
      'dockerfile/no-root-user warning 0:5-0:12',
      'dockerfile/pin-digest info 0:5-0:12',
      'dockerfile/missing-dockerignore warning 3:4-3:5',
      'dockerfile/build-tools-in-runtime warning 4:4-4:15',
      'dockerfile/exec-form-cmd warning 5:4-5:18',
    ]);
  });
});
