import type { Instruction } from 'dockerfile-ast';
import type { Range, TextEdit } from '../../engine/types';
import type { DockerfileModel } from './model';

/**
 * Edits that add a suppression comment for one rule, in the syntax
 * `engine/suppressions.ts` reads. Pure: model in, `TextEdit` out. Used by the
 * language server's "Ignore … for this instruction / in this file" quick fixes.
 */

/** `# hardline-ignore <ids>` (not `-file`): group 1 is the text up to and including the id list. */
const LINE_IGNORE = /^(\s*#\s*hardline-ignore(?=\s|$)[ \t]*)(\S*)/;
const FILE_IGNORE = /^(\s*#\s*hardline-ignore-file(?=\s|$)[ \t]*)(\S*)/;
/** Other tools' per-instruction pragmas, which must stay directly above their instruction. */
const FOREIGN_PRAGMA = /^\s*#\s*(?:hadolint\s+ignore\s*=|trivy:ignore:)/;

function indentOf(model: DockerfileModel, line: number): string {
  return /^[ \t]*/.exec(model.index.lineText(line))?.[0] ?? '';
}

function isCommentLine(model: DockerfileModel, line: number): boolean {
  return model.comments.some((c) => c.range.start.line === line);
}

/** The instruction that contains `line` (a finding's start line), or undefined. */
export function instructionAtLine(model: DockerfileModel, line: number): Instruction | undefined {
  return model.instructions.find((i) => {
    const r = i.getRange();
    return r.start.line <= line && line <= r.end.line;
  });
}

/**
 * Add `id` to the id list of a suppression comment line, or null when the
 * comment already names it or has no ids (a bare `# hardline-ignore` silences every rule).
 */
function mergeIntoComment(model: DockerfileModel, line: number, re: RegExp, id: string): TextEdit | null {
  const m = re.exec(model.index.lineText(line));
  if (!m) return null;
  const ids = m[2];
  if (ids === '' || ids.startsWith('--') || ids.split(',').includes(id)) return null;
  const at = { line, character: m[1].length + ids.length };
  const separator = ids.endsWith(',') ? '' : ',';
  return { range: { start: at, end: at }, newText: `${separator}${id}` };
}

/**
 * Silence `id` for the instruction that contains `findingRange`:
 * `# hardline-ignore <id>` on its own line directly above the instruction,
 * with the instruction's indentation and the file's line ending. When a
 * `# hardline-ignore …` comment already sits directly above (possibly among
 * other tools' pragmas), the id is added to it instead. Other tools'
 * pragmas stay adjacent to their instruction: the new line goes above them.
 * Returns null when no instruction contains the finding.
 */
export function ignoreForInstructionEdit(model: DockerfileModel, findingRange: Range, id: string): TextEdit | null {
  const instruction = instructionAtLine(model, findingRange.start.line);
  if (!instruction) return null;
  const instructionLine = instruction.getRange().start.line;
  let insertLine = instructionLine;
  for (let line = instructionLine - 1; line >= 0 && isCommentLine(model, line); line--) {
    const text = model.index.lineText(line);
    if (LINE_IGNORE.test(text)) {
      const merged = mergeIntoComment(model, line, LINE_IGNORE, id);
      if (merged) return merged;
      break;
    }
    if (!FOREIGN_PRAGMA.test(text)) break;
    insertLine = line;
  }
  const at = { line: insertLine, character: 0 };
  return {
    range: { start: at, end: at },
    newText: `${indentOf(model, instructionLine)}# hardline-ignore ${id}${model.eol}`,
  };
}

/**
 * Silence `id` in the whole file: `# hardline-ignore-file <id>` after the
 * parser directives (`# syntax=`, `# escape=`, `# check=` must stay first,
 * or BuildKit stops reading them). An existing `# hardline-ignore-file …`
 * comment before the first instruction gets the id added instead.
 */
export function ignoreForFileEdit(model: DockerfileModel, id: string): TextEdit {
  const firstInstructionLine = model.instructions[0]?.getRange().start.line ?? model.index.lineCount;
  for (const c of model.comments) {
    if (c.range.start.line >= firstInstructionLine) continue;
    const line = c.range.start.line;
    if (FILE_IGNORE.test(model.index.lineText(line))) {
      const merged = mergeIntoComment(model, line, FILE_IGNORE, id);
      if (merged) return merged;
    }
  }
  const directives = model.ast.getDirectives();
  const comment = `# hardline-ignore-file ${id}`;
  if (directives.length === 0) {
    return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `${comment}${model.eol}` };
  }
  const lastLine = Math.max(...directives.map((d) => d.getRange().end.line));
  if (lastLine + 1 < model.index.lineCount) {
    const at = { line: lastLine + 1, character: 0 };
    return { range: { start: at, end: at }, newText: `${comment}${model.eol}` };
  }
  // The directives are the whole file and its last line has no line ending.
  const at = { line: lastLine, character: model.index.lineText(lastLine).length };
  return { range: { start: at, end: at }, newText: `${model.eol}${comment}` };
}
