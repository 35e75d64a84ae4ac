/** Shared helpers of the CLI tests: temp trees, the built CLI, an in-process run with a test engine. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach } from 'vitest';
import type { Engine } from '../../server/src/cli/analyse';
import { main } from '../../server/src/cli/main';
import { fixAll } from '../../server/src/engine/fixes';
import { allMeta } from '../../server/src/engine/registry';
import { runRules } from '../../server/src/engine/run';
import { defineRule, dockerfileLanguage } from '../../server/src/languages/dockerfile/language';

export const ROOT = resolve(__dirname, '../..');
export const CLI = join(ROOT, 'server/out/cli.js');

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A temp folder with the given files (`path → content`; content `null` makes a
 * folder). A `.git` folder at its root stops config discovery there.
 */
export function tree(files: Record<string, string | Buffer | null>, options: { git?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'hardline-cli-'));
  made.push(dir);
  if (options.git !== false) mkdirSync(join(dir, '.git'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    if (content === null) {
      mkdirSync(full, { recursive: true });
      continue;
    }
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run the built CLI (`npm run build` first) in `cwd`. */
export function cli(args: string[], cwd: string, env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env },
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Run `main` in-process, capturing its output. */
export function run(args: string[], cwd: string, engine?: Engine): CliResult {
  let stdout = '';
  let stderr = '';
  const status = main(
    args,
    {
      cwd,
      env: {},
      stdout: { write: (s: string) => (stdout += s), isTTY: false },
      stderr: { write: (s: string) => (stderr += s), isTTY: false },
    },
    engine,
  );
  return { status, stdout, stderr };
}

/**
 * A test rule with a safe fix, independent of the real rules: `ADD` of local
 * files → `COPY`. (`ADD` of a URL is left alone.)
 */
export const addToCopy = defineRule({
  meta: {
    id: 'dockerfile/test-add-to-copy',
    category: 'correctness',
    defaultSeverity: 'warning',
    description: 'test rule: ADD of local files should be COPY',
    messages: { add: 'ADD of local files: use COPY.' },
    aliases: [],
    fixable: true,
    hasSuggestions: false,
  },
  create(context) {
    return {
      ADD(instruction) {
        if (instruction.getArguments().some((a) => /^https?:\/\//.test(a.getValue()))) return;
        const range = instruction.getInstructionRange();
        context.report({ range, messageId: 'add', fix: () => [{ range, newText: 'COPY' }] });
      },
    };
  },
});

/** An engine with only the test rule: fix behaviour pinned whatever rules the registry has. */
export const testEngine: Engine = {
  check: (text, settings, env) => runRules(dockerfileLanguage, dockerfileLanguage.parse(text), [addToCopy], settings, env),
  fix: (text, settings, env) => fixAll(dockerfileLanguage, text, [addToCopy], settings, env),
};


/**
 * A `.hardline.yaml` turning off every registered rule except `keep`, so a
 * test pins the behaviour of those rules whatever other rules exist.
 */
export function onlyRules(keep: string[], extra = ''): string {
  const lines = allMeta.filter((m) => !keep.includes(m.id)).map((m) => `  ${m.id}: off`);
  return `${lines.length > 0 ? `rules:\n${lines.join('\n')}` : 'rules: {}'}\n${extra}`;
}
