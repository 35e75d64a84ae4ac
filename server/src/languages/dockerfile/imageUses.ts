import { Copy, ModifiableInstruction, Run, type Instruction } from 'dockerfile-ast';
import type { Range } from '../../engine/types';
import { parseImageRef, type ImageRef } from './imageRef';
import type { DockerfileModel, Stage } from './model';

/**
 * Where a Dockerfile pulls an image from a registry, and what can be known
 * about that reference without guessing: FROM lines that do not name an
 * earlier stage, `COPY --from=<image>` and `RUN --mount=…,from=<image>`.
 *
 * Variables are expanded the way BuildKit expands a FROM line: only global
 * ARGs (declared before the first FROM) and the automatic platform ARGs are
 * in scope. A global ARG with a default takes that default; an ARG declared
 * without a default (or a platform ARG) is *unknown* (it comes from
 * `--build-arg` or the build platform); a variable that is not declared at
 * all expands to the empty string (BuildKit warns `UndefinedArgInFrom`).
 */

/** Stands for the value of a variable we cannot know. */
export const UNKNOWN = '\u0000';

/** ARGs BuildKit defines in the global scope without a declaration. */
const PLATFORM_ARG = /^(?:TARGET|BUILD)(?:PLATFORM|OS|ARCH|VARIANT)$/;

export interface Expanded {
  /** The text after expansion; unknown values are {@link UNKNOWN}. */
  value: string;
  /** Some part of the value is unknown. */
  unknown: boolean;
}

/** Expand `$A`, `${A}`, `${A:-w}`, `${A-w}`, `${A:+w}`, `${A+w}` with global-scope rules. */
export function expandFromArgs(text: string, args: Map<string, string | undefined>): Expanded {
  let unknown = false;
  const value = text.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_m, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
      const name = (braced ?? bare)!;
      const declared = args.has(name) || PLATFORM_ARG.test(name);
      const val = args.get(name);
      if (declared && val === undefined) {
        unknown = true;
        return UNKNOWN;
      }
      const set = declared && val !== undefined;
      if (op === ':-' || op === '-') return set && (op === '-' || val !== '') ? val! : word ?? '';
      if (op === ':+' || op === '+') return set && (op === '+' || val !== '') ? word ?? '' : '';
      return set ? val! : '';
    },
  );
  return { value, unknown };
}

/** For each character of `text`: is it literal (true) or part of a `$VAR` / `${…}` expression? */
export function literalMask(text: string): boolean[] {
  const mask = new Array<boolean>(text.length).fill(true);
  const re = /\$(?:\{[^}]*\}?|[A-Za-z_][A-Za-z0-9_]*)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    for (let k = m.index; k < m.index + m[0].length; k++) mask[k] = false;
  }
  return mask;
}

export type TagStatus =
  /** `:latest` */
  | { kind: 'latest' }
  /** no tag and no digest: Docker pulls `:latest` */
  | { kind: 'untagged' }
  | { kind: 'tagged'; tag: string }
  | { kind: 'digest' }
  /** Depends on a value we cannot know, or not a valid reference. */
  | { kind: 'unknown' };

/** The tag of an expanded reference; unknown parts are not guessed. */
export function tagStatus(value: string): TagStatus {
  const ref = value.includes(UNKNOWN) ? null : parseImageRef(value);
  if (ref) {
    if (ref.digest) return { kind: 'digest' };
    if (ref.tag === undefined) return { kind: 'untagged' };
    return ref.tag === 'latest' ? { kind: 'latest' } : { kind: 'tagged', tag: ref.tag };
  }
  // Only the last path component can carry a tag or digest: an unknown (or
  // empty, hence invalid) value before the last literal `/` cannot change it.
  const tail = value.slice(value.lastIndexOf('/') + 1);
  if (tail.includes('@')) return { kind: 'unknown' };
  const colon = tail.lastIndexOf(':');
  if (colon >= 0) {
    const tag = tail.slice(colon + 1);
    if (tag.includes(UNKNOWN) || !/^[\w][\w.-]{0,127}$/.test(tag)) return { kind: 'unknown' };
    return tag === 'latest' ? { kind: 'latest' } : { kind: 'tagged', tag };
  }
  // An unknown value in the last component may carry `:tag` or `@digest`.
  return /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(tail) ? { kind: 'untagged' } : { kind: 'unknown' };
}

/**
 * The registry host of an expanded reference (`docker.io` for Docker Hub),
 * or undefined when an unknown value could change it.
 */
export function registryOf(value: string): string | undefined {
  if (!value.includes(UNKNOWN)) return parseImageRef(value)?.registry;
  const slash = value.indexOf('/');
  if (slash < 0) {
    // One component: `name[:tag]`. Unknown text in the name could add a host and a `/`.
    const nameEnd = value.search(/[:@]/);
    const name = nameEnd < 0 ? value : value.slice(0, nameEnd);
    return name.includes(UNKNOWN) || name === '' ? undefined : 'docker.io';
  }
  const first = value.slice(0, slash);
  if (first.includes(UNKNOWN) || first === '') return undefined;
  if (/[.:]/.test(first) || first === 'localhost') {
    const host = first.toLowerCase();
    return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host;
  }
  return 'docker.io';
}

export interface ImageUse {
  kind: 'from' | 'copy' | 'mount';
  stage: Stage;
  instruction: Instruction;
  /** As written (FROM image, `--from` value, mount `from=` value). */
  written: string;
  /** Expanded with the global ARGs (FROM) or as written (`--from` values never contain `$` here). */
  expanded: Expanded;
  /** Parsed reference when fully known and valid. */
  ref: ImageRef | null;
  /** Range of the written reference. */
  range: Range;
}

/** The stages by name (lower case), made once per model: asking every stage for every reference was quadratic. */
type StageNames = Map<string, Stage[]>;

function stageNames(model: DockerfileModel): StageNames {
  const names: StageNames = new Map();
  for (const s of model.stages) {
    if (s.name === undefined) continue;
    const lower = s.name.toLowerCase();
    const list = names.get(lower);
    if (list) list.push(s);
    else names.set(lower, [s]);
  }
  return names;
}

/** Names (lower case) and indexes of the stages a `--from` may refer to. */
function isStageReference(names: StageNames, value: string): boolean {
  if (/^\d+$/.test(value)) return true;
  return names.has(value.toLowerCase());
}

/**
 * Is this expanded FROM value the name of another stage? BuildKit resolves
 * stage names across the whole file (a later stage too), so any other stage counts.
 */
function namesOtherStage(names: StageNames, stage: Stage, value: string): boolean {
  return names.get(value.toLowerCase())?.some((s) => s !== stage) ?? false;
}

/**
 * Every image reference the build pulls, in document order. FROM lines that
 * name an earlier stage (as written or after expansion), `scratch`, and
 * `--from` values that name a stage or contain a variable are left out.
 */
/** Per model: several rules and the pin targets ask for the same list. */
const usesOf = new WeakMap<DockerfileModel, ImageUse[]>();

export function imageUses(model: DockerfileModel): ImageUse[] {
  let uses = usesOf.get(model);
  if (!uses) {
    uses = computeImageUses(model);
    usesOf.set(model, uses);
  }
  return uses.slice();
}

function computeImageUses(model: DockerfileModel): ImageUse[] {
  const uses: ImageUse[] = [];
  const names = stageNames(model);
  for (const stage of model.stages) {
    const written = stage.from.getImage();
    const range = stage.from.getImageRange();
    if (written && range && !stage.parent) {
      const expanded = expandFromArgs(written, model.globalArgs);
      const value = expanded.value;
      const blank = value.trim() === '';
      const scratch = value.toLowerCase() === 'scratch';
      if (!blank && !scratch && !namesOtherStage(names, stage, value)) {
        uses.push({
          kind: 'from',
          stage,
          instruction: stage.from,
          written,
          expanded,
          ref: expanded.unknown ? null : parseImageRef(value),
          range,
        });
      }
    }
    for (const instr of stage.instructions) {
      for (const { kind, value, valueRange } of flagImages(instr)) {
        if (isStageReference(names, value)) continue;
        uses.push({
          kind,
          stage,
          instruction: instr,
          written: value,
          expanded: { value, unknown: false },
          ref: parseImageRef(value),
          range: valueRange,
        });
      }
    }
  }
  return uses;
}

/**
 * The `COPY --from=` / `RUN --mount=…,from=` values of an instruction that may
 * name an image (not empty, no variable, not scratch), from its own text only:
 * remembered on the instruction, which an edit elsewhere keeps (its ranges are
 * moved with it, see incremental.ts).
 */
function flagImages(instr: Instruction): { kind: 'copy' | 'mount'; value: string; valueRange: Range }[] {
  const holder = instr as unknown as { hardlineFlagImages?: ReturnType<typeof flagImages> };
  if (holder.hardlineFlagImages) return holder.hardlineFlagImages;
  const found: ReturnType<typeof flagImages> = [];
  if (instr instanceof ModifiableInstruction) {
    for (const flag of instr.getFlags()) {
      let value: string | null = null;
      let valueRange: Range | null = null;
      let kind: 'copy' | 'mount' = 'copy';
      if (instr instanceof Copy && flag.getName().toLowerCase() === 'from') {
        value = flag.getValue();
        valueRange = flag.getValueRange();
      } else if (instr instanceof Run && flag.getName().toLowerCase() === 'mount') {
        const option = flag.getOption('from');
        value = option?.getValue() ?? null;
        valueRange = option?.getValueRange() ?? null;
        kind = 'mount';
      }
      if (!value || !valueRange || value.includes('$')) continue;
      if (value.toLowerCase() === 'scratch') continue;
      found.push({ kind, value, valueRange });
    }
  }
  holder.hardlineFlagImages = found;
  return found;
}

/** Sub-range of a single-line range, by character offsets within it. */
export function subRange(range: Range, start: number, end: number): Range {
  if (range.start.line !== range.end.line) return range;
  return {
    start: { line: range.start.line, character: range.start.character + start },
    end: { line: range.start.line, character: range.start.character + end },
  };
}

/**
 * The written tag of a reference (`node:22` → `22`, `${REG}/app:${TAG}` → `${TAG}`),
 * as character offsets within the written text, or null when no tag is written.
 */
export function writtenTagSpan(written: string): { start: number; end: number } | null {
  const mask = literalMask(written);
  let lastSlash = -1;
  let at = -1;
  for (let k = 0; k < written.length; k++) {
    if (!mask[k]) continue;
    if (written[k] === '/') lastSlash = k;
    if (written[k] === '@' && at < 0) at = k;
  }
  const end = at >= 0 ? at : written.length;
  for (let k = end - 1; k > lastSlash; k--) {
    if (mask[k] && written[k] === ':') return k + 1 < end ? { start: k + 1, end } : null;
  }
  return null;
}

/** The written registry host (`localhost:5000` in `localhost:5000/app:1`), as offsets, when written literally. */
export function writtenRegistrySpan(written: string): { start: number; end: number } | null {
  const slash = written.indexOf('/');
  if (slash <= 0 || written.slice(0, slash).includes('$')) return null;
  const first = written.slice(0, slash);
  return /[.:]/.test(first) || first === 'localhost' ? { start: 0, end: slash } : null;
}
