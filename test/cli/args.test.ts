import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../server/src/cli/args';
import { defaultJobs } from '../../server/src/cli/parallel';

const ok = (argv: string[]) => {
  const r = parseArgs(argv);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const error = (argv: string[]) => {
  const r = parseArgs(argv);
  if (r.ok) throw new Error(`expected a usage error for ${argv.join(' ')}`);
  return r.error;
};

describe('parseArgs', () => {
  it('defaults: check . as text, failing on warnings', () => {
    expect(ok(['check'])).toEqual({
      command: 'check',
      paths: ['.'],
      format: 'text',
      failOn: 'warning',
      fix: false,
      fixDryRun: false,
      config: undefined,
      color: true,
    });
  });

  it('reads options before, between and after paths, with = or a separate value', () => {
    expect(ok(['check', '--format', 'json', 'a', '--fail-on=error', 'b', '--config', 'c.yaml', '--no-color', '--fix'])).toMatchObject({
      paths: ['a', 'b'],
      format: 'json',
      failOn: 'error',
      config: 'c.yaml',
      color: false,
      fix: true,
    });
  });

  it('treats everything after -- as paths', () => {
    expect(ok(['check', '--', '--fix', '-x'])).toMatchObject({ paths: ['--fix', '-x'], fix: false });
  });

  it('--jobs / -j sets the threads; without it one thread below 4 CPUs, else CPUs - 1 (at most 8)', () => {
    expect([1, 2, 3, 4, 8, 64].map((n) => defaultJobs(n))).toEqual([1, 1, 1, 3, 7, 8]);
    expect(ok(['check', '--jobs', '3'])).toMatchObject({ jobs: 3 });
    expect(ok(['check', '-j', '1', 'a'])).toMatchObject({ jobs: 1, paths: ['a'] });
    expect(ok(['check', '--jobs=12'])).toMatchObject({ jobs: 12 });
    expect('jobs' in ok(['check'])).toBe(false);
  });

  it('help and version win anywhere', () => {
    expect(ok(['-h'])).toEqual({ command: 'help' });
    expect(ok(['check', 'x', '--help'])).toEqual({ command: 'help' });
    expect(ok(['--version'])).toEqual({ command: 'version' });
  });

  it('rules takes --format text|json only', () => {
    expect(ok(['rules', '--format', 'json'])).toEqual({ command: 'rules', format: 'json', color: true });
    expect(error(['rules', '--format', 'sarif'])).toMatch(/text or json/);
    expect(error(['rules', 'x'])).toMatch(/no paths/);
    expect(error(['rules', '--fix'])).toMatch(/option of check/);
  });

  it.each([
    [[], /missing command/],
    [['lint'], /unknown command "lint"/],
    [['--fix'], /missing command/],
    [['check', '--format', 'xml'], /--format must be one of text, json, sarif/],
    [['check', '--format'], /--format needs a value/],
    [['check', '--format', '--fix'], /--format needs a value/],
    [['check', '--fail-on', 'critical'], /--fail-on must be one of error, warning, info, none/],
    [['check', '--config'], /--config needs a value/],
    [['check', '--config='], /--config needs a file/],
    [['check', '--fix', '--fix-dry-run'], /cannot be combined/],
    [['check', '--fix-dry-run', '--format', 'json'], /needs --format text/],
    [['check', '--frobnicate'], /unknown option --frobnicate/],
    [['check', '--fix=yes'], /takes no value/],
    [['check', '--jobs', '0'], /--jobs must be a whole number from 1 to 256, not "0"/],
    [['check', '--jobs=two'], /--jobs must be a whole number from 1 to 256, not "two"/],
    [['check', '-j', '300'], /-j must be a whole number from 1 to 256, not "300"/],
    [['check', '--jobs'], /--jobs needs a value/],
    [['rules', '--jobs', '2'], /option of check/],
  ] as [string[], RegExp][])('%j is a usage error', (argv, message) => {
    expect(error(argv)).toMatch(message);
  });
});
