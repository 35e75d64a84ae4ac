import {
  Arg,
  Copy,
  Env,
  From,
  type Comment,
  type Heredoc,
  Instruction,
  JSONInstruction,
  ModifiableInstruction,
  Run,
  type Dockerfile,
} from 'dockerfile-ast';
import { lookupImage, type ImageInfo } from '../../catalog';
import { inputLimitProblem } from '../../engine/limits';
import { LineIndex } from '../../engine/positions';
import type { Problem, Range } from '../../engine/types';
import { parseImageRef, type ImageRef } from './imageRef';
import { textChange, type TextChange } from '../../engine/positions';
import { parseAst, reparseAst, type AstParse } from './incremental';
import { isShell, parseShell, remembered, type ShellCommand, type ShellScript, type ShellWord } from './shell';
import './astCache';

/** The base image of a stage, after `ARG` substitution. */
export interface BaseImage {
  /** As written in the FROM line. */
  written: string;
  /** After substituting global ARG defaults. */
  resolved: string;
  /** A variable could not be resolved: rules must not guess. */
  unresolved: boolean;
  /** `scratch`: the empty image. */
  scratch: boolean;
  ref: ImageRef | null;
  /** Catalogue facts, null for unknown images. */
  info: ImageInfo | null;
  /** Range of the image reference in the FROM line. */
  range: Range;
}

/** Who the process runs as at the end of a stage. */
export interface EffectiveUser {
  /** `root`, `0`, `65532`, `app`, `1000:1000`, … as written or known; undefined when unknown. */
  value?: string;
  /** Where the value comes from. */
  source: 'instruction' | 'base-image' | 'unknown';
  /** The USER instruction that set it (in this stage or an ancestor stage). */
  instruction?: Instruction;
}

export interface Stage {
  index: number;
  from: From;
  /** `AS name`, as written. */
  name?: string;
  /** The instructions after FROM, up to the next FROM. */
  instructions: Instruction[];
  /** The earlier stage this one is built `FROM`, if any. */
  parent?: Stage;
  /** The image this stage starts from (own FROM, or the root of its FROM chain). */
  base: BaseImage | null;
  /** The last stage: what `docker build` produces without `--target`. */
  isFinal: boolean;
  /** The final stage or one of its FROM ancestors: its filesystem and settings ship. */
  inFinalImage: boolean;
  /** Reaches the final image through FROM or `COPY --from` / `RUN --mount=from=`. */
  usedByFinal: boolean;
  /** Stages this one copies or mounts from. */
  dependsOn: Stage[];
  user: EffectiveUser;
}

export interface DockerfileComment {
  text: string;
  range: Range;
}

export interface DockerfileModel {
  text: string;
  index: LineIndex;
  eol: '\n' | '\r\n';
  escapeChar: string;
  ast: Dockerfile;
  /** Every instruction in document order (including ARGs before the first FROM). */
  instructions: Instruction[];
  stages: Stage[];
  finalStage?: Stage;
  /** Global ARG defaults (before the first FROM). */
  globalArgs: Map<string, string | undefined>;
  comments: DockerfileComment[];
  problems: Problem[];
  /** Shell analysis of a RUN / shell-form CMD / ENTRYPOINT (cached). */
  shell(instruction: Instruction): ShellScript | null;
  /** The stage that contains an instruction. */
  stageOf(instruction: Instruction): Stage | undefined;
  /** The `.dockerignore`-relevant facts are host facts: see Environment. */
}

const KNOWN = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

/** The instructions BuildKit reads here-documents for. */
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

/** Each model's shell analyses, for the next version's kept instructions. */
const shellCaches = new WeakMap<DockerfileModel, Map<Instruction, ShellScript | null>>();

/** The item-wise parse behind each model, for the next version's incremental parse. */
const astParses = new WeakMap<DockerfileModel, AstParse>();

/**
 * Parse a Dockerfile. `previous`: the model of an earlier version of the same
 * document; the instructions its edit did not touch are kept (see incremental.ts),
 * and `previous` must not be used afterwards. The model is the same as without it.
 */
export function parseDockerfile(text: string, previous?: DockerfileModel): DockerfileModel {
  const problems: Problem[] = [];
  const before = previous ? astParses.get(previous) : undefined;
  if (previous) astParses.delete(previous);
  // An edit of the previous version: the line index is made from the previous one, scanning only the edited span.
  const change = before ? textChange(before.text, text) : null;
  const index = before && change ? LineIndex.afterEdit(before.index, text, change.start, change.oldEnd, change.newEnd) : new LineIndex(text);
  const eol = previous && change ? eolAfterEdit(previous, text, change) : text.includes('\r\n') ? '\r\n' : '\n';
  // The services refuse such text before parsing; direct callers get the same single problem.
  const refused = inputLimitProblem(text);
  let parsed: AstParse;
  if (refused) {
    problems.push(refused);
    parsed = parseAst('', new LineIndex(''));
  } else {
    parsed = (before && change && reparseAst(text, index, before, change)) || parseAst(text, index);
  }
  const source = parsed.text;
  const ast = parsed.ast;
  const instructions = ast.getInstructions();
  const escapeChar = ast.getEscapeCharacter();
  const comments: DockerfileComment[] = ast.getComments().map(modelComment);

  const globalArgs = new Map<string, string | undefined>();
  const stages: Stage[] = [];
  let current: Stage | undefined;
  for (const instr of instructions) {
    const facts = factsOf(instr);
    const keyword = facts.keyword;
    if (instr instanceof From) {
      current = {
        index: stages.length,
        from: instr,
        name: facts.buildStage,
        instructions: [],
        base: null,
        isFinal: false,
        inFinalImage: false,
        usedByFinal: false,
        dependsOn: [],
        user: { source: 'unknown' },
      };
      stages.push(current);
      continue;
    }
    if (!current) {
      if (instr instanceof Arg) {
        const p = instr.getProperty();
        if (p) globalArgs.set(p.getName(), p.getValue() ?? undefined);
      } else if (KNOWN.has(keyword)) {
        problems.push({
          severity: 'error',
          code: 'instruction-before-from',
          message: `${keyword} before the first FROM: only ARG may come before FROM.`,
          range: instr.getInstructionRange(),
        });
      }
    } else {
      current.instructions.push(instr);
    }
    if (facts.known && facts.noArguments && !(instr instanceof From)) {
      problems.push({
        severity: 'error',
        code: 'missing-argument',
        message: `${keyword} requires an argument.`,
        range: instr.getInstructionRange(),
      });
    }
    if (!facts.known) {
      problems.push({
        severity: 'error',
        code: 'unknown-instruction',
        message: `Unknown instruction "${instr.getInstruction()}".`,
        range: instr.getInstructionRange(),
      });
    }
  }
  // BuildKit fails on a here-document without its closing line; every line after it would be its body.
  for (const instr of instructions) {
    for (const heredoc of factsOf(instr).unterminated) {
      problems.push({
        severity: 'error',
        code: 'unterminated-heredoc',
        message: `The here-document <<${heredoc.name} is never closed by a line "${heredoc.name}": docker build fails (unterminated heredoc), and every line after it is part of it.`,
        range: heredoc.range,
      });
    }
  }
  if (stages.length === 0 && source.trim().length > 0 && instructions.length > 0) {
    problems.push({
      severity: 'error',
      code: 'no-from',
      message: 'A Dockerfile needs at least one FROM instruction.',
      range: instructions[0].getInstructionRange(),
    });
  }

  const byName = new Map<string, Stage>();
  for (const stage of stages) {
    const written = stage.from.getImage();
    if (!written) {
      problems.push({
        severity: 'error',
        code: 'from-without-image',
        message: 'FROM needs an image: FROM <image>[:<tag>] [AS <name>].',
        range: stage.from.getInstructionRange(),
      });
    } else {
      const parent = byName.get(written.toLowerCase());
      if (parent) {
        stage.parent = parent;
        stage.base = parent.base;
      } else {
        stage.base = resolveBase(stage.from, written, globalArgs);
      }
    }
    if (stage.name) byName.set(stage.name.toLowerCase(), stage);
  }

  // Stage dependencies: COPY --from / RUN --mount=from=
  const stageRef = (ref: string): Stage | undefined => {
    if (/^\d+$/.test(ref)) return stages[Number(ref)];
    return byName.get(ref.toLowerCase());
  };
  for (const stage of stages) {
    for (const instr of stage.instructions) {
      for (const ref of factsOf(instr).stageRefs) {
        const dep = ref ? stageRef(ref) : undefined;
        if (dep && dep !== stage && !stage.dependsOn.includes(dep)) stage.dependsOn.push(dep);
      }
    }
  }

  const finalStage = stages[stages.length - 1];
  if (finalStage) {
    finalStage.isFinal = true;
    for (let s: Stage | undefined = finalStage; s && !s.inFinalImage; s = s.parent) s.inFinalImage = true;
    const queue: Stage[] = [finalStage];
    while (queue.length > 0) {
      const s = queue.pop()!;
      if (s.usedByFinal) continue;
      s.usedByFinal = true;
      if (s.parent) queue.push(s.parent);
      queue.push(...s.dependsOn);
    }
  }

  for (const stage of stages) stage.user = effectiveUser(stage);

  const stageOfCache = new Map<Instruction, Stage>();
  for (const stage of stages) {
    stageOfCache.set(stage.from, stage);
    for (const instr of stage.instructions) stageOfCache.set(instr, stage);
  }

  // Shell analyses of kept instructions are only moved (they are by document offset). The previous
  // version's table becomes this one's: the previous model is not used again.
  const previousShell = previous && parsed.kept.size > 0 ? shellCaches.get(previous) : undefined;
  if (previous) shellCaches.delete(previous);
  const shellCache = previousShell ?? new Map<Instruction, ShellScript | null>();
  if (previousShell) {
    for (const [instruction, script] of previousShell) {
      const shift = parsed.kept.get(instruction);
      if (shift === undefined) {
        previousShell.delete(instruction);
      } else if (script && shift !== 0) {
        // After the edit: the text from the instruction to the end is the same, moved.
        moveScriptInPlace(script, shift);
      } else if (script) {
        // Before the edit: the analysis also looked as far as the first line feed (a file with lone CR
        // line ends can have it after the instruction, maybe in the edited text).
        const range = instruction.getRange();
        const newline = text.indexOf('\n', index.offsetAt(range.start));
        if (newline === -1 || newline > index.offsetAt(range.end)) previousShell.delete(instruction);
      }
    }
  }

  const model: DockerfileModel = {
    text,
    index,
    eol,
    escapeChar,
    ast,
    instructions,
    stages,
    finalStage,
    globalArgs,
    comments,
    problems,
    shell(instruction) {
      if (!shellCache.has(instruction)) shellCache.set(instruction, analyseShell(model, instruction));
      return shellCache.get(instruction) ?? null;
    },
    stageOf(instruction) {
      return stageOfCache.get(instruction);
    },
  };
  if (!refused) astParses.set(model, parsed);
  shellCaches.set(model, shellCache);
  return model;
}

/**
 * What parseDockerfile needs of an instruction on every parse, from its own
 * text only: remembered on the instruction, which an edit elsewhere keeps
 * (see incremental.ts; positions in it are moved with the instruction's own).
 */
interface InstructionFacts {
  keyword: string;
  known: boolean;
  noArguments: boolean;
  /** FROM: `AS name`. */
  buildStage: string | undefined;
  /** Here-documents without their closing line (RUN, COPY, ADD). */
  unterminated: { name: string; range: Range }[];
  /** What `--from=` / `--mount=…,from=` flags name (null: a flag without a value). */
  stageRefs: (string | null)[];
}

function factsOf(instr: Instruction): InstructionFacts {
  const holder = instr as unknown as { hardlineFacts?: InstructionFacts };
  return (holder.hardlineFacts ??= computeFacts(instr));
}

function computeFacts(instr: Instruction): InstructionFacts {
  const keyword = instr.getKeyword();
  const unterminated: InstructionFacts['unterminated'] = [];
  if (HEREDOC_KEYWORDS.has(keyword)) {
    let heredocs: Heredoc[] = [];
    try {
      heredocs = (instr as unknown as { getHeredocs(): Heredoc[] }).getHeredocs();
    } catch {
      // dockerfile-ast 0.7.1 throws on some continuations into a comment with lone CR line ends (`RUN \⏎#`).
    }
    for (const heredoc of heredocs) {
      if (heredoc.getDelimiterRange() || !heredoc.getName()) continue;
      unterminated.push({ name: heredoc.getName(), range: heredoc.getStartRange() });
    }
  }
  const stageRefs: (string | null)[] = [];
  if (instr instanceof ModifiableInstruction) {
    for (const flag of instr.getFlags()) {
      if (flag.getName() === 'from') stageRefs.push(flag.getValue());
      else if (flag.getName() === 'mount') stageRefs.push(flag.getOption('from')?.getValue() ?? null);
    }
  }
  return {
    keyword,
    known: KNOWN.has(keyword),
    noArguments: instr.getArguments().length === 0,
    buildStage: instr instanceof From ? instr.getBuildStage() ?? undefined : undefined,
    unterminated,
    stageRefs,
  };
}

/** A comment as the model gives it, remembered on dockerfile-ast's comment (kept by an edit elsewhere, its range moved). */
function modelComment(comment: Comment): DockerfileComment {
  const holder = comment as unknown as { hardlineComment?: DockerfileComment };
  return (holder.hardlineComment ??= { text: comment.getContent(), range: comment.getRange() });
}

/**
 * `'\r\n'` when the text has a CRLF, from the previous version's answer
 * without scanning the whole text: a CRLF the edit did not touch is still
 * there, and a new one is in the edited span.
 */
function eolAfterEdit(previous: DockerfileModel, text: string, change: TextChange): '\n' | '\r\n' {
  const from = Math.max(0, change.start - 1);
  if (previous.text.slice(from, change.oldEnd + 1).includes('\r\n')) return text.includes('\r\n') ? '\r\n' : '\n';
  return previous.eol === '\r\n' || text.slice(from, change.newEnd + 1).includes('\r\n') ? '\r\n' : '\n';
}

/** Substitute `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:+alt}` from the global ARG defaults. */
export function substituteArgs(
  text: string,
  args: Map<string, string | undefined>,
): { value: string; unresolved: boolean } {
  let unresolved = false;
  const value = text.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_m, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare!;
      const has = args.has(name) && args.get(name) !== undefined;
      const val = args.get(name);
      if (op === ':-' || op === '-') {
        if (has && (op === '-' || val !== '')) return val!;
        return word ?? '';
      }
      if (op === ':+' || op === '+') {
        return has && (op === '+' || val !== '') ? word ?? '' : '';
      }
      if (!has) {
        unresolved = true;
        return '';
      }
      return val!;
    },
  );
  return { value, unresolved };
}

function resolveBase(from: From, written: string, args: Map<string, string | undefined>): BaseImage {
  const { value, unresolved } = substituteArgs(written, args);
  const scratch = !unresolved && value.toLowerCase() === 'scratch';
  const ref = unresolved || scratch ? null : parseImageRef(value);
  return {
    written,
    resolved: value,
    unresolved,
    scratch,
    ref,
    info: ref ? lookupImage(ref) : null,
    range: from.getImageRange() ?? from.getArgumentsRange() ?? from.getInstructionRange(),
  };
}

function effectiveUser(stage: Stage): EffectiveUser {
  // A USER without argument is rejected by docker build and sets nothing.
  let last: Instruction | undefined;
  for (let k = stage.instructions.length - 1; k >= 0 && !last; k--) {
    const i = stage.instructions[k];
    if (i.getKeyword() === 'USER' && !factsOf(i).noArguments) last = i;
  }
  if (last) {
    const value = last.getArgumentsContent()?.trim();
    return { value: value || undefined, source: value ? 'instruction' : 'unknown', instruction: last };
  }
  if (stage.parent) return stage.parent.user;
  const base = stage.base;
  if (base?.scratch) return { value: '0', source: 'base-image' };
  if (base?.info) return { value: base.info.user, source: 'base-image' };
  return { source: 'unknown' };
}

/**
 * The shell script of a RUN (shell form or heredoc) or of a shell-form
 * CMD / ENTRYPOINT / HEALTHCHECK, with document offsets. Exec form: the JSON
 * strings as words (a nested `sh -c` script is analysed too).
 */
function analyseShell(model: DockerfileModel, instruction: Instruction): ShellScript | null {
  const keyword = instruction.getKeyword();
  if (!['RUN', 'CMD', 'ENTRYPOINT'].includes(keyword)) return null;
  const { index, text, escapeChar } = model;
  if (instruction instanceof JSONInstruction && instruction.getOpeningBracket()) {
    // Exec form: no shell; the words are the JSON strings.
    const words: ShellWord[] = instruction.getJSONStrings().map((s) => {
      const start = index.offsetAt(s.getRange().start);
      const end = index.offsetAt(s.getRange().end);
      return { value: jsonString(text.slice(start, end)), start, end, expands: false };
    });
    const commands: ShellCommand[] = [
      { assignments: [], words, next: null, prev: null, nested: false, heredocs: [] },
    ];
    // `["sh", "-c", "<script>"]`: the script is shell; analyse it as nested commands.
    const c = words.findIndex((w, k) => k > 0 && /^-[a-z]*c[a-z]*$/.test(w.value));
    if (words.length > 0 && isShell(words[0].value) && c > 0 && words[c + 1]) {
      const w = words[c + 1];
      const raw = text.slice(w.start + 1, w.end - 1);
      // Offsets are exact when the JSON string has no escapes, else approximate.
      const offsets = Array.from({ length: w.value.length }, (_, k) => (raw === w.value ? w.start + 1 + k : w.start));
      for (const nested of parseShell(w.value, offsets).commands) {
        commands.push({ ...nested, nested: true });
      }
    }
    return { commands, hasShellSyntax: false };
  }
  // Shell form: the text after the flags, continuation lines joined.
  let startPos = instruction.getArgumentsRange()?.start;
  if (!startPos) return { commands: [], hasShellSyntax: false };
  if (instruction instanceof ModifiableInstruction) {
    const flags = instruction.getFlags();
    if (flags.length > 0) startPos = flags[flags.length - 1].getRange().end;
  }
  const start = index.offsetAt(startPos);
  const end = index.offsetAt(instruction.getRange().end);
  return shellFormScript(text, start, end, escapeChar, instruction instanceof Run || instruction instanceof Copy);
}

/**
 * Shell-form analyses of recent versions, by the text they come from. In the
 * editor every keystroke re-parses the document; the instructions it did not
 * touch are only shifted, so their analysis is reused and moved, not redone.
 */
const recentScripts = new Map<string, { start: number; script: ShellScript }>();
const RECENT_SCRIPTS_MAX = 4096;

function shellFormScript(text: string, start: number, end: number, escapeChar: string, allowHeredoc: boolean): ShellScript {
  // Everything joinContinuations may look at: the instruction, its first line, and the two characters after it.
  const firstLineEnd = text.indexOf('\n', start);
  const key = `${escapeChar}${allowHeredoc ? 'h' : '-'}${text.slice(start, Math.max(end, firstLineEnd) + 2)}`;
  const recent = recentScripts.get(key);
  if (recent) return moveScript(recent.script, start - recent.start);
  const { script, offsets } = joinContinuations(text, start, end, escapeChar, allowHeredoc);
  const parsed = parseShell(script, offsets);
  if (recentScripts.size >= RECENT_SCRIPTS_MAX) recentScripts.clear();
  recentScripts.set(key, { start, script: parsed });
  return moveScript(parsed, 0);
}

/** A copy of a script with every document offset moved by `delta` (shared words stay shared). */
function moveScript(script: ShellScript, delta: number): ShellScript {
  const moved = new Map<ShellWord, ShellWord>();
  const word = (w: ShellWord): ShellWord => {
    let m = moved.get(w);
    if (!m) {
      m = { ...w, start: w.start + delta, end: w.end + delta };
      moved.set(w, m);
    }
    return m;
  };
  return {
    hasShellSyntax: script.hasShellSyntax,
    commands: script.commands.map(
      (c): ShellCommand => ({
        ...c,
        assignments: c.assignments.map(word),
        words: c.words.map(word),
        heredocs: c.heredocs.map((h) => ({ ...h, start: h.start + delta, end: h.end + delta })),
      }),
    ),
  };
}

/**
 * Move a script's document offsets by `delta`, in place: its words and
 * here-documents, each once (words can be shared between commands), listed
 * once per script and remembered on it.
 */
function moveScriptInPlace(script: ShellScript, delta: number): void {
  const spans = remembered(script, 'hardlineSpans', () => {
    const unique = new Set<{ start: number; end: number }>();
    for (const c of script.commands) {
      for (const w of c.assignments) unique.add(w);
      for (const w of c.words) unique.add(w);
      for (const h of c.heredocs) unique.add(h);
    }
    return [...unique];
  });
  for (let i = 0; i < spans.length; i++) {
    spans[i].start += delta;
    spans[i].end += delta;
  }
}

/** The value of a JSON string literal as written (dockerfile-ast's own value drops blanks). */
export function jsonString(raw: string): string {
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v === 'string') return v;
  } catch {
    // fall through: not valid JSON, use the text between the quotes
  }
  return raw.replace(/^"|"$/g, '');
}

/**
 * Join Dockerfile line continuations (escape char + newline) and drop the
 * comment lines inside them, as BuildKit does; keep a document offset per char.
 * With heredocs the newlines after the first line are kept (they are the script).
 */
export function joinContinuations(
  text: string,
  start: number,
  end: number,
  escapeChar: string,
  allowHeredoc: boolean,
): { script: string; offsets: number[] } {
  // Copies runs of characters (not one character at a time: that allocated a string per character).
  const parts: string[] = [];
  const offsets: number[] = [];
  let i = start;
  let run = start;
  const flush = (to: number) => {
    if (to <= run) return;
    parts.push(text.slice(run, to));
    for (let k = run; k < to; k++) offsets.push(k);
  };
  const firstLineEnd = (() => {
    const n = text.indexOf('\n', start);
    return n < 0 ? end : n;
  })();
  const heredoc = allowHeredoc && /<<-?\s*['"]?[A-Za-z_]/.test(text.slice(start, firstLineEnd));
  while (i < end) {
    const c = text[i];
    if (c === escapeChar) {
      let j = i + 1;
      while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
      let nl = 0;
      if (text[j] === '\r' && text[j + 1] === '\n') nl = 2;
      else if (text[j] === '\n' || text[j] === '\r') nl = 1;
      if (nl > 0 && !(heredoc && i > firstLineEnd)) {
        flush(i);
        i = j + nl;
        // Skip comment lines and empty lines inside the continuation.
        for (;;) {
          let k = i;
          while (k < end && (text[k] === ' ' || text[k] === '\t')) k++;
          if (k < end && text[k] === '#') {
            while (k < end && text[k] !== '\n') k++;
            i = k + 1;
            continue;
          }
          if (k < end && (text[k] === '\n' || (text[k] === '\r' && text[k + 1] === '\n'))) {
            i = k + (text[k] === '\r' ? 2 : 1);
            continue;
          }
          break;
        }
        run = i;
        continue;
      }
      // Not a continuation: an ordinary character for the shell (with `# escape=\``, a backslash
      // is one too, and so is a backtick that does not continue a line).
      i++;
      continue;
    }
    if (c === '\r' && text[i + 1] === '\n') {
      flush(i);
      i++;
      run = i;
      continue;
    }
    i++;
  }
  flush(end);
  return { script: parts.join(''), offsets };
}

/** ENV and ARG names and values declared in a stage (and its parents), in order. */
export function stageEnvironment(stage: Stage): Map<string, string> {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s; s = s.parent) chain.unshift(s);
  const env = new Map<string, string>();
  for (const s of chain) {
    for (const instr of s.instructions) {
      if (instr instanceof Env || instr instanceof Arg) {
        for (const p of instr.getProperties()) env.set(p.getName(), p.getValue() ?? '');
      }
    }
  }
  return env;
}
