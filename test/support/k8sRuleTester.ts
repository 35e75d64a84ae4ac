/**
 * RuleTester for Kubernetes rules, after the Dockerfile one (and ESLint's):
 * valid and invalid tables, exact 0-based ranges, exact text after the safe
 * fix and after each suggestion, every output re-parsed (no YAML error) and
 * re-checked (the finding is gone), every messageId used. Every case is also
 * run in two variants, with the expected ranges and outputs transformed the
 * same way: CRLF line endings, and the manifest re-indented with 4 spaces per
 * level (so fixes must take their indentation from the file). A case may opt
 * out of a variant, with the reason.
 */
import { describe, expect, it } from 'vitest';
import { fixAll } from '../../server/src/engine/fixes';
import { applyEdits } from '../../server/src/engine/positions';
import { runRules, type EngineSettings } from '../../server/src/engine/run';
import type { Finding } from '../../server/src/engine/types';
import { k8sLanguage, type K8sRule } from '../../server/src/languages/k8s/language';

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
  settings?: EngineSettings;
  /** Variants this case cannot run in, each with the reason. */
  skip?: { crlf?: string; indent4?: string };
}

export type ValidCase = string | CaseBase;

export interface InvalidCase extends CaseBase {
  errors: ExpectedError[];
  /** Text after all safe fixes; null when the rule has no safe fix for this case. */
  output: string | null;
}

/** A variant turns a text into another and maps positions of the original into it. */
interface Variant {
  label: string;
  text: (s: string) => string;
  /** Map a range of `original` into the variant of `original`. */
  range: (r: RangeTuple, original: string) => RangeTuple;
}

const LF: Variant = { label: 'LF', text: (s) => s, range: (r) => r };
const CRLF: Variant = { label: 'CRLF', text: (s) => s.replace(/\r?\n/g, '\r\n'), range: (r) => r };

interface Reindented {
  text: string;
  /** Per original line: its indentation before and after. */
  lines: { old: number; new: number }[];
}

/**
 * Re-indent a 2-space YAML text to 4 spaces per level. Indentation is
 * mapped through the nesting (a stack of column anchors), so every level
 * doubles while the gap after a sequence `-` stays: `  - name: a` /
 * `    image: b` becomes `    - name: a` / `      image: b`. Comment lines
 * follow the same mapping; blank lines stay.
 */
export function reindent(code: string): Reindented {
  const lines = code.split('\n');
  const anchors: { old: number; new: number }[] = [{ old: 0, new: 0 }];
  const map = (n: number) => {
    let a = anchors[0];
    for (const x of anchors) if (x.old <= n) a = x;
    return a.new + 2 * (n - a.old);
  };
  const info: { old: number; new: number }[] = [];
  const out = lines.map((line) => {
    const n = /^ */.exec(line)![0].length;
    const rest = line.slice(n);
    if (rest.trim() === '') {
      info.push({ old: n, new: n });
      return line;
    }
    if (rest.startsWith('#')) {
      const m = map(n);
      info.push({ old: n, new: m });
      return ' '.repeat(m) + rest;
    }
    while (anchors.length > 1 && anchors[anchors.length - 1].old > n) anchors.pop();
    const m = map(n);
    if (anchors[anchors.length - 1].old !== n) anchors.push({ old: n, new: m });
    // Sequence indicators on this line: content after `- ` keeps its gap.
    let col = n;
    let newCol = m;
    let i = 0;
    while (true) {
      const dash = /^-( +)(?=\S)/.exec(rest.slice(i));
      if (!dash) break;
      const gap = dash[1].length;
      col += 1 + gap;
      newCol += 1 + gap;
      i += 1 + gap;
      while (anchors.length > 1 && anchors[anchors.length - 1].old >= col) anchors.pop();
      anchors.push({ old: col, new: newCol });
    }
    info.push({ old: n, new: m });
    return ' '.repeat(m) + rest;
  });
  return { text: out.join('\n'), lines: info };
}

function mapColumn(line: { old: number; new: number } | undefined, col: number): number {
  if (!line) return col;
  if (col >= line.old) return col + (line.new - line.old);
  return line.old === 0 ? col : Math.round((col * line.new) / line.old);
}

const INDENT4: Variant = {
  label: '4-space indent',
  text: (s) => reindent(s).text,
  range: (r, original) => {
    const { lines } = reindent(original);
    return [r[0], mapColumn(lines[r[0]], r[1]), r[2], mapColumn(lines[r[2]], r[3])];
  },
};

function variantsFor(c: CaseBase): Variant[] {
  const v = [LF];
  if (!c.skip?.crlf) v.push(CRLF);
  if (!c.skip?.indent4) v.push(INDENT4);
  return v;
}

function run(rule: K8sRule, code: string, c: CaseBase) {
  const model = k8sLanguage.parse(code);
  return runRules(k8sLanguage, model, [rule], c.settings ?? {}, {});
}

function rangeOf(f: Finding): RangeTuple {
  return [f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character];
}

function expectCleanParse(output: string, what: string) {
  const problems = k8sLanguage.problems(k8sLanguage.parse(output)).filter((p) => p.severity !== 'info');
  expect(problems, `${what} must re-parse without problems:\n${output}`).toEqual([]);
}

export function k8sRuleTester(rule: K8sRule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const usedMessageIds = new Set<string>();
  const seen = new Set<string>();
  const id = rule.meta.id;
  const title = (c: CaseBase) => c.name ?? c.code.replace(/\s+/g, ' ').slice(0, 70);

  describe(id, () => {
    describe('valid', () => {
      for (const raw of cases.valid) {
        const c: CaseBase = typeof raw === 'string' ? { code: raw } : raw;
        const key = `valid:${c.code}:${JSON.stringify(c.settings ?? {})}`;
        it(`is not a duplicate: ${title(c)}`, () => {
          expect(seen.has(key), 'duplicate valid case').toBe(false);
          seen.add(key);
        });
        for (const v of variantsFor(c)) {
          it(`${title(c)} [${v.label}]`, () => {
            const { findings, problems } = run(rule, v.text(c.code), c);
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
        const key = `invalid:${c.code}:${JSON.stringify(c.settings ?? {})}`;
        it(`is not a duplicate: ${title(c)}`, () => {
          expect(seen.has(key), 'duplicate invalid case').toBe(false);
          seen.add(key);
        });
        for (const v of variantsFor(c)) {
          it(`${title(c)} [${v.label}]`, () => {
            const code = v.text(c.code);
            expectCleanParse(code, 'the case itself');
            const { findings, problems } = run(rule, code, c);
            expect(problems.filter((p) => p.code === 'internal-error')).toEqual([]);
            expect(
              findings.map((f) => ({ messageId: f.messageId, range: rangeOf(f) })),
              'findings (messageId and exact range)',
            ).toEqual(c.errors.map((e) => ({ messageId: e.messageId, range: v.range(e.range, c.code) })));

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
                expect(out, `output of suggestion "${sug.title}"`).toBe(v.text(s.output));
                expectCleanParse(out, `output of suggestion "${sug.title}"`);
                // The finding is gone (at least one fewer of this rule remains).
                const after = run(rule, out, c).findings;
                expect(after.length, `after "${sug.title}" the finding must be gone`).toBeLessThan(findings.length);
              });
            });

            const result = fixAll(k8sLanguage, code, [rule], c.settings ?? {}, {});
            if (c.output === null) {
              expect(result.output, 'no safe fix expected').toBe(code);
            } else {
              expect(c.output, 'output must differ from code').not.toBe(c.code);
              expect(result.output).toBe(v.text(c.output));
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

export { dedent } from './ruleTester';
