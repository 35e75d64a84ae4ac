import type { Instruction } from 'dockerfile-ast';
import { defineRule } from '../language';
import type { Stage } from '../model';
import { installedPackages, stageChain, SYSTEM_MANAGERS, type InstalledPackage } from '../packages';

/**
 * Operating-system packages that give an attacker inside a container a way to
 * fetch payloads, open connections, edit files or inspect processes. The value
 * is the program name a HEALTHCHECK would call.
 */
const DEBUG_PACKAGES = new Map<string, string>([
  // downloaders
  ['curl', 'curl'], ['wget', 'wget'],
  // editors
  ['vim', 'vim'], ['vim-tiny', 'vi'], ['vim-nox', 'vim'], ['vim-minimal', 'vi'], ['vim-enhanced', 'vim'], ['vi', 'vi'],
  ['neovim', 'nvim'], ['nano', 'nano'], ['emacs', 'emacs'], ['emacs-nox', 'emacs'],
  // raw network tools
  ['netcat', 'nc'], ['netcat-openbsd', 'nc'], ['netcat-traditional', 'nc'], ['nc', 'nc'], ['ncat', 'ncat'],
  ['nmap-ncat', 'nc'], ['socat', 'socat'], ['nmap', 'nmap'], ['tcpdump', 'tcpdump'], ['telnet', 'telnet'],
  ['inetutils-telnet', 'telnet'], ['ftp', 'ftp'], ['lftp', 'lftp'], ['tnftp', 'ftp'],
  // remote shells
  ['openssh-client', 'ssh'], ['openssh-clients', 'ssh'], ['openssh-server', 'sshd'], ['openssh', 'ssh'], ['ssh', 'ssh'],
  // process inspection
  ['strace', 'strace'], ['ltrace', 'ltrace'], ['gdb', 'gdb'],
]);

export function isDebugPackage(p: Pick<InstalledPackage, 'name' | 'manager'>): boolean {
  return SYSTEM_MANAGERS.has(p.manager) && DEBUG_PACKAGES.has(p.name);
}

/** The HEALTHCHECK in effect for a stage (the last one in its FROM chain), unless it is `NONE`. */
function healthcheck(stage: Stage): Instruction | undefined {
  let found: Instruction | undefined;
  for (const s of stageChain(stage)) {
    for (const i of s.instructions) if (i.getKeyword() === 'HEALTHCHECK') found = i;
  }
  if (found && /^\s*NONE\s*$/i.test(found.getArgumentsContent() ?? '')) return undefined;
  return found;
}

export default defineRule({
  meta: {
    id: 'dockerfile/debug-tools-in-runtime',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'Downloaders, editors, network and debugging tools in the final image are tools for an attacker.',
    messages: {
      debugTool:
        '{{name}} is installed in the final image and never removed: an attacker who gets code execution in the container can use it to fetch payloads, open connections or inspect processes. Install it in a build stage, or remove it in the same RUN after use.',
      healthcheckTool:
        '{{name}} is installed in the final image for the HEALTHCHECK, but an attacker in the container can use it too: prefer a check that needs no general-purpose tool (a health subcommand of the application, or a small static probe binary copied from a build stage).',
    },
    aliases: [],
    fixable: false,
    hasSuggestions: false,
  },
  create(context) {
    const { model } = context;
    return {
      end() {
        const stage = model.finalStage;
        if (!stage) return;
        const check = healthcheck(stage);
        const checkText = check ? model.index.rangeText(check.getRange()) : '';
        for (const p of installedPackages(model, stage)) {
          if (p.removed || !isDebugPackage(p)) continue;
          const program = DEBUG_PACKAGES.get(p.name)!;
          const usedByCheck = new RegExp(`(^|[\\s"'/\\[,;&|(])${program.replace(/[.+]/g, '\\$&')}(?=[\\s"',\\]]|$)`).test(
            checkText.replace(/^\s*HEALTHCHECK/i, ''),
          );
          context.report({ range: p.range, messageId: usedByCheck ? 'healthcheckTool' : 'debugTool', data: { name: p.name } });
        }
      },
    };
  },
});
