/**
 * RuleTester for Dockerfile rules, after ESLint's: valid and invalid tables,
 * exact 0-based ranges, exact text after the safe fix and after each
 * suggestion, every output re-parsed and re-checked, and every invalid case
 * re-run with CRLF line endings and with `# escape=\``.
 */
import { describe, expect, it } from 'vitest';
import { fixAll } from '../../server/src/engine/fixes';
import { applyEdits } from '../../server/src/engine/positions';
import { runRules, type EngineSettings } from '../../server/src/engine/run';
import type { Environment, Finding } from '../../server/src/engine/types';
import { dockerfileLanguage, type DockerfileRule } from '../../server/src/languages/dockerfile/language';

export type RangeTuple = [number, number, number, number];

export interface ExpectedError {
  messageId: string;
  range: RangeTuple;
  /** Exact message, when the case wants to pin the interpolated text. */
  message?: string;
  /** Expected suggestions of this finding, in order, with their exact outputs. */
  suggestions?: { messageId?: string; title?: string; output: string }[];
}

interface CaseBase {
  name?: string;
  code: string;
  env?: Environment;
  settings?: EngineSettings;
  /** Skip variants that cannot apply (e.g. the code already sets a parser directive). */
  only?: 'lf';
}

export type ValidCase = string | CaseBase;

export interface InvalidCase extends CaseBase {
  errors: ExpectedError[];
  /** Text after all safe fixes; null when the rule has no safe fix for this case. */
  output: string | null;
}

type Variant = { label: string; code: (s: string) => string; line: (n: number) => number };

const LF: Variant = { label: 'LF', code: (s) => s, line: (n) => n };
const CRLF: Variant = { label: 'CRLF', code: (s) => s.replace(/\r?\n/g, '\r\n'), line: (n) => n };
const BACKTICK: Variant = {
  label: 'escape=`',
  // Turn line continuations into backtick continuations and declare the escape character.
  code: (s) => '# escape=`\n' + s.replace(/\\(?=[ \t]*\r?\n)/g, '`'),
  line: (n) => n + 1,
};

function variantsFor(c: CaseBase): Variant[] {
  if (c.only === 'lf') return [LF];
  const hasDirective = /^#\s*(escape|syntax|check)\s*=/im.test(c.code.split('\n')[0] ?? '');
  return hasDirective ? [LF, CRLF] : [LF, CRLF, BACKTICK];
}

function run(rule: DockerfileRule, code: string, c: CaseBase) {
  const model = dockerfileLanguage.parse(code);
  return runRules(dockerfileLanguage, model, [rule], c.settings ?? {}, c.env ?? {});
}

function rangeOf(f: Finding): RangeTuple {
  return [f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character];
}

function shiftRange(r: RangeTuple, v: Variant): RangeTuple {
  return [v.line(r[0]), r[1], v.line(r[2]), r[3]];
}

function expectCleanParse(output: string, what: string) {
  const problems = dockerfileLanguage.problems(dockerfileLanguage.parse(output));
  expect(problems, `${what} must re-parse without problems:\n${output}`).toEqual([]);
}

export function ruleTester(rule: DockerfileRule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const usedMessageIds = new Set<string>();
  const seen = new Set<string>();
  const id = rule.meta.id;

  describe(id, () => {
    describe('valid', () => {
      for (const raw of cases.valid) {
        const c: CaseBase = typeof raw === 'string' ? { code: raw } : raw;
        const key = `valid:${c.code}:${JSON.stringify(c.env ?? {})}:${JSON.stringify(c.settings ?? {})}`;
        it(`is not a duplicate: ${c.name ?? c.code.slice(0, 60)}`, () => {
          expect(seen.has(key), 'duplicate valid case').toBe(false);
          seen.add(key);
        });
        for (const v of variantsFor(c)) {
          it(`${c.name ?? c.code.slice(0, 60)} [${v.label}]`, () => {
            const { findings, problems } = run(rule, v.code(c.code), c);
            expect(problems.filter((p) => p.code === 'internal-error')).toEqual([]);
            expect(findings.map((f) => `${f.messageId} ${rangeOf(f).join(',')} ${f.message}`)).toEqual([]);
          });
        }
      }
    });

    describe('invalid', () => {
      for (const c of cases.invalid) {
        for (const e of c.errors) {
          usedMessageIds.add(e.messageId);
          for (const s of e.suggestions ?? []) if (s.messageId) usedMessageIds.add(s.messageId);
        }
        const key = `invalid:${c.code}:${JSON.stringify(c.env ?? {})}:${JSON.stringify(c.settings ?? {})}`;
        it(`is not a duplicate: ${c.name ?? c.code.slice(0, 60)}`, () => {
          expect(seen.has(key), 'duplicate invalid case').toBe(false);
          seen.add(key);
        });
        for (const v of variantsFor(c)) {
          it(`${c.name ?? c.code.slice(0, 60)} [${v.label}]`, () => {
            const code = v.code(c.code);
            const { findings, problems } = run(rule, code, c);
            expect(problems.filter((p) => p.code === 'internal-error')).toEqual([]);
            expect(
              findings.map((f) => ({ messageId: f.messageId, range: rangeOf(f) })),
              'findings (messageId and exact range)',
            ).toEqual(c.errors.map((e) => ({ messageId: e.messageId, range: shiftRange(e.range, v) })));

            c.errors.forEach((e, k) => {
              const f = findings[k];
              if (e.message !== undefined) expect(f.message).toBe(e.message);
              expect(f.message).not.toMatch(/\{\{/);
              const expected = e.suggestions ?? [];
              expect(f.suggestions.length, `number of suggestions of error ${k}`).toBe(expected.length);
              expected.forEach((s, j) => {
                const sug = f.suggestions[j];
                if (s.title !== undefined) expect(sug.title).toBe(s.title);
                if (s.messageId !== undefined) expect(sug.messageId).toBe(s.messageId);
                const edits = sug.fix();
                expect(edits, `suggestion "${sug.title}" must produce edits`).not.toBeNull();
                const out = applyEdits(code, edits!);
                expect(out, `output of suggestion "${sug.title}"`).toBe(v.code(s.output));
                expectCleanParse(out, `output of suggestion "${sug.title}"`);
                // The finding is gone (or at least one fewer of this rule remains).
                const after = run(rule, out, c).findings;
                expect(after.length, `after "${sug.title}" the finding must be gone`).toBeLessThan(findings.length);
              });
            });

            const result = fixAll(dockerfileLanguage, code, [rule], c.settings ?? {}, c.env ?? {});
            if (c.output === null) {
              expect(result.output, 'no safe fix expected').toBe(code);
            } else {
              expect(c.output, 'output must differ from code').not.toBe(c.code);
              expect(result.output).toBe(v.code(c.output));
              expectCleanParse(result.output, 'fixed output');
              const after = run(rule, result.output, c).findings;
              expect(after.filter((f) => rule.meta.fixable && f.fix && f.fix()?.length)).toEqual([]);
            }
          });
        }
      }
    });

    it('uses every messageId in some case', () => {
      expect(Object.keys(rule.meta.messages).filter((m) => !usedMessageIds.has(m))).toEqual([]);
    });
    if (rule.meta.fixable) {
      it('has an invalid case with a safe-fix output', () => {
        expect(cases.invalid.some((c) => c.output !== null)).toBe(true);
      });
    }
  });
}

/** Strip the common indentation of a template literal; the first newline is dropped. */
export function dedent(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').split('\n');
  if (lines.length && /^\s*$/.test(lines[lines.length - 1])) lines.pop();
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n') + '\n';
}
