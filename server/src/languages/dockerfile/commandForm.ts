import { Healthcheck, ModifiableInstruction, type Instruction } from 'dockerfile-ast';
import type { Range } from '../../engine/types';
import { joinContinuations, type DockerfileModel, type Stage } from './model';

/**
 * Shell form or exec form of RUN / CMD / ENTRYPOINT / HEALTHCHECK CMD, decided
 * as BuildKit does: the command is exec form when it parses as a JSON array
 * of strings, otherwise it is shell form and runs with `/bin/sh -c` (or the
 * stage's SHELL).
 */
export interface CommandForm {
  exec: boolean;
  /** Exec form: the JSON strings. */
  argv?: string[];
  /** Looks like an exec-form array but is not valid JSON (so it is shell form). */
  brokenJson: boolean;
  /** Document offsets of the command text (after flags / `CMD`), up to the end of the arguments. */
  start: number;
  end: number;
  range: Range;
}

/**
 * The form depends on the instruction's own text only (and the escape
 * character, which an instruction object never outlives): remembered on the
 * instruction, with the offset it was at, so an instruction kept from the
 * previous version of the document (see incremental.ts) is not joined and
 * parsed again on every keystroke; its offsets are moved to where it is now.
 */
interface Remembered {
  hardlineCommandForm?: { at: number; form: CommandForm | null };
}

export function commandForm(model: DockerfileModel, instr: Instruction): CommandForm | null {
  const keyword = instr.getKeyword();
  if (!['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(keyword)) return null;
  const at = model.index.offsetAt(instr.getRange().start);
  const remembered = (instr as unknown as Remembered).hardlineCommandForm;
  if (remembered) return moved(remembered.form, at - remembered.at);
  const form = computeCommandForm(model, instr);
  (instr as unknown as Remembered).hardlineCommandForm = { at, form };
  return moved(form, 0);
}

/** A copy for the caller, moved by `shift` (the range is in lines and columns: an instruction object keeps those). */
function moved(form: CommandForm | null, shift: number): CommandForm | null {
  if (!form) return null;
  const { start, end } = form.range;
  return {
    ...form,
    argv: form.argv && [...form.argv],
    start: form.start + shift,
    end: form.end + shift,
    range: { start: { ...start }, end: { ...end } },
  };
}

function computeCommandForm(model: DockerfileModel, instr: Instruction): CommandForm | null {
  const args = instr.getArgumentsRange();
  if (!args) return null;
  let startPos = args.start;
  if (instr instanceof Healthcheck) {
    const sub = instr.getSubcommand();
    if (!sub || sub.getValue().toUpperCase() !== 'CMD') return null;
    startPos = sub.getRange().end;
  } else if (instr instanceof ModifiableInstruction) {
    const flags = instr.getFlags();
    if (flags.length > 0) startPos = flags[flags.length - 1].getRange().end;
  }
  const { index, text } = model;
  let start = index.offsetAt(startPos);
  const end = index.offsetAt(args.end);
  // Skip blanks and line continuations between the flags and the command.
  for (;;) {
    while (start < end && /\s/.test(text[start])) start++;
    const m = /^[ \t]*\r?\n/.exec(text.slice(start + 1, start + 64));
    if (text[start] === model.escapeChar && m) start += 1 + m[0].length;
    else break;
  }
  if (start >= end) return null;
  const { script } = joinContinuations(text, start, end, model.escapeChar, false);
  const trimmed = script.trim();
  let argv: string[] | undefined;
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((s) => typeof s === 'string')) argv = parsed;
    } catch {
      argv = undefined;
    }
  }
  const brokenJson = !argv && trimmed.startsWith('[') && trimmed.endsWith(']');
  return { exec: argv !== undefined, argv, brokenJson, start, end, range: { start: index.positionAt(start), end: index.positionAt(end) } };
}

/** The stages of a FROM chain, root first, ending with `stage`. */
export function chainOf(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s; s = s.parent) chain.unshift(s);
  return chain;
}

/** Destinations that may put a shell into an image (`/`, `/bin`, `/usr/bin`, `/busybox`, …). */
const SHELL_DESTINATION = /^\/(?:$|bin(?:\/|$)|usr\/?$|usr\/bin(?:\/|$)|busybox(?:\/|$))/;

/**
 * Does `/bin/sh` exist when `instr` of `stage` runs? `none` only when the
 * stage's base image is known to have no shell (catalogue, or scratch), no
 * SHELL instruction changed the shell, and nothing was copied to where a
 * shell could live (`ADD rootfs.tar.gz /`, `COPY --from=busybox /bin/sh /bin/sh`).
 */
export function shellAvailability(stage: Stage, instr: Instruction): 'none' | 'present' | 'unknown' {
  const base = stage.base;
  if (!base || base.unresolved) return 'unknown';
  if (!baseWithoutShell(stage)) return base.info ? 'present' : 'unknown';
  for (const s of chainOf(stage)) {
    for (const i of s.instructions) {
      if (i === instr) return 'none';
      const keyword = i.getKeyword();
      if (keyword === 'SHELL') return 'unknown';
      if (keyword === 'COPY' || keyword === 'ADD') {
        const args = i.getArguments();
        const dest = args[args.length - 1]?.getValue().replace(/^[["']+|[\]"',]+$/g, '') ?? '';
        if (SHELL_DESTINATION.test(dest) || dest.includes('$')) return 'unknown';
      }
    }
  }
  return 'none';
}

/** The stage's base image is known to have no shell (scratch, or so in the catalogue): only then can shellAvailability be `none`. */
export function baseWithoutShell(stage: Stage): boolean {
  const base = stage.base;
  return !!base && !base.unresolved && (base.scratch || base.info?.shell === false);
}

/** How the base of a shell-less stage is named in messages, with where to get a shell. */
export function shellLessImage(stage: Stage): { image: string; hint: string } {
  const base = stage.base!;
  if (base.scratch) return { image: 'scratch', hint: 'scratch has nothing but what you COPY into it' };
  const vendor = base.info?.vendor;
  const hint =
    vendor === 'distroless'
      ? 'its :debug tag adds a busybox shell'
      : vendor === 'chainguard' || vendor === 'dhi'
        ? 'its -dev tag adds a shell and a package manager'
        : vendor === 'microsoft'
          ? 'the non-chiseled tags of the image have one'
          : 'a -dev or debug variant of the image may have one';
  return { image: base.resolved, hint };
}
