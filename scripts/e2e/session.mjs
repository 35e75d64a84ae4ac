/**
 * One real VS Code session: code-server on 127.0.0.1 (its own user data, extensions and XDG
 * folders under a temporary directory) and a headless Debian chromium driven by
 * playwright-core that opens the workbench. Everything is torn down in `close()`, also on
 * failure or Ctrl+C: chromium, then code-server's whole process group.
 */
import { spawn } from 'node:child_process';
import { closeSync, copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath, CODE_SERVER_ENTRY } from './install.mjs';

/** User settings for a quiet, deterministic workbench. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'files.autoSave': 'off',
  'editor.codeActionWidget.includeNearbyQuickFixes': false,
  // The LSP traffic goes to the Hardline output channel, which is copied to the phase's log folder.
  'hardline.trace.server': 'messages',
};

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const live = new Set();
let handlersInstalled = false;
function installSignalHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, async () => {
      console.error(`\n[e2e] ${signal}: shutting down code-server and chromium`);
      await Promise.allSettled([...live].map((s) => s.close()));
      process.exit(130);
    });
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const delay = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolve `promise`, or reject with `message` after `ms`. */
export function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]).finally(() => clearTimeout(timer));
}

export class Session {
  /**
   * @param {object} o
   * @param {string} o.name            label, also the folder under logDir
   * @param {string} o.logDir          where code-server.log and console.log go (kept)
   * @param {string} o.workspace       folder opened in the workbench
   * @param {string} [o.extensionsDir] code-server --extensions-dir (default: empty temp dir)
   * @param {Record<string,string>} [o.env] extra environment of code-server (and so of the extension host)
   * @param {(line: string) => void} [o.relay] receives extension-host console lines
   */
  constructor(o) {
    this.o = o;
    this.temp = mkdtempSync(join(tmpdir(), `hardline-e2e-${o.name}-`));
    this.extensionsDir = o.extensionsDir ?? join(this.temp, 'extensions');
    this.userDataDir = join(this.temp, 'user-data');
    this.consoleLines = [];
    mkdirSync(o.logDir, { recursive: true });
    this.codeServerLogPath = join(o.logDir, 'code-server.log');
    this.consoleLogPath = join(o.logDir, 'console.log');
  }

  async start() {
    installSignalHandlers();
    live.add(this);
    const { o } = this;
    for (const d of [this.extensionsDir, join(this.userDataDir, 'User'), join(this.temp, 'xdg-config'), join(this.temp, 'xdg-data'), join(this.temp, 'xdg-cache')]) {
      mkdirSync(d, { recursive: true });
    }
    writeFileSync(join(this.userDataDir, 'User/settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
    this.port = await freePort();
    this.origin = `http://127.0.0.1:${this.port}`;
    const log = createWriteStream(this.codeServerLogPath);
    this.codeServerLog = log;
    this.codeServerOutput = [];
    this.proc = spawn(
      process.execPath,
      [
        CODE_SERVER_ENTRY,
        '--bind-addr', `127.0.0.1:${this.port}`,
        '--auth', 'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--user-data-dir', this.userDataDir,
        '--extensions-dir', this.extensionsDir,
      ],
      {
        detached: true, // its own process group: close() kills the extension host and the language server with it
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          XDG_CONFIG_HOME: join(this.temp, 'xdg-config'),
          XDG_DATA_HOME: join(this.temp, 'xdg-data'),
          XDG_CACHE_HOME: join(this.temp, 'xdg-cache'),
          ...o.env,
        },
      },
    );
    const capture = (chunk) => {
      log.write(chunk);
      this.codeServerOutput.push(chunk.toString());
      if (this.codeServerOutput.length > 400) this.codeServerOutput.shift();
    };
    this.proc.stdout.on('data', capture);
    this.proc.stderr.on('data', capture);
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));

    await this.waitUntilReady();

    const executablePath = chromiumPath();
    if (!executablePath) throw new Error('chromium not found (run node scripts/e2e/install.mjs)');
    this.browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
    this.page = await this.browser.newPage({ viewport: { width: 1280, height: 800 } });
    this.consoleLog = createWriteStream(this.consoleLogPath);
    this.page.on('console', (message) => this.onConsole(message.type(), message.text()));
    this.page.on('pageerror', (error) => this.onConsole('pageerror', error.stack ?? String(error)));
    this.pageClosed = new Promise((resolve) => this.page.on('close', resolve));
  }

  async waitUntilReady(timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    let exited;
    this.exited.then((e) => (exited = e));
    for (;;) {
      if (exited) throw new Error(`code-server exited early (${exited.code ?? exited.signal}):\n${this.tail()}`);
      try {
        const res = await fetch(`${this.origin}/healthz`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`code-server did not answer on ${this.origin} within ${timeoutMs / 1000} s:\n${this.tail()}`);
      await delay(100);
    }
  }

  onConsole(type, text) {
    const line = `[${type}] ${text}`;
    this.consoleLog?.write(`${line}\n`);
    this.consoleLines.push(line);
    if (this.consoleLines.length > 2000) this.consoleLines.shift();
    this.o.relay?.(type, text);
  }

  /** `vscode-remote://` URI of a server-side path, as the workbench payload expects. */
  remote(path) {
    return `vscode-remote://127.0.0.1:${this.port}${path}`;
  }

  /** Open the workbench on the workspace; `payload` pairs go to the `payload` query (extensionDevelopmentPath, extensionTestsPath). */
  async openWorkbench(payload = []) {
    const query = new URLSearchParams({ folder: this.o.workspace });
    if (payload.length > 0) query.set('payload', JSON.stringify(payload));
    this.url = `${this.origin}/?${query.toString()}`;
    await this.page.goto(this.url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  }

  /** Wait for `file` (written by the extension-host suite), failing early if code-server dies. */
  async waitForFile(file, timeoutMs, onTick = () => {}) {
    const deadline = Date.now() + timeoutMs;
    let exited;
    let pageClosedAt;
    this.exited.then((e) => (exited = e));
    this.pageClosed.then(() => (pageClosedAt = Date.now()));
    for (;;) {
      onTick();
      if (existsSync(file)) return onTick();
      if (exited) throw new Error(`code-server exited (${exited.code ?? exited.signal}) before the suite wrote ${file}`);
      // VS Code closes the page when run() settles; the file is written before that.
      if (pageClosedAt && Date.now() - pageClosedAt > 5_000) throw new Error('the workbench page closed but the suite wrote no result (did run() start? see the console above)');
      if (Date.now() > deadline) throw new Error(`no result after ${Math.round(timeoutMs / 1000)} s (hard timeout; raise it with HARDLINE_E2E_TIMEOUT_MS)`);
      await delay(200);
    }
  }

  /** Copy the extension's output channel (server log and LSP trace) and the extension-host log to logDir. */
  copyOutputChannels() {
    const logs = join(this.userDataDir, 'logs');
    if (!existsSync(logs)) return;
    const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
    for (const file of walk(logs)) {
      const name = basename(file);
      if (/^\d+-Hardline\.log$/.test(name)) copyFileSync(file, join(this.o.logDir, 'hardline-output.log'));
      else if (name === 'remoteexthost.log') copyFileSync(file, join(this.o.logDir, 'extension-host.log'));
    }
  }

  tail(lines = 60) {
    return this.codeServerOutput.join('').split('\n').slice(-lines).join('\n');
  }

  async close({ keepTemp = false } = {}) {
    if (this.closing) return this.closing;
    this.closing = (async () => {
      live.delete(this);
      if (this.browser) await withTimeout(this.browser.close(), 10_000, 'chromium did not close').catch((e) => console.error(`[e2e] ${e.message}`));
      if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) {
        const group = -this.proc.pid;
        try {
          process.kill(group, 'SIGTERM');
        } catch {
          // already gone
        }
        const done = await withTimeout(this.exited, 5_000, 'timeout').then(() => true, () => false);
        if (!done) {
          try {
            process.kill(group, 'SIGKILL');
          } catch {
            // already gone
          }
          await withTimeout(this.exited, 5_000, 'code-server survived SIGKILL').catch((e) => console.error(`[e2e] ${e.message}`));
        }
        // The process group may outlive its leader (extension host, language server): make sure it is gone.
        try {
          process.kill(group, 'SIGKILL');
        } catch {
          // no such group: all gone
        }
      }
      this.copyOutputChannels();
      await new Promise((r) => this.codeServerLog?.end(r) ?? r());
      await new Promise((r) => this.consoleLog?.end(r) ?? r());
      if (!keepTemp) rmSync(this.temp, { recursive: true, force: true });
    })();
    return this.closing;
  }
}

/** Follow a growing text file: each call hands the complete new lines to `onLine`. */
export function follower(path, onLine) {
  let offset = 0;
  let partial = '';
  return (flush = false) => {
    if (!existsSync(path)) return;
    const size = statSync(path).size;
    if (size > offset) {
      const fd = openSync(path, 'r');
      const buffer = Buffer.alloc(size - offset);
      readSync(fd, buffer, 0, buffer.length, offset);
      closeSync(fd);
      offset = size;
      partial += buffer.toString('utf8');
    }
    const lines = partial.split('\n');
    partial = flush ? '' : lines.pop();
    for (const line of lines) if (!flush || line !== '') onLine(line);
  };
}
