/**
 * `.dockerignore` semantics, after moby/patternmatcher (`ignorefile.ReadAll`,
 * `New`, `Pattern.compile`, `MatchesOrParentMatches`), which BuildKit and the
 * Docker CLI use to filter the build context:
 *
 * - a line whose FIRST character is `#` is a comment (` # x` is a pattern);
 * - each line is trimmed, `!` marks a re-inclusion, the rest is `filepath.Clean`ed
 *   and a leading `/` is dropped (`/foo` and `foo` are the same pattern);
 * - patterns are anchored at the context root (unlike .gitignore, `foo` does not
 *   match `sub/foo`; write `**\/foo` for that);
 * - `*` and `?` never cross `/`, `**` crosses any number of directories, a
 *   leading `**` makes a suffix match and a trailing `**` a prefix match;
 * - a path is excluded when it or one of its parent directories matches,
 *   and the LAST matching pattern wins (`!` re-includes).
 */

export interface DockerignorePattern {
  /** The cleaned pattern, without the `!`. */
  pattern: string;
  /** `!pattern`: re-includes what earlier patterns excluded. */
  exclusion: boolean;
  /** 0-based line in the file. */
  line: number;
}

export type DockerignoreParse =
  | { ok: true; matcher: DockerignoreMatcher }
  | { ok: false; error: string; line: number };

/** Go's `strings.TrimSpace` (Unicode white space). */
function trimSpace(s: string): string {
  return s.replace(/^[\s\u0085]+|[\s\u0085]+$/gu, '');
}

/** Go's `path/filepath.Clean` for slash-separated paths. */
export function cleanPath(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** Go's `filepath.Dir`. */
function dirOf(path: string): string {
  const k = path.lastIndexOf('/');
  return cleanPath(k < 0 ? '' : path.slice(0, k + 1));
}

/** The patterns of a `.dockerignore`, as `ignorefile.ReadAll` returns them, with their lines. */
export function readDockerignore(content: string): { text: string; line: number }[] {
  const result: { text: string; line: number }[] = [];
  const lines = content.split('\n');
  lines.forEach((raw, line) => {
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === 0) text = text.replace(/^\uFEFF/, '');
    if (text.startsWith('#')) return;
    let pattern = trimSpace(text);
    if (pattern === '') return;
    const invert = pattern.startsWith('!');
    if (invert) pattern = trimSpace(pattern.slice(1));
    if (pattern.length > 0) {
      pattern = cleanPath(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    result.push({ text: invert ? `!${pattern}` : pattern, line });
  });
  // A final empty line from a trailing newline is not a pattern (already skipped as empty).
  return result;
}

type MatchType = 'exact' | 'prefix' | 'suffix' | 'regexp';

const SHOULD_ESCAPE = new Set([...'.+()|{}$']);

function escapeRegExpChar(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

class CompiledPattern implements DockerignorePattern {
  readonly matchType: MatchType;
  readonly regexp: RegExp | null;

  constructor(
    readonly pattern: string,
    readonly exclusion: boolean,
    readonly line: number,
  ) {
    const compiled = compile(pattern);
    this.matchType = compiled.type;
    this.regexp = compiled.regexp;
  }

  match(path: string): boolean {
    switch (this.matchType) {
      case 'exact':
        return path === this.pattern;
      case 'prefix':
        return path.startsWith(this.pattern.slice(0, -2));
      case 'suffix': {
        const suffix = this.pattern.slice(2);
        if (path.endsWith(suffix)) return true;
        // `**/foo` matches `foo`
        return suffix.startsWith('/') && path === suffix.slice(1);
      }
      case 'regexp':
        return this.regexp!.test(path);
    }
  }
}

/**
 * `filepath.Match`'s syntax check, which `patternmatcher.New` runs on every
 * pattern: character classes must be closed and non-empty, ranges well formed,
 * and a backslash must escape something.
 */
export function isValidGlob(pattern: string): boolean {
  const p = [...pattern];
  let i = 0;
  const getEsc = (): boolean => {
    if (i >= p.length || p[i] === '-' || p[i] === ']') return false;
    if (p[i] === '\\') {
      i++;
      if (i >= p.length) return false;
    }
    i++;
    return i < p.length;
  };
  while (i < p.length) {
    const c = p[i];
    if (c === '\\') {
      if (i + 1 >= p.length) return false;
      i += 2;
    } else if (c === '[') {
      i++;
      if (p[i] === '^') i++;
      let nrange = 0;
      for (;;) {
        if (i >= p.length) return false;
        if (p[i] === ']' && nrange > 0) {
          i++;
          break;
        }
        if (!getEsc()) return false;
        if (p[i] === '-') {
          i++;
          if (!getEsc()) return false;
        }
        nrange++;
      }
    } else {
      i++;
    }
  }
  return true;
}

/** `Pattern.compile` of moby/patternmatcher with `/` as separator. Throws on a bad pattern. */
function compile(pattern: string): { type: MatchType; regexp: RegExp | null } {
  if (!isValidGlob(pattern)) throw new Error(`bad pattern "${pattern}"`);
  let reg = '^';
  let type: MatchType = 'exact';
  const chars = [...pattern];
  let k = 0;
  const peek = () => chars[k];
  // A backslash escape: Go's regexp accepts it before any punctuation, JavaScript's
  // `u` mode only before syntax characters, so punctuation is emitted as a literal.
  const escaped = (next: string) => (/[A-Za-z0-9]/.test(next) ? `\\${next}` : escapeRegExpChar(next));
  for (let i = 0; k < chars.length; i++) {
    const ch = chars[k++];
    if (ch === '*') {
      if (peek() === '*') {
        k++;
        if (peek() === '/') k++;
        if (k >= chars.length) {
          if (type === 'exact') type = 'prefix';
          else {
            reg += '.*';
            type = 'regexp';
          }
        } else {
          reg += '(.*/)?';
          type = 'regexp';
        }
        if (i === 0) type = 'suffix';
      } else {
        reg += '[^/]*';
        type = 'regexp';
      }
    } else if (ch === '?') {
      reg += '[^/]';
      type = 'regexp';
    } else if (SHOULD_ESCAPE.has(ch)) {
      reg += `\\${ch}`;
    } else if (ch === '\\') {
      reg += escaped(chars[k++]);
      type = 'regexp';
    } else if (ch === '[') {
      // A (validated) character class, copied as the Go code does.
      reg += '[';
      if (peek() === '^') reg += chars[k++];
      let first = true;
      while (k < chars.length && !(chars[k] === ']' && !first)) {
        const c = chars[k++];
        reg += c === '\\' ? escaped(chars[k++]) : c === '[' ? '\\[' : c;
        first = false;
      }
      reg += ']';
      k++;
      type = 'regexp';
    } else if (ch === ']') {
      reg += '\\]';
    } else {
      // Everything else goes into the expression as is (`^` included, as in Go).
      reg += ch;
    }
  }
  if (type !== 'regexp') return { type, regexp: null };
  try {
    return { type, regexp: new RegExp(`${reg}$`, 'u') };
  } catch (error) {
    throw new Error(`bad pattern "${pattern}": ${error instanceof Error ? error.message : String(error)}`);
  }
}

export class DockerignoreMatcher {
  private constructor(readonly patterns: readonly DockerignorePattern[]) {}

  /** Parse a `.dockerignore`; an invalid pattern makes `docker build` fail, so the whole file is reported invalid. */
  static parse(content: string): DockerignoreParse {
    const compiled: CompiledPattern[] = [];
    for (const { text, line } of readDockerignore(content)) {
      let p = cleanPath(trimSpace(text));
      let exclusion = false;
      if (p.startsWith('!')) {
        if (p.length === 1) return { ok: false, error: 'illegal exclusion pattern: "!"', line };
        exclusion = true;
        p = p.slice(1);
      }
      try {
        compiled.push(new CompiledPattern(p, exclusion, line));
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error), line };
      }
    }
    return { ok: true, matcher: new DockerignoreMatcher(compiled) };
  }

  /** Any `!` pattern? */
  get hasExclusions(): boolean {
    return this.patterns.some((p) => p.exclusion);
  }

  /**
   * Is this context-relative, slash-separated path left out of the build
   * context (`MatchesOrParentMatches`)? The last matching pattern decides.
   */
  excludes(path: string): boolean {
    const file = cleanPath(path.replace(/^\/+/, '') || '.');
    let matched = false;
    const parent = dirOf(file);
    const parentDirs = parent.split('/');
    for (const pattern of this.patterns as CompiledPattern[]) {
      // An inclusion is only evaluated while unmatched, an exclusion while matched.
      if (pattern.exclusion !== matched) continue;
      let match = pattern.match(file);
      if (!match && parent !== '.') {
        for (let i = 0; i < parentDirs.length && !match; i++) match = pattern.match(parentDirs.slice(0, i + 1).join('/'));
      }
      if (match) matched = !pattern.exclusion;
    }
    return matched;
  }
}
