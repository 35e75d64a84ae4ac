#!/usr/bin/env node
/**
 * Installs what the real-editor tests need, idempotently, without downloading anything
 * except through apt and npm:
 *   - Debian packages: chromium (the browser playwright drives), ripgrep (seeds
 *     @vscode/ripgrep, whose postinstall would otherwise download from GitHub), libkrb5-dev
 *     (code-server's kerberos module builds from source) and neovim (the second LSP client);
 *   - code-server 4.100.3 (VS Code 1.100.3, the newest that runs on Node 20) into
 *     .cache/e2e/code-server-<version>/, reused while its marker file is present.
 *
 * Usage: node scripts/e2e/install.mjs [--no-apt] [--force]
 * Prints the code-server entry point on the last line of stdout.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync, chmodSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CODE_SERVER_VERSION = '4.100.3';
export const CACHE = join(ROOT, '.cache/e2e');
export const CODE_SERVER_DIR = join(CACHE, `code-server-${CODE_SERVER_VERSION}`);
export const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'node_modules/code-server/out/node/entry.js');
const MARKER = join(CODE_SERVER_DIR, '.installed');
// What code-server 4.100.3's @vscode/ripgrep postinstall looks for before going to GitHub.
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_RELEASE = 'v13.0.0-10';

/** Candidate executables for the browser, in order of preference. */
export const CHROMIUM_CANDIDATES = [process.env.HARDLINE_E2E_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean);

const log = (...args) => console.error('[e2e install]', ...args);

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function run(cmd, args, options = {}) {
  log('$', cmd, args.join(' '));
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

export function chromiumPath() {
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p));
}

export function codeServerInstalled() {
  if (!existsSync(MARKER) || !existsSync(CODE_SERVER_ENTRY)) return false;
  try {
    const pkg = JSON.parse(readFileSync(join(CODE_SERVER_DIR, 'node_modules/code-server/package.json'), 'utf8'));
    return pkg.version === CODE_SERVER_VERSION;
  } catch {
    return false;
  }
}

/** Debian packages that are missing, given what this run needs. */
function missingPackages({ needBuildHeaders }) {
  const missing = [];
  if (!chromiumPath()) missing.push('chromium');
  if (!which('rg')) missing.push('ripgrep');
  if (!which('nvim')) missing.push('neovim');
  if (needBuildHeaders && !existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  return missing;
}

export function ensureDebianPackages({ needBuildHeaders = !codeServerInstalled(), apt = true } = {}) {
  const missing = missingPackages({ needBuildHeaders });
  if (missing.length === 0) return;
  const root = process.getuid?.() === 0;
  const sudo = !root && which('sudo') ? ['sudo', '-n'] : [];
  const canApt = apt && which('apt-get') && (root || sudo.length > 0);
  if (!canApt) {
    throw new Error(
      `missing Debian packages: ${missing.join(' ')}. Install them with\n  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const aptGet = (...argv) => (sudo.length > 0 ? run(sudo[0], [...sudo.slice(1), 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...argv]) : run('apt-get', argv, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }));
  aptGet('update', '-qq');
  aptGet('install', '-y', '-qq', ...missing);
}

/** Place a tarball of Debian's rg where @vscode/ripgrep's postinstall looks before downloading. */
function seedRipgrep(tmpdir) {
  const rg = which('rg');
  if (!rg) throw new Error('ripgrep (rg) is needed to seed @vscode/ripgrep; install the Debian package ripgrep');
  const target = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' }[process.arch];
  if (process.platform !== 'linux' || !target) throw new Error(`the e2e installer supports Linux x64/arm64, not ${process.platform}/${process.arch}`);
  const cacheDir = join(tmpdir, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const tarball = join(cacheDir, `ripgrep-${RIPGREP_RELEASE}-${target}.tar.gz`);
  if (existsSync(tarball)) return;
  const staging = join(tmpdir, 'rg-staging');
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  mkdirSync(cacheDir, { recursive: true });
  copyFileSync(rg, join(staging, 'rg'));
  chmodSync(join(staging, 'rg'), 0o755);
  run('tar', ['-czf', tarball, '-C', staging, 'rg']);
  rmSync(staging, { recursive: true, force: true });
}

export function ensureCodeServer({ force = false } = {}) {
  if (!force && codeServerInstalled()) {
    log(`code-server ${CODE_SERVER_VERSION} already installed in ${CODE_SERVER_DIR}`);
    return CODE_SERVER_ENTRY;
  }
  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${CODE_SERVER_DIR} (about a minute)`);
  rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  mkdirSync(CODE_SERVER_DIR, { recursive: true });
  // Its own package.json, so npm never walks up into the project.
  writeFileSync(join(CODE_SERVER_DIR, 'package.json'), JSON.stringify({ name: 'hardline-e2e-code-server', private: true }, null, 2));
  const tmpdir = join(CACHE, 'tmp');
  mkdirSync(tmpdir, { recursive: true });
  seedRipgrep(tmpdir);
  const env = {
    ...process.env,
    TMPDIR: tmpdir,
    npm_config_unsafe_perm: 'true', // root + npm 11: lifecycle scripts need it
    npm_config_yes: 'true', // node-pty's install runs `npx node-gyp`
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
    npm_config_package_lock: 'false',
  };
  run('npm', ['install', '--no-save', '--prefix', CODE_SERVER_DIR, `code-server@${CODE_SERVER_VERSION}`], { env, cwd: CODE_SERVER_DIR });
  const rgBin = join(CODE_SERVER_DIR, 'node_modules/@vscode/ripgrep/bin/rg');
  const rgBinNested = join(CODE_SERVER_DIR, 'node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg');
  if (!existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server install finished but ${CODE_SERVER_ENTRY} is missing`);
  if (![rgBin, rgBinNested, join(CODE_SERVER_DIR, 'node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep-linux-x64/bin/rg')].some((p) => existsSync(p))) log('warning: @vscode/ripgrep has no rg binary (search in the workbench will not work; tests do not need it)');
  writeFileSync(MARKER, `${CODE_SERVER_VERSION}\n${new Date().toISOString()}\n`);
  log(`code-server installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return CODE_SERVER_ENTRY;
}

export function ensureAll({ apt = true, force = false } = {}) {
  ensureDebianPackages({ apt, needBuildHeaders: force || !codeServerInstalled() });
  return ensureCodeServer({ force });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const entry = ensureAll({ apt: !process.argv.includes('--no-apt'), force: process.argv.includes('--force') });
    console.log(entry);
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
