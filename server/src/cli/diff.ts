/**
 * Unified diffs (as `diff -u` / `git diff` print them) of a file before and
 * after its fixes. Lines keep their own terminators, so a CRLF file shows
 * CRLF lines and the patch applies with `git apply` / `patch -p1`.
 */

export interface DiffStyle {
  header(text: string): string;
  hunk(text: string): string;
  removed(text: string): string;
  added(text: string): string;
}

const PLAIN: DiffStyle = { header: (t) => t, hunk: (t) => t, removed: (t) => t, added: (t) => t };

/** Lines with their terminators (`\n`, `\r\n`, lone `\r`); no empty last element. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      lines.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

type Op = { kind: ' ' | '-' | '+'; line: string; a: number; b: number };

/** Largest middle part (lines before × lines after) compared with a full LCS table. */
const MAX_TABLE = 4_000_000;

/** The edit script from `a` to `b`: common prefix/suffix, then an LCS of the middle. */
export function diffLines(a: string[], b: string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const ops: Op[] = [];
  for (let i = 0; i < pre; i++) ops.push({ kind: ' ', line: a[i], a: i, b: i });
  const ma = a.slice(pre, a.length - suf);
  const mb = b.slice(pre, b.length - suf);
  const n = ma.length;
  const m = mb.length;
  if (n * m > MAX_TABLE) {
    // Too big for a table: replace the middle as one block (still a correct patch).
    ma.forEach((line, i) => ops.push({ kind: '-', line, a: pre + i, b: pre }));
    mb.forEach((line, j) => ops.push({ kind: '+', line, a: pre + n, b: pre + j }));
  } else {
    // lcs[i][j] = LCS length of ma[i..] and mb[j..]
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] = ma[i] === mb[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && ma[i] === mb[j]) {
        ops.push({ kind: ' ', line: ma[i], a: pre + i, b: pre + j });
        i++;
        j++;
      } else if (i < n && (j === m || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])) {
        // On a tie, removals come before additions (as diff -u prints a change).
        ops.push({ kind: '-', line: ma[i], a: pre + i, b: pre + j });
        i++;
      } else {
        ops.push({ kind: '+', line: mb[j], a: pre + i, b: pre + j });
        j++;
      }
    }
  }
  for (let k = 0; k < suf; k++) ops.push({ kind: ' ', line: a[a.length - suf + k], a: a.length - suf + k, b: b.length - suf + k });
  return ops;
}

function range(start: number, count: number): string {
  // `diff -u`: an empty range names the line before it.
  const first = count === 0 ? start : start + 1;
  return count === 1 ? `${first}` : `${first},${count}`;
}

/** Print one line of a hunk: its text with its own terminator, a marker for a missing final newline. */
function printLine(prefix: string, line: string, paint: (t: string) => string): string {
  const m = /(\r\n|\n|\r)$/.exec(line);
  const body = m ? line.slice(0, -m[1].length) : line;
  const eol = m ? m[1] : '\n';
  return paint(prefix + body) + eol + (m ? '' : '\\ No newline at end of file\n');
}

/**
 * A unified diff of one file, `--- a/<path>` / `+++ b/<path>`, with
 * `context` lines around each change; '' when nothing changed.
 */
export function unifiedDiff(path: string, before: string, after: string, options: { context?: number; style?: DiffStyle } = {}): string {
  if (before === after) return '';
  const context = options.context ?? 3;
  const style = options.style ?? PLAIN;
  const ops = diffLines(splitLines(before), splitLines(after));
  const changed = ops.map((op, k) => (op.kind !== ' ' ? k : -1)).filter((k) => k >= 0);
  let out = `${style.header(`--- a/${path}`)}\n${style.header(`+++ b/${path}`)}\n`;
  let k = 0;
  while (k < changed.length) {
    // Extend a hunk while the next change is within 2×context lines.
    let last = k;
    while (last + 1 < changed.length && changed[last + 1] - changed[last] <= 2 * context + 1) last++;
    const from = Math.max(0, changed[k] - context);
    const to = Math.min(ops.length - 1, changed[last] + context);
    const hunk = ops.slice(from, to + 1);
    const aCount = hunk.filter((o) => o.kind !== '+').length;
    const bCount = hunk.filter((o) => o.kind !== '-').length;
    const aStart = hunk[0].a;
    const bStart = hunk[0].b;
    out += `${style.hunk(`@@ -${range(aStart, aCount)} +${range(bStart, bCount)} @@`)}\n`;
    for (const op of hunk) {
      const paint = op.kind === '-' ? style.removed : op.kind === '+' ? style.added : (t: string) => t;
      out += printLine(op.kind, op.line, paint);
    }
    k = last + 1;
  }
  return out;
}
