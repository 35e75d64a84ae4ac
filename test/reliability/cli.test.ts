/**
 * The CLI never aborts a run for one bad file: a rule that crashes (in its
 * visitor, its create(), or its fix) is an internal error of that file,
 * naming the rule, while every other file is checked and fixed; paths that
 * cannot be read (dangling links, link loops, FIFOs and device files named or
 * linked) are I/O errors with a message, exit code 2, and the other files are
 * still reported.
 * (Complements test/cli/analyse.test.ts and check.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../server/src/cli/analyse';
import { fixAll } from '../../server/src/engine/fixes';
import { runRules } from '../../server/src/engine/run';
import { defineRule, dockerfileLanguage, type DockerfileRule } from '../../server/src/languages/dockerfile/language';
import { cli, run, tree } from '../cli/helpers';

const meta = (id: string, fixable = false) => ({ id, category: 'correctness' as const, defaultSeverity: 'warning' as const, description: 't', messages: { m: 'message of {{id}}' }, aliases: [], fixable, hasSuggestions: false });

/** ADD → COPY, a working safe fix. */
const addToCopy = defineRule({
  meta: meta('dockerfile/test-add', true),
  create: (context) => ({
    ADD(instruction) {
      const range = instruction.getInstructionRange();
      context.report({ range, messageId: 'm', data: { id: 'add' }, fix: () => [{ range, newText: 'COPY' }] });
    },
  }),
});
/** Reports every RUN with a fix that throws on `RUN crash`. */
const brokenFix = defineRule({
  meta: meta('dockerfile/test-broken-fix', true),
  create: (context) => ({
    RUN(instruction) {
      const range = instruction.getInstructionRange();
      const crash = /crash/.test(instruction.getTextContent());
      context.report({
        range,
        messageId: 'm',
        data: { id: 'run' },
        fix: () => {
          if (crash) throw new Error('fix exploded');
          return [{ range, newText: 'RUN' }];
        },
      });
    },
  }),
});
const brokenCreate = defineRule({
  meta: meta('dockerfile/test-broken-create'),
  create: (context) => {
    if (context.model.text.includes('CREATE-CRASH')) throw new Error('create exploded');
    return {};
  },
});

function engine(rules: DockerfileRule[]): Engine {
  return {
    check: (text, settings, env) => runRules(dockerfileLanguage, dockerfileLanguage.parse(text), rules, settings, env),
    fix: (text, settings, env) => fixAll(dockerfileLanguage, text, rules, settings, env),
  };
}

interface JsonFile {
  path: string;
  errors: { code: string; severity?: string; message: string }[];
  findings: { ruleId: string }[];
}

describe('a crashing rule is an internal error of its file only', () => {
  it('a fix that throws: the file says which rule, its other fixes and the other files are fixed', () => {
    const dir = tree({
      'a/Dockerfile': 'FROM alpine:3.20\nADD a.txt /a\nRUN crash\n',
      'b/Dockerfile': 'FROM alpine:3.20\nADD b.txt /b\n',
    });
    const checked = run(['check', '--format', 'json', '--fail-on', 'none'], dir, engine([addToCopy, brokenFix]));
    const files = JSON.parse(checked.stdout).files as JsonFile[];
    expect(files.map((f) => [f.path, f.errors.map((e) => `${e.severity} ${e.code}: ${e.message}`)])).toEqual([
      ['a/Dockerfile', ["error internal-error: Internal error in the fix of dockerfile/test-broken-fix: fix exploded. The file's other fixes still apply; please report this."]],
      ['b/Dockerfile', []],
    ]);
    expect(files[0].findings.map((f) => f.ruleId)).toEqual(['dockerfile/test-add', 'dockerfile/test-broken-fix']);

    const fixed = run(['check', '--fix', '--format', 'json', '--fail-on', 'none'], dir, engine([addToCopy, brokenFix]));
    expect(readFileSync(join(dir, 'a/Dockerfile'), 'utf8')).toBe('FROM alpine:3.20\nCOPY a.txt /a\nRUN crash\n');
    expect(readFileSync(join(dir, 'b/Dockerfile'), 'utf8')).toBe('FROM alpine:3.20\nCOPY b.txt /b\n');
    const after = JSON.parse(fixed.stdout).files as JsonFile[];
    expect(after[0].errors.map((e) => e.message)).toEqual(["Internal error in the fix of dockerfile/test-broken-fix: fix exploded. The file's other fixes still apply; please report this."]);
    expect(fixed.status).toBe(0);
  });

  it('a rule that throws in create(): that file gets the error with the rule id, the others are checked', () => {
    const dir = tree({ 'a/Dockerfile': 'FROM alpine:3.20\n# CREATE-CRASH\nADD x /x\n', 'b/Dockerfile': 'FROM alpine:3.20\nADD y /y\n' });
    const out = run(['check', '--format', 'json'], dir, engine([addToCopy, brokenCreate]));
    const files = JSON.parse(out.stdout).files as JsonFile[];
    expect(files[0].errors).toEqual([expect.objectContaining({ code: 'internal-error', message: expect.stringContaining('Internal error in rule dockerfile/test-broken-create: create exploded') })]);
    expect(files[0].findings.map((f) => f.ruleId)).toEqual(['dockerfile/test-add']);
    expect(files[1]).toMatchObject({ errors: [], findings: [{ ruleId: 'dockerfile/test-add' }] });
    expect(out.status).toBe(1);
  });
});

describe('paths that cannot be read: exit code 2, a message each, the others still reported', () => {
  it('dangling links, link loops, FIFOs and device files, named and walked', () => {
    const dir = tree({ 'good/Dockerfile': 'FROM node:22\nADD . /app\n', 'loop/.keep': '' });
    symlinkSync('nowhere/Dockerfile', join(dir, 'dangling.Dockerfile'));
    symlinkSync('Dockerfile.self', join(dir, 'loop/Dockerfile.self'));
    symlinkSync('.', join(dir, 'loop/again'));
    expect(spawnSync('mkfifo', [join(dir, 'fifo.Dockerfile')]).status).toBe(0);
    symlinkSync('/dev/zero', join(dir, 'zero.Dockerfile'));

    const walked = cli(['check', '.', '--format', 'json'], dir);
    expect(walked.status).toBe(2);
    const report = JSON.parse(walked.stdout) as { files: JsonFile[] };
    expect(report.files.find((f) => f.path === 'good/Dockerfile')!.findings.length).toBeGreaterThan(0);
    expect(walked.stderr.trim().split('\n').sort()).toEqual([
      'hardline: dangling.Dockerfile: cannot read: no such file or directory',
      'hardline: loop/Dockerfile.self: cannot read: too many levels of symbolic links',
      'hardline: zero.Dockerfile: not a regular file',
    ]);
    // A FIFO found by the walk is not opened (reading it would wait forever) and not reported.
    expect(report.files.map((f) => f.path)).not.toContain('fifo.Dockerfile');

    const named = cli(['check', 'good/Dockerfile', 'fifo.Dockerfile', 'missing/Dockerfile', 'zero.Dockerfile'], dir);
    expect(named.status).toBe(2);
    expect(named.stdout).toContain('good/Dockerfile');
    expect(named.stderr).toContain('hardline: missing/Dockerfile: no such file or directory');
    expect(named.stderr).toContain('hardline: fifo.Dockerfile: not a regular file');
    expect(named.stderr).toContain('hardline: zero.Dockerfile: not a regular file');
  });
});
