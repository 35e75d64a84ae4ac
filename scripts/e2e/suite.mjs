/**
 * What both launchers share: bundling the extension-host suite and the fixture workspace.
 * (scripts/e2e/run.mjs: code-server + chromium; scripts/e2e/electron.mjs: @vscode/test-electron.)
 */
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT } from './install.mjs';

export const OUT = join(ROOT, 'test-output/e2e');
export const SUITE_OUT = join(OUT, 'suite');
export const FIXTURES = join(ROOT, 'test/e2e/fixtures/workspace');
/** An empty development extension, for running the suite against an installed .vsix. */
export const VSIX_HOST = join(ROOT, 'test/e2e/vsix-host');

/** Bundle the suite: index.js (the run() entry) and one file per suite/*.test.ts; vscode and mocha stay external. */
export async function bundleSuite() {
  rmSync(SUITE_OUT, { recursive: true, force: true });
  const suiteDir = join(ROOT, 'test/e2e/suite');
  const entryPoints = [join(ROOT, 'test/e2e/index.ts'), ...readdirSync(suiteDir).filter((f) => f.endsWith('.test.ts')).map((f) => join(suiteDir, f))];
  await esbuild.build({
    entryPoints,
    outbase: join(ROOT, 'test/e2e'),
    outdir: SUITE_OUT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return join(SUITE_OUT, 'index.js');
}

/** A fresh copy of the fixture workspace in `dir`: tests edit, save and change settings in it. */
export function copyWorkspace(dir) {
  cpSync(FIXTURES, dir, { recursive: true });
  return dir;
}
