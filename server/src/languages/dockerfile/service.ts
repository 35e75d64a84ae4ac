import { createService } from '../../engine/service';
import { isDockerfileName } from '../../host/files';
import { imageHoverAt } from './hover';
import { dockerfileRefactorings } from './refactor';
import { todoSelection } from './refactor/util';
import { dockerfileLanguage, type DockerfileRule } from './language';
import { dockerfileRules } from './rules';
import { ignoreForFileEdit, ignoreForInstructionEdit } from './suppressionEdits';

/** The Dockerfile rules, sorted by id. */
export const sortedDockerfileRules: readonly DockerfileRule[] = [...dockerfileRules].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

export const dockerfileService = createService(dockerfileLanguage, sortedDockerfileRules, {
  /** Editors say `dockerfile`; Neovim/Emacs (and the CLI) may only give us the file name. */
  accepts: (fileName, languageId) => languageId === 'dockerfile' || isDockerfileName(fileName),
  ignoreForItemEdit: ignoreForInstructionEdit,
  ignoreForFileEdit,
  hover: (model, position) => {
    const h = imageHoverAt(model, position);
    return h ? { markdown: h.markdown, range: h.range } : null;
  },
  itemName: 'instruction',
  refactorings: (model, range, invoked) => dockerfileRefactorings(model, range, invoked).map(({ title, kind, edits }) => ({ title, kind, edits })),
  selectionAfter: (model, edits) => todoSelection(model, edits) ?? null,
});
