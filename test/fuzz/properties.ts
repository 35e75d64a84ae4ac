/**
 * The properties every language service must hold for ANY input text, checked
 * through the same `LanguageService` API the language server and the CLI use:
 *
 * - parsing, checking, fixing, hovering and the code-action edits never throw,
 *   and no rule ends in an internal error;
 * - every diagnostic range (findings and problems) lies inside the document;
 * - checking the same text twice gives the same result (no state leaks between parses);
 * - every safe fix, suggestion, "ignore" edit and refactoring is a set of
 *   valid, non-overlapping, minimal edits (none rewrites a line it leaves
 *   as it was) that keep the document's line ends, yields
 *   text with no NEW problems of the input, keeps every line it did not
 *   intend to change (intended = the lines its edits' ranges touch: the text
 *   outside them is byte-identical, shifted only by the edits), and does not
 *   re-create the finding it removes (after the edit, no finding of that rule
 *   sits on the edited spot other than the rule's other findings moved there);
 * - fix-all yields text with no new problems, and fix-all on its output changes nothing.
 *
 * A failure throws a `PropertyViolation` naming the property, so the
 * shrinker and the minimiser keep the same failure while reducing the input.
 */
import { applyEdits, comparePositions, LineIndex } from '../../server/src/engine/positions';
import type { EngineSettings } from '../../server/src/engine/run';
import type { LanguageService, ParsedDocument } from '../../server/src/engine/service';
import type { Environment, Finding, Problem, Range, TextEdit } from '../../server/src/engine/types';

export class PropertyViolation extends Error {
  constructor(
    readonly property: string,
    detail: string,
    /** The rule whose finding, fix or suggestion broke the property, when there is one. */
    readonly ruleId?: string,
  ) {
    super(`${property}: ${detail}`);
    this.name = 'PropertyViolation';
  }
}

export interface CheckOptions {
  settings: EngineSettings;
  env: Environment;
  /**
   * Which findings get their fixes, suggestions and ignore edits applied and
   * re-checked (each costs a parse): indices modulo the number of findings.
   * Undefined: all of them.
   */
  focus?: number[];
}

/** Problems after which every later line belongs to the broken construct (the file does not build). */
const SWALLOWS_THE_REST = new Set(['unterminated-heredoc']);

/** Codes of problems that are not facts about the input (timing, crashes: checked on their own). */
const NOT_INPUT_PROBLEMS = new Set(['internal-error', 'time-budget']);

/** The rule being checked (set around each finding's edits), attached to violations. */
let currentRule: string | undefined;

function fail(property: string, detail: string): never {
  throw new PropertyViolation(property, detail, currentRule);
}

function guarded<T>(property: string, what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof PropertyViolation) throw error;
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return fail(property, `${what} threw: ${message}`);
  }
}

const show = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

/** Is `range` a valid LSP range of the text: ordered, on existing lines, within each line's text (never between \r and \n)? */
export function rangeInside(index: LineIndex, range: Range): boolean {
  const ok = (p: { line: number; character: number }) =>
    Number.isInteger(p.line) &&
    Number.isInteger(p.character) &&
    p.line >= 0 &&
    p.character >= 0 &&
    p.line < index.lineCount &&
    p.character <= index.lineText(p.line).length;
  return ok(range.start) && ok(range.end) && comparePositions(range.start, range.end) <= 0;
}

function checkRanges(index: LineIndex, what: string, items: { range: Range; label: string }[]): void {
  for (const item of items) {
    if (!rangeInside(index, item.range)) fail('range-inside-document', `${what} ${item.label} has range ${show(item.range)} (document has ${index.lineCount} lines)`);
  }
}

function inputProblemCodes(problems: Problem[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of problems) if (!NOT_INPUT_PROBLEMS.has(p.code)) counts.set(p.code, (counts.get(p.code) ?? 0) + 1);
  return counts;
}

function internalErrors(problems: Problem[]): string[] {
  return problems.filter((p) => p.code === 'internal-error').map((p) => p.message);
}

interface Span {
  start: number;
  end: number;
  text: string;
}

function spansOf(index: LineIndex, edits: TextEdit[]): Span[] {
  return edits
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Where an offset of the old text is in the new text (inside a replaced span: its start, or its end for `end` positions). */
function mapOffset(spans: Span[], offset: number, side: 'start' | 'end'): number {
  let delta = 0;
  for (const s of spans) {
    if (s.start > offset) break;
    if (s.start === s.end) {
      // An insertion at the offset pushes what follows it, and an end position stays before it.
      if (s.start < offset || side === 'start') delta += s.text.length;
      continue;
    }
    if (s.end <= offset) delta += s.text.length - (s.end - s.start);
    else return s.start + delta + (side === 'end' ? s.text.length : 0);
  }
  return offset + delta;
}

function overlapping(a: [number, number], b: [number, number]): boolean {
  if (a[0] === a[1] || b[0] === b[1]) return a[0] <= b[1] && b[0] <= a[1];
  return a[0] < b[1] && b[0] < a[1];
}

const EOL = /\r\n|\r|\n/g;

/** The line terminators a text uses: one kind, or null when it mixes them (or has none). */
function lineEnding(text: string): string | null {
  const kinds = new Set(text.match(EOL) ?? []);
  return kinds.size === 1 ? [...kinds][0] : null;
}

interface Context {
  service: LanguageService;
  text: string;
  index: LineIndex;
  options: CheckOptions;
  problems: Map<string, number>;
  findings: Finding[];
}

/** Run an edit set (a fix, a suggestion, an ignore edit, a refactoring) through every edit property; returns the new text. */
function checkEdits(ctx: Context, what: string, edits: TextEdit[], removes?: Finding): string {
  const { text, index } = ctx;
  checkRanges(
    index,
    what,
    edits.map((e, k) => ({ range: e.range, label: `edit ${k}` })),
  );
  const spans = spansOf(index, edits);
  for (let k = 1; k < spans.length; k++) {
    if (spans[k].start < spans[k - 1].end) fail('edits-do-not-overlap', `${what}: edits at offsets ${spans[k - 1].start}-${spans[k - 1].end} and ${spans[k].start}-${spans[k].end} overlap`);
  }
  // New lines in the document's own terminator (a file with one kind of line end keeps it).
  // Not for files that end lines with a lone CR: Docker reads those as one long line, and no
  // real Dockerfile or manifest uses them (everything else is still checked for them).
  const eol = lineEnding(text);
  if (eol && eol !== '\r') {
    for (const e of edits) {
      const other = (e.newText.match(EOL) ?? []).find((t) => t !== eol);
      if (other !== undefined) fail('keeps-line-ends', `${what} inserts ${JSON.stringify(other)} into a ${JSON.stringify(eol)} document: ${JSON.stringify(e.newText)}`);
    }
  }
  // Minimal edits: no edit replaces a whole line with the same line (re-serialising instead of editing).
  for (const s of spans) {
    const before = text.slice(s.start, s.end);
    let p = 0;
    while (p < before.length && p < s.text.length && before[p] === s.text[p]) p++;
    let q = 0;
    while (q < before.length - p && q < s.text.length - p && before[before.length - 1 - q] === s.text[s.text.length - 1 - q]) q++;
    const first = index.positionAt(s.start).line;
    const last = index.positionAt(s.end).line;
    for (let l = first; l <= last; l++) {
      const ls = index.starts[l];
      const le = l + 1 < index.lineCount ? index.starts[l + 1] : text.length;
      if (le <= ls) continue;
      const inPrefix = ls >= s.start && le <= s.start + p;
      const inSuffix = ls >= s.end - q && le <= s.end;
      if (inPrefix || inSuffix) {
        fail('minimal-edits', `${what} rewrites line ${l} without changing it: ${JSON.stringify(index.lineText(l).slice(0, 120))}`);
      }
    }
  }
  const output = guarded('edits-apply', `applying ${what}`, () => applyEdits(text, edits, index));

  // Lines outside the edits' ranges are byte-identical, in order, with only the edits between them.
  const touched = new Set<number>();
  for (const e of edits) for (let l = e.range.start.line; l <= e.range.end.line; l++) touched.add(l);
  let rebuilt = '';
  let cursor = 0;
  for (const s of spans) {
    rebuilt += text.slice(cursor, s.start) + s.text;
    cursor = s.end;
  }
  rebuilt += text.slice(cursor);
  if (rebuilt !== output) fail('keeps-untouched-lines', `${what}: applying the edits changed text outside them`);
  const newIndex = new LineIndex(output);
  const keptBefore: string[] = [];
  for (let l = 0; l < index.lineCount; l++) if (!touched.has(l)) keptBefore.push(index.lineText(l));
  // Every untouched line must still be a line of the output, in the same order.
  let j = 0;
  for (let l = 0; l < newIndex.lineCount && j < keptBefore.length; l++) if (newIndex.lineText(l) === keptBefore[j]) j++;
  if (j < keptBefore.length) fail('keeps-untouched-lines', `${what}: the untouched line ${JSON.stringify(keptBefore[j].slice(0, 120))} is gone`);

  const after = guarded('never-throws', `checking the text after ${what}`, () => ctx.service.parse(output).run(ctx.options.settings, ctx.options.env));
  const crashes = internalErrors(after.problems);
  if (crashes.length > 0) fail('no-internal-error', `after ${what}: ${crashes[0]}`);
  checkRanges(newIndex, `after ${what}, a finding`, after.findings.map((f) => ({ range: f.range, label: f.ruleId })));
  const problemsAfter = inputProblemCodes(after.problems);
  for (const [code, count] of problemsAfter) {
    if (count > (ctx.problems.get(code) ?? 0)) {
      const example = after.problems.find((p) => p.code === code)!;
      fail('no-new-problems', `${what} adds a ${code} problem at ${show(example.range)}: ${example.message}\n--- output ---\n${output}`);
    }
  }

  // In a file that does not build because a construct swallows the rest of it (an unterminated
  // heredoc), a line appended at the end is swallowed too: that file's first problem is the one to fix.
  if (removes && ![...ctx.problems.keys()].some((code) => SWALLOWS_THE_REST.has(code))) {
    const a = index.offsetAt(removes.range.start);
    const b = index.offsetAt(removes.range.end);
    const spot: [number, number] = [mapOffset(spans, a, 'start'), mapOffset(spans, b, 'end')];
    const span = (f: Finding, at: LineIndex): [number, number] => [at.offsetAt(f.range.start), at.offsetAt(f.range.end)];
    // The rule's other findings, where the edits moved them: one of them may now sit on the spot (the
    // next item of a list after its neighbour was removed) without being the removed finding.
    const others = ctx.findings
      .filter((g) => g !== removes && g.ruleId === removes.ruleId)
      .map((g) => {
        const [s, e] = span(g, index);
        return { message: g.message, at: [mapOffset(spans, s, 'start'), mapOffset(spans, e, 'end')] as [number, number] };
      });
    const still = after.findings.filter(
      (f) =>
        f.ruleId === removes.ruleId &&
        overlapping(span(f, newIndex), spot) &&
        !others.some((o) => o.message === f.message && overlapping(o.at, span(f, newIndex))),
    );
    if (still.length > 0) {
      fail('does-not-recreate-finding', `${what} leaves ${removes.ruleId} at ${show(still[0].range)}: ${still[0].message}\n--- output ---\n${output}`);
    }
  }
  return output;
}

/** Check every property of one input text; throws a PropertyViolation on the first that fails. */
export function checkDocument(service: LanguageService, text: string, options: CheckOptions): void {
  currentRule = undefined;
  const { settings, env } = options;
  const index = new LineIndex(text);
  const doc: ParsedDocument = guarded('never-throws', 'parse', () => service.parse(text));
  if (doc.text !== text) fail('keeps-text', 'the parsed document does not hold the text it was given');
  const result = guarded('never-throws', 'run', () => doc.run(settings, env));
  const crashes = internalErrors(result.problems);
  if (crashes.length > 0) {
    currentRule = /Internal error in rule (\S+?):/.exec(crashes[0])?.[1];
    fail('no-internal-error', crashes[0]);
  }
  checkRanges(index, 'finding', result.findings.map((f) => ({ range: f.range, label: `${f.ruleId} (${f.message.slice(0, 60)})` })));
  checkRanges(index, 'problem', result.problems.map((p) => ({ range: p.range, label: p.code })));
  for (const f of result.findings) {
    if (!f.message || /\{\{|\}\}/.test(f.message)) fail('messages-filled', `${f.ruleId}: ${JSON.stringify(f.message)}`);
    for (const s of f.suggestions) if (!s.title || /\{\{|\}\}/.test(s.title)) fail('messages-filled', `${f.ruleId} suggestion: ${JSON.stringify(s.title)}`);
  }

  // The same text checked again (a fresh parse) gives the same answer.
  const again = guarded('never-throws', 'second run', () => service.parse(text).run(settings, env));
  const key = (r: typeof result) =>
    JSON.stringify([
      r.findings.map((f) => [f.ruleId, f.messageId, f.range, f.severity, f.message, f.suggestions.map((s) => s.title)]),
      r.problems.filter((p) => p.code !== 'time-budget').map((p) => [p.code, p.range, p.message]),
    ]);
  if (key(again) !== key(result)) fail('deterministic', 'checking the same text twice gave different results');

  const ctx: Context = { service, text, index, options, problems: inputProblemCodes(result.problems), findings: result.findings };
  const findings = result.findings;
  const focused = options.focus === undefined ? findings.map((_, k) => k) : [...new Set(options.focus.map((k) => k % Math.max(1, findings.length)))];

  findings.forEach((f, k) => {
    currentRule = f.ruleId;
    const deep = focused.includes(k) && findings.length > 0;
    const label = `${f.ruleId} at ${show(f.range)}`;
    if (f.fix) {
      const edits = guarded('never-throws', `the safe fix of ${label}`, () => f.fix!());
      if (edits && edits.length > 0) {
        if (deep) checkEdits(ctx, `the safe fix of ${label}`, edits, f);
        else checkRanges(index, `the safe fix of ${label}`, edits.map((e, n) => ({ range: e.range, label: `edit ${n}` })));
      }
    }
    for (const s of f.suggestions) {
      const edits = guarded('never-throws', `the suggestion "${s.title}" of ${label}`, () => s.fix());
      if (!edits || edits.length === 0) continue;
      if (deep) checkEdits(ctx, `the suggestion "${s.title}" of ${label}`, edits, f);
      else checkRanges(index, `the suggestion "${s.title}" of ${label}`, edits.map((e, n) => ({ range: e.range, label: `edit ${n}` })));
    }
    if (!deep) return;
    const item = guarded('never-throws', `ignore ${f.ruleId} for this ${doc.itemName}`, () => doc.ignoreForItemEdit(f.range, f.ruleId));
    if (item) checkEdits(ctx, `"Ignore ${f.ruleId} for this ${doc.itemName}" at ${show(f.range)}`, [item], f);
    const file = guarded('never-throws', `ignore ${f.ruleId} in this file`, () => doc.ignoreForFileEdit(f.ruleId));
    if (file) checkEdits(ctx, `"Ignore ${f.ruleId} in this file"`, [file], f);
    const refactorings = guarded('never-throws', `refactorings at ${show(f.range)}`, () => doc.refactorings?.(f.range, true) ?? []);
    for (const r of refactorings) if (r.edits.length > 0) checkEdits(ctx, `the refactoring "${r.title}" at ${show(f.range)}`, r.edits);
    const hover = guarded('never-throws', `hover at ${show(f.range)}`, () => doc.hover(f.range.start));
    if (hover) checkRanges(index, 'hover', [{ range: hover.range, label: 'range' }]);
  });
  currentRule = undefined;
  // Refactorings and hover where there is no finding: the first line.
  const start: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  for (const r of guarded('never-throws', 'refactorings at 0:0', () => doc.refactorings?.(start, true) ?? [])) {
    if (r.edits.length > 0) checkEdits(ctx, `the refactoring "${r.title}" at 0:0`, r.edits);
  }
  guarded('never-throws', 'hover at 0:0', () => doc.hover(start.start));

  // Fix-all: a valid edit, no new problems, and a second fix-all changes nothing.
  const fixed = guarded('never-throws', 'fix-all', () => doc.fixAll(settings, env));
  if (fixed.edit) {
    const output = checkEdits(ctx, 'fix-all', [fixed.edit]);
    if (output !== fixed.output) fail('fix-all-edit', 'the fix-all edit does not produce the fix-all output');
    const second = guarded('never-throws', 'fix-all of the fixed text', () => service.parse(output).fixAll(settings, env));
    if (second.output !== output) {
      fail('fix-all-idempotent', `a second fix-all changed the text again (${second.fixed} more fixes)\n--- first ---\n${output}\n--- second ---\n${second.output}`);
    }
  } else if (fixed.output !== text) {
    fail('fix-all-edit', 'fix-all changed the text but returned no edit');
  }
}
