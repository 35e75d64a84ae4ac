import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfigFile } from '../host/context';
import { analyseFile, defaultEngine, type Engine, type FileReport, type FixMode } from './analyse';
import { HELP, parseArgs, type CheckOptions } from './args';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { ANSI, NO_COLORS, formatText, formatTextErrors, useColor } from './formats/text';
import { packageVersion } from './package';
import { formatRulesJson, formatRulesText } from './rules';
import { exitCode, type CheckRun } from './summary';
import { analyseInParallel, defaultJobs, isCliWorker, runCliWorker } from './parallel';
import { ConfigResolver, collectTargets, comparePaths, displayPath, type Target, type WalkError } from './walk';

/** `hardline`: the command-line interface. Engine, host and languages only; no LSP. */

export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
}

/** Check the named paths; `run` is null after a fatal error (already reported on stderr). */
export function runCheck(options: CheckOptions, io: Io, engine: Engine = defaultEngine): { run: CheckRun | null; code: 0 | 1 | 2 } {
  const plan = planCheck(options, io);
  if ('code' in plan) return { run: null, code: plan.code };
  const files = plan.targets.map((t) => analyseFile(t, plan.mode, engine));
  return finishCheck(plan, files, options, io);
}

/** `runCheck` with the files spread over `jobs` threads (workers run `script`, the CLI bundle). */
export async function runCheckParallel(options: CheckOptions, io: Io, script: string, jobs: number): Promise<{ run: CheckRun | null; code: 0 | 1 | 2 }> {
  const plan = planCheck(options, io);
  if ('code' in plan) return { run: null, code: plan.code };
  const files = await analyseInParallel(plan.targets, plan.mode, script, jobs);
  return finishCheck(plan, files, options, io);
}

interface CheckPlan {
  targets: Target[];
  mode: FixMode;
  configs: ConfigResolver;
  errors: WalkError[];
}

/** The files to check (or a fatal error's exit code). */
function planCheck(options: CheckOptions, io: Io): CheckPlan | { code: 2 } {
  let explicit;
  if (options.config !== undefined) {
    const path = resolve(io.cwd, options.config);
    if (!existsSync(path) || !statSync(path).isFile()) {
      io.stderr.write(`hardline: --config ${options.config}: no such file\n`);
      return { code: 2 };
    }
    explicit = loadConfigFile(path);
    if (explicit.problems.some((p) => p.message.startsWith('Cannot read '))) {
      io.stderr.write(`hardline: --config ${options.config}: ${explicit.problems[0].message}\n`);
      return { code: 2 };
    }
  }
  const configs = new ConfigResolver(io.cwd, explicit);
  const { targets, errors } = collectTargets(options.paths, io.cwd, configs);
  const mode: FixMode = options.fix ? 'write' : options.fixDryRun ? 'dry-run' : 'none';
  return { targets, mode, configs, errors };
}

function finishCheck({ configs, errors }: CheckPlan, reports: FileReport[], options: CheckOptions, io: Io): { run: CheckRun; code: 0 | 1 | 2 } {
  const files = reports.filter((f) => !f.skipped);
  const run: CheckRun = {
    cwd: io.cwd,
    files,
    configs: [...configs.used.entries()]
      .map(([path, loaded]) => ({ display: displayPath(path, io.cwd), loaded }))
      .sort((a, b) => comparePaths(a.display, b.display)),
    walkErrors: [...errors, ...configs.ioErrors],
  };
  return { run, code: exitCode(run, options.failOn) };
}

export function main(argv: readonly string[], io: Io, engine: Engine = defaultEngine): number {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    io.stderr.write(`hardline: ${parsed.error}\nRun "hardline --help" for usage.\n`);
    return 2;
  }
  const command = parsed.value;
  switch (command.command) {
    case 'help':
      io.stdout.write(HELP);
      return 0;
    case 'version':
      io.stdout.write(`${packageVersion()}\n`);
      return 0;
    case 'rules': {
      const colors = useColor(io.stdout, command.color, io.env) ? ANSI : NO_COLORS;
      io.stdout.write(command.format === 'json' ? formatRulesJson() : formatRulesText(undefined, colors));
      return 0;
    }
    case 'check':
      return printCheck(command, io, runCheck(command, io, engine));
  }
}

function printCheck(command: CheckOptions, io: Io, { run, code }: { run: CheckRun | null; code: 0 | 1 | 2 }): number {
  if (!run) return code;
  if (command.format === 'json') io.stdout.write(formatJson(run));
  else if (command.format === 'sarif') io.stdout.write(formatSarif(run));
  else {
    const colors = useColor(io.stdout, command.color, io.env) ? ANSI : NO_COLORS;
    io.stdout.write(formatText(run, { colors, fixed: command.fix, dryRun: command.fixDryRun }));
  }
  // I/O errors always on stderr; config problems there too in text mode (json/sarif carry them).
  const errors = formatTextErrors(command.format === 'text' ? run : { ...run, configs: [] });
  if (errors) io.stderr.write(errors);
  return code;
}

/**
 * `main` as the `hardline` executable runs it: `check` spreads its files over
 * `--jobs` threads (default: `defaultJobs`), the workers running `script` (this
 * bundle). Everything else as `main`.
 */
export async function mainWithThreads(argv: readonly string[], io: Io, script: string): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok || parsed.value.command !== 'check') return main(argv, io);
  const command = parsed.value;
  const jobs = command.jobs ?? defaultJobs();
  if (jobs <= 1) return main(argv, io);
  return printCheck(command, io, await runCheckParallel(command, io, script, jobs));
}

if (isCliWorker()) {
  runCliWorker();
} else if (require.main === module) {
  const io: Io = { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr };
  void mainWithThreads(process.argv.slice(2), io, __filename).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`hardline: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
