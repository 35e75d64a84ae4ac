import type { Instruction } from 'dockerfile-ast';
import { defineRule } from '../language';
import { addUser } from '../refactor/user';
import { endsOpen } from '../refactor/util';

export const NON_ROOT_USER = '65532:65532';

/** `root`, `0`, `root:root`, `0:0`, `root:1000`: the user part is root. */
export function isRootUser(value: string): boolean {
  const user = value.trim().split(':')[0];
  return user === 'root' || /^0+$/.test(user);
}

export default defineRule({
  meta: {
    id: 'dockerfile/no-root-user',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'The final image must not run as root: set a non-root USER (65532 for distroless, Chainguard and DHI).',
    messages: {
      rootUser: 'The final image runs as root: USER {{user}}. A compromised process then owns the container.',
      rootBase: 'The final image runs as root: {{image}} runs as root and no USER is set.',
      unknownBase: 'No USER is set: the final image runs as the default user of {{image}}, which is root unless that image sets another.',
      addUser: 'Add USER 65532:65532 (the non-root UID of distroless, Chainguard and DHI images){{chown}}{{notes}}',
    },
    aliases: [
      { tool: 'hadolint', id: 'DL3002' },
      { tool: 'trivy', id: 'DS-0002' },
      { tool: 'checkov', id: 'CKV_DOCKER_3' },
      { tool: 'checkov', id: 'CKV_DOCKER_8' },
    ],
    fixable: false,
    hasSuggestions: true,
  },
  create(context) {
    const { model } = context;
    return {
      end() {
        const stage = model.finalStage;
        if (!stage) return;
        const user = stage.user;
        // The title says what the edit does beyond the USER line (--chown) and what to check (ports).
        const suggestions = () => {
          // A file that ends inside a continuation or a here-document would swallow the new line.
          if (endsOpen(model)) return [];
          const plan = addUser(model, stage);
          const chown = plan.chowned.length > 0 ? ` and COPY --chown=${NON_ROOT_USER} into ${plan.chowned.join(', ')}` : '';
          const notes = plan.notes.length > 0 ? ` (${plan.notes.join('; ')}: review)` : '';
          return [{ messageId: 'addUser' as const, data: { chown, notes }, fix: () => plan.edits }];
        };
        if (user.source === 'instruction' && user.value && isRootUser(user.value)) {
          const instr = user.instruction as Instruction;
          context.report({
            range: instr.getArgumentsRange() ?? instr.getRange(),
            messageId: 'rootUser',
            data: { user: user.value },
            suggest: suggestions(),
          });
          return;
        }
        const base = stage.base;
        if (!base || base.unresolved) return;
        const range = stage.from.getImageRange() ?? stage.from.getRange();
        if (user.source === 'base-image' && user.value !== undefined && isRootUser(user.value)) {
          context.report({ range, messageId: 'rootBase', data: { image: base.resolved }, suggest: suggestions() });
        } else if (user.source === 'unknown' && !user.instruction) {
          context.report({ range, messageId: 'unknownBase', data: { image: base.resolved }, suggest: suggestions() });
        }
      },
    };
  },
});
