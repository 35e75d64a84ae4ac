/// <reference types="mocha" />
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { closeAllEditors, log, scratch, waitForDiagnostics } from '../support';

const DOCKERFILE = 'FROM node:22\nWORKDIR /app\nCOPY . /app\nRUN npm ci --omit=dev\nUSER 65532:65532\nCMD ["node", "server.js"]\n';

type Item = vscode.QuickPickItem & { candidate?: { image: string } };

/**
 * Replace window.showQuickPick for one call: record what the picker offers and choose `label`.
 * (The suite runs inside Hardline's extension folder, so it shares Hardline's `vscode` API object.)
 */
async function withQuickPick(label: string, run: () => Thenable<unknown>): Promise<{ items: Item[]; options?: vscode.QuickPickOptions }> {
  const window = vscode.window as { showQuickPick: unknown };
  const original = window.showQuickPick;
  const seen: { items: Item[]; options?: vscode.QuickPickOptions } = { items: [] };
  window.showQuickPick = async (items: Item[] | Thenable<Item[]>, options?: vscode.QuickPickOptions) => {
    seen.items = await items;
    seen.options = options;
    const choice = seen.items.find((i) => i.label === label && i.kind !== vscode.QuickPickItemKind.Separator);
    assert.ok(choice, `the picker does not offer ${label}; it offers:\n  ${seen.items.map((i) => i.label).join('\n  ')}`);
    return choice;
  };
  try {
    await run();
  } finally {
    window.showQuickPick = original;
  }
  return seen;
}

suite('Base-image picker', () => {
  teardown(closeAllEditors);

  test('hardline.pickBaseImage with a stubbed QuickPick choice rewrites the FROM', async () => {
    const editor = await scratch('picker', 'Dockerfile', DOCKERFILE, { '.dockerignore': '.git\n.env*\n' });
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (d) => d.length > 0, 'the first check');
    editor.selection = new vscode.Selection(0, 6, 0, 6);
    const seen = await withQuickPick('node:22-slim', () => vscode.commands.executeCommand('hardline.pickBaseImage'));
    log(`picker offered: ${seen.items.map((i) => i.label).join(' | ')}`);
    // Grouped: a separator per family, hardened images first.
    assert.deepEqual(
      seen.items.map((i) => (i.kind === vscode.QuickPickItemKind.Separator ? `[${i.label}]` : i.label)),
      ['[Distroless]', 'gcr.io/distroless/nodejs22-debian12:nonroot', '[Docker Hardened Images]', 'dhi.io/node:22', '[Chainguard]', 'cgr.dev/chainguard/node:latest', '[Slim]', 'node:22-slim', '[Alpine]', 'node:22-alpine'],
    );
    assert.match(seen.options?.placeHolder ?? '', /^Replace node:22/);
    assert.equal(editor.document.getText(), DOCKERFILE.replace('FROM node:22\n', 'FROM node:22-slim\n'));
  });
});
