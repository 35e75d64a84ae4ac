/**
 * A second, independent LSP client: Neovim (Debian's 0.7.2, headless) starts
 * `node server/out/server.js --stdio`, opens the files, receives the pushed diagnostics and
 * applies the first code action's edit (test/neovim/client.lua). It proves the server needs
 * nothing VS Code-specific: no pull diagnostics, edits rather than commands, clean stdout.
 *
 * Needs `nvim` (apt-get install neovim) and a build (`npm run build`). Without nvim the test is
 * skipped with a message, except in CI (CI or HARDLINE_REQUIRE_NEOVIM=1 set), where it must run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const SERVER = join(ROOT, 'server/out/server.js');
const CLIENT = join(ROOT, 'test/neovim/client.lua');
const README_CHECK = join(ROOT, 'test/neovim/readme-config.lua');
const nvim = spawnSync('sh', ['-c', 'command -v nvim'], { encoding: 'utf8' }).stdout.trim();
/** In CI (or with HARDLINE_REQUIRE_NEOVIM=1, which .ci/run sets) a missing nvim is a failure, not a skip. */
const required = Boolean(process.env.CI) || process.env.HARDLINE_REQUIRE_NEOVIM === '1';
if (!nvim && !required) console.warn('[neovim] skipped: nvim is not installed (apt-get install neovim); in CI this test fails instead');

interface Diagnostic {
  code: string;
  source: string;
  severity: string;
  range: [number, number, number, number];
  message: string;
}
interface FileResult {
  path: string;
  filetype: string;
  before: Diagnostic[];
  actions: { title: string; kind: string; has_edit: boolean; has_command: boolean }[];
  text: string;
  after: Diagnostic[];
}
interface Result {
  nvim: string;
  files: FileResult[];
  errors: string[];
  published: number;
  exit?: { code: number; signal: number };
}

const short = (ds: Diagnostic[]) => ds.map((d) => `${d.code} ${d.severity} ${d.range.join(':')}`);

const FILES = {
  'Dockerfile': 'FROM node:22\nWORKDIR /app\nADD . /app\nRUN npm install\nCMD node server.js\n',
  'svc/Containerfile': 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY app.py .\nENTRYPOINT python app.py\n',
  'svc/.dockerignore': '.git\n.env*\n',
  'k8s/deployment.yaml': readFileSync(join(ROOT, 'test/e2e/fixtures/workspace/k8s/deployment.yaml'), 'utf8'),
};

let workspace: string;
let result: Result;
let exitCode: number | null;
let stderr = '';

describe.skipIf(!nvim && !required)('Neovim 0.7 as the LSP client (node server/out/server.js --stdio)', () => {
  beforeAll(async () => {
    if (!nvim) throw new Error('nvim is not installed, and CI / HARDLINE_REQUIRE_NEOVIM is set: install it (apt-get install neovim)');
    if (!existsSync(SERVER)) throw new Error('server/out/server.js is missing: run `npm run build` first');
    workspace = mkdtempSync(join(tmpdir(), 'hardline-nvim-'));
    for (const [rel, text] of Object.entries(FILES)) {
      const file = join(workspace, rel);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    const resultPath = join(workspace, 'result.json');
    const child = spawn(nvim, ['--headless', '--clean', '-n', '-c', `luafile ${CLIENT}`], {
      cwd: workspace,
      env: {
        ...process.env,
        HARDLINE_NVIM_SERVER: SERVER,
        HARDLINE_NVIM_ROOT: workspace,
        // file@line: where the first code action is requested
        HARDLINE_NVIM_FILES: [`${join(workspace, 'Dockerfile')}@2`, `${join(workspace, 'svc/Containerfile')}@3`, `${join(workspace, 'k8s/deployment.yaml')}@33`].join(';'),
        HARDLINE_NVIM_RESULT: resultPath,
        HARDLINE_NVIM_TIMEOUT: '40000',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // Belt and braces: the Lua script has its own deadline; this one kills Neovim if even that fails.
    const killer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    exitCode = await new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    clearTimeout(killer);
    if (!existsSync(resultPath)) throw new Error(`Neovim wrote no result (exit ${exitCode}); stderr:\n${stderr}`);
    result = JSON.parse(readFileSync(resultPath, 'utf8')) as Result;
  }, 60_000);

  afterAll(() => {
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('runs to the end without errors, and the server exits cleanly after shutdown', () => {
    expect(result.errors, stderr).toEqual([]);
    expect(exitCode).toBe(0);
    expect(result.nvim).toMatch(/^0\.\d+\.\d+$/);
    expect(result.exit).toEqual({ code: 0, signal: 0 });
  });

  it('gets pushed diagnostics for a Dockerfile, with codes, severities and exact ranges', () => {
    const file = result.files[0];
    expect(file.filetype).toBe('dockerfile');
    expect(short(file.before)).toEqual([
      'dockerfile/minimal-base warning 0:5:0:12',
      'dockerfile/no-root-user warning 0:5:0:12',
      'dockerfile/pin-digest info 0:5:0:12',
      'dockerfile/add-instead-of-copy warning 2:0:2:3',
      'dockerfile/missing-dockerignore warning 2:4:2:5',
      'dockerfile/build-tools-in-runtime warning 3:4:3:15',
      'dockerfile/exec-form-cmd warning 4:4:4:18',
    ]);
    expect(file.before.every((d) => d.source === 'hardline')).toBe(true);
    expect(result.published).toBeGreaterThanOrEqual(6); // three opens, three edits: all pushed
  });

  it('offers code actions that carry edits, never bare commands, with the safe fix first', () => {
    const file = result.files[0];
    expect(file.actions.map((a) => a.title)).toEqual([
      'Fix: Replace ADD with COPY',
      'Ignore dockerfile/add-instead-of-copy for this instruction',
      'Ignore dockerfile/add-instead-of-copy in this file',
      'Ignore dockerfile/missing-dockerignore for this instruction',
      'Ignore dockerfile/missing-dockerignore in this file',
    ]);
    for (const a of file.actions) expect(a).toMatchObject({ kind: 'quickfix', has_edit: true, has_command: false });
  });

  it('applies the first code action exactly, and the server re-checks the edited buffer', () => {
    const file = result.files[0];
    expect(file.text).toBe('FROM node:22\nWORKDIR /app\nCOPY . /app\nRUN npm install\nCMD node server.js\n');
    expect(short(file.after)).toEqual([
      'dockerfile/minimal-base warning 0:5:0:12',
      'dockerfile/no-root-user warning 0:5:0:12',
      'dockerfile/pin-digest info 0:5:0:12',
      'dockerfile/missing-dockerignore warning 2:5:2:6',
      'dockerfile/build-tools-in-runtime warning 3:4:3:15',
      'dockerfile/exec-form-cmd warning 4:4:4:18',
    ]);
  });

  it('checks a Containerfile too, and converts its ENTRYPOINT to exec form', () => {
    const file = result.files[1];
    expect(file.filetype).toBe('dockerfile');
    expect(short(file.before)).toEqual([
      'dockerfile/no-root-user warning 0:5:0:21',
      'dockerfile/pin-digest info 0:5:0:21',
      'dockerfile/exec-form-cmd warning 3:11:3:24',
    ]);
    expect(file.actions[0].title).toMatch(/^Fix: /);
    expect(file.text).toBe('FROM python:3.12-slim\nWORKDIR /srv\nCOPY app.py .\nENTRYPOINT ["python", "app.py"]\n');
    expect(short(file.after)).toEqual(['dockerfile/no-root-user warning 0:5:0:21', 'dockerfile/pin-digest info 0:5:0:21']);
  });

  it('checks a Kubernetes manifest (filetype yaml) and applies the securityContext suggestion', () => {
    const file = result.files[2];
    expect(file.filetype).toBe('yaml');
    expect(short(file.before)).toEqual(['k8s/run-as-non-root warning 33:10:33:25']);
    expect(file.actions.map((a) => a.title)).toEqual([
      'Set `runAsNonRoot: true` for the whole pod (spec.securityContext)',
      'Set `runAsNonRoot: true` in container "web"',
      'Ignore k8s/run-as-non-root for this object',
      'Ignore k8s/run-as-non-root in this file',
    ]);
    for (const a of file.actions) expect(a).toMatchObject({ kind: 'quickfix', has_edit: true, has_command: false });
    expect(file.text).toBe(FILES['k8s/deployment.yaml'].replace('          type: RuntimeDefault\n', '          type: RuntimeDefault\n        runAsNonRoot: true\n'));
    expect(file.after).toEqual([]);
  });

  it("the README's Neovim configuration works as written (loaded with -u, path filled in)", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /Neovim 0\.7 or newer[\s\S]*?```lua\n([\s\S]*?)```/.exec(readme);
    expect(block, 'README has no Neovim configuration block').not.toBeNull();
    const placeholder = '/path/to/hardline/server/out/server.js';
    expect(block![1]).toContain(placeholder);
    const init = join(workspace, 'init.lua');
    writeFileSync(init, block![1].replace(placeholder, SERVER));
    const out = join(workspace, 'readme-result.json');
    const child = spawn(nvim, ['--headless', '-n', '-i', 'NONE', '-u', init, '-c', `luafile ${README_CHECK}`], {
      cwd: workspace,
      env: { ...process.env, HARDLINE_NVIM_OPEN: join(workspace, 'Dockerfile'), HARDLINE_NVIM_RESULT: out },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    clearTimeout(killer);
    expect(code, err).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({
      clients: ['hardline'],
      filetype: 'dockerfile',
      codes: [
        'dockerfile/add-instead-of-copy',
        'dockerfile/build-tools-in-runtime',
        'dockerfile/exec-form-cmd',
        'dockerfile/minimal-base',
        'dockerfile/missing-dockerignore',
        'dockerfile/no-root-user',
        'dockerfile/pin-digest',
      ],
    });
  }, 40_000);
});
