/**
 * Command-line parsing: pure, no I/O. `parseArgs(argv)` returns what to do or
 * a usage error (exit code 2).
 */

export type Format = 'text' | 'json' | 'sarif';
export type FailOn = 'error' | 'warning' | 'info' | 'none';

export interface CheckOptions {
  command: 'check';
  paths: string[];
  format: Format;
  failOn: FailOn;
  fix: boolean;
  fixDryRun: boolean;
  config?: string;
  color: boolean;
  /** Threads to check files on (`--jobs`); undefined: see `defaultJobs`. */
  jobs?: number;
}

export interface RulesOptions {
  command: 'rules';
  format: 'text' | 'json';
  color: boolean;
}

export type Command = CheckOptions | RulesOptions | { command: 'help' } | { command: 'version' };

export type ParseResult = { ok: true; value: Command } | { ok: false; error: string };

const FORMATS: readonly Format[] = ['text', 'json', 'sarif'];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'none'];

export const HELP = `Usage: hardline <command> [options]

Commands:
  check [paths...]   Check Dockerfiles (default path: .). Folders are searched for
                     Dockerfile / Containerfile names (skipping node_modules, .git
                     and the config's ignorePaths); files named explicitly are
                     always checked as Dockerfiles.
  rules              List every rule.

Options for check:
  --format text|json|sarif     Output format (default: text)
  --fail-on error|warning|info|none
                               Exit 1 when something at or above this severity
                               is reported (default: warning)
  --fix                        Apply the safe fixes in place, then report what remains
  --fix-dry-run                Print the diff --fix would apply; change nothing
  --config FILE                Use this .hardline.yaml for every file instead of
                               the nearest one above each file
  --jobs N                     Check files on N threads (default: 1 below 4
                               CPUs, else CPUs - 1). The output is the same.
  --no-color                   No colours (also when NO_COLOR is set)

Options for rules:
  --format text|json           Output format (default: text)

  -h, --help                   Show this help
  --version                    Show the version

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it,
2 usage or I/O errors (these win over 1).
`;

/** Split `--name=value` and read the value of an option that takes one. */
function takeValue(argv: string[], i: number, name: string, inline: string | undefined): { value?: string; next: number; error?: string } {
  if (inline !== undefined) return { value: inline, next: i };
  const value = argv[i + 1];
  if (value === undefined || (value.startsWith('-') && value !== '-')) return { next: i, error: `${name} needs a value` };
  return { value, next: i + 1 };
}

export function parseArgs(argv: readonly string[]): ParseResult {
  const args = [...argv];
  const fail = (error: string): ParseResult => ({ ok: false, error });
  if (args.length === 0) return fail('missing command (check or rules)');

  // Global flags may come anywhere; they win over everything else.
  if (args.some((a) => a === '-h' || a === '--help')) return { ok: true, value: { command: 'help' } };
  if (args.includes('--version')) return { ok: true, value: { command: 'version' } };

  const command = args.shift()!;
  if (command !== 'check' && command !== 'rules') {
    return fail(command.startsWith('-') ? `missing command before ${command}` : `unknown command "${command}"`);
  }

  let format: string = 'text';
  let failOn: string = 'warning';
  let fix = false;
  let fixDryRun = false;
  let config: string | undefined;
  let color = true;
  let jobs: number | undefined;
  const paths: string[] = [];
  let onlyPaths = false;

  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (onlyPaths || !arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    const inline = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : undefined;
    const noValue = () => (inline !== undefined ? fail(`${name} takes no value`) : null);
    switch (name) {
      case '--format': {
        const r = takeValue(args, i, name, inline);
        if (r.error) return fail(r.error);
        format = r.value!;
        i = r.next;
        break;
      }
      case '--fail-on': {
        if (command !== 'check') return fail(`${name} is an option of check`);
        const r = takeValue(args, i, name, inline);
        if (r.error) return fail(r.error);
        failOn = r.value!;
        i = r.next;
        break;
      }
      case '--config': {
        if (command !== 'check') return fail(`${name} is an option of check`);
        const r = takeValue(args, i, name, inline);
        if (r.error) return fail(r.error);
        if (r.value === '') return fail('--config needs a file');
        config = r.value;
        i = r.next;
        break;
      }
      case '--jobs':
      case '-j': {
        if (command !== 'check') return fail(`${name} is an option of check`);
        const r = takeValue(args, i, name, inline);
        if (r.error) return fail(r.error);
        if (!/^[1-9]\d{0,2}$/.test(r.value!) || Number(r.value) > 256) return fail(`${name} must be a whole number from 1 to 256, not "${r.value}"`);
        jobs = Number(r.value);
        i = r.next;
        break;
      }
      case '--fix':
      case '--fix-dry-run': {
        if (command !== 'check') return fail(`${name} is an option of check`);
        const e = noValue();
        if (e) return e;
        if (name === '--fix') fix = true;
        else fixDryRun = true;
        break;
      }
      case '--no-color': {
        const e = noValue();
        if (e) return e;
        color = false;
        break;
      }
      default:
        return fail(`unknown option ${name}`);
    }
  }

  if (command === 'rules') {
    if (paths.length > 0) return fail(`rules takes no paths (got ${paths[0]})`);
    if (format !== 'text' && format !== 'json') return fail(`--format for rules must be text or json, not "${format}"`);
    return { ok: true, value: { command: 'rules', format, color } };
  }
  if (!FORMATS.includes(format as Format)) return fail(`--format must be one of ${FORMATS.join(', ')}, not "${format}"`);
  if (!FAIL_ON.includes(failOn as FailOn)) return fail(`--fail-on must be one of ${FAIL_ON.join(', ')}, not "${failOn}"`);
  if (fix && fixDryRun) return fail('--fix and --fix-dry-run cannot be combined');
  if (fixDryRun && format !== 'text') return fail('--fix-dry-run prints a diff and needs --format text');
  return {
    ok: true,
    value: {
      command: 'check',
      paths: paths.length > 0 ? paths : ['.'],
      format: format as Format,
      failOn: failOn as FailOn,
      fix,
      fixDryRun,
      config,
      color,
      ...(jobs !== undefined ? { jobs } : {}),
    },
  };
}
