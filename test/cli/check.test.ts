import { chmodSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, onlyRules, tree } from './helpers';

const ROOT_USER = 'dockerfile/no-root-user';
const CLEAN = 'FROM alpine:3.20\nUSER 10001\n';
const ROOT = 'FROM node:22\n# the app binds port 80\nUSER root\nCMD ["node", "index.js"]\n';

describe('check --format text', () => {
  it('prints a header per file, aligned 1-based rows with the rule id, and the summary', () => {
    const dir = tree({
      '.hardline.yaml': onlyRules([ROOT_USER]),
      'svc/Dockerfile': ROOT,
      Containerfile: 'RUN echo hi\nFROM alpine:3.20\nUSER\n',
      'ok/Dockerfile': CLEAN,
    });
    const out = cli(['check'], dir);
    expect(out.stdout).toBe(
      [
        'Containerfile',
        '  1:1  error    RUN before the first FROM: only ARG may come before FROM.                   instruction-before-from',
        '  2:6  warning  The final image runs as root: alpine:3.20 runs as root and no USER is set.  dockerfile/no-root-user',
        '  3:1  error    USER requires an argument.                                                  missing-argument',
        '',
        'svc/Dockerfile',
        '  3:6  warning  The final image runs as root: USER root. A compromised process then owns the container.  dockerfile/no-root-user',
        '',
        '4 problems (2 errors, 2 warnings, 0 info) in 3 files; 0 fixable with --fix',
        '',
      ].join('\n'),
    );
    expect(out.stderr).toBe('');
    expect(out.status).toBe(1);
  });

  it('says so when there is nothing, and uses singulars', () => {
    const dir = tree({ '.hardline.yaml': onlyRules([ROOT_USER]), Dockerfile: CLEAN });
    expect(cli(['check'], dir)).toEqual({ status: 0, stdout: '0 problems (0 errors, 0 warnings, 0 info) in 1 file; 0 fixable with --fix\n', stderr: '' });
  });

  it('has no colour codes when not on a terminal, even without --no-color', () => {
    const dir = tree({ '.hardline.yaml': onlyRules([ROOT_USER]), Dockerfile: ROOT });
    expect(cli(['check'], dir).stdout).not.toMatch(/\u001b\[/);
  });

  it('prints config problems on stderr and ignores the bad entries', () => {
    const dir = tree({
      '.hardline.yaml': `${onlyRules([ROOT_USER])}bogus: true\n`.replace('rules:\n', 'rules:\n  dockerfile/no-such-rule: off\n  dockerfile/no-root-user: loud\n'),
      Dockerfile: ROOT,
    });
    const out = cli(['check', '--fail-on', 'none'], dir);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('dockerfile/no-root-user');
    const lines = out.stderr.trim().split('\n');
    expect(lines).toEqual([
      '.hardline.yaml:2:3: warning: Unknown rule "dockerfile/no-such-rule". (config-error; ignored)',
      expect.stringMatching(/^\.hardline\.yaml:3:28: error: Rule "dockerfile\/no-root-user": expected off, info, warning or error\. \(config-error; ignored\)$/),
      expect.stringMatching(/^\.hardline\.yaml:\d+:1: warning: Unknown key "bogus"/),
    ]);
  });
});

describe('exit codes', () => {
  const files = {
    '.hardline.yaml': onlyRules([ROOT_USER]),
    'clean/Dockerfile': CLEAN,
    'root/Dockerfile': ROOT,
  };

  it('0 when nothing reaches the threshold, 1 when something does', () => {
    const dir = tree(files);
    expect(cli(['check', 'clean'], dir).status).toBe(0);
    expect(cli(['check', 'root'], dir).status).toBe(1);
    expect(cli(['check'], dir).status).toBe(1);
  });

  it.each([
    ['error', 0],
    ['warning', 1],
    ['info', 1],
    ['none', 0],
  ] as const)('--fail-on %s with one warning exits %i', (level, code) => {
    expect(cli(['check', '--fail-on', level], tree(files)).status).toBe(code);
  });

  it('--fail-on counts the severity configured in .hardline.yaml, and parse errors', () => {
    const dir = tree({
      '.hardline.yaml': onlyRules([ROOT_USER]).replace('rules:\n', 'rules:\n  dockerfile/no-root-user: info\n'),
      Dockerfile: ROOT,
      'broken/Dockerfile': 'FROM alpine:3.20\nUSER 1\nFROBNICATE x\n',
    });
    expect(cli(['check', 'Dockerfile', '--fail-on', 'warning'], dir).status).toBe(0);
    expect(cli(['check', 'Dockerfile', '--fail-on', 'info'], dir).status).toBe(1);
    expect(cli(['check', 'broken', '--fail-on', 'error'], dir).status).toBe(1);
  });

  it('2 for usage errors, with a message on stderr', () => {
    const dir = tree(files);
    for (const args of [['check', '--format', 'xml'], ['lint'], [], ['check', '--bogus']]) {
      const out = cli(args, dir);
      expect(out.status).toBe(2);
      expect(out.stdout).toBe('');
      expect(out.stderr).toMatch(/^hardline: .+\nRun "hardline --help" for usage\.\n$/);
    }
  });

  it('2 for a missing path; the other files are still checked, and 2 wins over 1', () => {
    const dir = tree(files);
    const out = cli(['check', 'nope', 'root/Dockerfile'], dir);
    expect(out.status).toBe(2);
    expect(out.stderr).toBe('hardline: nope: no such file or directory\n');
    expect(out.stdout).toContain('root/Dockerfile\n  3:6  warning');
  });

  it('2 for an unreadable file; the other files are still checked', () => {
    const dir = tree(files);
    let unreadable: string;
    if (process.getuid?.() === 0) {
      // root reads anything: a symbolic-link loop is unreadable for everyone.
      symlinkSync('Dockerfile.loop', join(dir, 'root/Dockerfile.loop'));
      unreadable = 'root/Dockerfile.loop';
    } else {
      chmodSync(join(dir, 'clean/Dockerfile'), 0o000);
      unreadable = 'clean/Dockerfile';
    }
    const out = cli(['check', '--format', 'json'], dir);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(new RegExp(`^hardline: ${unreadable.replace(/\./g, '\\.')}: cannot read: .+\\n$`));
    const report = JSON.parse(out.stdout);
    const entry = report.files.find((f: { path: string }) => f.path === unreadable);
    expect(entry.errors).toEqual([{ code: 'io-error', message: expect.stringMatching(/^cannot read: /) }]);
    expect(report.files.find((f: { path: string }) => f.path === 'root/Dockerfile').findings).toHaveLength(1);
  });

  it('2 for a missing --config, before checking anything', () => {
    const out = cli(['check', '--config', 'nope.yaml'], tree(files));
    expect(out).toEqual({ status: 2, stdout: '', stderr: 'hardline: --config nope.yaml: no such file\n' });
  });

  it('help and version exit 0', () => {
    const dir = tree({});
    const help = cli(['--help'], dir);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: hardline <command>/);
    const version = cli(['--version'], dir);
    expect(version).toEqual({ status: 0, stdout: `${require('../../package.json').version}\n`, stderr: '' });
  });
});

describe('--config', () => {
  it('uses the given file for every file instead of the nearest .hardline.yaml', () => {
    const dir = tree({
      'ci/strict.yaml': onlyRules([ROOT_USER]).replace('rules:\n', 'rules:\n  dockerfile/no-root-user: error\n'),
      'app/.hardline.yaml': onlyRules([]),
      'app/Dockerfile': ROOT,
    });
    // Discovered: app/.hardline.yaml turns every rule off.
    expect(cli(['check', 'app'], dir).stdout).toBe('0 problems (0 errors, 0 warnings, 0 info) in 1 file; 0 fixable with --fix\n');
    const out = cli(['check', 'app', '--config', 'ci/strict.yaml', '--fail-on', 'error'], dir);
    expect(out.status).toBe(1);
    expect(out.stdout).toContain('  3:6  error  The final image runs as root: USER root.');
  });

  it('discovers the config walking up from each file', () => {
    const dir = tree({
      '.hardline.yaml': onlyRules([ROOT_USER]).replace('rules:\n', 'rules:\n  dockerfile/no-root-user: error\n'),
      'a/b/c/Dockerfile': ROOT,
      'd/.hardline.yaml': onlyRules([]),
      'd/Dockerfile': ROOT,
    });
    const report = JSON.parse(cli(['check', '--format', 'json'], dir).stdout);
    expect(report.files.map((f: { path: string; findings: { severity: string }[] }) => [f.path, f.findings.map((x) => x.severity)])).toEqual([
      ['a/b/c/Dockerfile', ['error']],
      ['d/Dockerfile', []],
    ]);
  });

  it('skips ignorePaths and node_modules / .git when walking, but not explicitly named files', () => {
    const dir = tree({
      '.hardline.yaml': onlyRules([ROOT_USER], 'ignorePaths: ["vendor/**"]\n'),
      'vendor/lib/Dockerfile': ROOT,
      'node_modules/x/Dockerfile': ROOT,
      '.git/Dockerfile': ROOT,
      'app/Dockerfile': CLEAN,
      'app/notes.txt': ROOT,
    });
    const paths = (args: string[]) => JSON.parse(cli(['check', '--format', 'json', ...args], dir).stdout).files.map((f: { path: string }) => f.path);
    expect(paths([])).toEqual(['app/Dockerfile']);
    expect(paths(['vendor/lib/Dockerfile', 'app/notes.txt'])).toEqual(['app/notes.txt', 'vendor/lib/Dockerfile']);
  });
});
