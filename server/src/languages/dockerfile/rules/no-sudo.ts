import { defineRule } from '../language';
import { installedPackages, orderedCommands, SYSTEM_MANAGERS, wordRange } from '../packages';
import { basename, effectiveWords, remembered, type ShellCommand, type ShellWord } from '../shell';
import { isRootUser } from './no-root-user';

/** The `sudo` (or `doas`) word that runs this command, directly or behind wrappers such as `env A=b` (remembered on the command). */
function sudoWord(cmd: ShellCommand): ShellWord | undefined {
  return remembered(cmd, 'hardlineSudoWord', () => computeSudoWord(cmd));
}

function computeSudoWord(cmd: ShellCommand): ShellWord | undefined {
  const probe: ShellWord = { value: 'true', start: 0, end: 0, expands: false };
  for (let k = 0; k < cmd.words.length; k++) {
    const name = basename(cmd.words[k].value);
    if (name !== 'sudo' && name !== 'doas') continue;
    if (cmd.words[k].expands) continue;
    // `command -v sudo` only looks it up.
    if (cmd.words.slice(0, k).some((w, i) => basename(w.value) === 'command' && /^-[vV]$/.test(cmd.words[i + 1]?.value ?? ''))) return undefined;
    // Everything before it must be wrappers (and their options): then it is what runs.
    const before = effectiveWords({ ...cmd, words: [...cmd.words.slice(0, k), probe] });
    if (before.length === 1 && before[0] === probe) return cmd.words[k];
    return undefined;
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'dockerfile/no-sudo',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'Do not use sudo in RUN, and do not ship sudo in an image that runs as a non-root user.',
    messages: {
      sudoCommand:
        '`{{command}}` in RUN: build steps already run as root unless a USER says otherwise, and {{command}} only hides the switch. Drop {{command}}; put the step before USER (or between USER root and USER app).',
      sudoPackage:
        'sudo is installed in the final image, which runs as {{user}}: a setuid-root program that turns a foothold in the container into root. Do the root work in RUN steps before USER instead of shipping sudo.',
    },
    aliases: [
      { tool: 'hadolint', id: 'DL3004' },
      { tool: 'trivy', id: 'DS-0010' },
      { tool: 'checkov', id: 'CKV2_DOCKER_1' },
    ],
    fixable: false,
    hasSuggestions: false,
  },
  create(context) {
    const { model } = context;
    return {
      RUN(instruction) {
        for (const cmd of orderedCommands(model, instruction)) {
          const word = sudoWord(cmd);
          if (word) context.report({ range: wordRange(model, word), messageId: 'sudoCommand', data: { command: basename(word.value) } });
        }
      },
      end() {
        const stage = model.finalStage;
        if (!stage) return;
        // sudo only escalates for a non-root process; for a root image no-root-user already speaks.
        const user = stage.user.value;
        if (stage.user.source === 'unknown' || user === undefined || user.includes('$') || isRootUser(user)) return;
        for (const p of installedPackages(model, stage)) {
          if (p.removed || !SYSTEM_MANAGERS.has(p.manager) || p.name !== 'sudo') continue;
          context.report({ range: p.range, messageId: 'sudoPackage', data: { user } });
        }
      },
    };
  },
});
