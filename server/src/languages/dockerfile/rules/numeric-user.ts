import { defineRule } from '../language';
import { createdAccounts, imageAccount, variableInScope, type AccountId, type CreatedAccount } from '../accounts';
import { replace } from '../edits';
import type { Stage } from '../model';

interface Resolved {
  id: string;
  source: string;
}

export default defineRule({
  meta: {
    id: 'dockerfile/numeric-user',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'The final USER should be a numeric UID: Kubernetes runAsNonRoot cannot verify a user name.',
    messages: {
      namedUser:
        'USER {{user}} names the user instead of giving its numeric UID: with runAsNonRoot, Kubernetes cannot verify that a named user is not root and refuses to start the container ("image has non-numeric user"). Use the numeric UID (and GID).',
      useNumeric: 'Use USER {{replacement}} ({{source}})',
    },
    aliases: [],
    fixable: false,
    hasSuggestions: true,
  },
  create(context) {
    const { model } = context;
    return {
      end() {
        const final = model.finalStage;
        if (!final || final.user.source !== 'instruction' || !final.user.instruction) return;
        const instr = final.user.instruction;
        const args = instr.getArguments();
        const argsRange = instr.getArgumentsRange();
        if (args.length !== 1 || !argsRange || argsRange.start.line !== argsRange.end.line) return;
        const value = args[0].getValue();
        if (value.includes('$')) return;
        const [user, group] = value.split(':', 2) as [string, string | undefined];
        // Root is no-root-user's business; numeric UIDs are what we want.
        if (user === 'root' || /^\d+$/.test(user) || user === '') return;
        // Windows containers have named accounts and no runAsNonRoot.
        if (WINDOWS_USERS.has(user.toLowerCase()) || isWindows(final)) return;

        const userStage = model.stageOf(instr) as Stage;
        const chain = model.stages.filter((s) => s.inFinalImage);
        const created = createdAccounts(model, chain);
        const base = final.base;

        const resolve = (name: string, kind: 'user' | 'group'): Resolved | undefined => {
          const mine = created.filter((a) => a.kind === kind && a.name === name);
          if (mine.length > 0) return fromDockerfile(mine, kind);
          if (!base?.info || !base.ref || base.unresolved) return undefined;
          return imageAccount(base.info.family, base.ref.tag, name, kind);
        };
        const fromDockerfile = (accounts: CreatedAccount[], kind: 'user' | 'group'): Resolved | undefined => {
          const ids = new Set(accounts.map((a) => idText(a.id)));
          if (ids.size !== 1) return undefined;
          const a = accounts[accounts.length - 1];
          if ('variable' in a.id && !variableInScope(userStage, instr, a.id.variable)) return undefined;
          const what = kind === 'user' ? 'UID' : 'GID';
          return { id: idText(a.id), source: `${a.command} in this Dockerfile creates ${name(a)} with ${what} ${idText(a.id)}` };
        };

        const uid = resolve(user, 'user');
        let suggestion: { replacement: string; source: string } | undefined;
        if (uid) {
          if (group === undefined || /^\d+$/.test(group) || group.includes('$')) {
            suggestion = { replacement: group === undefined ? uid.id : `${uid.id}:${group}`, source: uid.source };
          } else {
            const gid = resolve(group, 'group');
            if (gid) {
              const source = gid.source === uid.source ? uid.source : `${uid.source}; ${gid.source}`;
              suggestion = { replacement: `${uid.id}:${gid.id}`, source };
            }
          }
        }
        const userRange = {
          start: argsRange.start,
          end: { line: argsRange.start.line, character: argsRange.start.character + user.length },
        };
        context.report({
          range: userRange,
          messageId: 'namedUser',
          data: { user: value },
          suggest: suggestion
            ? [{ messageId: 'useNumeric', data: suggestion, fix: () => [replace(argsRange, suggestion!.replacement)] }]
            : [],
        });
      },
    };
  },
});

const WINDOWS_USERS = new Set(['containeruser', 'containeradministrator']);

function isWindows(stage: Stage): boolean {
  const ref = stage.base?.ref;
  return !!ref && /windows|nanoserver|servercore|ltsc\d{4}/i.test(`${ref.name}:${ref.tag ?? ''}`);
}

function idText(id: AccountId): string {
  return 'literal' in id ? id.literal : `\${${id.variable}}`;
}

function name(a: CreatedAccount): string {
  return `${a.kind} ${a.name}`;
}
