/**
 * Helpers for the extension-host suite. Everything waits on VS Code events
 * (diagnostics changes, document changes) with a deadline; nothing sleeps.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { format } from 'node:util';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'hardline.hardline';
export const SOURCE = 'hardline';
/** Generous: the first check loads the server (and, under load, the whole workbench is slow). */
export const WAIT_MS = 20_000;

/** A note in the runner's relayed output (and the extension host console). */
export function log(...args: unknown[]): void {
  const path = process.env.HARDLINE_E2E_CONSOLE;
  if (path) appendFileSync(path, `      · ${format(...args)}\n`);
  console.log(...args);
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs the fixture workspace open (see scripts/e2e/run.mjs)');
  return folder.uri;
}

export function wsUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relative.split('/'));
}

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed in this extension host`);
  return ext;
}

/** The extension's package.json (from the source tree or the installed VSIX). */
export function manifest(): any {
  return extension().packageJSON;
}

export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

let scratchCount = 0;
/**
 * A fresh copy of `text` at `scratch/<name>-<n>/<file>` in the workspace, opened in an editor:
 * tests that edit or save never disturb each other or the fixtures.
 */
export async function scratch(name: string, file: string, text: string, extra: Record<string, string> = {}): Promise<vscode.TextEditor> {
  scratchCount += 1;
  const dir = wsUri(`scratch/${name}-${scratchCount}`);
  const encoder = new TextEncoder();
  for (const [rel, content] of Object.entries(extra)) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, rel), encoder.encode(content));
  const uri = vscode.Uri.joinPath(dir, file);
  await vscode.workspace.fs.writeFile(uri, encoder.encode(text));
  return open(uri);
}

export function hardlineDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function codeOf(d: vscode.Diagnostic): string {
  const code = d.code;
  if (code === undefined) return '';
  if (typeof code === 'object') return String(code.value);
  return String(code);
}

const SEVERITY = ['error', 'warning', 'info', 'hint'] as const;
export function fmtRange(r: vscode.Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** `code severity l:c-l:c`, sorted by position then code: one line per diagnostic, easy to compare and to read in a failure. */
export function summarize(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return [...diagnostics]
    .sort((a, b) => a.range.start.compareTo(b.range.start) || a.range.end.compareTo(b.range.end) || codeOf(a).localeCompare(codeOf(b)))
    .map((d) => `${codeOf(d)} ${SEVERITY[d.severity]} ${fmtRange(d.range)}`);
}

/**
 * Resolve once `predicate` holds for the Hardline diagnostics of `uri`, checking now and
 * on every diagnostics change of that uri. Rejects after `timeoutMs` with what was last seen.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const current = hardlineDiagnostics(uri);
      if (!predicate(current)) return false;
      cleanup();
      resolve(current);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      const seen = summarize(hardlineDiagnostics(uri));
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} on ${vscode.workspace.asRelativePath(uri)}; last seen:\n  ${seen.join('\n  ') || '(no Hardline diagnostics)'}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

/** Wait until the summarized diagnostics equal `expected` exactly. */
export function waitForSummary(uri: vscode.Uri, expected: string[], timeoutMs = WAIT_MS): Promise<vscode.Diagnostic[]> {
  const want = JSON.stringify(expected);
  return waitForDiagnostics(uri, (d) => JSON.stringify(summarize(d)) === want, `diagnostics\n  ${expected.join('\n  ')}`, timeoutMs);
}

/** Resolve when the document's text satisfies `predicate` (checked now and on each change). */
export function waitForText(doc: vscode.TextDocument, predicate: (text: string) => boolean, what: string, timeoutMs = WAIT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    if (predicate(doc.getText())) return resolve(doc.getText());
    const subscription = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document !== doc || !predicate(doc.getText())) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(doc.getText());
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; text now:\n${doc.getText()}`));
    }, timeoutMs);
  });
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, kind);
  return (actions ?? []).map((a) => {
    assert.ok('title' in a && !('command' in a && typeof a.command === 'string'), `a bare command came back as a code action: ${JSON.stringify(a)}`);
    return a as vscode.CodeAction;
  });
}

/** Apply a code action the way the lightbulb does: its edit (required: Hardline never sends command-only actions). */
export async function applyAction(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit, `code action "${action.title}" has no edit`);
  assert.equal(action.command, undefined, `code action "${action.title}" carries a command`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), `applying "${action.title}" failed`);
}

export async function findAction(uri: vscode.Uri, range: vscode.Range, title: string | RegExp): Promise<vscode.CodeAction> {
  const actions = await codeActions(uri, range);
  const found = actions.find((a) => (typeof title === 'string' ? a.title === title : title.test(a.title)));
  assert.ok(found, `no code action ${String(title)} at ${fmtRange(range)}; got:\n  ${actions.map((a) => a.title).join('\n  ')}`);
  return found;
}

/** Update a setting in the workspace (`.vscode/settings.json` of the temporary workspace copy). */
export async function setSetting(section: string, key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Workspace);
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Processes running the Hardline language server that this extension host started. */
export function serverPids(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && /server[\\/]out[\\/]server\.js/.test(m[2]))
    .map((m) => Number(m[1]));
}

export function pos(line: number, character: number): vscode.Position {
  return new vscode.Position(line, character);
}

export function range(sl: number, sc: number, el: number, ec: number): vscode.Range {
  return new vscode.Range(sl, sc, el, ec);
}
