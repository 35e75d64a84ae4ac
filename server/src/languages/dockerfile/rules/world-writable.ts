import { ModifiableInstruction, type Instruction } from 'dockerfile-ast';
import type { Range } from '../../../engine/types';
import { defineRule } from '../language';
import { environmentAt, orderedCommands, wordRange } from '../packages';
import { basename, effectiveWords, type ShellWord } from '../shell';

/** Does a chmod mode give "others" write permission, and does it set the sticky bit? */
export function analyseMode(mode: string): { writable: boolean; sticky: boolean } | null {
  if (/^[0-7]{1,4}$/.test(mode)) {
    const digits = mode.padStart(4, '0');
    return { writable: (Number(digits[3]) & 2) !== 0, sticky: (Number(digits[0]) & 1) !== 0 };
  }
  let writable = false;
  let sticky = false;
  for (const clause of mode.split(',')) {
    const m = /^([ugoa]*)((?:[-+=][rwxXst]*)+)$/.exec(clause);
    if (!m) return null;
    const who = m[1];
    for (const [, op, perms] of m[2].matchAll(/([-+=])([rwxXst]*)/g)) {
      if (op === '-') continue;
      // `+w` without who is filtered by the umask (022 keeps others out): only `o` and `a` count.
      if (/[oa]/.test(who) && perms.includes('w')) writable = true;
      if (perms.includes('t')) sticky = true;
    }
  }
  return { writable, sticky };
}

/** Shared scratch directories where a sticky, world-writable mode is the standard. */
const TMP = /^\/(var\/)?tmp(\/|$)/;

interface ModeUse {
  mode: string;
  range: Range;
  /** Target paths with ENV/ARG values substituted; undefined when a variable is unknown. */
  targets: (string | undefined)[];
  /** Offset of the command, to find a later `rm` of the same target. */
  at?: number;
  /** The target words as written. */
  written: string[];
}

/** `$GOPATH/bin`, `${PGDATA}` with the ENV/ARG values in effect; undefined when one is unknown. */
function substitute(value: string, env: Map<string, string>): string | undefined {
  let unknown = false;
  const out = value.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, a?: string, b?: string) => {
    const v = env.get((a ?? b)!);
    if (v === undefined) unknown = true;
    return v ?? '';
  });
  return unknown || /[$`]/.test(out) ? undefined : out;
}

const CHMOD_FLAGS = /^(-[RvfcHLP]+|--(recursive|verbose|silent|quiet|changes|preserve-root|no-preserve-root|no-dereference|dereference))$/;

function shellModes(words: ShellWord[], toRange: (w: ShellWord) => Range, env: Map<string, string>): ModeUse[] {
  const resolve = (targets: string[]) => targets.map((t) => substitute(t, env));
  const tool = basename(words[0]?.value ?? '');
  const args = words.slice(1);
  if (tool === 'chmod') {
    if (args.some((w) => w.value.startsWith('--reference'))) return [];
    const rest = args.filter((w) => !CHMOD_FLAGS.test(w.value));
    const mode = rest[0];
    if (!mode || mode.expands) return [];
    const targets = rest.slice(1).map((w) => w.value);
    return [{ mode: mode.value, range: toRange(mode), targets: resolve(targets), written: targets, at: mode.start }];
  }
  if (tool === 'mkdir' || tool === 'install') {
    const uses: ModeUse[] = [];
    const targets: string[] = [];
    let mode: ShellWord | undefined;
    let inline: string | undefined;
    for (let k = 0; k < args.length; k++) {
      const v = args[k].value;
      if (v === '-m' || v === '--mode') {
        mode = args[++k];
        inline = undefined;
      } else if (/^-m./.test(v) || v.startsWith('--mode=')) {
        mode = args[k];
        inline = v.replace(/^(-m|--mode=)/, '');
      } else if (tool === 'install' && /^-[ogtS]$/.test(v)) {
        k++; // -o owner, -g group, -t dir, -S suffix
      } else if (!v.startsWith('-')) {
        targets.push(v);
      }
    }
    if (mode && !mode.expands) uses.push({ mode: inline ?? mode.value, range: toRange(mode), targets: resolve(targets), written: targets, at: mode.start });
    return uses;
  }
  return [];
}

export default defineRule({
  meta: {
    id: 'dockerfile/world-writable',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'Do not make files or directories of the image writable by every user (chmod 777, o+w, --chmod=666).',
    messages: {
      worldWritable:
        'Mode {{mode}} lets every user write to {{target}}: any process in the container can then plant or replace files there. Give write access to the owner only (chown to the runtime user; 755/644, or 775 with a shared group).',
      stickyShared:
        'Mode {{mode}} lets every user create files in {{target}} (the sticky bit only stops them deleting each other\'s). If this is for running under an arbitrary --user, give the directory to group 0 instead (chgrp 0, then 2770 or g=u): arbitrary UIDs run with GID 0.',
    },
    aliases: [],
    fixable: false,
    hasSuggestions: false,
  },
  create(context) {
    const { model } = context;
    const check = (use: ModeUse, removedLater: (written: string, at: number) => boolean = () => false) => {
      const a = analyseMode(use.mode);
      if (!a?.writable) return;
      // A sticky scratch directory (/tmp, /var/tmp) is the standard; with an unknown target we cannot tell.
      if (a.sticky && use.targets.length > 0 && use.targets.every((t) => t === undefined || TMP.test(t))) return;
      // A temporary directory deleted again in the same RUN does not ship.
      if (use.at !== undefined && use.written.length > 0 && use.written.every((w) => removedLater(w, use.at!))) return;
      const shown = use.written.map((w, k) => use.targets[k] ?? w);
      const target = shown.length === 0 ? 'the target' : shown.length === 1 ? shown[0] : `${shown[0]} and the other targets`;
      context.report({ range: use.range, messageId: a.sticky ? 'stickyShared' : 'worldWritable', data: { mode: use.mode, target } });
    };
    const copyChmod = (instruction: Instruction) => {
      if (!(instruction instanceof ModifiableInstruction)) return;
      const flag = instruction.getFlags().find((f) => f.getName() === 'chmod');
      const value = flag?.getValue();
      const range = flag?.getValueRange();
      if (!flag || !value || !range || value.includes('$')) return;
      const args = instruction.getArguments();
      const destination = args.length > 1 ? args[args.length - 1].getValue() : undefined;
      const env = environmentAt(model, instruction);
      check({ mode: value, range, targets: destination ? [substitute(destination, env)] : [], written: destination ? [destination] : [] });
    };
    return {
      RUN(instruction, stage) {
        if (!stage?.inFinalImage) return;
        const commands = orderedCommands(model, instruction);
        const env = environmentAt(model, instruction);
        const removedLater = (written: string, at: number) =>
          commands.some((c) => {
            const w = effectiveWords(c);
            return basename(w[0]?.value ?? '') === 'rm' && w[0].start > at && w.slice(1).some((x) => x.value === written);
          });
        for (const cmd of commands) {
          for (const use of shellModes(effectiveWords(cmd), (w) => wordRange(model, w), env)) check(use, removedLater);
        }
      },
      COPY(instruction, stage) {
        if (stage?.inFinalImage) copyChmod(instruction);
      },
      ADD(instruction, stage) {
        if (stage?.inFinalImage) copyChmod(instruction);
      },
    };
  },
});
