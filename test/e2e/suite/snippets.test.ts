/// <reference types="mocha" />
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, extension, scratch } from '../support';

interface SnippetContribution {
  language: string;
  path: string;
}

/** The prefixes a contributed snippets file declares. */
function prefixes(file: string): string[] {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { prefix: string | string[] }>;
  return Object.values(json).flatMap((s) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]));
}

async function snippetLabels(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
  return list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

const CASES: { language: string; file: string; text: string }[] = [
  { language: 'dockerfile', file: 'Dockerfile', text: '\n' },
  { language: 'yaml', file: 'snippets.yaml', text: '\n' },
];

suite('Snippets', () => {
  teardown(closeAllEditors);

  for (const c of CASES) {
    test(`snippets are contributed for ${c.language} and offered in completion`, async () => {
      const contributions: SnippetContribution[] = extension().packageJSON.contributes?.snippets ?? [];
      const contribution = contributions.find((s) => s.language === c.language);
      assert.ok(contribution, `package.json contributes no snippets for ${c.language}`);
      const expected = prefixes(join(extension().extensionPath, contribution.path));
      assert.ok(expected.length > 0, `${contribution.path} declares no snippets`);
      const editor = await scratch(`snippets-${c.language}`, c.file, c.text);
      assert.equal(editor.document.languageId, c.language);
      const labels = await snippetLabels(editor.document.uri, new vscode.Position(0, 0));
      for (const prefix of expected) assert.ok(labels.includes(prefix), `snippet ${prefix} not offered; snippet completions: ${labels.join(', ')}`);
    });
  }
});
