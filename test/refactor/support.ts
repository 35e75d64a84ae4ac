/**
 * RuleTester-style checks for the refactorings: the exact resulting
 * Dockerfile, which re-parses without problems, no longer has the findings the
 * refactoring fixes, and keeps every original line that was not meant to move
 * (in order, byte for byte). Every case also runs with CRLF line endings and
 * with `# escape=\``.
 */
import { expect } from 'vitest';
import { applyEdits } from '../../server/src/engine/positions';
import { runRules } from '../../server/src/engine/run';
import type { Range, TextEdit } from '../../server/src/engine/types';
import { dockerfileLanguage } from '../../server/src/languages/dockerfile/language';
import { parseDockerfile, type DockerfileModel } from '../../server/src/languages/dockerfile/model';
import { sortedDockerfileRules } from '../../server/src/languages/dockerfile/service';

export interface Variant {
  label: string;
  code: (s: string) => string;
  /** Line number in the variant for a line of the LF text. */
  line: (n: number) => number;
}

export const LF: Variant = { label: 'LF', code: (s) => s, line: (n) => n };
export const CRLF: Variant = { label: 'CRLF', code: (s) => s.replace(/\r?\n/g, '\r\n'), line: (n) => n };
export const BACKTICK: Variant = {
  label: 'escape=`',
  code: (s) => '# escape=`\n' + s.replace(/\\(?=[ \t]*\r?\n)/g, '`'),
  line: (n) => n + 1,
};

export function variantsFor(code: string): Variant[] {
  return /^#\s*(escape|syntax|check)\s*=/im.test(code.split('\n')[0] ?? '') ? [LF, CRLF] : [LF, CRLF, BACKTICK];
}

export function parse(text: string): DockerfileModel {
  return parseDockerfile(text);
}

export function apply(text: string, edits: TextEdit[]): string {
  return applyEdits(text, edits);
}

/** Rule ids that report on a text (all rules, default settings). */
export function findingIds(text: string): string[] {
  const model = dockerfileLanguage.parse(text);
  return runRules(dockerfileLanguage, model, sortedDockerfileRules, {}, {}).findings.map((f) => f.ruleId);
}

export function expectCleanParse(text: string): void {
  const problems = dockerfileLanguage.problems(dockerfileLanguage.parse(text));
  expect(problems, `must re-parse without problems:\n${text}`).toEqual([]);
}

/**
 * Every line of `original` except the `changed` ones (0-based) appears in
 * `output`, byte for byte and in the same order.
 */
export function expectKeepsLines(original: string, output: string, changed: number[] = []): void {
  const before = original.split(/\r?\n/);
  const after = output.split(/\r?\n/);
  let k = 0;
  const missing: string[] = [];
  before.forEach((line, n) => {
    if (changed.includes(n)) return;
    while (k < after.length && after[k] !== line) k++;
    if (k >= after.length) missing.push(`line ${n}: ${JSON.stringify(line)}`);
    else k++;
  });
  expect(missing, `original lines not kept in order:\n${output}`).toEqual([]);
}

/** The text of a range. */
export function textAt(text: string, range: Range): string {
  const lines = text.split(/\r?\n/);
  return lines[range.start.line].slice(range.start.character, range.end.character);
}
