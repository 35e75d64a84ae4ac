/**
 * The package users install: `npm run package` (scripts/package.mjs) builds the .vsix, and it
 * holds only the bundles, docs, snippets, icon, README, LICENSE, CHANGELOG, third-party notices
 * and package.json; no sources, node_modules, tests or source maps. The bundles run on their own.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip, type ZipEntry } from '../../scripts/package-zip.mjs';
import { allRules } from '../../server/src/engine/registry';

const ROOT = resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
/** Budget for the compressed package; it was about 400 KiB when this test was written. */
const MAX_VSIX_BYTES = 1024 * 1024;

let temp: string;
let vsix: string;
let entries: ZipEntry[];
let files: string[]; // paths inside extension/

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
}

beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'hardline-vsix-'));
  vsix = join(temp, 'hardline.vsix');
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/package.mjs'), '--out', vsix], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run package failed:\n${r.stdout}\n${r.stderr}`);
  entries = readZip(vsix);
  files = entries.filter((e) => e.name.startsWith('extension/')).map((e) => e.name.slice('extension/'.length)).sort();
  console.log(`vsix: ${statSync(vsix).size} bytes, ${files.length} files`);
}, 180_000);

afterAll(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
});

const read = (path: string) => {
  const entry = entries.find((e) => e.name === `extension/${path}`);
  if (!entry) throw new Error(`extension/${path} is not in the vsix`);
  return entry.read();
};

describe('the .vsix', () => {
  it('holds exactly the bundles, docs, snippets, icon and the legal and manifest files', () => {
    const docs = walk(join(ROOT, 'docs')).map((f) => relative(ROOT, f).split('\\').join('/'));
    const snippets = ((manifest.contributes.snippets ?? []) as { path: string }[]).map((s) => s.path.replace(/^\.\//, ''));
    const expected = [
      'package.json',
      'readme.md',
      'LICENSE.txt',
      'changelog.md',
      'THIRD_PARTY_NOTICES.md',
      manifest.icon,
      'client/out/extension.js',
      'server/out/server.js',
      'server/out/cli.js',
      ...docs,
      ...snippets,
    ].sort();
    expect(files).toEqual(expected);
    expect(entries.map((e) => e.name).filter((n) => !n.startsWith('extension/')).sort()).toEqual(['[Content_Types].xml', 'extension.vsixmanifest']);
  });

  it('has no sources, node_modules, tests or source maps', () => {
    const forbidden = files.filter((f) => /(^|\/)(src|node_modules|test|tests|\.vscode|\.cache)\//.test(f) || /\.(ts|map|mts|cts)$/.test(f) || /\.test\./.test(f));
    expect(forbidden).toEqual([]);
    for (const bundle of ['client/out/extension.js', 'server/out/server.js', 'server/out/cli.js']) {
      expect(read(bundle).toString('utf8')).not.toMatch(/sourceMappingURL=/);
    }
  });

  it('has a rule page for every registered rule (diagnostics link to them)', () => {
    for (const rule of allRules) expect(files, rule.meta.id).toContain(`docs/rules/${rule.meta.id}.md`);
  });

  it('ships the manifest without build scripts, with the same contributions, and an icon that is a PNG', () => {
    const shipped = JSON.parse(read('package.json').toString('utf8'));
    expect(shipped.scripts).toBeUndefined();
    expect(shipped.devDependencies).toBeUndefined();
    const { scripts: _s, devDependencies: _d, ...rest } = manifest;
    expect(shipped).toEqual(rest);
    expect(files).toContain(shipped.main.replace(/^\.\//, ''));
    const icon = read(shipped.icon);
    expect(icon.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(icon.readUInt32BE(16)).toBeGreaterThanOrEqual(128); // width: the Marketplace needs at least 128 px
  });

  it(`stays under ${MAX_VSIX_BYTES / 1024} KiB`, () => {
    expect(statSync(vsix).size).toBeLessThan(MAX_VSIX_BYTES);
  });

  it('its bundles are self-contained: the CLI and the server run from the extracted package alone', async () => {
    const dir = join(temp, 'extracted');
    for (const f of files) {
      const target = join(dir, f);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, read(f));
    }
    const rules = spawnSync(process.execPath, [join(dir, 'server/out/cli.js'), 'rules', '--format', 'json'], { cwd: temp, encoding: 'utf8' });
    expect(rules.status, rules.stderr).toBe(0);
    const listed = (JSON.parse(rules.stdout) as { rules: { id: string }[] }).rules.map((r) => r.id);
    expect(listed).toEqual(allRules.map((r) => r.meta.id));

    const dockerfile = join(temp, 'Dockerfile');
    writeFileSync(dockerfile, 'FROM node:22\nADD . /app\n');
    const check = spawnSync(process.execPath, [join(dir, 'server/out/cli.js'), 'check', dockerfile, '--format', 'json', '--fail-on', 'none'], { cwd: temp, encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
    const ids = JSON.parse(check.stdout).files[0].findings.map((f: { ruleId: string }) => f.ruleId);
    expect(ids).toContain('dockerfile/add-instead-of-copy');

    // The server speaks LSP on stdio: initialize gets its capabilities back, shutdown + exit end it with 0.
    const frame = (message: object) => {
      const body = JSON.stringify({ jsonrpc: '2.0', ...message });
      return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    };
    const server = spawn(process.execPath, [join(dir, 'server/out/server.js'), '--stdio'], { cwd: temp });
    let stdout = '';
    const exited = new Promise<number | null>((done) => server.on('exit', (code) => done(code)));
    const answered = (id: number) =>
      new Promise<void>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no answer to request ${id}; stdout: ${stdout}`)), 20_000);
        const check = () => {
          if (stdout.includes(`"id":${id}`)) {
            clearTimeout(timer);
            done();
          }
        };
        server.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString('utf8');
          check();
        });
      });
    const initialized = answered(1);
    server.stdin.write(frame({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
    await initialized;
    expect(stdout).toMatch(/"codeActionProvider"/);
    expect(stdout).toMatch(/"name":"hardline"/);
    const shutDown = answered(2);
    server.stdin.write(frame({ id: 2, method: 'shutdown' }));
    await shutDown;
    server.stdin.write(frame({ method: 'exit' }));
    expect(await exited).toBe(0);
  });
});
