import type { Position, Range, TextEdit } from './types';

/** Line-start offsets of a text; `\n`, `\r\n` and lone `\r` all end a line (as in LSP). */
export class LineIndex {
  readonly starts: number[];
  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  /**
   * The index of `text`, made from `previous` (the index of an earlier version)
   * when the two texts differ only in `[start, oldEnd)` of the old text, which
   * is `[start, newEnd)` of the new one (common prefix and suffix): the line
   * starts before the edit are kept, those after it moved, and only the edited
   * span is scanned. The same index as `new LineIndex(text)`.
   */
  static afterEdit(previous: LineIndex, text: string, start: number, oldEnd: number, newEnd: number): LineIndex {
    const old = previous.starts;
    const starts = [0];
    // An old line start before `start` follows a line break whose characters (and the one after it) are all kept.
    let k = 1;
    while (k < old.length && old[k] < start) starts.push(old[k++]);
    // Line starts in [start, newEnd]: their line break ends in the edited span.
    for (let i = Math.max(0, start - 1); i < newEnd; i++) {
      const c = text.charCodeAt(i);
      let at = -1;
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        at = i + 1;
      } else if (c === 10 /* \n */) {
        at = i + 1;
      }
      if (at >= start && at <= newEnd) starts.push(at);
    }
    // An old line start after oldEnd follows a line break in the kept suffix: moved.
    const delta = newEnd - oldEnd;
    while (k < old.length && old[k] <= oldEnd) k++;
    for (; k < old.length; k++) starts.push(old[k] + delta);
    const index = Object.create(LineIndex.prototype) as { text: string; starts: number[] };
    index.text = text;
    index.starts = starts;
    return index as unknown as LineIndex;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  offsetAt(pos: Position): number {
    if (pos.line >= this.starts.length) return this.text.length;
    if (pos.line < 0) return 0;
    const start = this.starts[pos.line];
    const next = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] : this.text.length;
    return Math.max(start, Math.min(start + pos.character, next));
  }

  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    // Between \r and \n is not a position (LSP): the line ends before the \r.
    if (offset > 0 && this.text.charCodeAt(offset) === 10 && this.text.charCodeAt(offset - 1) === 13) offset--;
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }

  /** Text of a line without its line terminator. */
  lineText(line: number): string {
    const start = this.starts[line];
    let end = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    while (end > start && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return this.text.slice(start, end);
  }

  rangeText(range: Range): string {
    return this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function rangeContains(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

export function rangesEqual(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

export function range(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } };
}

/** Apply non-overlapping edits to a text. Throws on overlap: callers resolve overlaps first. */
export function applyEdits(text: string, edits: TextEdit[], index: LineIndex = new LineIndex(text)): string {
  const spans = edits
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const s of spans) {
    if (s.start < cursor) throw new Error('overlapping edits');
    out += text.slice(cursor, s.start) + s.text;
    cursor = s.end;
  }
  return out + text.slice(cursor);
}

/** One minimal edit turning `before` into `after` (common prefix and suffix kept). */
export function diffAsEdit(before: string, after: string, index: LineIndex = new LineIndex(before)): TextEdit | null {
  if (before === after) return null;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  // Never split a CRLF pair: LSP positions cannot point between \r and \n.
  if (start > 0 && before[start - 1] === '\r' && before[start] === '\n') start--;
  if (endB > 0 && endB < before.length && before[endB - 1] === '\r' && before[endB] === '\n') {
    endB++;
    endA++;
  }
  return {
    range: { start: index.positionAt(start), end: index.positionAt(endB) },
    newText: after.slice(start, endA),
  };
}

/**
 * The length of the common prefix (binary search over substring comparisons:
 * the engine compares strings in native code, many times faster than a loop
 * over characters on a large document).
 */
function commonPrefix(a: string, b: string, max: number): number {
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a.substring(lo, mid) === b.substring(lo, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Where two versions of a text differ: `[start, oldEnd)` of the old one is `[start, newEnd)` of the new one. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

export function textChange(old: string, text: string): TextChange {
  const max = Math.min(old.length, text.length);
  const start = commonPrefix(old, text, max);
  const s = commonSuffix(old, text, max - start);
  return { start, oldEnd: old.length - s, newEnd: text.length - s };
}

/** The length of the common suffix, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a.substring(a.length - mid, a.length - lo) === b.substring(b.length - mid, b.length - lo)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Binary search: the first index in [0, length) for which `isBefore` is false,
 * `length` when there is none. `isBefore` must hold for a prefix of the indices only.
 */
export function firstIndex(length: number, isBefore: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (isBefore(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
