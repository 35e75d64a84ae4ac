/// <reference types="mocha" />
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { closeAllEditors, extension, hardlineDiagnostics, open, summarize, waitForSummary, wsUri } from '../support';

suite('Activation and diagnostics', () => {
  suiteTeardown(closeAllEditors);

  test('the extension under test is the expected one, not active before a Dockerfile is opened', () => {
    // In the .vsix phase the runner installs the package and says where it must come from.
    const expected = process.env.HARDLINE_E2E_EXPECT_EXTENSION_PATH;
    if (expected) assert.equal(extension().extensionPath, expected);
    assert.equal(extension().isActive, false);
  });

  test('a Containerfile is a dockerfile document, activates Hardline and is checked', async () => {
    const editor = await open(wsUri('containerfile/Containerfile'));
    assert.equal(editor.document.languageId, 'dockerfile');
    await waitForSummary(editor.document.uri, [
      'dockerfile/no-root-user warning 0:5-0:21',
      'dockerfile/pin-digest info 0:5-0:21',
      'dockerfile/exec-form-cmd warning 3:11-3:24',
    ]);
    assert.equal(extension().isActive, true);
  });

  test('a Dockerfile gets the expected codes, severities and exact ranges', async () => {
    const editor = await open(wsUri('Dockerfile'));
    assert.equal(editor.document.languageId, 'dockerfile');
    const diagnostics = await waitForSummary(editor.document.uri, [
      'dockerfile/minimal-base warning 0:5-0:12',
      'dockerfile/no-root-user warning 0:5-0:12',
      'dockerfile/pin-digest info 0:5-0:12',
      'dockerfile/add-instead-of-copy warning 2:0-2:3',
      'dockerfile/missing-dockerignore warning 2:4-2:5',
      'dockerfile/build-tools-in-runtime warning 3:4-3:15',
      'dockerfile/exec-form-cmd warning 4:4-4:18',
    ]);
    const noRoot = diagnostics.find((d) => typeof d.code === 'object' && d.code.value === 'dockerfile/no-root-user');
    assert.ok(noRoot);
    assert.equal(noRoot.message, 'The final image runs as root: node:22 runs as root and no USER is set.');
  });

  test('every diagnostic links to its rule page, which exists in the extension', () => {
    const diagnostics = hardlineDiagnostics(wsUri('Dockerfile'));
    assert.ok(diagnostics.length > 0);
    for (const d of diagnostics) {
      assert.ok(typeof d.code === 'object', `code of ${summarize([d])} has no link`);
      const target = d.code.target;
      assert.equal(target.scheme, 'file');
      assert.ok(target.path.endsWith(`/docs/rules/${String(d.code.value)}.md`), target.toString());
      assert.ok(target.fsPath.startsWith(extension().extensionPath), `${target.fsPath} is not inside ${extension().extensionPath}`);
      assert.ok(existsSync(target.fsPath), `${target.fsPath} is missing`);
    }
  });

  test('a file that is not a Dockerfile gets no Hardline diagnostics', async () => {
    // Opened after a Dockerfile whose diagnostics we wait for: the server has answered by then.
    const notes = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'FROM node:22\nUSER root\n' });
    await vscode.window.showTextDocument(notes);
    const editor = await open(wsUri('suppressed/Dockerfile'));
    await waitForSummary(editor.document.uri, ['dockerfile/pin-digest info 0:5-0:17', 'dockerfile/add-instead-of-copy warning 4:0-4:3']);
    assert.deepEqual(hardlineDiagnostics(notes.uri), []);
  });
});
