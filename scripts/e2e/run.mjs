#!/usr/bin/env node
/**
 * Real-editor tests: the extension-host suite (test/e2e, mocha) inside VS Code 1.100.3
 * (code-server 4.100.3 + headless chromium), the UI smoke tests (playwright, screenshots)
 * and the suite again against the packaged .vsix installed with `code-server --install-extension`.
 *
 * Usage: node scripts/e2e/run.mjs [options]
 *   --phases source,ui,vsix   which phases (default: all three)
 *   --vsix <file>             test this .vsix instead of running `npm run package`
 *   --no-install              do not install missing Debian packages / code-server
 *   --no-build                do not run `npm run build` first
 *   --grep <regexp>           only the extension-host tests whose title matches
 *   --keep                    keep the temporary folders (user data, workspace copy)
 * Environment: HARDLINE_E2E_TIMEOUT_MS (per phase, default 300000), HARDLINE_E2E_VERBOSE=1
 * (relay the whole browser console, not only the extension host).
 * Output: test-output/e2e/<phase>/: result.json, mocha.log (the report), hardline-output.log (the
 * extension's output channel with the LSP trace), extension-host.log, code-server.log, console.log
 * (the browser console) and, for the ui phase, the screenshots.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CODE_SERVER_ENTRY, ensureAll, ROOT } from './install.mjs';
import { follower, Session } from './session.mjs';
import { bundleSuite, copyWorkspace, FIXTURES, OUT, SUITE_OUT, VSIX_HOST } from './suite.mjs';
import { uiSmoke } from './ui.mjs';

const { values: args } = parseArgs({
  options: {
    phases: { type: 'string', default: 'source,ui,vsix' },
    vsix: { type: 'string' },
    'no-install': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    grep: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const PHASES = args.phases.split(',').map((p) => p.trim()).filter(Boolean);
for (const p of PHASES) if (!['source', 'ui', 'vsix'].includes(p)) throw new Error(`unknown phase ${p} (source, ui, vsix)`);
const TIMEOUT_MS = Number(process.env.HARDLINE_E2E_TIMEOUT_MS ?? 300_000);
const VERBOSE = process.env.HARDLINE_E2E_VERBOSE === '1';

const t0 = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const say = (...a) => console.log('[e2e]', ...a);

function sh(cmd, argv) {
  say('$', cmd, argv.join(' '));
  const r = spawnSync(cmd, argv, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status ?? r.signal})`);
}

/** Browser console: page errors always, the rest with HARDLINE_E2E_VERBOSE=1 (all of it is in console.log). */
function relay(phase) {
  return (type, text) => {
    if (VERBOSE || type === 'pageerror') for (const l of text.split('\n')) console.log(`  ${phase} (browser ${type}) | ${l}`);
  };
}

function printResult(phase, result) {
  say(`${phase}: ${result.passed.length} passed, ${result.failed.length} failed, ${result.pending.length} pending (VS Code ${result.vscodeVersion}, ${result.uiKind}; Hardline from ${result.extensionPath})`);
  for (const p of result.pending) say(`  pending: ${p.title}`);
  for (const f of result.failed) {
    say(`  FAILED: ${f.title}`);
    console.log(`${f.stack ?? f.error}`.split('\n').map((l) => `      ${l}`).join('\n'));
  }
  if (result.error) say(`  suite error: ${result.error}`);
}

/** Extension-host suite in one session; returns the parsed result. */
async function hostSuite(phase, { index, extensionsDir, developmentPath, expectExtensionPath }) {
  const logDir = join(OUT, phase);
  rmSync(logDir, { recursive: true, force: true });
  const resultPath = join(logDir, 'result.json');
  const hostLog = join(logDir, 'mocha.log');
  // The extension host's console (mocha's spec reporter and any extension output), live.
  const follow = follower(hostLog, (line) => console.log(`  ${phase} | ${line}`));
  const session = new Session({
    name: phase,
    logDir,
    workspace: '',
    extensionsDir,
    relay: relay(phase),
    env: {
      HARDLINE_E2E_RESULT: resultPath,
      HARDLINE_E2E_CONSOLE: hostLog,
      ...(args.grep ? { HARDLINE_E2E_GREP: args.grep } : {}),
      ...(expectExtensionPath ? { HARDLINE_E2E_EXPECT_EXTENSION_PATH: expectExtensionPath } : {}),
    },
  });
  let ok = false;
  try {
    session.o.workspace = copyWorkspace(join(session.temp, 'workspace'));
    await session.start();
    await session.openWorkbench([
      ['extensionDevelopmentPath', session.remote(developmentPath)],
      ['extensionTestsPath', session.remote(index)],
    ]);
    await session.waitForFile(resultPath, TIMEOUT_MS, follow);
    follow(true);
    const result = JSON.parse(readFileSync(resultPath, 'utf8'));
    printResult(phase, result);
    ok = result.ok;
    return result;
  } catch (error) {
    follow(true);
    say(`${phase}: ERROR ${error.message}`);
    say(`last code-server output (${session.codeServerLogPath}):\n${session.tail(40)}`);
    throw error;
  } finally {
    await session.close({ keepTemp: args.keep || !ok });
    if (!ok) {
      const output = join(logDir, 'hardline-output.log');
      if (existsSync(output)) say(`last lines of the Hardline output channel (${output}):\n${readFileSync(output, 'utf8').split('\n').slice(-40).join('\n')}`);
      say(`${phase}: logs in ${logDir} (mocha.log, hardline-output.log, extension-host.log, code-server.log, console.log); temporary folder kept: ${session.temp}`);
    }
  }
}

/** Package into test-output (not the repo root, where another `npm run package` may be writing). */
function packageVsix() {
  if (args.vsix) return resolve(args.vsix);
  const file = join(OUT, 'hardline-e2e.vsix');
  sh('node', ['scripts/package.mjs', '--out', file]);
  return file;
}

function installVsix(vsix, extensionsDir) {
  mkdirSync(extensionsDir, { recursive: true });
  sh(process.execPath, [CODE_SERVER_ENTRY, '--extensions-dir', extensionsDir, '--install-extension', vsix]);
  const installed = readdirSync(extensionsDir).filter((d) => d.startsWith('hardline.hardline-'));
  if (installed.length !== 1) throw new Error(`expected one installed hardline.hardline-* in ${extensionsDir}, found ${installed.join(', ') || 'none'}`);
  return join(extensionsDir, installed[0]);
}

async function main() {
  const timings = {};
  let t = Date.now();
  if (!args['no-install']) ensureAll();
  else if (!existsSync(CODE_SERVER_ENTRY)) throw new Error('code-server is not installed (run without --no-install)');
  timings.install = Date.now() - t;
  t = Date.now();
  if (!args['no-build']) sh('npm', ['run', '--silent', 'build']);
  const index = await bundleSuite();
  timings.build = Date.now() - t;

  const failures = [];
  for (const phase of PHASES) {
    t = Date.now();
    say(`== ${phase}`);
    try {
      if (phase === 'source') {
        const r = await hostSuite('source', { index, developmentPath: ROOT });
        if (!r.ok) failures.push(phase);
      } else if (phase === 'ui') {
        await uiSmoke({ outDir: join(OUT, 'ui'), fixtures: FIXTURES, keep: args.keep, relay: relay('ui') });
      } else if (phase === 'vsix') {
        const vsix = packageVsix();
        const extensionsDir = join(OUT, 'vsix-extensions');
        rmSync(extensionsDir, { recursive: true, force: true });
        const installedPath = installVsix(vsix, extensionsDir);
        say(`installed ${vsix} as ${installedPath}`);
        // The suite runs from inside the installed extension's folder, so that VS Code hands it the
        // same \`vscode\` API object as Hardline (the picker test stubs window.showQuickPick on it),
        // exactly as in the source phase. Only this copy is added; the package is as installed.
        const suiteInside = join(installedPath, '.e2e-suite');
        cpSync(SUITE_OUT, suiteInside, { recursive: true });
        const r = await hostSuite('vsix', { index: join(suiteInside, 'index.js'), extensionsDir, developmentPath: VSIX_HOST, expectExtensionPath: installedPath });
        if (!r.ok) failures.push(phase);
      }
    } catch (error) {
      say(`${phase} failed: ${error.stack ?? error.message}`);
      failures.push(phase);
    }
    timings[phase] = Date.now() - t;
  }
  timings.total = Date.now() - t0;
  say(`timings: ${Object.entries(timings).map(([k, v]) => `${k} ${secs(v)}`).join(', ')}`);
  if (failures.length > 0) {
    say(`FAILED: ${failures.join(', ')}`);
    process.exit(1);
  }
  say('all e2e phases passed');
}

main().catch((error) => {
  console.error('[e2e]', error.stack ?? error.message);
  process.exit(1);
});
