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
 * continuation into the end of the file ends the instruction).
 */
export function insertLineAfter(model: DockerfileModel, instruction: Instruction, text: string): TextEdit {
  const { start: first, end } = instruction.getRange();
  const indent = indentOf(model, first.line);
  let line = end.line;
  while (line > first.line && /^[ \t]*(#.*)?$/.test(model.index.lineText(line))) line--;
  const content = model.index.lineText(line).replace(/[ \t]+$/, '');
  if (content.endsWith(model.escapeChar) && !inHeredoc(instruction, line)) {
    const range = { start: { line, character: content.length - 1 }, end: { line, character: model.index.lineText(line).length } };
    return { range, newText: `${model.eol}${indent}${text}` };
  }
  const lineEnd = { line: end.line, character: model.index.lineText(end.line).length };
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
