import type { Range, TextEdit } from '../../../engine/types';
import type { DockerfileModel } from '../model';
import { splitStage } from './split';

export { convertBaseImage, conversionTitle, type ConversionResult } from './convert';
export { canSplit, splitStage, splitTitle, type RefactorResult, type SplitOptions } from './split';
export { addUser, type AddUserResult } from './user';

/** A refactoring offered at a range (LSP `refactor.rewrite`). */
export interface Refactoring {
  title: string;
  kind: string;
  edits: TextEdit[];
  /** A range of the edited document to select afterwards (the TODO a refactoring left). */
  selection?: Range;
}

export const REFACTOR_REWRITE = 'refactor.rewrite';

/**
 * The refactorings of a Dockerfile: "Split into build and runtime stages" on
 * any single-stage Dockerfile — wherever the cursor is when the user asks for
 * actions, and on its FROM line when the editor asks on its own (so the light
 * bulb does not follow the cursor through the whole file).
 */
export function dockerfileRefactorings(model: DockerfileModel, range: Range, invoked = true): Refactoring[] {
  if (model.stages.length !== 1) return [];
  const stage = model.stages[0];
  const from = stage.from.getRange();
  if (!invoked && (range.end.line < from.start.line || range.start.line > from.end.line)) return [];
  // Nothing is built or copied: there is nothing to split.
  if (!stage.instructions.some((i) => ['RUN', 'COPY', 'ADD'].includes(i.getKeyword()))) return [];
  const split = splitStage(model, stage);
  return split ? [{ title: split.title, kind: REFACTOR_REWRITE, edits: split.edits, selection: split.selection }] : [];
}
