import { describe, expect, it } from 'vitest';
import type { Engine } from '../../server/src/cli/analyse';
import { fixAll } from '../../server/src/engine/fixes';
import { runRules } from '../../server/src/engine/run';
import { defineRule, dockerfileLanguage } from '../../server/src/languages/dockerfile/language';
import { cli, onlyRules, run, testEngine, tree } from './helpers';

const throwing = defineRule({
  meta: { id: 'dockerfile/test-throws', category: 'correctness', defaultSeverity: 'warning', description: 't', messages: { m: 'm' }, aliases: [], fixable: false, hasSuggestions: false },
  create: () => ({
    RUN() {
      throw new Error('boom');
    },
  }),
});

describe('robustness', () => {
  it('a rule that throws is an internal-error problem of that file only', () => {
    const engine: Engine = {
      check: (text, settings, env) => runRules(dockerfileLanguage, dockerfileLanguage.parse(text), [throwing], settings, env),
      fix: (text, settings, env) => fixAll(dockerfileLanguage, text, [throwing], settings, env),
    };
    const dir = tree({ 'a/Dockerfile': 'FROM alpine:3.20\nRUN true\n', 'b/Dockerfile': 'FROM alpine:3.20\n' });
    const out = run(['check', '--format', 'json'], dir, engine);
    const files = JSON.parse(out.stdout).files;
    expect(files[0].errors).toEqual([
      expect.objectContaining({ code: 'internal-error', severity: 'error', message: expect.stringContaining('Internal error in rule dockerfile/test-throws: boom') }),
    ]);
    expect(files[1].errors).toEqual([]);
    expect(out.status).toBe(1);
  });

  it('an engine failure is an internal-error problem of that file; the others are still checked', () => {
    const engine: Engine = {
      ...testEngine,
      check: (text, settings, env, languageId) => {
        if (text.includes('CRASH')) throw new Error('parser exploded');
        return testEngine.check(text, settings, env, languageId);
      },
    };
    const dir = tree({ 'a/Dockerfile': 'FROM alpine:3.20\nLABEL CRASH=1\n', 'b/Dockerfile': 'FROM alpine:3.20\nADD . /\n' });
    const files = JSON.parse(run(['check', '--format', 'json', '--fail-on', 'none'], dir, engine).stdout).files;
    expect(files[0].errors[0]).toMatchObject({ code: 'internal-error', message: expect.stringContaining('parser exploded') });
    expect(files[1].findings).toHaveLength(1);
  });

  it('binary and empty files are the model\'s problem, not a crash', () => {
    const dir = tree({
      '.hardline.yaml': onlyRules([]),
      'bin/Dockerfile': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02, 0x00, 0xff]),
      'empty/Dockerfile': '',
    });
    const out = cli(['check', '--format', 'json', '--fail-on', 'none'], dir);
    expect(out.status).toBe(0);
    const files = JSON.parse(out.stdout).files;
    expect(files.map((f: { path: string; errors: { code: string }[] }) => [f.path, f.errors.map((e) => e.code)])).toEqual([
      ['bin/Dockerfile', ['binary-file']],
      ['empty/Dockerfile', []],
    ]);
  });
});
