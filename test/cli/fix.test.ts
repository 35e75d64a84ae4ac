import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allMeta } from '../../server/src/engine/registry';
import { cli, onlyRules, run, testEngine, tree } from './helpers';

const read = (dir: string, path: string) => readFileSync(join(dir, path));

describe('--fix (test rule ADD → COPY, in process)', () => {
  it('rewrites only what the fixes change, reports what remains, and is idempotent', () => {
    const before = '# app\nFROM alpine:3.20\nADD . /app\n\n  ADD  conf/ /etc/app/   # trailing comment\nADD https://example.com/x.tgz /tmp/\nUSER 1\n';
    const dir = tree({ Dockerfile: before, 'other/Dockerfile': 'FROM alpine:3.20\nUSER 1\n' });
    const mtime = statSync(join(dir, 'other/Dockerfile')).mtimeMs;
    const first = run(['check', '--fix'], dir, testEngine);
    const after = '# app\nFROM alpine:3.20\nCOPY . /app\n\n  COPY  conf/ /etc/app/   # trailing comment\nADD https://example.com/x.tgz /tmp/\nUSER 1\n';
    expect(read(dir, 'Dockerfile').toString('utf8')).toBe(after);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe('Fixed 2 problems in 1 file.\n0 problems (0 errors, 0 warnings, 0 info) in 2 files; 0 fixable with --fix\n');
    // Files without fixes are not rewritten.
    expect(statSync(join(dir, 'other/Dockerfile')).mtimeMs).toBe(mtime);
    const second = run(['check', '--fix'], dir, testEngine);
    expect(read(dir, 'Dockerfile').toString('utf8')).toBe(after);
    expect(second.stdout).toBe('Fixed 0 problems in 0 files.\n0 problems (0 errors, 0 warnings, 0 info) in 2 files; 0 fixable with --fix\n');
  });

  it('preserves CRLF, a BOM and the escape character byte for byte', () => {
    const text = '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nADD app\\ C:\\app\\\r\nRUN echo one `\r\n    two\r\n';
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    const dir = tree({ Dockerfile: bytes });
    expect(run(['check', '--fix'], dir, testEngine).status).toBe(0);
    const expected = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace('ADD app', 'COPY app'), 'utf8')]);
    expect(read(dir, 'Dockerfile').equals(expected)).toBe(true);
  });

  it('reports findings at positions of the BOM-less text', () => {
    const dir = tree({ Dockerfile: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('FROM alpine:3.20\nADD . /app\n')]) });
    const report = JSON.parse(run(['check', '--format', 'json'], dir, testEngine).stdout);
    expect(report.files[0].findings[0].range).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 3 } });
  });

  it('never rewrites a file that is not valid UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('FROM alpine:3.20\nADD . /app\nLABEL x="'), Buffer.from([0xff, 0xfe]), Buffer.from('"\n')]);
    const dir = tree({ Dockerfile: bytes });
    const out = run(['check', '--fix', '--format', 'json'], dir, testEngine);
    expect(read(dir, 'Dockerfile').equals(bytes)).toBe(true);
    expect(JSON.parse(out.stdout).files[0].errors.map((e: { code: string }) => e.code)).toContain('not-fixed');
  });

  it('--fix-dry-run prints the diff per file after its rows and writes nothing', () => {
    const before = 'FROM alpine:3.20\nADD . /app\nUSER 1\n';
    const dir = tree({ 'svc/Dockerfile': before, 'clean/Dockerfile': 'FROM alpine:3.20\n' });
    const out = run(['check', '--fix-dry-run'], dir, testEngine);
    expect(read(dir, 'svc/Dockerfile').toString('utf8')).toBe(before);
    expect(out.stdout).toBe(
      [
        'svc/Dockerfile',
        '  2:1  warning  ADD of local files: use COPY. (fixable)  dockerfile/test-add-to-copy',
        '',
        '--- a/svc/Dockerfile',
        '+++ b/svc/Dockerfile',
        '@@ -1,3 +1,3 @@',
        ' FROM alpine:3.20',
        '-ADD . /app',
        '+COPY . /app',
        ' USER 1',
        '',
        '--fix would apply 1 fix in 1 file (diff above); nothing was written.',
        '1 problem (0 errors, 1 warning, 0 info) in 2 files; 1 fixable with --fix',
        '',
      ].join('\n'),
    );
    // The report is of the file as it is: the threshold applies to it.
    expect(out.status).toBe(1);
  });
});

const fixable = allMeta.filter((m) => m.fixable).map((m) => m.id);

describe.runIf(fixable.includes('dockerfile/exec-form-cmd'))('--fix with the real rules (built CLI)', () => {
  const config = onlyRules(['dockerfile/exec-form-cmd']);
  const before = 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\n# start the server\nCMD node server.js\n';
  const after = 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\n# start the server\nCMD ["node", "server.js"]\n';

  it('applies exec-form-cmd in place, exactly, then reports what remains (nothing)', () => {
    const dir = tree({ '.hardline.yaml': config, Dockerfile: before });
    const out = cli(['check', '--fix'], dir);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(after);
    expect(out.stdout).toBe('Fixed 1 problem in 1 file.\n0 problems (0 errors, 0 warnings, 0 info) in 1 file; 0 fixable with --fix\n');
    expect(out.status).toBe(0);
    const again = cli(['check', '--fix'], dir);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(after);
    expect(again.status).toBe(0);
  });

  it('keeps CRLF line endings', () => {
    const dir = tree({ '.hardline.yaml': config, Dockerfile: before.replace(/\n/g, '\r\n') });
    cli(['check', '--fix'], dir);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(after.replace(/\n/g, '\r\n'));
  });

  it('--fix-dry-run shows the same change as a diff and leaves the file alone', () => {
    const dir = tree({ '.hardline.yaml': config, Dockerfile: before });
    const out = cli(['check', '--fix-dry-run', '--fail-on', 'none'], dir);
    expect(out.status).toBe(0);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(before);
    expect(out.stdout).toContain(
      ['--- a/Dockerfile', '+++ b/Dockerfile', '@@ -2,4 +2,4 @@', ' WORKDIR /app', ' COPY . .', ' # start the server', '-CMD node server.js', '+CMD ["node", "server.js"]', ''].join('\n'),
    );
    // The printed diff applies with patch(1) and gives exactly what --fix writes.
    const diff = out.stdout.slice(out.stdout.indexOf('--- a/'), out.stdout.indexOf('\n\n--fix would'));
    writeFileSync(join(dir, 'fix.patch'), `${diff}\n`);
    const patched = spawnSync('patch', ['-p1', '-i', 'fix.patch'], { cwd: dir, encoding: 'utf8' });
    expect(patched.status, patched.stderr).toBe(0);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(after);
  });
});
