import type { Instruction } from 'dockerfile-ast';
import { baseWithoutShell, commandForm, shellAvailability, shellLessImage } from '../commandForm';
import { defineRule } from '../language';
import type { Stage } from '../model';

export default defineRule({
  meta: {
    id: 'dockerfile/shell-in-shell-less-stage',
    category: 'correctness',
    defaultSeverity: 'error',
    description: 'Shell-form RUN, CMD, ENTRYPOINT and HEALTHCHECK need /bin/sh, which distroless, Chainguard, DHI runtime images and scratch do not have.',
    messages: {
      run:
        'This RUN needs /bin/sh, but {{image}} has no shell: the build fails ("/bin/sh: not found"). Run the step in a build stage and COPY the result, use exec form with a program the image has, or use a variant with a shell ({{hint}}).',
      command:
        'This {{keyword}} is in shell form and needs /bin/sh, but {{image}} has no shell: the container cannot start. Use exec form (a JSON array).',
      healthcheck:
        'This HEALTHCHECK CMD is in shell form and needs /bin/sh, but {{image}} has no shell: the check can never succeed and the container is reported unhealthy. Use exec form (a JSON array) with a program the image has.',
    },
    aliases: [],
    fixable: false,
    hasSuggestions: false,
  },
  create(context) {
    const { model } = context;
    const check = (instr: Instruction, stage: Stage | undefined) => {
      // Only a stage whose base has no shell can have one missing: the others are done before the command is looked at.
      if (!stage || !baseWithoutShell(stage)) return;
      const form = commandForm(model, instr);
      if (!form || form.exec) return;
      if (shellAvailability(stage, instr) !== 'none') return;
      const keyword = instr.getKeyword();
      const { image, hint } = shellLessImage(stage);
      const messageId = keyword === 'RUN' ? 'run' : keyword === 'HEALTHCHECK' ? 'healthcheck' : 'command';
      context.report({ range: form.range, messageId, data: { image, hint, keyword } });
    };
    return { RUN: check, CMD: check, ENTRYPOINT: check, HEALTHCHECK: check };
  },
});
