import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfigFile } from '../host/context';
import { analyseFile, defaultEngine, type Engine, type FixMode } from './analyse';
import { HELP, parseArgs, type CheckOptions } from './args';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { ANSI, NO_COLORS, formatText, formatTextErrors, useColor } from './formats/text';
import { packageVersion } from './package';
import { formatRulesJson, formatRulesText } from './rules';
import { exitCode, type CheckRun } from './summary';
import { ConfigResolver, collectTargets, comparePaths, displayPath } from './walk';

/** `hardline`: the command-line interface. Engine, host and languages only; no LSP. */

export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
}

/** Check the named paths; `run` is null after a fatal error (already reported on stderr). */
export function runCheck(options: CheckOptions, io: Io, engine: Engine = defaultEngine): { run: CheckRun | null; code: 0 | 1 | 2 } {
  let explicit;
  if (options.config !== undefined) {
    const path = resolve(io.cwd, options.config);
    if (!existsSync(path) || !statSync(path).isFile()) {
      io.stderr.write(`hardline: --config ${options.config}: no such file\n`);
      return { run: null, code: 2 };
    }
    explicit = loadConfigFile(path);
    if (explicit.problems.some((p) => p.message.startsWith('Cannot read '))) {
      io.stderr.write(`hardline: --config ${options.config}: ${explicit.problems[0].message}\n`);
      return { run: null, code: 2 };
    }
  }
  const configs = new ConfigResolver(io.cwd, explicit);
  const { targets, errors } = collectTargets(options.paths, io.cwd, configs);
  const mode: FixMode = options.fix ? 'write' : options.fixDryRun ? 'dry-run' : 'none';
  const files = targets.map((t) => analyseFile(t, mode, engine)).filter((f) => !f.skipped);
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
    case 'check': {
      const { run, code } = runCheck(command, io, engine);
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
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
  });
}
