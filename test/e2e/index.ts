/**
 * Entry point of the extension-host suite: the `run()` contract of `@vscode/test-electron`
 * (VS Code requires this file in its extension host and awaits `run()`). The same file runs
 * under code-server (scripts/e2e/run.mjs) and under `@vscode/test-electron`
 * (scripts/e2e/electron.mjs).
 *
 * Environment (all optional):
 *   HARDLINE_E2E_RESULT  write a JSON summary of the run to this path (the code-server runner
 *                        reads pass/fail from it: the browser page closes when run() settles)
 *   HARDLINE_E2E_GREP    only run tests whose full title matches this regular expression
 *   HARDLINE_E2E_CONSOLE append mocha's report to this file (the runner relays it live)
 */
import { appendFileSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { format } from 'node:util';
import { dirname, join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

interface TestResult {
  title: string;
  durationMs?: number;
  error?: string;
  stack?: string;
}

export interface RunResult {
  ok: boolean;
  vscodeVersion: string;
  uiKind: string;
  extensionPath?: string;
  startedAt: string;
  finishedAt?: string;
  passed: TestResult[];
  failed: TestResult[];
  pending: TestResult[];
  error?: string;
}

function writeResult(result: RunResult): void {
  const path = process.env.HARDLINE_E2E_RESULT;
  if (!path) return;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, JSON.stringify(result, null, 2));
  // rename is atomic: the runner never reads half a file
  renameSync(`${path}.tmp`, path);
}

/** Suite files in a fixed order: activation first (it checks the extension is not active yet). */
function suiteFiles(dir: string): string[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.test.js'));
  const rank = (f: string) => (f.startsWith('activation') ? 0 : f.startsWith('restart') ? 2 : 1);
  return files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((f) => join(dir, f));
}

/**
 * Copy mocha's reporter output to HARDLINE_E2E_CONSOLE. (The extension host's `console`
 * cannot be wrapped: VS Code defines its methods with a getter and a no-op setter.)
 */
function teeReporter(): void {
  const path = process.env.HARDLINE_E2E_CONSOLE;
  if (!path) return;
  mkdirSync(dirname(path), { recursive: true });
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const original = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => {
    try {
      appendFileSync(path, `${format(...args)}\n`);
    } catch {
      // the copy is a convenience; never fail a test for it
    }
    original(...args);
  };
}

export function run(): Promise<void> {
  teeReporter();
  const result: RunResult = {
    ok: false,
    vscodeVersion: vscode.version,
    uiKind: vscode.UIKind[vscode.env.uiKind],
    extensionPath: vscode.extensions.getExtension('hardline.hardline')?.extensionPath,
    startedAt: new Date().toISOString(),
    passed: [],
    failed: [],
    pending: [],
  };
  const grep = process.env.HARDLINE_E2E_GREP;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec', ...(grep ? { grep: new RegExp(grep) } : {}) });
  for (const file of suiteFiles(join(__dirname, 'suite'))) mocha.addFile(file);
  console.log(`[hardline e2e] VS Code ${vscode.version} (${result.uiKind}), Hardline from ${result.extensionPath ?? '(not found)'}`);

  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        result.ok = failures === 0 && result.failed.length === 0;
        result.finishedAt = new Date().toISOString();
        writeResult(result);
        if (result.ok) resolve();
        else reject(new Error(`${failures} e2e test(s) failed`));
      });
      runner.on('pass', (t) => result.passed.push({ title: t.fullTitle(), durationMs: t.duration }));
      runner.on('pending', (t) => result.pending.push({ title: t.fullTitle() }));
      runner.on('fail', (t, err: Error) => result.failed.push({ title: t.fullTitle(), error: err?.message ?? String(err), stack: err?.stack }));
    } catch (error) {
      result.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
      result.finishedAt = new Date().toISOString();
      writeResult(result);
      reject(error);
    }
  });
}
