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
 * any single-stage Dockerfile (wherever the cursor is).
 */
export function dockerfileRefactorings(model: DockerfileModel, range: Range): Refactoring[] {
  void range;
  if (model.stages.length !== 1) return [];
  const split = splitStage(model, model.stages[0]);
  return split ? [{ title: split.title, kind: REFACTOR_REWRITE, edits: split.edits, selection: split.selection }] : [];
}
