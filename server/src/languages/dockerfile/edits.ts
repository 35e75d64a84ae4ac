import type { Instruction } from 'dockerfile-ast';
import type { Range, TextEdit } from '../../engine/types';
import type { DockerfileModel, Stage } from './model';

/**
 * Minimal, layout-preserving edits on a Dockerfile. Inserted lines take the
 * file's line ending and the indentation of their neighbour; nothing is re-serialised.
 */

function indentOf(model: DockerfileModel, line: number): string {
  return /^[ \t]*/.exec(model.index.lineText(line))?.[0] ?? '';
}

/** Insert a whole line before an instruction (same indentation). */
export function insertLineBefore(model: DockerfileModel, instruction: Instruction, text: string): TextEdit {
  const line = instruction.getRange().start.line;
  return {
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    newText: `${indentOf(model, line)}${text}${model.eol}`,
  };
}

/**
 * Insert a whole line after an instruction (after its last continuation or
 * heredoc line). An escape character left dangling at the end of the file
 * (`RUN make \` as the last line, maybe followed by blank or comment lines)
 * would continue into the new line: the line goes right after the escaped
 * line, replacing the escape, which changes nothing for Docker (a
 * continuation into the end of the file ends the instruction). Lines that
 * hold only an escape character after it (empty continuation lines, which
 * Docker skips) go too, or they would carry the continuation on.
 */
export function insertLineAfter(model: DockerfileModel, instruction: Instruction, text: string): TextEdit {
  const { start: first, end } = instruction.getRange();
  const indent = indentOf(model, first.line);
  const lineText = (l: number) => model.index.lineText(l);
  const esc = model.escapeChar;
  const blank = (l: number) => /^[ \t]*$/.test(lineText(l));
  const comment = (l: number) => /^[ \t]*#/.test(lineText(l));
  const escapeOnly = (l: number) => lineText(l).trim() === esc;
  let content = end.line;
  while (content > first.line && (blank(content) || comment(content) || escapeOnly(content))) content--;
  const trimmed = lineText(content).replace(/[ \t]+$/, '');
  if (trimmed.endsWith(esc) && !inHeredoc(instruction, content)) {
    let last = content;
    for (let l = content + 1; l <= end.line; l++) if (escapeOnly(l)) last = l;
    let commentBetween = false;
    for (let l = content + 1; l < last; l++) if (comment(l)) commentBetween = true;
    if (!commentBetween) {
      const range = { start: { line: content, character: trimmed.length - 1 }, end: { line: last, character: lineText(last).length } };
      return { range, newText: `${model.eol}${indent}${text}` };
    }
  }
  const lineEnd = { line: end.line, character: lineText(end.line).length };
  return { range: { start: lineEnd, end: lineEnd }, newText: `${model.eol}${indent}${text}` };
}

/** Is `line` past the first line of an instruction with a heredoc (its body or terminator, where an escape character is just text)? */
function inHeredoc(instruction: Instruction, line: number): boolean {
  return instruction.getRange().start.line < line && /<<-?\s*["']?[A-Za-z_]/.test(instruction.getTextContent().split(/\r?\n|\r/)[0]);
}

export function replace(range: Range, newText: string): TextEdit {
  return { range, newText };
}

/** The last instruction of a stage (its FROM when it has none). */
export function lastInstruction(stage: Stage): Instruction {
  return stage.instructions[stage.instructions.length - 1] ?? stage.from;
}
