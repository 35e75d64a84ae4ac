#!/usr/bin/env node
/**
 * The same extension-host suite under @vscode/test-electron, for machines that can download
 * VS Code (update.code.visualstudio.com). It cannot run on the offline CI machine, where
 * scripts/e2e/run.mjs runs the suite in code-server instead; the suite is identical.
 *
 * Usage: node scripts/e2e/electron.mjs [--vscode <version>|stable|insiders] [--vsix <file>] [--grep <re>]
 *   --vsix: install the package into a fresh extensions folder and test it instead of the source tree.
 * On Linux without a display, run it under xvfb-run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { ROOT } from './install.mjs';
import { bundleSuite, copyWorkspace, OUT, VSIX_HOST } from './suite.mjs';

const { values: args } = parseArgs({
  options: {
    vscode: { type: 'string', default: 'stable' },
    vsix: { type: 'string' },
    grep: { type: 'string' },
  },
});

function sh(cmd, argv) {
  const r = spawnSync(cmd, argv, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status ?? r.signal})`);
}

async function main() {
  sh('npm', ['run', '--silent', 'build']);
  const index = await bundleSuite();
  const temp = mkdtempSync(join(tmpdir(), 'hardline-e2e-electron-'));
  const workspace = copyWorkspace(join(temp, 'workspace'));
  const extensionsDir = join(temp, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  const resultPath = join(OUT, 'electron/result.json');
  rmSync(resultPath, { force: true });

  const vscodeExecutablePath = await downloadAndUnzipVSCode(args.vscode);
  let developmentPath = ROOT;
  let expected;
  if (args.vsix) {
    const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
    sh(cli, [...cliArgs, '--extensions-dir', extensionsDir, '--install-extension', args.vsix]);
    const installed = readdirSync(extensionsDir).find((d) => d.startsWith('hardline.hardline-'));
    if (!installed) throw new Error(`${args.vsix} did not install into ${extensionsDir}`);
    developmentPath = VSIX_HOST;
    expected = join(extensionsDir, installed);
  }
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: developmentPath,
      extensionTestsPath: index,
      launchArgs: [workspace, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', `--extensions-dir=${extensionsDir}`, `--user-data-dir=${join(temp, 'user-data')}`],
      extensionTestsEnv: {
        HARDLINE_E2E_RESULT: resultPath,
        ...(args.grep ? { HARDLINE_E2E_GREP: args.grep } : {}),
        ...(expected ? { HARDLINE_E2E_EXPECT_EXTENSION_PATH: expected } : {}),
      },
    });
  } finally {
    if (existsSync(resultPath)) {
      const r = JSON.parse(readFileSync(resultPath, 'utf8'));
      console.log(`[e2e electron] ${r.passed.length} passed, ${r.failed.length} failed, ${r.pending.length} pending (VS Code ${r.vscodeVersion})`);
    }
    rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error('[e2e electron]', error.stack ?? error.message);
  process.exit(1);
});
