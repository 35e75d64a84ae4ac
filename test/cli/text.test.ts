import { describe, expect, it } from 'vitest';
import type { FileReport } from '../../server/src/cli/analyse';
import { ANSI, formatFileRows, formatText, useColor } from '../../server/src/cli/formats/text';
import { exitCode, summarise, type CheckRun } from '../../server/src/cli/summary';

const range = (l: number, c: number, el = l, ec = c + 1) => ({ start: { line: l, character: c }, end: { line: el, character: ec } });

function file(partial: Partial<FileReport>): FileReport {
  return { path: '/x/Dockerfile', display: 'Dockerfile', language: 'dockerfile', text: '', findings: [], problems: [], ioErrors: [], fixed: 0, ...partial };
}

const finding = (severity: 'error' | 'warning' | 'info', line: number, col: number, message: string, safe = false) => ({
  ruleId: `dockerfile/r-${severity}`,
  messageId: 'm',
  severity,
  message,
  range: range(line, col),
  suggestions: [],
  safeFix: safe ? [{ range: range(line, col), newText: 'x' }] : null,
});

describe('text rows', () => {
  it('sorts by position, aligns columns, marks fixable findings, lists problems with their code', () => {
    const rows = formatFileRows(
      file({
        findings: [finding('info', 11, 0, 'later'), finding('error', 0, 4, 'first', true)],
        problems: [{ severity: 'warning', code: 'parse-error', message: 'odd', range: range(2, 0) }],
      }),
    );
    expect(rows).toBe(
      [
        '   1:5  error    first (fixable)  dockerfile/r-error',
        '   3:1  warning  odd              parse-error',
        '  12:1  info     later            dockerfile/r-info',
      ].join('\n'),
    );
  });

  it('colours severities and dims positions and ids with ANSI', () => {
    const rows = formatFileRows(file({ findings: [finding('error', 0, 0, 'bad')] }), ANSI);
    expect(rows).toBe('  \u001b[2m1:1\u001b[22m  \u001b[31merror\u001b[39m  bad  \u001b[2mdockerfile/r-error\u001b[22m');
  });

  it('skips files with nothing to report', () => {
    const run: CheckRun = { cwd: '/x', files: [file({}), file({ display: 'b/Dockerfile', findings: [finding('warning', 0, 0, 'w')] })], configs: [], walkErrors: [] };
    expect(formatText(run, { colors: { ...ANSI, bold: (t) => t, red: (t) => t, yellow: (t) => t, dim: (t) => t, underline: (t) => t, cyan: (t) => t, green: (t) => t } })).toBe(
      'b/Dockerfile\n  1:1  warning  w  dockerfile/r-warning\n\n1 problem (0 errors, 1 warning, 0 info) in 2 files; 0 fixable with --fix\n',
    );
  });
});

describe('useColor', () => {
  it('only on a TTY, without --no-color and without a non-empty NO_COLOR', () => {
    expect(useColor({ isTTY: true }, true, {})).toBe(true);
    expect(useColor({ isTTY: false }, true, {})).toBe(false);
    expect(useColor({}, true, {})).toBe(false);
    expect(useColor({ isTTY: true }, false, {})).toBe(false);
    expect(useColor({ isTTY: true }, true, { NO_COLOR: '1' })).toBe(false);
    expect(useColor({ isTTY: true }, true, { NO_COLOR: '' })).toBe(true);
  });
});

describe('summary and exit code', () => {
  const run = (files: FileReport[], walkErrors: CheckRun['walkErrors'] = []): CheckRun => ({ cwd: '/x', files, configs: [], walkErrors });

  it('counts findings and problems by severity, and safe fixes', () => {
    const r = run([
      file({ findings: [finding('error', 0, 0, 'a', true), finding('info', 1, 0, 'b')], problems: [{ severity: 'warning', code: 'p', message: 'p', range: range(0, 0) }] }),
      file({ ioErrors: ['cannot read: permission denied'] }),
    ]);
    expect(summarise(r)).toEqual({ files: 2, findings: 2, errors: 1, warnings: 1, info: 1, fixable: 1 });
  });

  it('2 for I/O errors over everything, else the threshold decides', () => {
    const warn = file({ findings: [finding('warning', 0, 0, 'w')] });
    expect(exitCode(run([warn]), 'warning')).toBe(1);
    expect(exitCode(run([warn]), 'error')).toBe(0);
    expect(exitCode(run([warn]), 'none')).toBe(0);
    expect(exitCode(run([warn, file({ ioErrors: ['x'] })]), 'none')).toBe(2);
    expect(exitCode(run([warn], [{ kind: 'path', path: '/x/y', display: 'y', message: 'no such file or directory' }]), 'warning')).toBe(2);
    expect(exitCode(run([file({ problems: [{ severity: 'error', code: 'parse-error', message: 'x', range: range(0, 0) }] })]), 'error')).toBe(1);
  });
});
