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

/** Insert a whole line after an instruction (after its last continuation or heredoc line). */
export function insertLineAfter(model: DockerfileModel, instruction: Instruction, text: string): TextEdit {
  const end = instruction.getRange().end;
  const lineEnd = { line: end.line, character: model.index.lineText(end.line).length };
  const indent = indentOf(model, instruction.getRange().start.line);
  return { range: { start: lineEnd, end: lineEnd }, newText: `${model.eol}${indent}${text}` };
}

export function replace(range: Range, newText: string): TextEdit {
  return { range, newText };
}

/** The last instruction of a stage (its FROM when it has none). */
export function lastInstruction(stage: Stage): Instruction {
  return stage.instructions[stage.instructions.length - 1] ?? stage.from;
}
