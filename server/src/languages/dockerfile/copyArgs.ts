import { Instruction, JSONInstruction, ModifiableInstruction, type Flag } from 'dockerfile-ast';
import type { Range } from '../../engine/types';
import { jsonString } from './model';

/** One source or the destination of a COPY / ADD, as written and as BuildKit reads it. */
export interface PathArg {
  /** Without the surrounding quotes (shell form) or JSON-decoded (exec form). */
  value: string;
  /** As written. */
  raw: string;
  range: Range;
  /** `<<EOF`: a here-document source. */
  heredoc: boolean;
}

export interface CopyArgs {
  keyword: 'COPY' | 'ADD';
  flags: Flag[];
  sources: PathArg[];
  dest: PathArg | null;
  /** JSON (exec) form: `COPY ["a", "b"]`. */
  json: boolean;
}

/** Remove one level of shell quoting from a word (`"a"`, `'a'`, `a"b"c`). */
export function unquote(word: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (quote) {
      if (c === quote) quote = null;
      else out += c;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else {
      out += c;
    }
  }
  return out;
}

/** Sources and destination of a COPY / ADD; null for anything else or without arguments. */
export function copyArgs(instruction: Instruction): CopyArgs | null {
  const keyword = instruction.getKeyword();
  if (keyword !== 'COPY' && keyword !== 'ADD') return null;
  const flags = instruction instanceof ModifiableInstruction ? instruction.getFlags() : [];
  let args: PathArg[];
  let json = false;
  if (instruction instanceof JSONInstruction && instruction.getOpeningBracket() && instruction.getClosingBracket()) {
    json = true;
    args = instruction.getJSONStrings().map((s) => {
      const raw = s.getValue();
      return { value: jsonString(raw), raw, range: s.getRange(), heredoc: false };
    });
  } else {
    let words = instruction.getArguments();
    const first = words[0]?.getRange().start.line;
    // With a here-document the lines after the first are its body, not arguments.
    if (words.some((w) => w.getRange().start.line === first && /^<<-?\S/.test(w.getValue()))) {
      words = words.filter((w) => w.getRange().start.line === first);
    }
    args = words.map((w) => {
      const raw = w.getValue();
      return { value: unquote(raw), raw, range: w.getRange(), heredoc: /^<<-?\S/.test(raw) };
    });
  }
  if (args.length === 0) return { keyword, flags, sources: [], dest: null, json };
  return { keyword, flags, sources: args.slice(0, -1), dest: args[args.length - 1], json };
}

/** `--from=<stage|image>` on a COPY. */
export function fromFlag(args: CopyArgs): Flag | undefined {
  return args.flags.find((f) => f.getName() === 'from');
}

/** A remote source: `http(s)://…`, `git@…`, `git://…`, `ssh://…`. */
export function isRemoteSource(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^git@[^:\s]+:/.test(value);
}
