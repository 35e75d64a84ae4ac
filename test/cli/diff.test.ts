import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitLines, unifiedDiff } from '../../server/src/cli/diff';
import { tree } from './helpers';

describe('splitLines', () => {
  it('keeps each terminator with its line', () => {
    expect(splitLines('a\nb\r\nc\rd')).toEqual(['a\n', 'b\r\n', 'c\r', 'd']);
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a\n')).toEqual(['a\n']);
  });
});

describe('unifiedDiff', () => {
  it('is empty when nothing changed', () => {
    expect(unifiedDiff('Dockerfile', 'FROM a\n', 'FROM a\n')).toBe('');
  });

  it('prints one hunk with three lines of context', () => {
    const before = ['FROM node:22', 'WORKDIR /app', 'ADD . .', 'RUN npm ci', 'CMD node server.js', ''].join('\n');
    const after = before.replace('ADD . .', 'COPY . .');
    expect(unifiedDiff('app/Dockerfile', before, after)).toBe(
      [
        '--- a/app/Dockerfile',
        '+++ b/app/Dockerfile',
        '@@ -1,5 +1,5 @@',
        ' FROM node:22',
        ' WORKDIR /app',
        '-ADD . .',
        '+COPY . .',
        ' RUN npm ci',
        ' CMD node server.js',
        '',
      ].join('\n'),
    );
  });

  it('splits distant changes into hunks and counts insertions', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `L${i + 1}`);
    const before = `${lines.join('\n')}\n`;
    const afterLines = [...lines];
    afterLines[1] = 'changed2';
    afterLines.splice(18, 0, 'inserted');
    const after = `${afterLines.join('\n')}\n`;
    expect(unifiedDiff('f', before, after)).toBe(
      [
        '--- a/f',
        '+++ b/f',
        '@@ -1,5 +1,5 @@',
        ' L1',
        '-L2',
        '+changed2',
        ' L3',
        ' L4',
        ' L5',
        '@@ -16,5 +16,6 @@',
        ' L16',
        ' L17',
        ' L18',
        '+inserted',
        ' L19',
        ' L20',
        '',
      ].join('\n'),
    );
  });

  it('keeps CRLF terminators and marks a missing final newline', () => {
    expect(unifiedDiff('f', 'A\r\nB', 'A\r\nC')).toBe('--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n A\r\n-B\n\\ No newline at end of file\n+C\n\\ No newline at end of file\n');
  });

  it('numbers insertions like diff -u (an empty range names the line before it)', () => {
    expect(unifiedDiff('f', 'b\n', 'a\nb\n')).toBe('--- a/f\n+++ b/f\n@@ -1 +1,2 @@\n+a\n b\n');
    expect(unifiedDiff('f', '', 'a\n')).toBe('--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+a\n');
    expect(unifiedDiff('f', 'a\n', '')).toBe('--- a/f\n+++ b/f\n@@ -1 +0,0 @@\n-a\n');
  });

  it('produces patches that patch(1) applies, CRLF included', () => {
    const cases: [string, string][] = [
      ['FROM a\nRUN x\nCMD y\n', 'FROM a\nRUN x\nUSER 65532\nCMD y\n'],
      ['FROM a\r\nADD . .\r\nCMD y\r\n', 'FROM a\r\nCOPY . .\r\nCMD y\r\n'],
      ['FROM a\nCMD y', 'FROM a\nUSER 1\nCMD y'],
      [Array.from({ length: 40 }, (_, i) => `RUN step ${i}`).join('\n') + '\n', Array.from({ length: 40 }, (_, i) => (i % 9 === 0 ? `RUN changed ${i}` : `RUN step ${i}`)).join('\n') + '\n'],
    ];
    for (const [before, after] of cases) {
      const dir = tree({ Dockerfile: before });
      writeFileSync(join(dir, 'fix.patch'), unifiedDiff('Dockerfile', before, after));
      const r = spawnSync('patch', ['-p1', '--binary', '-i', 'fix.patch'], { cwd: dir, encoding: 'utf8' });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(after);
    }
  });
});
