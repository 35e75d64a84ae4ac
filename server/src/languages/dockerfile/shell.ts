/**
 * A small, total POSIX-shell tokenizer for what Dockerfile RUN/CMD/ENTRYPOINT
 * instructions contain. It splits a script into simple commands (words with
 * document offsets), knows quotes, escapes, comments, redirections, `$(…)` /
 * backtick substitutions, subshells, heredocs and compound-command keywords.
 * It never throws and always terminates; it is an analyser, not an interpreter.
 */

export interface ShellWord {
  /** The word after quote removal (expansions are kept as written). */
  value: string;
  /** Document offsets: start of the first and end of the last character. */
  start: number;
  end: number;
  /** Contains an unquoted or double-quoted `$` expansion or a substitution. */
  expands: boolean;
}

export type ShellOperator = '&&' | '||' | ';' | '|' | '&' | '\n' | null;

export interface ShellCommand {
  /** Leading `NAME=value` assignments. */
  assignments: ShellWord[];
  /** The command name and its arguments (redirections removed). */
  words: ShellWord[];
  /** The operator that follows this command. */
  next: ShellOperator;
  /** The operator that precedes it (null for the first). */
  prev: ShellOperator;
  /** Inside `$(…)`, backticks, `<(…)` or a nested `sh -c` script. */
  nested: boolean;
  /** The heredoc bodies fed to this command. */
  heredocs: { delimiter: string; body: string; start: number; end: number }[];
}

export interface ShellScript {
  commands: ShellCommand[];
  /**
   * Uses shell features that exec form cannot express: operators, expansions,
   * substitutions, redirections, globs, heredocs, comments.
   */
  hasShellSyntax: boolean;
}

const KEYWORDS_BEFORE = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', '(', 'time']);
const KEYWORDS_ALONE = new Set(['fi', 'done', '}', ')', 'esac', 'then', 'else', 'do']);
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);

interface Source {
  text: string;
  /** Document offset of each character of `text`. */
  offsets: number[];
}

interface ShellState {
  hasShellSyntax: boolean;
  /** Commands already produced (a substitution inside an `sh -c` script is met twice). */
  seen: Set<string>;
  /**
   * Source span (indexes into the tokenizer's text) of each word, for nested
   * `sh -c` scripts. Per parse, not a module-wide WeakMap: thousands of weak
   * keys made every garbage collection slower.
   */
  spans: Map<ShellWord, [number, number]>;
}

/** Tokenize a script whose characters sit at the given document offsets. */
export function parseShell(text: string, offsets?: number[], maxDepth = 4): ShellScript {
  const src: Source = { text, offsets: offsets ?? [...Array(text.length).keys()] };
  const state: ShellState = { hasShellSyntax: false, seen: new Set<string>(), spans: new Map() };
  const commands: ShellCommand[] = [];
  tokenize(src, 0, text.length, false, commands, state, maxDepth);
  return { commands, hasShellSyntax: state.hasShellSyntax };
}

function docOffset(src: Source, i: number): number {
  if (i < src.offsets.length) return src.offsets[i];
  return src.offsets.length ? src.offsets[src.offsets.length - 1] + 1 : 0;
}

/** Index of the matching close paren for `$(` at `open` (pointing at `(`), or -1. */
function matchParen(text: string, open: number, end: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < end; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '\\') i++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function tokenize(
  src: Source,
  from: number,
  to: number,
  nested: boolean,
  out: ShellCommand[],
  state: ShellState,
  depth: number,
): void {
  const text = src.text;
  let words: ShellWord[] = [];
  let prev: ShellOperator = null;
  let pendingHeredocs: { delimiter: string; strip: boolean; command: ShellWord[] }[] = [];
  let currentHeredocs: ShellCommand['heredocs'] = [];
  let redirectNext = false;

  // The word being built.
  let value = '';
  let wStart = -1;
  let wEnd = -1;
  let expands = false;
  let inWord = false;

  const push = (c: string, i: number) => {
    if (!inWord) {
      inWord = true;
      wStart = i;
    }
    value += c;
    wEnd = i;
  };
  const startWord = (i: number) => {
    if (!inWord) {
      inWord = true;
      wStart = i;
      wEnd = i;
    }
  };
  const endWord = () => {
    if (!inWord) return;
    const word: ShellWord = { value, start: docOffset(src, wStart), end: docOffset(src, wEnd) + 1, expands };
    state.spans.set(word, [wStart, wEnd]);
    if (redirectNext) redirectNext = false;
    else words.push(word);
    value = '';
    inWord = false;
    expands = false;
  };
  const endCommand = (op: ShellOperator) => {
    endWord();
    const cmd = splitCommand(words, prev, op, nested, currentHeredocs);
    if (cmd) {
      const all = [...cmd.assignments, ...cmd.words];
      const key = `${all[0].start}:${all[all.length - 1].end}:${all.length}`;
      if (!state.seen.has(key)) {
        state.seen.add(key);
        out.push(cmd);
        nestedShellC(cmd, src, out, state, depth);
      }
    }
    words = [];
    currentHeredocs = [];
    prev = op;
  };
  const nestedScript = (start: number, end: number) => {
    if (depth <= 0 || end <= start) return;
    tokenize(src, start, end, true, out, state, depth - 1);
  };

  let i = from;
  while (i < to) {
    const c = text[i];
    // Heredoc bodies start after the newline that ends the line with `<<DELIM`.
    if (c === '\n' && pendingHeredocs.length > 0) {
      endWord();
      let j = i + 1;
      for (const h of pendingHeredocs) {
        const bodyStart = j;
        let bodyEnd = to;
        let after = to;
        while (j < to) {
          let lineEnd = text.indexOf('\n', j);
          if (lineEnd < 0 || lineEnd > to) lineEnd = to;
          let line = text.slice(j, lineEnd);
          if (line.endsWith('\r')) line = line.slice(0, -1);
          if ((h.strip ? line.replace(/^\t+/, '') : line) === h.delimiter) {
            bodyEnd = j;
            after = Math.min(lineEnd + 1, to);
            break;
          }
          j = lineEnd + 1;
        }
        if (j >= to) {
          bodyEnd = to;
          after = to;
        }
        const body = text.slice(bodyStart, bodyEnd);
        currentHeredocs.push({
          delimiter: h.delimiter,
          body,
          start: docOffset(src, bodyStart),
          end: docOffset(src, Math.max(bodyStart, bodyEnd - 1)) + (bodyEnd > bodyStart ? 1 : 0),
        });
        const cmdName = h.command.find((w) => !w.value.includes('='))?.value;
        const base = cmdName ? cmdName.split('/').pop()! : undefined;
        if (base === undefined || SHELLS.has(base)) nestedScript(bodyStart, bodyEnd);
        j = after;
      }
      pendingHeredocs = [];
      endCommand('\n');
      i = j;
      continue;
    }
    if (c === '\\') {
      if (text[i + 1] === '\n') {
        i += 2;
        continue;
      }
      if (text[i + 1] === '\r' && text[i + 2] === '\n') {
        i += 3;
        continue;
      }
      if (i + 1 < to) push(text[i + 1], i + 1);
      i += 2;
      continue;
    }
    if (c === "'") {
      startWord(i);
      const close = text.indexOf("'", i + 1);
      const end = close < 0 || close >= to ? to : close;
      for (let k = i + 1; k < end; k++) push(text[k], k);
      wEnd = Math.min(end, to - 1);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      startWord(i);
      let k = i + 1;
      while (k < to && text[k] !== '"') {
        if (text[k] === '\\' && k + 1 < to && '$`"\\\n'.includes(text[k + 1])) {
          if (text[k + 1] !== '\n') push(text[k + 1], k + 1);
          k += 2;
          continue;
        }
        if (text[k] === '$') {
          expands = true;
          state.hasShellSyntax = true;
          if (text[k + 1] === '(') {
            const close = matchParen(text, k + 1, to);
            const end = close < 0 ? to : close;
            nestedScript(k + 2, end);
            for (let m = k; m <= Math.min(end, to - 1); m++) push(text[m], m);
            k = end + 1;
            continue;
          }
        }
        if (text[k] === '`') {
          const close = text.indexOf('`', k + 1);
          const end = close < 0 || close >= to ? to : close;
          expands = true;
          state.hasShellSyntax = true;
          nestedScript(k + 1, end);
          for (let m = k; m <= Math.min(end, to - 1); m++) push(text[m], m);
          k = end + 1;
          continue;
        }
        push(text[k], k);
        k++;
      }
      wEnd = Math.min(k, to - 1);
      i = k + 1;
      continue;
    }
    if (c === '$') {
      expands = true;
      state.hasShellSyntax = true;
      if (text[i + 1] === '(') {
        const close = matchParen(text, i + 1, to);
        const end = close < 0 ? to : close;
        nestedScript(i + 2, end);
        for (let m = i; m <= Math.min(end, to - 1); m++) push(text[m], m);
        i = end + 1;
        continue;
      }
      if (text[i + 1] === '{') {
        const close = text.indexOf('}', i + 2);
        const end = close < 0 || close >= to ? to - 1 : close;
        for (let m = i; m <= end; m++) push(text[m], m);
        i = end + 1;
        continue;
      }
      push(c, i);
      i++;
      continue;
    }
    if (c === '`') {
      const close = text.indexOf('`', i + 1);
      const end = close < 0 || close >= to ? to : close;
      expands = true;
      state.hasShellSyntax = true;
      nestedScript(i + 1, end);
      for (let m = i; m <= Math.min(end, to - 1); m++) push(text[m], m);
      i = end + 1;
      continue;
    }
    if (c === '#' && !inWord) {
      state.hasShellSyntax = true;
      while (i < to && text[i] !== '\n') i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
      continue;
    }
    if (c === '\n') {
      state.hasShellSyntax = true;
      endCommand('\n');
      i++;
      continue;
    }
    if (c === '&' || c === '|' || c === ';') {
      state.hasShellSyntax = true;
      const two = text.slice(i, i + 2);
      if (c === '&' && text[i + 1] === '>') {
        // &> file / &>> file
        endWord();
        i += text[i + 2] === '>' ? 3 : 2;
        redirectNext = true;
        continue;
      }
      if (two === '&&' || two === '||') {
        endCommand(two as ShellOperator);
        i += 2;
        continue;
      }
      if (two === ';;') {
        endCommand(';');
        i += 2;
        continue;
      }
      if (two === '|&') {
        endCommand('|');
        i += 2;
        continue;
      }
      endCommand(c as ShellOperator);
      i++;
      continue;
    }
    if (c === '<' || c === '>') {
      state.hasShellSyntax = true;
      // A word of digits right before a redirection is a file descriptor.
      if (inWord && /^\d+$/.test(value)) {
        value = '';
        inWord = false;
      } else {
        endWord();
      }
      if (c === '<' && text[i + 1] === '(') {
        const close = matchParen(text, i + 1, to);
        const end = close < 0 ? to : close;
        nestedScript(i + 2, end);
        i = end + 1;
        continue;
      }
      if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<') {
        // heredoc: <<DELIM, <<-DELIM, <<'DELIM', <<"DELIM"
        let k = i + 2;
        const strip = text[k] === '-';
        if (strip) k++;
        while (k < to && (text[k] === ' ' || text[k] === '\t')) k++;
        let delim = '';
        while (k < to && !/[\s;&|<>()]/.test(text[k])) {
          if (text[k] !== "'" && text[k] !== '"' && text[k] !== '\\') delim += text[k];
          k++;
        }
        if (delim) pendingHeredocs.push({ delimiter: delim, strip, command: [...words] });
        i = k;
        continue;
      }
      let k = i + 1;
      while (k < to && (text[k] === '>' || text[k] === '<' || text[k] === '&' || text[k] === '|')) k++;
      // `>&2`, `2>&1`: the target is a descriptor, part of the operator.
      if (text[k - 1] === '&' && /\d|-/.test(text[k] ?? '')) {
        while (k < to && /[\d-]/.test(text[k])) k++;
        i = k;
        continue;
      }
      redirectNext = true;
      i = k;
      continue;
    }
    if ((c === '(' || c === ')') && !inWord) {
      state.hasShellSyntax = true;
      endCommand(';');
      i++;
      continue;
    }
    if (c === '*' || c === '?' || c === '[' || c === '~') {
      state.hasShellSyntax = true;
    }
    push(c, i);
    i++;
  }
  endCommand(null);
}

/** `sh -c '<script>'`, `bash -euxc "<script>"`: analyse the script as nested commands. */
function nestedShellC(
  cmd: ShellCommand,
  src: Source,
  out: ShellCommand[],
  state: ShellState,
  depth: number,
): void {
  if (depth <= 0) return;
  const words = effectiveWords(cmd);
  if (words.length < 2 || !isShell(words[0].value)) return;
  const flag = words.findIndex((w, k) => k > 0 && /^-[a-z]*c[a-z]*$/.test(w.value));
  const script = flag > 0 ? words[flag + 1] : undefined;
  const span = script && state.spans.get(script);
  if (!span) return;
  let [start, end] = span;
  const first = src.text[start];
  if ((first === "'" || first === '"') && src.text[end] === first && end > start) {
    start++;
  } else {
    end++;
  }
  tokenize(src, start, end, true, out, state, depth - 1);
}

/** Build a command from raw words: drop compound keywords, separate assignments. */
function splitCommand(
  raw: ShellWord[],
  prev: ShellOperator,
  next: ShellOperator,
  nested: boolean,
  heredocs: ShellCommand['heredocs'],
): ShellCommand | null {
  let k = 0;
  while (k < raw.length && KEYWORDS_BEFORE.has(raw[k].value) && !raw[k].expands) k++;
  let words = raw.slice(k);
  if (words.length === 1 && KEYWORDS_ALONE.has(words[0].value)) words = [];
  const assignments: ShellWord[] = [];
  while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0].value)) {
    assignments.push(words.shift()!);
  }
  if (words.length === 0 && assignments.length === 0) return null;
  return { assignments, words, next, prev, nested, heredocs };
}

/** Wrappers that run the command given as their arguments. */
const WRAPPERS = new Set(['sudo', 'doas', 'exec', 'nohup', 'time', 'command', 'nice', 'env', 'su-exec', 'gosu', 'tini', 'xargs']);

/**
 * A fact derived from an analysis object (a command, a script), computed once
 * and kept on the object, hidden (not enumerable: analyses are compared and
 * spread as data). The model keeps the analyses of the instructions an edit
 * did not touch, moving their words in place, so what is remembered this way
 * must hold words (not copies of their offsets) and derive from the words'
 * values only; it then stays right across keystrokes.
 */
export function remembered<T>(owner: object, key: string, compute: () => T): T {
  if (key in owner) return (owner as Record<string, T>)[key];
  const value = compute();
  Object.defineProperty(owner, key, { value, enumerable: false, writable: false, configurable: true });
  return value;
}

/**
 * The words of the command actually run, after wrappers such as `sudo -E`,
 * `env A=b` or `xargs -r`; `sudo -u user cmd` → `cmd`. Remembered on the
 * command: callers must not change the array.
 */
export function effectiveWords(cmd: ShellCommand): ShellWord[] {
  return remembered(cmd, 'hardlineEffectiveWords', () => computeEffectiveWords(cmd));
}

function computeEffectiveWords(cmd: ShellCommand): ShellWord[] {
  let words = cmd.words;
  for (let guard = 0; guard < 8 && words.length > 0; guard++) {
    const name = basename(words[0].value);
    if (!WRAPPERS.has(name)) break;
    let k = 1;
    while (k < words.length) {
      const v = words[k].value;
      if (name === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) k++;
      else if ((name === 'sudo' || name === 'doas') && /^-(u|g|C|D|h|p|r|t|U)$/.test(v)) k += 2;
      else if ((name === 'gosu' || name === 'su-exec') && k === 1) k++;
      else if (v.startsWith('-') && v !== '--') k++;
      else if (v === '--') {
        k++;
        break;
      } else break;
    }
    words = words.slice(k);
  }
  return words;
}

export function basename(word: string): string {
  const slash = word.lastIndexOf('/');
  return slash >= 0 ? word.slice(slash + 1) : word;
}

export function isShell(word: string): boolean {
  return SHELLS.has(basename(word));
}
