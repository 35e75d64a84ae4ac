/**
 * No silent network, nothing from the workspace executed or required. The
 * whole test corpus (every Dockerfile and manifest) goes through the CLI (the
 * built bundle, with a preload that makes every outbound connection, DNS
 * lookup, child process and require of a workspace file fail loudly and be
 * logged) and through the language server (in this process, with the same
 * guard installed), including the fixes, hovers and the user-invoked network
 * feature with `hardline.network.allow` left off. The workspace holds decoys:
 * a `.hardline.yaml` with JavaScript-looking content and YAML code tags, and
 * JavaScript files that would report themselves if they were ever loaded.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver/node';
import { PIN_DIGEST_METHOD } from '../../server/src/protocol';
import { FULL_CAPABILITIES, ROOT, TestClient } from '../lsp/harness';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { install } = require('./networkGuard.cjs') as { install: (record: (kind: string, detail: string) => void, options?: { watchedDirs?: string[] }) => () => void };

const GUARD = join(__dirname, 'networkGuard.cjs');
const CLI = join(ROOT, 'server/out/cli.js');

/** A workspace with the whole corpus and decoys that must never run. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hardline-no-network-'));
  // Each Dockerfile in its own folder under its real name, as the CLI finds them in a repository.
  for (const name of readdirSync(join(ROOT, 'test/corpus/dockerfiles'))) {
    const base = name.split('__').pop()!;
    const folder = join(dir, 'dockerfiles', name.replace(/__[^_]*$/, ''));
    mkdirSync(folder, { recursive: true });
    cpSync(join(ROOT, 'test/corpus/dockerfiles', name), join(folder, /^(docker|container)file/i.test(base) || /\.(docker|container)file$/i.test(base) ? base : 'Dockerfile'));
  }
  cpSync(join(ROOT, 'test/corpus/k8s'), join(dir, 'k8s'), { recursive: true });
  const tripwire = `require('node:fs').appendFileSync(${JSON.stringify(join(dir, 'EXECUTED'))}, __filename + '\\n'); module.exports = {};\n`;
  writeFileSync(
    join(dir, '.hardline.yaml'),
    [
      '# Data, never code: none of this may run.',
      'rules:',
      '  dockerfile/pin-digest: !!js/function "function () { require(\'child_process\').execSync(\'curl https://example.com\') }"',
      '  dockerfile/no-root-user: warning',
      'trustedRegistries: [gcr.io, cgr.dev, docker.io]',
      'plugins: [./hardline.config.js]',
      'extends: ./node_modules/hardline-preset',
      'onLoad: !!python/object/apply:os.system ["curl https://example.com"]',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'hardline.config.js'), tripwire);
  writeFileSync(join(dir, '.hardline.js'), tripwire);
  mkdirSync(join(dir, 'node_modules/hardline-preset'), { recursive: true });
  writeFileSync(join(dir, 'node_modules/hardline-preset/index.js'), tripwire);
  writeFileSync(join(dir, '.dockerignore'), '.git\n.env\n');
  return dir;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

function executed(dir: string): string {
  try {
    return readFileSync(join(dir, 'EXECUTED'), 'utf8');
  } catch {
    return '';
  }
}

describe('the network guard itself', () => {
  it('logs and fails every kind of outbound attempt, and lets loopback through', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hardline-guard-'));
    const log = join(dir, 'guard.log');
    writeFileSync(join(dir, 'watched.js'), 'module.exports = 1;\n');
    const script = `
      const attempts = [
        () => require('node:https').get('https://registry-1.docker.io/v2/'),
        () => require('node:http').request({ host: 'example.com', path: '/' }),
        () => require('node:net').connect(443, 'example.com'),
        () => require('node:tls').connect({ host: 'example.com', port: 443 }),
        () => require('node:dns').lookup('example.com', () => {}),
        () => require('node:child_process').execSync('true'),
        () => require(${JSON.stringify(join(dir, 'watched.js'))}),
      ];
      for (const attempt of attempts) { try { attempt(); } catch {} }
      fetch('https://example.com').catch(() => {});
      const local = require('node:net').connect(9, '127.0.0.1'); local.on('error', () => {});
    `;
    const out = spawnSync(process.execPath, ['--require', GUARD, '-e', script], { env: { ...process.env, HARDLINE_GUARD_LOG: log, HARDLINE_GUARD_WATCH: dir }, encoding: 'utf8' });
    expect(out.status, out.stderr).toBe(0);
    const kinds = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l).kind);
    expect(kinds).toEqual(['armed', 'https', 'http', 'connect', 'tls', 'dns', 'exec', 'require', 'fetch']);
  });
});

describe('no network, nothing executed', () => {
  let dir: string;
  beforeAll(() => {
    dir = workspace();
  });

  it('the CLI checks and fixes the whole corpus without one outbound attempt', { timeout: 180_000 }, () => {
    const log = join(dir, 'cli-guard.log');
    for (const args of [
      ['check', '.', '--format', 'json', '--fail-on', 'none'],
      ['check', '.', '--fix-dry-run', '--fail-on', 'none'],
    ]) {
      const out = spawnSync(process.execPath, ['--require', GUARD, CLI, ...args], {
        cwd: dir,
        env: { ...process.env, HARDLINE_GUARD_LOG: log, HARDLINE_GUARD_WATCH: dir },
        encoding: 'utf8',
        maxBuffer: 512 * 1024 * 1024,
      });
      expect(out.status, out.stderr.slice(0, 2000)).toBe(0);
      if (args[3] === 'json') {
        const report = JSON.parse(out.stdout) as { files: { path: string }[] };
        expect(report.files.filter((f) => f.path.startsWith('dockerfiles/')).length).toBeGreaterThanOrEqual(270);
        expect(report.files.filter((f) => f.path.startsWith('k8s/')).length).toBeGreaterThanOrEqual(150);
      }
      // The config's code tags and unknown keys are reported as config problems (text: on stderr), not run.
      if (args.includes('--fix-dry-run')) {
        expect(out.stderr).toMatch(/^\.hardline\.yaml:3:\d+: error: Rule "dockerfile\/pin-digest": expected off, info, warning or error\. \(config-error; ignored\)$/m);
        expect(out.stderr).toMatch(/^\.hardline\.yaml:6:1: warning: Unknown key "plugins"/m);
      }
    }
    const entries = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; detail: string });
    expect(entries.filter((e) => e.kind !== 'armed')).toEqual([]);
    expect(entries.filter((e) => e.kind === 'armed').length).toBeGreaterThanOrEqual(2);
    expect(executed(dir)).toBe('');
  });

  describe('the language server (in this process)', () => {
    const attempts: string[] = [];
    let uninstall: () => void = () => {};
    beforeAll(() => {
      uninstall = install((kind, detail) => attempts.push(`${kind} ${detail}`), { watchedDirs: [dir] });
    });
    afterAll(() => uninstall());

    it('checks every corpus file, answers code actions, hovers and pin requests without one outbound attempt', { timeout: 180_000 }, async () => {
      const client = new TestClient();
      // Network features stay off (the default); a pin request must say so, not go online.
      client.configuration = () => ({ network: { allow: false } });
      await client.initialize({ ...FULL_CAPABILITIES, textDocument: { ...FULL_CAPABILITIES.textDocument, codeAction: { resolveSupport: { properties: ['edit'] } } } }, [{ uri: pathToFileURL(dir).href, name: 'ws' }]);
      const documents = files(dir).filter((f) => /(dockerfiles|k8s)\//.test(f));
      let diagnostics = 0;
      for (const [k, path] of documents.entries()) {
        const uri = pathToFileURL(path).href;
        const languageId = path.includes('/k8s/') ? 'yaml' : 'dockerfile';
        await client.open(uri, readFileSync(path, 'utf8'), languageId);
        const published = await client.nextDiagnostics(uri, 30_000).catch(() => null);
        // Not every YAML file holds Kubernetes objects: those get no publication at all.
        if (!published) continue;
        diagnostics += published.diagnostics.length;
        if (k % 4 === 0) {
          for (const d of published.diagnostics.slice(0, 5) as Diagnostic[]) {
            await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
            await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: d.range.start });
          }
          if (languageId === 'dockerfile') await client.connection.sendRequest(PIN_DIGEST_METHOD, { textDocument: { uri } });
        }
        await client.close(uri);
      }
      await client.dispose();
      expect(diagnostics).toBeGreaterThan(1000);
      expect(attempts).toEqual([]);
      expect(executed(dir)).toBe('');
    });
  });
});
