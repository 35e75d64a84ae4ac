/// <reference types="mocha" />
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { closeAllEditors, range, scratch, setSetting, waitForSummary } from '../support';

const BEFORE = 'FROM node:22-slim\nWORKDIR /app\n# local sources\nADD package.json ./\nADD src/ ./src/\nUSER 65532:65532\nCMD node src/server.js\n';
const FINDINGS = [
  'dockerfile/pin-digest info 0:5-0:17',
  'dockerfile/add-instead-of-copy warning 3:0-3:3',
  'dockerfile/add-instead-of-copy warning 4:0-4:3',
  'dockerfile/exec-form-cmd warning 6:4-6:22',
];
const DOCKERIGNORE = { '.dockerignore': '.git\n.env*\n' };

/** Make the document dirty with a one-line edit of the comment, then save it as the user would (Ctrl+S). */
async function editAndSave(editor: vscode.TextEditor): Promise<void> {
  assert.ok(await editor.edit((b) => b.replace(range(2, 2, 2, 15), 'local sources and code')));
  assert.equal(editor.document.isDirty, true);
  await vscode.window.showTextDocument(editor.document);
  await vscode.commands.executeCommand('workbench.action.files.save');
  assert.equal(editor.document.isDirty, false, 'the document is still dirty after saving');
}

suite('Fix all on save', () => {
  teardown(async () => {
    await setSetting('editor', 'codeActionsOnSave', undefined);
    await closeAllEditors();
  });

  test('without editor.codeActionsOnSave, saving changes nothing but the user edit', async () => {
    const editor = await scratch('save-plain', 'Dockerfile', BEFORE, DOCKERIGNORE);
    await waitForSummary(editor.document.uri, FINDINGS);
    await editAndSave(editor);
    const expected = BEFORE.replace('# local sources', '# local sources and code');
    assert.equal(editor.document.getText(), expected);
    assert.equal(readFileSync(editor.document.uri.fsPath, 'utf8'), expected);
  });

  test('with "source.fixAll.hardline": "explicit", saving applies every safe fix and only those', async () => {
    await setSetting('editor', 'codeActionsOnSave', { 'source.fixAll.hardline': 'explicit' });
    const editor = await scratch('save-fixall', 'Dockerfile', BEFORE, DOCKERIGNORE);
    await waitForSummary(editor.document.uri, FINDINGS);
    await editAndSave(editor);
    const expected = 'FROM node:22-slim\nWORKDIR /app\n# local sources and code\nCOPY package.json ./\nCOPY src/ ./src/\nUSER 65532:65532\nCMD ["node", "src/server.js"]\n';
    assert.equal(editor.document.getText(), expected);
    assert.equal(readFileSync(editor.document.uri.fsPath, 'utf8'), expected, 'the fixes were not saved to disk');
    // pin-digest has no safe fix: it stays.
    await waitForSummary(editor.document.uri, ['dockerfile/pin-digest info 0:5-0:17']);
  });
});
