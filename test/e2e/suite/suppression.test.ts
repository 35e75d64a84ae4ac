/// <reference types="mocha" />
import { strict as assert } from 'node:assert';
import { closeAllEditors, open, pos, scratch, waitForSummary, wsUri } from '../support';

suite('Suppression comments', () => {
  teardown(closeAllEditors);

  test('a # hardline-ignore comment silences the finding on the next instruction only', async () => {
    const editor = await open(wsUri('suppressed/Dockerfile'));
    // Line 3 (ADD package.json) is under the comment; line 4 (ADD server.js) is not.
    await waitForSummary(editor.document.uri, ['dockerfile/pin-digest info 0:5-0:17', 'dockerfile/add-instead-of-copy warning 4:0-4:3']);
  });

  test('typing the comment silences the finding live; deleting it brings the finding back', async () => {
    const text = 'FROM node:22-slim\nWORKDIR /app\nADD server.js ./\nUSER 65532:65532\nCMD ["node", "server.js"]\n';
    const editor = await scratch('ignore-live', 'Dockerfile', text, { '.dockerignore': '.git\n' });
    const uri = editor.document.uri;
    await waitForSummary(uri, ['dockerfile/pin-digest info 0:5-0:17', 'dockerfile/add-instead-of-copy warning 2:0-2:3']);
    assert.ok(await editor.edit((b) => b.insert(pos(2, 0), '# hardline-ignore dockerfile/add-instead-of-copy\n')));
    await waitForSummary(uri, ['dockerfile/pin-digest info 0:5-0:17']);
    assert.ok(await editor.edit((b) => b.delete(editor.document.lineAt(2).rangeIncludingLineBreak)));
    await waitForSummary(uri, ['dockerfile/pin-digest info 0:5-0:17', 'dockerfile/add-instead-of-copy warning 2:0-2:3']);
  });

  test('a hadolint ignore marker for the rule alias works too', async () => {
    const text = 'FROM node:22-slim\nWORKDIR /app\n# hadolint ignore=DL3020\nADD server.js ./\nUSER 65532:65532\nCMD ["node", "server.js"]\n';
    const editor = await scratch('ignore-hadolint', 'Dockerfile', text, { '.dockerignore': '.git\n' });
    await waitForSummary(editor.document.uri, ['dockerfile/pin-digest info 0:5-0:17']);
  });
});
