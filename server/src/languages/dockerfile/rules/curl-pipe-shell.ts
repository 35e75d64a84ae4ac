import { defineRule } from '../language';
import type { DockerfileModel } from '../model';
import { orderedCommands, spanRange } from '../packages';
import { basename, effectiveWords, remembered, type ShellCommand, type ShellWord } from '../shell';

const DOWNLOADERS = new Set(['curl', 'wget']);
const SHELLS = /^(sh|bash|ash|dash|zsh|ksh|mksh|fish)$/;
const INTERPRETERS = /^(sh|bash|ash|dash|zsh|ksh|mksh|fish|python(\d+(\.\d+)?)?|perl|ruby|node|php|pwsh)$/;

/**
 * Does this interpreter invocation execute what arrives on stdin? It does with
 * no script operand, with `-` or `/dev/stdin`, or with `sh -s`; it does not with
 * `-c`/`-e`/`-m` (stdin is then data, as in `curl … | python3 -c 'import json…'`)
 * or with a script file.
 */
function readsScriptFromStdin(words: ShellWord[]): { interpreter: ShellWord } | null {
  const k = basename(words[0]?.value ?? '') === 'busybox' ? 1 : 0;
  const interpreter = words[k];
  if (!interpreter || !INTERPRETERS.test(basename(interpreter.value))) return null;
  const shell = SHELLS.test(basename(interpreter.value));
  const args = words.slice(k + 1).map((w) => w.value);
  for (let i = 0; i < args.length; i++) {
    const v = args[i];
    if (v === '-' || v === '/dev/stdin' || v === '--') return { interpreter };
    if (shell) {
      if (/^[-+]o$/.test(v)) {
        i++; // -o pipefail
        continue;
      }
      if (/^-[A-Za-z]+$/.test(v)) {
        if (v.includes('c')) return null; // sh -c '…': stdin is data
        if (v.includes('s')) return { interpreter }; // sh -s -- args
        continue;
      }
      if (v.startsWith('--') || v.startsWith('+')) continue;
      return null; // sh script.sh: stdin is its input
    }
    if (v.startsWith('-')) {
      if (CODE_OPTIONS[family(interpreter.value)]?.test(v)) return null; // python3 -c '…': stdin is data
      continue;
    }
    return null; // python3 script.py: stdin is its input
  }
  return { interpreter };
}

/** Options that give the interpreter its program, so stdin is only data. */
const CODE_OPTIONS: Record<string, RegExp> = {
  python: /^-[A-Za-z]*[cm][A-Za-z]*$/,
  perl: /^-[A-Za-z]*[eE][A-Za-z]*$/,
  ruby: /^-[A-Za-z]*e[A-Za-z]*$/,
  node: /^(-[ep]|--eval|--print)$/,
  php: /^-r$/,
  pwsh: /^-(c|command|f|file|e|encodedcommand)$/i,
};

function family(word: string): string {
  return basename(word).replace(/\d+(\.\d+)?$/, '');
}

/** The downloader command of a `$(curl …)` / `` `curl …` `` word, if the word is exactly that. */
const SUBSTITUTED_DOWNLOAD = /^(\$\(|`)\s*(sudo\s+)?(curl|wget)\s/;

function pipeTarget(commands: readonly ShellCommand[], k: number): ShellCommand | undefined {
  // The next command at the same nesting level; deeper ones (substitutions in its words) come first.
  for (let j = k + 1; j < commands.length; j++) {
    if (commands[j].nested !== commands[k].nested) continue;
    return commands[j].prev === '|' ? commands[j] : undefined;
  }
  return undefined;
}

/** `bash <(curl …)`, `. <(curl …)`, `source <(wget -O- …)`: the process substitution after the word. */
function processSubstitutionDownload(model: DockerfileModel, after: ShellWord, commands: readonly ShellCommand[]): ShellWord | undefined {
  const m = /^[ \t]*<\([ \t]*/.exec(model.text.slice(after.end, after.end + 40));
  if (!m) return undefined;
  const at = after.end + m[0].length;
  for (const c of commands) {
    const w = effectiveWords(c);
    if (c.nested && w[0] && DOWNLOADERS.has(basename(w[0].value)) && (c.words[0]?.start ?? -1) === at) return w[0];
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'dockerfile/curl-pipe-shell',
    category: 'supply-chain',
    defaultSeverity: 'warning',
    description: 'Do not pipe a download straight into a shell or interpreter: nothing verifies what runs.',
    messages: {
      pipeToShell:
        '`{{downloader}} … | {{interpreter}}` runs whatever the server sends, unverified, as the build user. Download to a file, check its SHA-256 checksum or signature, then run it (or install the tool with a package manager).',
      substitution:
        '`{{interpreter}}` runs a script fetched by {{downloader}} without any verification. Download to a file, check its SHA-256 checksum or signature, then run it (or install the tool with a package manager).',
    },
    aliases: [],
    fixable: false,
    hasSuggestions: false,
  },
  create(context) {
    const { model } = context;
    return {
      RUN(instruction) {
        const script = model.shell(instruction);
        if (!script) return;
        // The findings depend on the RUN's own text only: remembered on its analysis, which an edit elsewhere keeps.
        const found = remembered(script, 'hardlineCurlPipeShell', () => findings(model, orderedCommands(model, instruction)));
        for (const f of found) context.report({ range: spanRange(model, f.first, f.last), messageId: f.messageId, data: { ...f.data } });
      },
    };
  },
});

interface Finding {
  first: ShellWord;
  last: ShellWord;
  messageId: 'pipeToShell' | 'substitution';
  data: { downloader: string; interpreter: string };
}

function findings(model: DockerfileModel, commands: readonly ShellCommand[]): Finding[] {
  const found: Finding[] = [];
  commands.forEach((cmd, k) => {
    const words = effectiveWords(cmd);
    const name = basename(words[0]?.value ?? '');
    if (DOWNLOADERS.has(name) && cmd.next === '|') {
      // Follow the pipeline: `curl … | tee log | sh` still runs the download.
      for (let i = k, target = pipeTarget(commands, i); target; target = pipeTarget(commands, i)) {
        const hit = readsScriptFromStdin(effectiveWords(target));
        if (hit) {
          found.push({
            first: words[0],
            last: hit.interpreter,
            messageId: 'pipeToShell',
            data: { downloader: name, interpreter: basename(hit.interpreter.value) },
          });
          break;
        }
        i = commands.indexOf(target);
        if (target.next !== '|') break;
      }
      return;
    }
    const isEval = name === 'eval';
    if (!SHELLS.test(name) && !isEval && name !== '.' && name !== 'source') return;
    // sh -c "$(curl …)", eval "$(curl …)"
    const scriptIndex = isEval ? 1 : words.findIndex((w, i) => i > 0 && /^-[A-Za-z]*c[A-Za-z]*$/.test(w.value)) + 1;
    const script = scriptIndex > 0 ? words[scriptIndex] : undefined;
    const sub = script && SUBSTITUTED_DOWNLOAD.exec(script.value);
    if (script && sub) {
      found.push({ first: words[0], last: script, messageId: 'substitution', data: { interpreter: name, downloader: sub[3] } });
      return;
    }
    // bash <(curl …), . <(curl …): looks at the text after the last word on its line, within the RUN.
    const downloader = processSubstitutionDownload(model, words[words.length - 1], commands);
    if (downloader && words.length <= 2) {
      found.push({ first: words[0], last: downloader, messageId: 'substitution', data: { interpreter: name, downloader: basename(downloader.value) } });
    }
  });
  return found;
}
