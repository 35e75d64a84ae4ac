import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { TextEdit } from '../../engine/types';
import type { K8sModel, YamlDocument } from './model';
import { deref, findPair, isNullish, ownPair } from './yamlNodes';

/**
 * Minimal YAML edits: set a scalar, ensure a map entry (creating missing
 * parent maps), append to or remove from a sequence. The file's style is
 * kept: block or flow, indentation taken from siblings (or, for a new level,
 * from the document), sequences indented like the document's, its line
 * ending; comments and key order stay; nothing is re-serialised. Every
 * function returns null rather than guess (an alias-shared node, a value of
 * an unexpected type).
 */

/** What a fix may write: scalars, lists of scalars, maps of these. */
export type YamlValue = string | number | boolean | YamlValue[] | { [key: string]: YamlValue };

export interface YamlStyle {
  /** Spaces per nesting level of block maps. */
  indent: number;
  /** Spaces between a key and the `-` of its block sequence (0: `key:\n- item`). */
  seqIndent: number;
}

const styles = new WeakMap<YamlDocument, YamlStyle>();

function mostFrequent(counts: Map<number, number>, fallback: number): number {
  let best = fallback;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && value < best)) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

/** The document's indentation style, learnt from its block collections (2 and indented sequences by default). */
export function styleOf(model: K8sModel, doc: YamlDocument): YamlStyle {
  const cached = styles.get(doc);
  if (cached) return cached;
  const indents = new Map<number, number>();
  const seqIndents = new Map<number, number>();
  const column = (offset: number) => model.index.positionAt(offset).character;
  const stack: unknown[] = [doc.doc.contents];
  let visited = 0;
  while (stack.length > 0 && visited < 5000) {
    const node = stack.pop();
    visited++;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (!key?.range || !value?.range) continue;
        const keyLine = model.index.positionAt(key.range[0]).line;
        if (isMap(value) && !value.flow && model.index.positionAt(value.range[0]).line > keyLine) {
          const d = column(value.range[0]) - column(key.range[0]);
          if (d > 0) indents.set(d, (indents.get(d) ?? 0) + 1);
        } else if (isSeq(value) && !value.flow && model.index.positionAt(value.range[0]).line > keyLine) {
          const d = column(value.range[0]) - column(key.range[0]);
          if (d >= 0) seqIndents.set(d, (seqIndents.get(d) ?? 0) + 1);
        }
        stack.push(value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  const indent = mostFrequent(indents, 2);
  const style = { indent, seqIndent: mostFrequent(seqIndents, indent) };
  styles.set(doc, style);
  return style;
}

const PLAIN_SAFE = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
const YAML11_RESERVED = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;

/** A scalar as YAML source: plain when that reads back as the same string, else double-quoted. */
export function scalarText(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  if (PLAIN_SAFE.test(value) && !YAML11_RESERVED.test(value)) return value;
  return JSON.stringify(value);
}

/** Flow rendering: `{type: RuntimeDefault}`, `[ALL]`; `pad` puts spaces inside brackets (`{ a: 1 }`). */
export function flowText(value: YamlValue, pad = false): string {
  const p = pad ? ' ' : '';
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[${p}${value.map((v) => flowText(v, pad)).join(', ')}${p}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0 ? '{}' : `{${p}${entries.map(([k, v]) => `${scalarText(k)}: ${flowText(v, pad)}`).join(', ')}${p}}`;
  }
  return scalarText(value);
}

/**
 * Block rendering of `key: value` whose key sits at `column`; the first line
 * has no indentation (the caller places it), the following lines do.
 */
export function blockEntry(key: string, value: YamlValue, column: number, style: YamlStyle, eol: string): string {
  return `${scalarText(key)}:${blockValue(value, column, style, eol)}`;
}

/** What follows `key:` for a value in block style (including the leading space or line break). */
function blockValue(value: YamlValue, column: number, style: YamlStyle, eol: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    const pad = ' '.repeat(column + style.seqIndent);
    return value.map((v) => `${eol}${pad}- ${typeof v === 'object' ? flowText(v) : scalarText(v)}`).join('');
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return ' {}';
    const child = column + style.indent;
    return entries.map(([k, v]) => `${eol}${' '.repeat(child)}${blockEntry(k, v, child, style, eol)}`).join('');
  }
  return ` ${scalarText(value)}`;
}

function nested(path: readonly string[], value: YamlValue): YamlValue {
  let v = value;
  for (let i = path.length - 1; i >= 0; i--) v = { [path[i]]: v };
  return v;
}

function docOf(model: K8sModel, node: Node): YamlDocument | undefined {
  const at = node.range?.[0];
  if (at === undefined) return undefined;
  return model.documents.find((d) => d.doc.range[0] <= at && at <= d.doc.range[2]);
}

function column(model: K8sModel, offset: number): number {
  return model.index.positionAt(offset).character;
}

/** Offset of the end of the line holding `offset` (before its line break), after any trailing comment. */
function lineEnd(model: K8sModel, offset: number): number {
  const text = model.text;
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** The last content offset of a node (block collections end after their last line break). */
function contentEnd(model: K8sModel, node: Node): number {
  let end = node.range![1];
  const text = model.text;
  while (end > node.range![0] && (text[end - 1] === '\n' || text[end - 1] === '\r' || text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return end;
}

function pos(model: K8sModel, offset: number) {
  return model.index.positionAt(offset);
}

function insertAt(model: K8sModel, offset: number, newText: string): TextEdit {
  const p = pos(model, offset);
  return { range: { start: p, end: p }, newText };
}

function replaceSpan(model: K8sModel, start: number, end: number, newText: string): TextEdit {
  return { range: { start: pos(model, start), end: pos(model, end) }, newText };
}

/** Refuse edits inside anchored nodes that aliases reuse. */
function guard(model: K8sModel, edits: TextEdit[] | null): TextEdit[] | null {
  if (!edits) return null;
  for (const e of edits) {
    if (model.isShared(model.index.offsetAt(e.range.start))) return null;
  }
  return edits;
}

/** Is the flow collection written with spaces inside its brackets (`{ a: 1 }`)? */
function paddedFlow(model: K8sModel, node: Node): boolean {
  return /^[[{][ \t]/.test(model.text.slice(node.range![0], node.range![0] + 2));
}

/** The value that follows `key:` when it has to replace a null value of a pair in `container`. */
function valueAfterKey(model: K8sModel, container: YAMLMap, pair: Pair, value: YamlValue): string {
  const key = pair.key as Node;
  if (container.flow) return ` ${flowText(value, paddedFlow(model, container))}`;
  const doc = docOf(model, key);
  const style = doc ? styleOf(model, doc) : { indent: 2, seqIndent: 2 };
  return blockValue(value, column(model, key.range![0]), style, model.eol);
}

/**
 * Replace the value of `pair` (a member of `container`) with `value`. A null
 * value (`key:`, `key: ~`) is replaced from the colon on.
 */
export function setPairValue(model: K8sModel, container: YAMLMap, pair: Pair, value: YamlValue): TextEdit[] | null {
  const key = pair.key as Node | null;
  const current = pair.value as Node | null;
  if (!key?.range) return null;
  if (current && isScalar(current) && current.value !== null && typeof value !== 'object') {
    if (current.value === value) return [];
    return guard(model, [replaceSpan(model, current.range![0], current.range![1], scalarText(value))]);
  }
  if (current && !isNullish(current) && (isMap(current) || isSeq(current))) {
    // A collection replaced by a scalar or another collection: in place, same style.
    const text = current.flow || typeof value !== 'object' ? flowText(value, current.flow ? paddedFlow(model, current) : false) : null;
    if (text === null) return null;
    return guard(model, [replaceSpan(model, current.range![0], contentEnd(model, current), text)]);
  }
  // Null value: replace from just after the colon to the end of the null scalar (if it has text).
  const colon = model.text.indexOf(':', key.range[1]);
  if (colon < 0) return null;
  const end = current?.range && current.range[1] > colon ? current.range[1] : colon + 1;
  return guard(model, [replaceSpan(model, colon + 1, end, valueAfterKey(model, container, pair, value))]);
}

/** Insert `key: value` as the last entry of `map` (which must not have it). */
export function insertEntry(model: K8sModel, map: YAMLMap, key: string, value: YamlValue): TextEdit[] | null {
  if (!map.range) return null;
  const pairs = map.items.filter(isPair);
  if (map.flow) {
    const pad = paddedFlow(model, map);
    const entry = `${scalarText(key)}: ${flowText(value, pad)}`;
    if (pairs.length === 0) {
      const close = model.text.lastIndexOf('}', map.range[1] - 1);
      if (close < map.range[0]) return null;
      return guard(model, [replaceSpan(model, map.range[0] + 1, close, pad ? ` ${entry} ` : entry)]);
    }
    const last = pairs[pairs.length - 1];
    const lastNode = ((last.value as Node | null)?.range ? last.value : last.key) as Node;
    return guard(model, [insertAt(model, contentEnd(model, lastNode), `, ${entry}`)]);
  }
  const first = pairs[0]?.key as Node | undefined;
  const last = pairs[pairs.length - 1];
  if (!first?.range || !last) return null;
  const col = column(model, first.range[0]);
  const doc = docOf(model, map);
  const style = doc ? styleOf(model, doc) : { indent: 2, seqIndent: 2 };
  const lastNode = ((last.value as Node | null)?.range && !isNullish(last.value) ? last.value : last.key) as Node;
  const at = lineEnd(model, contentEnd(model, lastNode));
  return guard(model, [insertAt(model, at, `${model.eol}${' '.repeat(col)}${blockEntry(key, value, col, style, model.eol)}`)]);
}

/**
 * Make `map.<path…>` equal `value`: descend through existing maps, create
 * the missing ones (block or flow like their parent), replace null values,
 * set the leaf. Returns [] when the value is already there; null when the
 * path crosses a non-map value, a merged (anchor-shared) entry or an alias.
 */
export function ensurePath(model: K8sModel, map: YAMLMap, path: readonly string[], value: YamlValue): TextEdit[] | null {
  let current = map;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const found = findPair(current, key);
    if (found?.merged) return null;
    const pair = found?.pair;
    const rest = nested(path.slice(i + 1), value);
    if (!pair) return insertEntry(model, current, key, rest);
    const v = pair.value as Node | null;
    if (i === path.length - 1) {
      if (v && isScalar(v) && typeof value !== 'object' && v.value === value) return [];
      if (v && (isMap(v) || isSeq(v)) && typeof value === 'object') return null; // merging collections is the caller's job
      return setPairValue(model, current, pair, value);
    }
    if (v !== null && v !== undefined && deref(v) !== v) return null; // an alias: shared
    if (isMap(v)) {
      current = v;
      continue;
    }
    if (isNullish(v)) return setPairValue(model, current, pair, rest);
    return null;
  }
  return null;
}

/** Append a scalar item to a sequence (block: a new `- item` line like its siblings; flow: `, item`). */
export function appendToSeq(model: K8sModel, seq: YAMLSeq, item: string | number | boolean): TextEdit[] | null {
  if (!seq.range) return null;
  const text = scalarText(item);
  const last = seq.items[seq.items.length - 1] as Node | null | undefined;
  if (seq.flow) {
    if (!last?.range) {
      const close = model.text.lastIndexOf(']', seq.range[1] - 1);
      if (close < seq.range[0]) return null;
      return guard(model, [replaceSpan(model, seq.range[0] + 1, close, paddedFlow(model, seq) ? ` ${text} ` : text)]);
    }
    return guard(model, [insertAt(model, contentEnd(model, last), `, ${text}`)]);
  }
  if (!last?.range) return null;
  const dash = column(model, seq.range[0]);
  // Keep the siblings' gap between `-` and the item.
  const firstItem = seq.items[0] as Node;
  const gap = Math.max(1, column(model, firstItem.range![0]) - dash - 1);
  const at = lineEnd(model, contentEnd(model, last));
  return guard(model, [insertAt(model, at, `${model.eol}${' '.repeat(dash)}-${' '.repeat(gap)}${text}`)]);
}

/**
 * Remove item `index` of a sequence that is the value of `pair` in `container`.
 * Block: its lines go (the pair becomes `key: []` when it was the only item).
 * Flow: the item and one comma.
 */
export function removeSeqItem(model: K8sModel, container: YAMLMap, pair: Pair, seq: YAMLSeq, index: number): TextEdit[] | null {
  const item = seq.items[index] as Node | null;
  if (!item?.range || !seq.range) return null;
  const text = model.text;
  if (seq.items.length === 1) {
    if (seq.flow) return guard(model, [replaceSpan(model, seq.range[0], seq.range[1], '[]')]);
    const key = pair.key as Node | null;
    const colon = key?.range ? text.indexOf(':', key.range[1]) : -1;
    if (colon < 0 || !container.items.includes(pair)) return null;
    return guard(model, [replaceSpan(model, colon + 1, contentEnd(model, seq), ' []')]);
  }
  if (seq.flow) {
    const prev = seq.items[index - 1] as Node | undefined;
    const next = seq.items[index + 1] as Node | undefined;
    if (next?.range) return guard(model, [replaceSpan(model, item.range[0], next.range[0], '')]);
    if (prev?.range) return guard(model, [replaceSpan(model, contentEnd(model, prev), contentEnd(model, item), '')]);
    return null;
  }
  // Block: from the start of the item's `-` line to the start of the next item's line.
  const startLine = model.index.positionAt(item.range[0]).line;
  const dashLineStart = model.index.offsetAt({ line: startLine, character: 0 });
  if (text.slice(dashLineStart, item.range[0]).trim() !== '-') return null; // `- - x` or a comment: do not guess
  const endLine = model.index.positionAt(contentEnd(model, item)).line;
  const nextLineStart = model.index.offsetAt({ line: endLine + 1, character: 0 });
  if (nextLineStart <= dashLineStart || endLine + 1 >= model.index.lineCount) {
    // The last line of the file: remove from the previous line's end instead.
    return guard(model, [replaceSpan(model, Math.max(0, dashLineStart - model.eol.length), lineEnd(model, contentEnd(model, item)), '')]);
  }
  return guard(model, [replaceSpan(model, dashLineStart, nextLineStart, '')]);
}

/** Remove the pair `key` from a block or flow map (its lines, or the entry and a comma). */
export function removeEntry(model: K8sModel, map: YAMLMap, key: string): TextEdit[] | null {
  const pair = ownPair(map, key);
  if (!pair) return [];
  const pairs = map.items.filter(isPair);
  const k = pair.key as Node;
  const v = (pair.value as Node | null)?.range ? (pair.value as Node) : k;
  if (map.flow) {
    const i = pairs.indexOf(pair);
    const next = pairs[i + 1]?.key as Node | undefined;
    const prev = pairs[i - 1];
    if (next?.range) return guard(model, [replaceSpan(model, k.range![0], next.range[0], '')]);
    if (prev) {
      const prevEnd = ((prev.value as Node | null)?.range ? prev.value : prev.key) as Node;
      return guard(model, [replaceSpan(model, contentEnd(model, prevEnd), contentEnd(model, v), '')]);
    }
    return guard(model, [replaceSpan(model, k.range![0], contentEnd(model, v), '')]);
  }
  if (pairs.length === 1) return null; // the map would become empty: the caller decides
  const startLine = model.index.positionAt(k.range![0]).line;
  const lineStart = model.index.offsetAt({ line: startLine, character: 0 });
  if (model.text.slice(lineStart, k.range![0]).trim() !== '') return null; // `- key: …` first entry of an item
  const endLine = model.index.positionAt(contentEnd(model, v)).line;
  if (endLine + 1 >= model.index.lineCount) {
    return guard(model, [replaceSpan(model, Math.max(0, lineStart - model.eol.length), lineEnd(model, contentEnd(model, v)), '')]);
  }
  return guard(model, [replaceSpan(model, lineStart, model.index.offsetAt({ line: endLine + 1, character: 0 }), '')]);
}

// ---------------------------------------------------------------------------
// Several fields at once (the combined securityContext fixes, an emptyDir at
// /tmp): entries and sequence items of maps, a pair replaced by another, and
// the edits of one fix merged so that insertions at the same point come out
// in a valid order.

function isValueMap(value: YamlValue): value is { [key: string]: YamlValue } {
  return typeof value === 'object' && !Array.isArray(value);
}

function styleAt(model: K8sModel, node: Node): YamlStyle {
  const doc = docOf(model, node);
  return doc ? styleOf(model, doc) : { indent: 2, seqIndent: 2 };
}

/**
 * Block rendering of `key: value` whose key sits at `column` (first line not
 * indented), like `blockEntry` but with maps inside sequences written in block
 * style too (`- name: tmp` / `  mountPath: /tmp`).
 */
export function blockEntryDeep(key: string, value: YamlValue, column: number, style: YamlStyle, eol: string): string {
  if (Array.isArray(value) && value.length > 0 && value.some((v) => typeof v === 'object')) {
    const dash = column + style.seqIndent;
    return `${scalarText(key)}:${value.map((v) => `${eol}${' '.repeat(dash)}- ${blockItem(v, dash + 2, style, eol)}`).join('')}`;
  }
  if (isValueMap(value) && Object.keys(value).length > 0) {
    const child = column + style.indent;
    return `${scalarText(key)}:${Object.entries(value)
      .map(([k, v]) => `${eol}${' '.repeat(child)}${blockEntryDeep(k, v, child, style, eol)}`)
      .join('')}`;
  }
  return blockEntry(key, value, column, style, eol);
}

/** A sequence item's content whose first character sits at `column` (after `- `). */
function blockItem(value: YamlValue, column: number, style: YamlStyle, eol: string): string {
  if (isValueMap(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return entries.map(([k, v], i) => `${i === 0 ? '' : `${eol}${' '.repeat(column)}`}${blockEntryDeep(k, v, column, style, eol)}`).join('');
  }
  return typeof value === 'object' ? flowText(value) : scalarText(value);
}

/** Insert several `key: value` entries at the end of `map` (none of which it has), as one edit. */
export function insertEntries(model: K8sModel, map: YAMLMap, entries: readonly [string, YamlValue][]): TextEdit[] | null {
  if (entries.length === 0) return [];
  if (entries.length === 1 && !entries.some(([, v]) => Array.isArray(v) && v.some((x) => typeof x === 'object'))) {
    return insertEntry(model, map, entries[0][0], entries[0][1]);
  }
  if (!map.range) return null;
  const pairs = map.items.filter(isPair);
  if (map.flow) {
    const pad = paddedFlow(model, map);
    const text = entries.map(([k, v]) => `${scalarText(k)}: ${flowText(v, pad)}`).join(', ');
    if (pairs.length === 0) {
      const close = model.text.lastIndexOf('}', map.range[1] - 1);
      if (close < map.range[0]) return null;
      return guard(model, [replaceSpan(model, map.range[0] + 1, close, pad ? ` ${text} ` : text)]);
    }
    const last = pairs[pairs.length - 1];
    const lastNode = ((last.value as Node | null)?.range ? last.value : last.key) as Node;
    return guard(model, [insertAt(model, contentEnd(model, lastNode), `, ${text}`)]);
  }
  const first = pairs[0]?.key as Node | undefined;
  const last = pairs[pairs.length - 1];
  if (!first?.range || !last) return null;
  const col = column(model, first.range[0]);
  const style = styleAt(model, map);
  const lastNode = ((last.value as Node | null)?.range && !isNullish(last.value) ? last.value : last.key) as Node;
  const at = lineEnd(model, contentEnd(model, lastNode));
  const text = entries.map(([k, v]) => `${model.eol}${' '.repeat(col)}${blockEntryDeep(k, v, col, style, model.eol)}`).join('');
  return guard(model, [insertAt(model, at, text)]);
}

/** Append items (scalars or maps) to a sequence, block or flow, like its siblings. */
export function appendItemsToSeq(model: K8sModel, seq: YAMLSeq, added: readonly YamlValue[]): TextEdit[] | null {
  if (added.length === 0) return [];
  if (!seq.range) return null;
  const last = seq.items[seq.items.length - 1] as Node | null | undefined;
  if (seq.flow) {
    const pad = paddedFlow(model, seq);
    const text = added.map((v) => flowText(v, pad)).join(', ');
    if (!last?.range) {
      const close = model.text.lastIndexOf(']', seq.range[1] - 1);
      if (close < seq.range[0]) return null;
      return guard(model, [replaceSpan(model, seq.range[0] + 1, close, pad ? ` ${text} ` : text)]);
    }
    return guard(model, [insertAt(model, contentEnd(model, last), `, ${text}`)]);
  }
  if (!last?.range) return null;
  const dash = column(model, seq.range[0]);
  const firstItem = seq.items[0] as Node;
  if (!firstItem?.range) return null;
  const gap = Math.max(1, column(model, firstItem.range[0]) - dash - 1);
  const content = dash + 1 + gap;
  const style = styleAt(model, seq);
  const at = lineEnd(model, contentEnd(model, last));
  const text = added.map((v) => `${model.eol}${' '.repeat(dash)}-${' '.repeat(gap)}${blockItem(v, content, style, model.eol)}`).join('');
  return guard(model, [insertAt(model, at, text)]);
}

/** Replace the whole pair `pair` of `map` (key and value) with `key: value`, in the map's style. */
export function replacePair(model: K8sModel, map: YAMLMap, pair: Pair, key: string, value: YamlValue): TextEdit[] | null {
  const k = pair.key as Node | null;
  if (!k?.range || !map.items.includes(pair)) return null;
  const v = pair.value as Node | null;
  const end = v?.range && !isNullish(v) ? contentEnd(model, v) : k.range[1] + (model.text.slice(k.range[1]).match(/^\s*:/)?.[0].length ?? 0);
  const text = map.flow
    ? `${scalarText(key)}: ${flowText(value, paddedFlow(model, map))}`
    : blockEntryDeep(key, value, column(model, k.range[0]), styleAt(model, map), model.eol);
  return guard(model, [replaceSpan(model, k.range[0], end, text)]);
}

function sameScalar(node: unknown, value: YamlValue): boolean {
  const n = deref(node);
  return isScalar(n) && typeof value !== 'object' && n.value === value;
}

/**
 * Make `map` contain `wanted` (deeply): missing keys are inserted (together,
 * as one entry block), scalars that differ are set, nested maps are completed,
 * sequences get their missing scalar items appended, null values are filled.
 * Returns the merged edits ([] when nothing is missing), or null when a value
 * has an unexpected type or lives in an alias-shared node.
 */
export function ensureEntries(model: K8sModel, map: YAMLMap, wanted: { [key: string]: YamlValue }): TextEdit[] | null {
  const edits: TextEdit[] = [];
  const missing: [string, YamlValue][] = [];
  for (const [key, value] of Object.entries(wanted)) {
    const found = findPair(map, key);
    if (found?.merged) return null;
    if (!found) {
      missing.push([key, value]);
      continue;
    }
    const pair = found.pair;
    const raw = pair.value as Node | null;
    if (raw !== null && raw !== undefined && deref(raw) !== raw) return null; // an alias: shared
    let sub: TextEdit[] | null;
    if (isNullish(raw)) sub = setPairValue(model, map, pair, value);
    else if (isValueMap(value)) sub = isMap(raw) ? ensureEntries(model, raw, value) : null;
    else if (Array.isArray(value)) {
      if (!isSeq(raw)) sub = null;
      else {
        const absent = value.filter((v) => typeof v === 'object' || !raw.items.some((item) => sameScalar(item, v)));
        sub = appendItemsToSeq(model, raw, absent);
      }
    } else if (isScalar(raw)) sub = sameScalar(raw, value) ? [] : setPairValue(model, map, pair, value);
    else sub = null;
    if (sub === null) return null;
    edits.push(...sub);
  }
  const inserted = insertEntries(model, map, missing);
  if (inserted === null) return null;
  edits.push(...inserted);
  return mergeEdits(model, edits);
}

interface InsertedBlock {
  /** Column of the block's first line (Infinity for inline text such as `, x`). */
  indent: number;
  item: boolean;
  text: string;
  order: number;
}

/**
 * Split an inserted text into the blocks it adds to the structure: a block is
 * a line with the lines nested under it (deeper lines, and the `- ` items of
 * a key's sequence written at the key's column). Inline text is one block.
 */
function insertedBlocks(text: string, order: number): InsertedBlock[] {
  const eol = text.startsWith('\r\n') ? '\r\n' : '\n';
  if (!text.startsWith(eol)) return [{ indent: Infinity, item: false, text, order }];
  const lines = text.slice(eol.length).split(eol);
  const blocks: InsertedBlock[] = [];
  for (const line of lines) {
    const indent = /^ */.exec(line)![0].length;
    const item = line.slice(indent).startsWith('-');
    const current = blocks[blocks.length - 1];
    const nested = current && (indent > current.indent || (indent === current.indent && item && !current.item));
    if (nested) current.text += `${eol}${line}`;
    else blocks.push({ indent, item, text: `${eol}${line}`, order });
  }
  return blocks;
}

/**
 * The edits of one fix as a clean list: sorted, insertions at the same point
 * joined into one (the deepest first, sequence items before map keys of the
 * same column, so every line lands in the structure it belongs to); null when
 * two edits overlap.
 */
export function mergeEdits(model: K8sModel, edits: readonly TextEdit[]): TextEdit[] | null {
  const spans = edits
    .map((e, i) => ({ start: model.index.offsetAt(e.range.start), end: model.index.offsetAt(e.range.end), text: e.newText, i }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  const out: { start: number; end: number; text: string; parts: { text: string; i: number }[] }[] = [];
  for (const s of spans) {
    const prev = out[out.length - 1];
    if (prev && s.start === s.end && prev.start === prev.end && prev.start === s.start) {
      prev.parts.push({ text: s.text, i: s.i });
      continue;
    }
    if (prev && s.start < prev.end) return null;
    out.push({ ...s, parts: [{ text: s.text, i: s.i }] });
  }
  return out.map((s) => {
    if (s.parts.length > 1) {
      // Blocks of every insertion, deepest first, items before keys of their column, else in order.
      const blocks = s.parts.flatMap((p) => insertedBlocks(p.text, p.i));
      blocks.sort((a, b) => {
        if (a.indent !== b.indent) return a.indent === Infinity ? -1 : b.indent === Infinity ? 1 : b.indent - a.indent;
        return Number(b.item) - Number(a.item) || a.order - b.order;
      });
      s.text = blocks.map((b) => b.text).join('');
    }
    return replaceSpan(model, s.start, s.end, s.text);
  });
}

/**
 * Keep only the items of a sequence (the value of `pair` in `map`) that
 * `keep` accepts. Flow: the sequence is rewritten with the kept items' source
 * text. Block: the removed items' lines go; with nothing kept the value
 * becomes `[]`. The edits end before the end of the last kept line, so
 * insertions after the sequence stay valid.
 */
export function keepSeqItems(model: K8sModel, map: YAMLMap, pair: Pair, seq: YAMLSeq, keep: (item: Node | null) => boolean): TextEdit[] | null {
  if (!seq.range || !map.items.includes(pair)) return null;
  const itemsList = seq.items as (Node | null)[];
  const kept = itemsList.map((item) => keep(deref(item)));
  if (kept.every(Boolean)) return [];
  if (itemsList.some((item) => !item?.range)) return null;
  const text = model.text;
  if (seq.flow) {
    const parts = itemsList.filter((_, i) => kept[i]).map((item) => text.slice(item!.range![0], contentEnd(model, item!)));
    const pad = paddedFlow(model, seq);
    const body = parts.length === 0 ? '' : pad ? ` ${parts.join(', ')} ` : parts.join(', ');
    return guard(model, [replaceSpan(model, seq.range[0], contentEnd(model, seq), `[${body}]`)]);
  }
  if (kept.every((k) => !k)) {
    const key = pair.key as Node | null;
    const colon = key?.range ? text.indexOf(':', key.range[1]) : -1;
    if (colon < 0) return null;
    return guard(model, [replaceSpan(model, colon + 1, contentEnd(model, seq), ' []')]);
  }
  const dashLine = (item: Node) => {
    const line = model.index.positionAt(item.range![0]).line;
    const start = model.index.offsetAt({ line, character: 0 });
    return text.slice(start, item.range![0]).trim() === '-' ? start : -1;
  };
  const edits: TextEdit[] = [];
  for (let i = 0; i < itemsList.length; ) {
    if (kept[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < itemsList.length && !kept[j]) j++;
    // Items i..j-1 go.
    if (j < itemsList.length) {
      const from = dashLine(itemsList[i]!);
      const to = dashLine(itemsList[j]!);
      if (from < 0 || to < 0) return null;
      edits.push(replaceSpan(model, from, to, ''));
    } else {
      // The run reaches the end: remove from the end of the last kept item's line.
      const prev = itemsList[i - 1]!;
      if (dashLine(itemsList[i]!) < 0) return null;
      edits.push(replaceSpan(model, lineEnd(model, contentEnd(model, prev)), lineEnd(model, contentEnd(model, itemsList[j - 1]!)), ''));
    }
    i = j;
  }
  return guard(model, edits);
}
