import {
  Composer,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Parser,
  type Document,
  type Node,
  type YAMLMap,
  type CST,
} from 'yaml';
import type { SourceComment } from '../../engine/language';
import { firstIndex, LineIndex, textChange } from '../../engine/positions';
import type { Problem, Range } from '../../engine/types';
import { asMap, deref, get, items, setAliasTarget, str } from './yamlNodes';

/**
 * The Kubernetes model of a YAML file: every YAML document (parsed once, with
 * the `yaml` package's nodes kept so fixes can edit minimally), the
 * Kubernetes objects among them, the comments with the node each annotates,
 * and the problems of the input. Offsets are UTF-16 string indices, turned
 * into LSP ranges here and nowhere else.
 */

/** Largest text we analyse. */
export const MAX_K8S_BYTES = 5 * 1024 * 1024;
/** Deepest nesting of collections (flow brackets or block levels). */
export const MAX_NESTING = 500;
/** Most nodes in a file. */
export const MAX_NODES = 1_000_000;
/** Most nodes a document may expand to through its aliases (a "billion laughs" bomb expands to ~10^9). */
export const MAX_ALIAS_EXPANSION = 200_000;

export interface YamlComment {
  /** Text without `#` and surrounding blanks. */
  text: string;
  offset: number;
  end: number;
  range: Range;
  /** Written after content on the same line. */
  trailing: boolean;
}

export interface YamlDocument {
  /** 0-based position among the file's documents. */
  index: number;
  doc: Document.Parsed;
  /** The document's content (from its first to its last node). */
  start: number;
  end: number;
  /** Parsed without errors and within the limits: only then are its objects analysed. */
  ok: boolean;
  /** Its YAML errors (as one parse of the whole file attributes them). */
  parseErrors: number;
  /** Suppressions its objects' annotations make (language.ts), kept with the document while its text is unchanged. */
  directives?: SourceComment[];
  objects: K8sObject[];
  /** [start, end) of anchored nodes that some alias (or merge key) reuses: edits there would change every user. */
  shared: [number, number][];
}

export interface K8sObject {
  document: YamlDocument;
  node: YAMLMap;
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
  /** An item of a `kind: List` (or `<Kind>List`) document. */
  listItem: boolean;
  range: Range;
}

export interface K8sModel {
  text: string;
  index: LineIndex;
  eol: '\n' | '\r\n';
  documents: YamlDocument[];
  /** Every Kubernetes object in document order (List items included, the List itself not). */
  objects: K8sObject[];
  comments: YamlComment[];
  problems: Problem[];
  /** Helm chart template (Go template actions in the YAML structure): not analysed. */
  helm: boolean;
  /** A limit was exceeded for the whole file (size, nesting, nodes): nothing was analysed. */
  refused: boolean;
  /** Worth showing to the user: holds Kubernetes objects, is a Helm template, or looks like a refused manifest. */
  relevant: boolean;
  rangeOf(start: number, end: number): Range;
  nodeRange(node: { range?: [number, number, number] | null } | null | undefined): Range;
  /** Is `offset` inside an anchored node reused elsewhere (so editing it edits every alias)? */
  isShared(offset: number): boolean;
  /** The comment-target items (pairs, sequence items, document roots), for suppressions. */
  readonly items: readonly { start: number; end: number }[];
  /** The outermost item that starts at or after `offset` (the first of `items` there). */
  itemFrom(offset: number): { start: number; end: number } | undefined;
  /** The parts of the text parsed on their own (see `Chunk`); empty when the file was refused before parsing. */
  chunks: Chunk[];
  /** Carried from version to version of a document (rule results per chunk, see language.ts). */
  ruleCache: { value?: unknown };
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Looks like a Kubernetes manifest without parsing it (used only when parsing was refused). */
export function looksLikeManifest(text: string): boolean {
  return /^(?:- +)?apiVersion\s*:/m.test(text.slice(0, 200_000)) && /^(?:- +)?\s*kind\s*:/m.test(text.slice(0, 200_000));
}

/**
 * Upper bound of flow nesting (`[`/`{` not yet closed). Quoted text may
 * inflate it, which only makes the check stricter for absurd inputs.
 */
function flowDepth(text: string, start = 0, end = text.length): number {
  let depth = 0;
  let max = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) max = depth;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
    else if (c === 0x0a && depth > 0) {
      // A line that starts a top-level key or document resets counts run up by prose such as `echo "["`.
      const next = text.charCodeAt(i + 1);
      if ((next >= 0x41 && next <= 0x5a) || (next >= 0x61 && next <= 0x7a) || next === 0x2d || next === 0x5f) depth = 0;
    }
  }
  return max;
}

/** Helm chart template actions: `{{ .Values.x }}`, `{{- if … }}`, `{{ include "x" . }}`, `{{ $v := … }}`. */
const HELM_ACTION = /\{\{-?\s*(?:[.$]|(?:if|else|end|range|with|define|template|include|block|toYaml|tpl|required|default|quote|printf|fail|lookup|nindent|indent|trim|trimSuffix|toJson)\b|\/\*)/;
const HELM_VALUES = /\.(?:Values|Release|Chart|Capabilities|Files|Template)\b|\binclude\s+"|\btemplate\s+"/;

interface ScalarSpan {
  start: number;
  end: number;
}

/**
 * One stretch of the file parsed on its own: from the start of the file or a
 * `---` line at column 0 (always a document marker in YAML, even inside a
 * block scalar or a quoted one) to the next such line. Offsets are absolute
 * (into the version of the text the chunk belongs to); a chunk reused by the
 * next version is moved there in place (`shiftChunk`).
 */
export interface Chunk {
  /** Unique per parse of a chunk: a reused chunk keeps it. */
  id: number;
  start: number;
  end: number;
  /** Line of `start`. */
  line: number;
  docs: ChunkDocument[];
  /** Errors before any document, when the chunk has none (the whole-file composer gives them to a neighbour). */
  orphans: ChunkError[];
  comments: YamlComment[];
  /** Comment-target items, sorted, offsets relative to `start`. */
  targets: { start: number; end: number }[];
  /** flowDepth of its text (it starts at depth 0: a `---` line resets the count). */
  flow: number;
  /** Holds a CRLF line end. */
  crlf: boolean;
  /** Scalar spans, only for a chunk with `{{` in it (Helm detection). */
  scalars: ScalarSpan[] | null;
  /** Its parse looked at the text after it (an unterminated quote): never reused. */
  lookahead: boolean;
}

interface ChunkError {
  message: string;
  start: number;
  end: number;
}

function errorOf(e: { message: string; pos: [number, number] }): ChunkError {
  return { message: `YAML: ${e.message.split('\n')[0]}`, start: e.pos[0], end: Math.max(e.pos[1], e.pos[0]) };
}

interface ChunkDocument {
  doc: Document.Parsed;
  start: number;
  end: number;
  /** Parse errors, absolute offsets. */
  errors: ChunkError[];
  /**
   * How many of `errors` (the first ones) the parser reported before the
   * document itself (errors inside it, yielded while it was still open): the
   * whole-file composer gives those to the document before, when there is one.
   */
  leading: number;
  /** Nodes walked (the walk stops at MAX_NESTING). */
  nodeCount: number;
  tooDeep: boolean;
  /** The alias-limit problem's span when the document expands past MAX_ALIAS_EXPANSION. */
  aliasLimit: { start: number; end: number } | null;
  shared: [number, number][];
  /** The document as the model shows it (its fields are set for each version). */
  yaml: YamlDocument;
  /** Its Kubernetes objects, once found (only while it is ok). */
  objects: K8sObject[] | null;
}

function isEmptyChar(c: string | undefined): boolean {
  return c === undefined || c === ' ' || c === '\n' || c === '\r' || c === '\t';
}

/**
 * Where the file's chunks start: 0 and every `---` line (the `yaml` lexer's
 * document marker: `---` after a `\n`, followed by a blank, a line end or the
 * end of the text). A file with `%` directives (they carry over from one
 * document to the next in YAML 1.1) is one chunk.
 */
export function chunkStarts(text: string): number[] {
  if (text.startsWith('%') || text.startsWith('\uFEFF%') || text.includes('\n%')) return [0];
  const starts = [0];
  let i = text.indexOf('\n---');
  while (i !== -1) {
    const p = i + 1;
    if (isEmptyChar(text[p + 3])) starts.push(p);
    i = text.indexOf('\n---', p);
  }
  return starts;
}

/** A copy of `text[start, end)` that does not keep `text` alive (the parsed nodes keep slices of their source). */
function ownCopy(text: string, start: number, end: number): string {
  if (end - start < 2) return text.slice(start, end);
  // A cons string, flattened into a new sequential string by the lexer's first read.
  return text.slice(start, end - 1) + text.charAt(end - 1);
}

/** Where the `yaml` lexer finds the quote closing the one at `open` (same escapes), or -1. */
function closingQuote(text: string, open: number): number {
  const quote = text[open];
  let end = text.indexOf(quote, open + 1);
  if (quote === "'") {
    while (end !== -1 && text[end + 1] === "'") end = text.indexOf("'", end + 2);
  } else {
    while (end !== -1) {
      let n = 0;
      while (text[end - 1 - n] === '\\') n += 1;
      if (n % 2 === 0) break;
      end = text.indexOf('"', end + 1);
    }
  }
  return end;
}

/** Start of the line after the one holding `offset` (LineIndex semantics: `\n`, `\r\n`, lone `\r`), or text.length. */
function nextLineStart(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return text.length;
}

let chunkIds = 0;

/** Parse and compose `text[start, end)` on its own; its CST is dropped when done. */
function parseChunk(text: string, start: number, end: number, line: number, rangeOf: (s: number, e: number) => Range): Chunk | 'to-end' | 'merge' {
  // A chunk before another one ends where the parser meets a `---` line, not at the end
  // of its input (that closes open nodes differently): it is parsed with one after it.
  const last = end === text.length;
  let source = last ? ownCopy(text, start, end) : `${ownCopy(text, start, end)}---\n`;
  let tokens = tokenize(source, start);
  let lookahead = false;
  // An unterminated quote runs to the end of the chunk here, but the lexer of the
  // whole file looks for its closing quote in the rest of the text.
  for (let open = last ? -1 : unterminatedQuote(tokens, end); open >= 0; open = unterminatedQuote(tokens, end)) {
    if (closingQuote(text, open) === -1) return 'to-end'; // the scalar runs to the end of the file
    // The quote closes after the next `---` line: the scalar stops before that line, as with this one
    // (and a quote after it may now be the one left open).
    source = `${source}${text[open]}`;
    tokens = tokenize(source, start);
    lookahead = true;
  }
  // YAML 1.1 like the API server's decoder (yes/no booleans, `<<` merge keys).
  const composer = new Composer({ version: '1.1', merge: true, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  const all = Array.from(composer.compose(tokens, false, start + source.length));
  // The chunk's own documents (not those of the `---` after it), and the errors the parser
  // reported before the first of them (see ChunkDocument.leading).
  let count = 0;
  let leading = 0;
  for (const t of tokens) {
    if (t.offset >= end) continue;
    if (t.type === 'document') count++;
    else if (t.type === 'error' && count === 0) leading++;
  }
  const composed = all.slice(0, count);
  // A document of nothing but errors and comments, begun without `---`, takes the `---` after it in: no boundary there.
  if (!last && composed.length > 0 && composed[composed.length - 1].range[2] > end) return 'merge';
  // Errors before any document: the composer gives them to the next document (here the one after the chunk).
  const orphans = count === 0 && leading > 0 && all.length > 0 ? all[0].errors.slice(0, leading).map(errorOf) : [];
  const comments: YamlComment[] = [];
  collectComments(tokens, text, comments, end, rangeOf);
  tokens = [];
  source = '';

  const chunk: Chunk = { id: ++chunkIds, start, end, line, docs: [], orphans, comments, targets: [], scalars: null, lookahead, flow: 0, crlf: false };
  const scalars: ScalarSpan[] | null = text.slice(start, end).includes('{{') ? [] : null;
  for (const doc of composed) chunk.docs.push(walkDocument(doc, text, chunk.targets, scalars));
  if (chunk.docs.length > 0) chunk.docs[0].leading = leading;
  chunk.targets.sort((a, b) => a.start - b.start || b.end - a.end);
  for (const t of chunk.targets) {
    t.start -= start;
    t.end -= start;
  }
  chunk.scalars = scalars;
  return chunk;
}

function tokenize(source: string, offset: number): CST.Token[] {
  const parser = new Parser();
  parser.offset = offset;
  return Array.from(parser.parse(source));
}

/** The opening offset of a quoted scalar token that runs to `end` (unterminated in this chunk), or -1. */
function unterminatedQuote(tokens: unknown[], end: number): number {
  let found = -1;
  walkTokens(tokens, (t) => {
    // Quoted scalars, also inside error tokens (`Unexpected single-quoted-scalar token`).
    if (typeof t.offset === 'number' && typeof t.source === 'string' && (t.source[0] === '"' || t.source[0] === "'")) {
      if (t.offset < end && t.offset + t.source.length >= end) found = t.offset;
    }
  });
  return found;
}

interface CstToken {
  type?: string;
  offset?: number;
  source?: string;
}

/** Every CST token object, depth first in source order. */
function walkTokens(tokens: unknown[], visit: (token: CstToken) => void): void {
  const stack: unknown[] = [];
  for (let i = tokens.length - 1; i >= 0; i--) stack.push(tokens[i]);
  while (stack.length > 0) {
    const t = stack.pop();
    if (!t || typeof t !== 'object') continue;
    if (Array.isArray(t)) {
      for (let i = t.length - 1; i >= 0; i--) stack.push(t[i]);
      continue;
    }
    visit(t as CstToken);
    const values: unknown[] = [];
    for (const key in t) {
      const v = (t as Record<string, unknown>)[key];
      if (v && typeof v === 'object') values.push(v);
    }
    for (let i = values.length - 1; i >= 0; i--) stack.push(values[i]);
  }
}

/** Walk a document once in source order: alias targets, anchors, node count, depth, comment targets, alias expansion. */
function walkDocument(doc: Document.Parsed, text: string, targets: { start: number; end: number }[], scalars: ScalarSpan[] | null): ChunkDocument {
  const contents = doc.contents as Node | null;
  const start = contents?.range?.[0] ?? doc.range[0];
  const end = contents?.range?.[1] ?? doc.range[1];
  const result: ChunkDocument = {
    doc,
    start,
    end,
    errors: doc.errors.map(errorOf),
    leading: 0,
    nodeCount: 0,
    tooDeep: false,
    aliasLimit: null,
    shared: [],
    yaml: { index: 0, doc, start, end, ok: false, parseErrors: 0, objects: [], shared: [] },
    objects: null,
  };
  const anchors = new Map<string, Node>();
  const aliasUse: { alias: Node; target: Node | null }[] = [];
  const stack: { node: unknown; depth: number }[] = [{ node: contents, depth: 0 }];
  if (contents?.range) targets.push({ start: contents.range[0], end: contents.range[1] });
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || node === undefined) continue;
    result.nodeCount++;
    if (depth > MAX_NESTING) {
      result.tooDeep = true;
      break;
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source) ?? null;
      setAliasTarget(node, target);
      aliasUse.push({ alias: node, target });
      continue;
    }
    const n = node as Node & { anchor?: string };
    if (n.anchor) anchors.set(n.anchor, n);
    if (isScalar(node)) {
      if (scalars && node.range) scalars.push({ start: node.range[0], end: node.range[1] });
      continue;
    }
    if (isMap(node)) {
      for (let k = node.items.length - 1; k >= 0; k--) {
        const pair = node.items[k];
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        const s = key?.range?.[0] ?? value?.range?.[0];
        const e = value?.range?.[1] ?? key?.range?.[1];
        if (s !== undefined && e !== undefined) targets.push({ start: s, end: e });
        stack.push({ node: value, depth: depth + 1 }, { node: key, depth: depth + 1 });
      }
    } else if (isSeq(node)) {
      for (let k = node.items.length - 1; k >= 0; k--) {
        const item = node.items[k] as Node | null;
        if (item?.range) targets.push({ start: item.range[0], end: item.range[1] });
        stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  if (result.tooDeep) return result;
  // Alias expansion: how many nodes would the document be with every alias copied out?
  if (aliasUse.length > 0) {
    if (expandedSize(contents, MAX_ALIAS_EXPANSION) > MAX_ALIAS_EXPANSION) {
      result.aliasLimit = { start, end: Math.min(end, nextLineStart(text, start)) };
    }
    for (const { target } of aliasUse) {
      const r = target?.range;
      if (r) result.shared.push([r[0], r[1]]);
    }
  }
  return result;
}

/** Move a chunk reused by the next version of the text by `delta` characters and `lines` lines, in place. */
function shiftChunk(chunk: Chunk, delta: number, lines: number): void {
  chunk.line += lines;
  if (lines !== 0) {
    // What holds LSP ranges (an edit of the same length can still add lines before the chunk).
    const moveRange = (r: Range): Range => ({
      start: { line: r.start.line + lines, character: r.start.character },
      end: { line: r.end.line + lines, character: r.end.character },
    });
    chunk.comments = chunk.comments.map((c) => ({ ...c, range: moveRange(c.range) }));
    for (const d of chunk.docs) {
      for (const o of d.objects ?? []) o.range = moveRange(o.range);
      if (d.yaml.directives) d.yaml.directives = d.yaml.directives.map((c) => ({ ...c, range: moveRange(c.range), target: c.target && moveRange(c.target) }));
    }
  }
  if (delta === 0) return;
  chunk.start += delta;
  chunk.end += delta;
  chunk.comments = chunk.comments.map((c) => ({ ...c, offset: c.offset + delta, end: c.end + delta }));
  for (const s of chunk.scalars ?? []) {
    s.start += delta;
    s.end += delta;
  }
  for (const e of chunk.orphans) {
    e.start += delta;
    e.end += delta;
  }
  for (const d of chunk.docs) {
    d.start += delta;
    d.end += delta;
    for (const e of d.errors) {
      e.start += delta;
      e.end += delta;
    }
    if (d.aliasLimit) {
      d.aliasLimit.start += delta;
      d.aliasLimit.end += delta;
    }
    for (const s of d.shared) {
      s[0] += delta;
      s[1] += delta;
    }
    const r = d.doc.range;
    r[0] += delta;
    r[1] += delta;
    r[2] += delta;
    shiftNodes(d.doc.contents, delta);
  }
}

function shiftNodes(node: unknown, delta: number): void {
  if (!node || typeof node !== 'object') return;
  if (isPair(node)) {
    shiftNodes(node.key, delta);
    shiftNodes(node.value, delta);
    return;
  }
  const r = (node as { range?: [number, number, number] | null }).range;
  if (r) {
    r[0] += delta;
    r[1] += delta;
    r[2] += delta;
  }
  const items = (node as { items?: unknown[] }).items;
  if (items) for (let i = 0; i < items.length; i++) shiftNodes(items[i], delta);
}

/** What an edit changed: `previous.text` and `text` share `prefix` characters at the start and `suffix` at the end. */
interface Change {
  previous: K8sModel;
  prefix: number;
  suffix: number;
}

function changeFrom(previous: K8sModel | undefined, text: string): Change | undefined {
  if (!previous || previous.chunks.length === 0) return undefined;
  const { start, newEnd } = textChange(previous.text, text);
  return { previous, prefix: start, suffix: text.length - newEnd };
}

/** The LineIndex of `text`, from the previous version's where the edit did not change it. */
function lineIndexOf(text: string, change: Change | undefined): LineIndex {
  if (!change) return new LineIndex(text);
  const { previous, prefix, suffix } = change;
  // Only the edited stretch is scanned; the line starts before it are kept, the ones after it moved.
  return LineIndex.afterEdit(previous.index, text, prefix, previous.text.length - suffix, text.length - suffix);
}

/** A stretch of the text between two chunk starts, and the chunk of the previous version it can reuse. */
interface Stretch {
  start: number;
  end: number;
  reuse?: Chunk;
  flow: number;
  crlf: boolean;
}

/**
 * The stretches of `text` between chunk starts: those the edit did not touch
 * reuse the previous version's chunk; the others are checked for the file-wide
 * limits (NUL bytes, flow nesting) that only they can break.
 */
function stretchesOf(text: string, change: Change | undefined): Stretch[] | { message: string; code: string } {
  const starts = chunkStarts(text);
  let byStart: Map<number, Chunk> | undefined;
  if (change) byStart = new Map(change.previous.chunks.map((c) => [c.start, c]));
  const delta = text.length - (change?.previous.text.length ?? 0);
  const out: Stretch[] = [];
  let binary = false;
  let flow = 0;
  for (let k = 0; k < starts.length; k++) {
    const s = starts[k];
    const e = k + 1 < starts.length ? starts[k + 1] : text.length;
    let reuse: Chunk | undefined;
    if (change && byStart) {
      // Unchanged before the edit (the boundary after it too: `---` and the character after it).
      if (e + 4 <= change.prefix) {
        const c = byStart.get(s);
        if (c && c.end === e && !c.lookahead) reuse = c;
      } else if (s - 1 >= text.length - change.suffix) {
        // Unchanged after the edit, moved by `delta`.
        const c = byStart.get(s - delta);
        if (c && c.end === e - delta && !c.lookahead) reuse = c;
      }
    }
    if (reuse) {
      out.push({ start: s, end: e, reuse, flow: reuse.flow, crlf: reuse.crlf });
      continue;
    }
    const piece = text.slice(s, e);
    if (piece.includes('\u0000')) binary = true;
    const stretch: Stretch = { start: s, end: e, flow: flowDepth(text, s, e), crlf: piece.includes('\r\n') };
    flow = Math.max(flow, stretch.flow);
    out.push(stretch);
  }
  if (binary) return { message: 'This file contains binary data (NUL bytes); it is not checked.', code: 'binary-file' };
  for (const st of out) flow = Math.max(flow, st.flow);
  if (flow > MAX_NESTING) return { message: `This file nests collections more than ${MAX_NESTING} levels deep; it is not checked.`, code: 'file-too-complex' };
  return out;
}

/** The chunks of `text`: reused ones moved to their new offsets, the others parsed. */
function chunksOf(text: string, index: LineIndex, rangeOf: (s: number, e: number) => Range, stretches: Stretch[]): Chunk[] {
  const chunks: Chunk[] = [];
  for (let k = 0; k < stretches.length; k++) {
    const { start: s, reuse } = stretches[k];
    const line = index.positionAt(s).line;
    if (reuse) {
      shiftChunk(reuse, s - reuse.start, line - reuse.line);
      chunks.push(reuse);
      continue;
    }
    const first = k;
    let parsed = parseChunk(text, s, stretches[k].end, line, rangeOf);
    while (parsed === 'merge') {
      k++;
      parsed = parseChunk(text, s, stretches[k].end, line, rangeOf);
    }
    if (parsed === 'to-end') {
      k = stretches.length - 1;
      parsed = parseChunk(text, s, text.length, line, rangeOf) as Chunk; // the last chunk: neither 'merge' nor 'to-end'
      parsed.lookahead = true;
    }
    for (let j = first; j <= k; j++) {
      parsed.flow = Math.max(parsed.flow, stretches[j].flow);
      parsed.crlf ||= stretches[j].crlf;
    }
    chunks.push(parsed);
  }
  return chunks;
}

export function parseK8s(text: string, previous?: K8sModel): K8sModel {
  const change = text.length > MAX_K8S_BYTES ? undefined : changeFrom(previous, text);
  const index = lineIndexOf(text, change);
  const rangeOf = (start: number, end: number): Range => ({ start: index.positionAt(start), end: index.positionAt(end) });
  const nodeRange = (node: { range?: [number, number, number] | null } | null | undefined): Range =>
    node?.range ? rangeOf(node.range[0], node.range[1]) : ZERO;
  const problems: Problem[] = [];
  const documents: YamlDocument[] = [];
  const objects: K8sObject[] = [];
  let chunks: Chunk[] = [];
  let shared: [number, number][] = [];
  let items: { start: number; end: number }[] | undefined;

  const model: K8sModel = {
    text,
    index,
    eol: '\n',
    documents,
    objects,
    comments: [],
    problems,
    helm: false,
    refused: false,
    relevant: false,
    rangeOf,
    nodeRange,
    isShared: (offset) => shared.some(([s, e]) => offset >= s && offset < e),
    get items() {
      items ??= ([] as { start: number; end: number }[]).concat(...chunks.map((c) => c.targets.map((t) => ({ start: t.start + c.start, end: t.end + c.start }))));
      return items;
    },
    itemFrom(offset) {
      // The first chunk with an item starting at or after `offset`, then the item there.
      for (let c = firstIndex(chunks.length, (i) => chunks[i].end < offset); c < chunks.length; c++) {
        const chunk = chunks[c];
        const targets = chunk.targets;
        const relative = offset - chunk.start;
        const l = firstIndex(targets.length, (i) => targets[i].start < relative);
        if (l < targets.length) return { start: targets[l].start + chunk.start, end: targets[l].end + chunk.start };
      }
      return undefined;
    },
    chunks: [],
    ruleCache: previous?.ruleCache ?? {},
  };

  const refuse = (message: string, code = 'file-too-complex') => {
    model.eol = /\r\n/.test(text) ? '\r\n' : '\n';
    problems.push({ severity: 'warning', code, message, range: ZERO });
    model.refused = true;
    model.relevant = looksLikeManifest(text);
    return model;
  };

  if (text.length > MAX_K8S_BYTES) {
    return refuse(
      `This file is ${(text.length / 1024 / 1024).toFixed(1)} MB; Hardline checks YAML files up to ${MAX_K8S_BYTES / 1024 / 1024} MB.`,
      'file-too-large',
    );
  }
  // NUL bytes and flow nesting, looked for only where the edit changed the text.
  const stretches = stretchesOf(text, change);
  if (!Array.isArray(stretches)) return refuse(stretches.message, stretches.code);
  model.eol = stretches.some((st) => st.crlf) ? '\r\n' : '\n';

  chunks = chunksOf(text, index, rangeOf, stretches);
  model.chunks = chunks;
  model.comments = chunks.length === 1 ? chunks[0].comments : ([] as YamlComment[]).concat(...chunks.map((c) => c.comments));

  // Errors as the whole-file composer attributes them: those reported before a document
  // go to the document before it, or when there is none, to the next one.
  const errorsOf: ChunkError[][] = [];
  let pending: ChunkError[] = [];
  for (const c of chunks) {
    if (c.docs.length === 0) {
      if (errorsOf.length > 0) errorsOf[errorsOf.length - 1] = errorsOf[errorsOf.length - 1].concat(c.orphans);
      else pending = pending.concat(c.orphans);
      continue;
    }
    c.docs.forEach((d, j) => {
      let errors = d.errors;
      if (j === 0 && d.leading > 0 && errorsOf.length > 0) {
        errorsOf[errorsOf.length - 1] = errorsOf[errorsOf.length - 1].concat(errors.slice(0, d.leading));
        errors = errors.slice(d.leading);
      }
      if (j === 0 && pending.length > 0) {
        errors = pending.concat(errors);
        pending = [];
      }
      errorsOf.push(errors);
    });
  }

  let nodeCount = 0;
  let tooDeep = false;
  const chunkDocs: ChunkDocument[] = [];
  for (const chunk of chunks) {
    for (const d of chunk.docs) {
      const errors = errorsOf[documents.length];
      const yamlDoc = d.yaml;
      yamlDoc.index = documents.length;
      yamlDoc.start = d.start;
      yamlDoc.end = d.end;
      yamlDoc.ok = errors.length === 0;
      yamlDoc.parseErrors = errors.length;
      yamlDoc.objects = [];
      yamlDoc.shared = [];
      documents.push(yamlDoc);
      chunkDocs.push(d);
      for (const e of errors) problems.push({ severity: 'error', code: 'parse-error', message: e.message, range: rangeOf(e.start, e.end) });
      nodeCount += d.nodeCount;
      if (d.tooDeep) tooDeep = true;
      if (nodeCount > MAX_NODES || tooDeep) continue;
      if (d.aliasLimit) {
        yamlDoc.ok = false;
        problems.push({
          severity: 'warning',
          code: 'alias-limit',
          message: `This YAML document expands its aliases to more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} nodes; it is not checked (the API server refuses such documents too).`,
          range: rangeOf(d.aliasLimit.start, d.aliasLimit.end),
        });
      }
      yamlDoc.shared = d.shared;
      if (d.shared.length > 0) shared = shared.concat(d.shared);
    }
  }

  if (nodeCount > MAX_NODES) {
    documents.length = 0;
    return refuse(`This file has more than ${MAX_NODES.toLocaleString('en-US')} YAML nodes; it is not checked.`);
  }
  if (tooDeep) {
    documents.length = 0;
    return refuse(`This file nests collections more than ${MAX_NESTING} levels deep; it is not checked.`);
  }

  // Template syntax alone is not enough (Ansible, CI files use {{ }} too): a Helm template declares Kubernetes objects.
  model.helm =
    text.includes('{{') &&
    looksLikeManifest(text) &&
    isHelmTemplate(text, documents, ([] as ScalarSpan[]).concat(...chunks.map((c) => c.scalars ?? [])));
  if (model.helm) {
    // One information problem instead of a flood of parse errors.
    problems.length = 0;
    problems.push({
      severity: 'info',
      code: 'helm-template',
      message: 'This file is a Helm template ({{ … }} actions); Hardline checks rendered manifests: run `helm template` and check its output.',
      range: rangeOf(text.indexOf('{{'), text.indexOf('{{') + 2),
    });
    for (const d of documents) d.ok = false;
    model.relevant = true;
    return model;
  }

  chunkDocs.forEach((cd, i) => {
    const d = documents[i];
    if (!d.ok) return;
    cd.objects ??= objectsOf(d, nodeRange);
    d.objects = cd.objects;
    for (const o of d.objects) objects.push(o);
  });
  // A manifest with a YAML error still shows its error (a broken document that says apiVersion and kind).
  model.relevant =
    objects.length > 0 || documents.some((d) => d.parseErrors > 0 && looksLikeManifest(text.slice(d.doc.range[0], d.doc.range[2])));
  return model;
}

/** The Kubernetes objects of a document: its root, or the items of a List. */
function objectsOf(d: YamlDocument, nodeRange: K8sModel['nodeRange']): K8sObject[] {
  const out: K8sObject[] = [];
  const root = asMap(d.doc.contents);
  if (!root) return out;
  const apiVersion = str(get(root, 'apiVersion'));
  const kind = str(get(root, 'kind'));
  if (apiVersion === undefined || kind === undefined) return out;
  const listItems = kind === 'List' || /List$/.test(kind) ? items(get(root, 'items')) : null;
  if (listItems) {
    const itemKind = kind === 'List' ? undefined : kind.slice(0, -4);
    for (const item of listItems) {
      if (!isMap(item)) continue;
      const o = makeObject(d, item, str(get(item, 'apiVersion')) ?? (itemKind ? apiVersion : undefined), str(get(item, 'kind')) ?? itemKind, true, nodeRange);
      if (o) out.push(o);
    }
  } else {
    const o = makeObject(d, root, apiVersion, kind, false, nodeRange);
    if (o) out.push(o);
  }
  return out;
}

function makeObject(
  document: YamlDocument,
  node: YAMLMap,
  apiVersion: string | undefined,
  kind: string | undefined,
  listItem: boolean,
  nodeRange: K8sModel['nodeRange'],
): K8sObject | undefined {
  if (!apiVersion || !kind) return undefined;
  const metadata = get(node, 'metadata');
  return {
    document,
    node,
    apiVersion,
    kind,
    name: str(get(metadata, 'name')) ?? str(get(metadata, 'generateName')),
    namespace: str(get(metadata, 'namespace')),
    listItem,
    range: nodeRange(node),
  };
}

/** Nodes of `node` with aliases copied out, counting stops once past `limit`. */
function expandedSize(root: unknown, limit: number): number {
  const memo = new Map<object, number>();
  const inProgress = new Set<object>();
  const size = (node: unknown): number => {
    if (node === null || node === undefined || typeof node !== 'object') return 1;
    if (isAlias(node)) {
      // The target's size (aliases are only resolved here, lazily).
      return 1 + size(aliasTargetOf(node));
    }
    const cached = memo.get(node);
    if (cached !== undefined) return cached;
    if (inProgress.has(node)) return limit + 1; // an alias inside its own anchor: infinite
    inProgress.add(node);
    let total = 1;
    if (isMap(node)) {
      for (const p of node.items) {
        if (!isPair(p)) continue;
        total += size(p.key) + size(p.value);
        if (total > limit) break;
      }
    } else if (isSeq(node)) {
      for (const i of node.items) {
        total += size(i);
        if (total > limit) break;
      }
    }
    inProgress.delete(node);
    memo.set(node, total);
    return total;
  };
  return size(root);
}

function aliasTargetOf(alias: Node): Node | null {
  return deref(alias);
}

/** Comments are CST tokens of type `comment`, wherever they sit (those before `end` only). */
function collectComments(tokens: unknown[], text: string, out: YamlComment[], end: number, rangeOf: (s: number, e: number) => Range): void {
  walkTokens(tokens, (token) => {
    if (token.type !== 'comment' || typeof token.offset !== 'number' || typeof token.source !== 'string') return;
    const offset = token.offset;
    if (offset >= end) return;
    const commentEnd = offset + token.source.length;
    let lineStart = offset;
    while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
    out.push({
      text: token.source.replace(/^#/, '').trim(),
      offset,
      end: commentEnd,
      range: rangeOf(offset, commentEnd),
      trailing: text.slice(lineStart, offset).trim().length > 0,
    });
  });
  out.sort((a, b) => a.offset - b.offset);
}

/**
 * A Helm chart template? Go template actions in the YAML structure (outside
 * any scalar: `{{- if … }}` lines, `key: {{ .Values.x }}`), or Helm values
 * references inside scalars (`image: "{{ .Values.image }}"`). Grafana legends
 * (`{{pod}}`) and Prometheus alert templates (`{{ $labels.instance }}`)
 * inside strings of a real manifest are not.
 */
function isHelmTemplate(text: string, documents: YamlDocument[], scalars: ScalarSpan[]): boolean {
  if (!text.includes('{{')) return false;
  if (documents.some((d) => d.parseErrors > 0) && (HELM_VALUES.test(text) || /^[ \t]*\{\{-?/m.test(text))) return true;
  scalars.sort((a, b) => a.start - b.start);
  const inScalar = (offset: number): ScalarSpan | undefined => {
    let lo = 0;
    let hi = scalars.length - 1;
    let best: ScalarSpan | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (scalars[mid].start <= offset) {
        best = scalars[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best && offset < best.end ? best : undefined;
  };
  const re = /\{\{/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const close = text.indexOf('}}', m.index);
    const action = text.slice(m.index, close < 0 ? m.index + 80 : close + 2);
    const span = inScalar(m.index);
    if (!span) {
      // Outside scalars: a comment `# {{ … }}` is harmless; anything else is template structure.
      const lineStart = text.lastIndexOf('\n', m.index) + 1;
      const before = text.slice(lineStart, m.index);
      if (/(^|\s)#/.test(before)) continue;
      if (HELM_ACTION.test(action) || /^\{\{-?\s*[\w$.]/.test(action)) return true;
      continue;
    }
    if (HELM_VALUES.test(action)) return true;
  }
  return false;
}
