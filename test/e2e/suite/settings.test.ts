/// <reference types="mocha" />
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { closeAllEditors, extension, scratch, setSetting, waitForSummary } from '../support';

const CONTAINERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY app.py .\nENTRYPOINT python app.py\n';
const DEFAULTS = ['dockerfile/no-root-user warning 0:5-0:21', 'dockerfile/pin-digest info 0:5-0:21', 'dockerfile/exec-form-cmd warning 3:11-3:24'];

suite('Settings', () => {
  teardown(async () => {
    await setSetting('hardline', 'rules', undefined);
    await setSetting('hardline', 'enable', undefined);
    await closeAllEditors();
  });

  test('hardline.rules changes severities live, and removing it restores the defaults', async () => {
    const editor = await scratch('rules', 'Containerfile', CONTAINERFILE, { '.dockerignore': '.git\n' });
    const uri = editor.document.uri;
    await waitForSummary(uri, DEFAULTS);
    await setSetting('hardline', 'rules', { 'dockerfile/pin-digest': 'error', 'dockerfile/exec-form-cmd': 'info' });
    await waitForSummary(uri, ['dockerfile/no-root-user warning 0:5-0:21', 'dockerfile/pin-digest error 0:5-0:21', 'dockerfile/exec-form-cmd info 3:11-3:24']);
    await setSetting('hardline', 'rules', { 'dockerfile/pin-digest': 'off' });
    await waitForSummary(uri, ['dockerfile/no-root-user warning 0:5-0:21', 'dockerfile/exec-form-cmd warning 3:11-3:24']);
    await setSetting('hardline', 'rules', undefined);
    await waitForSummary(uri, DEFAULTS);
  });

  test('hardline.enable: false clears the diagnostics, true brings them back', async () => {
    const editor = await scratch('enable', 'Containerfile', CONTAINERFILE, { '.dockerignore': '.git\n' });
    const uri = editor.document.uri;
    await waitForSummary(uri, DEFAULTS);
    await setSetting('hardline', 'enable', false);
    await waitForSummary(uri, []);
    assert.equal(extension().isActive, true);
    await setSetting('hardline', 'enable', true);
    await waitForSummary(uri, DEFAULTS);
  });

  test('the settings schema lists every rule with the four severities', () => {
    const rules = extension().packageJSON.contributes.configuration.properties['hardline.rules'];
    const ids = Object.keys(rules.properties);
    assert.ok(ids.includes('dockerfile/pin-digest') && ids.includes('dockerfile/no-root-user'), ids.join(', '));
    for (const id of ids) assert.deepEqual(rules.properties[id].enum, ['off', 'info', 'warning', 'error'], id);
    // VS Code validates against the schema: an unknown rule id is flagged in settings.json.
    assert.equal(rules.additionalProperties, false);
    assert.ok(vscode.workspace.getConfiguration('hardline').has('rules'));
  });
});
