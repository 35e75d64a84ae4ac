import type { AnyRule, Language } from './language';
import { DEFAULT_TIME_BUDGET_MS } from './limits';
import { LineIndex, applyEdits, diffAsEdit } from './positions';
import { runRules, type EngineSettings } from './run';
import type { Environment, Finding, TextEdit } from './types';

interface Span {
  start: number;
  end: number;
}

function overlaps(a: Span, b: Span): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  // Two insertions at the same point have no defined order: keep only the first.
  return a.start === a.end && b.start === b.end && a.start === b.start;
}

/**
 * Choose fixes (each a group of edits) that do not overlap, in document order,
 * skipping any group that overlaps one already chosen (ESLint's fix merging).
 */
export function selectNonOverlapping(groups: TextEdit[][], index: LineIndex): { edits: TextEdit[]; count: number } {
  const taken: Span[] = [];
  const edits: TextEdit[] = [];
  let count = 0;
  const candidates = groups
    .filter((g) => g.length > 0)
    .map((group) => ({
      group,
      spans: group.map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end) })),
    }))
    .map((c) => ({ ...c, first: Math.min(...c.spans.map((s) => s.start)) }))
    .sort((a, b) => a.first - b.first);
  for (const c of candidates) {
    if (c.spans.some((s) => taken.some((t) => overlaps(s, t)))) continue;
    // Edits inside one group must not overlap each other either.
    if (c.spans.some((s, i) => c.spans.some((o, j) => i < j && overlaps(s, o)))) continue;
    taken.push(...c.spans);
    edits.push(...c.group);
    count++;
  }
  return { edits, count };
}

/**
 * A text may start with a byte order mark (an editor that does not strip it):
 * it must stay first, so an edit at the very start (a comment or directive
 * inserted above line 1, line 1 removed) goes after it.
 */
export function keepLeadingBom(text: string, edits: TextEdit[] | null): TextEdit[] | null {
  if (!edits || !text.startsWith('\uFEFF')) return edits;
  const atStart = (p: { line: number; character: number }) => p.line === 0 && p.character === 0;
  const after = { line: 0, character: 1 };
  return edits.map((e) =>
    atStart(e.range.start) ? { ...e, range: { start: after, end: atStart(e.range.end) ? after : e.range.end } } : e,
  );
}

/**
 * Evaluate the safe fixes of findings; a fix that throws or declines is
 * skipped (a broken fix must never lose text). Fixes that threw are reported
 * to `failed`, with their rule.
 */
export function safeFixEdits(findings: Finding[], failed?: (ruleId: string, error: unknown) => void): TextEdit[][] {
  const groups: TextEdit[][] = [];
  for (const f of findings) {
    if (!f.fix) continue;
    try {
      const edits = f.fix();
      if (edits && edits.length > 0) groups.push(edits);
    } catch (error) {
      failed?.(f.ruleId, error);
    }
  }
  return groups;
}

export interface FixAllResult {
  output: string;
  /** Number of fixes applied over all passes. */
  fixed: number;
  passes: number;
  /** One minimal edit from the original text to the output, or null when nothing changed. */
  edit: TextEdit | null;
  /** Safe fixes that threw (skipped): `Internal error in the fix of <rule>: <message>`, once per rule and message. */
  failures?: string[];
}

/**
 * Apply every safe fix, in passes: parse, run, apply the non-overlapping
 * fixes, re-parse, until nothing is left or `maxPasses` is reached.
 * Suggestions are never applied here.
 */
export function fixAll<Model, Visitor extends object>(
  language: Language<Model, Visitor>,
  text: string,
  rules: readonly AnyRule<Model, Visitor>[],
  settings: EngineSettings = {},
  env: Environment = {},
  maxPasses = 10,
): FixAllResult {
  let output = text;
  let fixed = 0;
  let passes = 0;
  const failures: string[] = [];
  // All passes together share one time budget.
  const budgetMs = settings.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const deadline = performance.now() + budgetMs;
  for (; passes < maxPasses; passes++) {
    const remaining = deadline - performance.now();
    if (remaining <= 0) break;
    const model = language.parse(output);
    const { findings } = runRules(language, model, rules, { ...settings, timeBudgetMs: remaining }, env);
    const index = new LineIndex(output);
    const groups = safeFixEdits(findings, (ruleId, error) => {
      const message = `Internal error in the fix of ${ruleId}: ${error instanceof Error ? error.message : String(error)}`;
      if (!failures.includes(message)) failures.push(message);
    }).map((g) => keepLeadingBom(output, g)!);
    const { edits, count } = selectNonOverlapping(groups, index);
    if (count === 0) break;
    const next = applyEdits(output, edits, index);
    if (next === output) break;
    fixed += count;
    output = next;
  }
  return { output, fixed, passes, edit: diffAsEdit(text, output), ...(failures.length > 0 ? { failures } : {}) };
}
