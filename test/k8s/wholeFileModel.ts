/**
 * The Kubernetes model as it was parsed before chunking (commit 3ece9de): the whole file
 * with one yaml Parser and Composer. Kept as the oracle the chunked, incremental
 * parse (server/src/languages/k8s/model.ts) must agree with exactly.
 */
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
} from 'yaml';
import { LineIndex } from '../../server/src/engine/positions';
import type { Problem, Range } from '../../server/src/engine/types';
import { asMap, deref, get, items, setAliasTarget, str } from '../../server/src/languages/k8s/yamlNodes';

/**
 * The Kubernetes model of a YAML file: every YAML document (parsed once, with
 * the `yaml` package's nodes kept so fixes can edit minimally), the
 * Kubernetes objects among them, the comments with the node each annotates,
 * and the problems of the input. Offsets are UTF-16 string indices, turned
 * into LSP ranges here and nowhere else.
 */

/** Largest text we analyse. */
const MAX_K8S_BYTES = 5 * 1024 * 1024;
/** Deepest nesting of collections (flow brackets or block levels). */
const MAX_NESTING = 500;
/** Most nodes in a file. */
const MAX_NODES = 1_000_000;
/** Most nodes a document may expand to through its aliases (a "billion laughs" bomb expands to ~10^9). */
const MAX_ALIAS_EXPANSION = 200_000;

interface YamlComment {
  /** Text without `#` and surrounding blanks. */
  text: string;
  offset: number;
  end: number;
  range: Range;
  /** Written after content on the same line. */
  trailing: boolean;
}

interface YamlDocument {
  /** 0-based position among the file's documents. */
  index: number;
  doc: Document.Parsed;
  /** The document's content (from its first to its last node). */
  start: number;
  end: number;
  /** Parsed without errors and within the limits: only then are its objects analysed. */
  ok: boolean;
  objects: K8sObject[];
  /** [start, end) of anchored nodes that some alias (or merge key) reuses: edits there would change every user. */
  shared: [number, number][];
}

interface K8sObject {
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

interface K8sModel {
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
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Looks like a Kubernetes manifest without parsing it (used only when parsing was refused). */
function looksLikeManifest(text: string): boolean {
  return /^(?:- +)?apiVersion\s*:/m.test(text.slice(0, 200_000)) && /^(?:- +)?\s*kind\s*:/m.test(text.slice(0, 200_000));
}

/**
 * Upper bound of flow nesting (`[`/`{` not yet closed). Quoted text may
 * inflate it, which only makes the check stricter for absurd inputs.
 */
function flowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
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

export function parseWholeFile(text: string): K8sModel {
  const index = new LineIndex(text);
  const eol: '\n' | '\r\n' = /\r\n/.test(text) ? '\r\n' : '\n';
  const rangeOf = (start: number, end: number): Range => ({ start: index.positionAt(start), end: index.positionAt(end) });
  const nodeRange = (node: { range?: [number, number, number] | null } | null | undefined): Range =>
    node?.range ? rangeOf(node.range[0], node.range[1]) : ZERO;
  const problems: Problem[] = [];
  const documents: YamlDocument[] = [];
  const objects: K8sObject[] = [];
  const comments: YamlComment[] = [];
  const targets: { start: number; end: number }[] = [];
  const shared: [number, number][] = [];

  const model: K8sModel = {
    text,
    index,
    eol,
    documents,
    objects,
    comments,
    problems,
    helm: false,
    refused: false,
    relevant: false,
    rangeOf,
    nodeRange,
    isShared: (offset) => shared.some(([s, e]) => offset >= s && offset < e),
    items: targets,
  };

  const refuse = (message: string, code = 'file-too-complex') => {
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
  if (text.includes('\u0000')) return refuse('This file contains binary data (NUL bytes); it is not checked.', 'binary-file');
  if (flowDepth(text) > MAX_NESTING) {
    return refuse(`This file nests collections more than ${MAX_NESTING} levels deep; it is not checked.`);
  }

  const parser = new Parser();
  const tokens = Array.from(parser.parse(text));
  // YAML 1.1 like the API server's decoder (yes/no booleans, `<<` merge keys).
  const composer = new Composer({ version: '1.1', merge: true, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  const parsed = Array.from(composer.compose(tokens, false, text.length));

  // Comments, from the CST (the composed nodes keep only their text).
  collectComments(tokens, text, comments, rangeOf);

  const scalarSpans: ScalarSpan[] = [];
  let nodeCount = 0;
  let tooDeep = false;

  parsed.forEach((doc, i) => {
    const contents = doc.contents as Node | null;
    const start = contents?.range?.[0] ?? doc.range[0];
    const end = contents?.range?.[1] ?? doc.range[1];
    const yamlDoc: YamlDocument = { index: i, doc, start, end, ok: doc.errors.length === 0, objects: [], shared: [] };
    documents.push(yamlDoc);
    for (const e of doc.errors) {
      problems.push({
        severity: 'error',
        code: 'parse-error',
        message: `YAML: ${e.message.split('\n')[0]}`,
        range: rangeOf(e.pos[0], Math.max(e.pos[1], e.pos[0])),
      });
    }
    // Walk the document once in source order: alias targets, anchors, node count, depth, comment targets.
    const anchors = new Map<string, Node>();
    const aliasUse: { alias: Node; target: Node | null }[] = [];
    const stack: { node: unknown; depth: number }[] = [{ node: contents, depth: 0 }];
    if (contents?.range) targets.push({ start: contents.range[0], end: contents.range[1] });
    while (stack.length > 0) {
      const { node, depth } = stack.pop()!;
      if (node === null || node === undefined) continue;
      nodeCount++;
      if (depth > MAX_NESTING) {
        tooDeep = true;
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
        if (node.range) scalarSpans.push({ start: node.range[0], end: node.range[1] });
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
    if (nodeCount > MAX_NODES || tooDeep) return;

    // Alias expansion: how many nodes would the document be with every alias copied out?
    if (aliasUse.length > 0) {
      const expanded = expandedSize(contents, MAX_ALIAS_EXPANSION);
      if (expanded > MAX_ALIAS_EXPANSION) {
        yamlDoc.ok = false;
        problems.push({
          severity: 'warning',
          code: 'alias-limit',
          message: `This YAML document expands its aliases to more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} nodes; it is not checked (the API server refuses such documents too).`,
          range: rangeOf(start, Math.min(end, index.offsetAt({ line: index.positionAt(start).line + 1, character: 0 }))),
        });
      }
      for (const { target } of aliasUse) {
        const r = target?.range;
        if (r) {
          yamlDoc.shared.push([r[0], r[1]]);
          shared.push([r[0], r[1]]);
        }
      }
    }
  });

  if (nodeCount > MAX_NODES) {
    documents.length = 0;
    return refuse(`This file has more than ${MAX_NODES.toLocaleString('en-US')} YAML nodes; it is not checked.`);
  }
  if (tooDeep) {
    documents.length = 0;
    return refuse(`This file nests collections more than ${MAX_NESTING} levels deep; it is not checked.`);
  }

  targets.sort((a, b) => a.start - b.start || b.end - a.end);
  // Template syntax alone is not enough (Ansible, CI files use {{ }} too): a Helm template declares Kubernetes objects.
  model.helm = looksLikeManifest(text) && isHelmTemplate(text, documents, scalarSpans);
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

  for (const d of documents) {
    if (!d.ok) continue;
    const root = asMap(d.doc.contents);
    if (!root) continue;
    const apiVersion = str(get(root, 'apiVersion'));
    const kind = str(get(root, 'kind'));
    if (apiVersion === undefined || kind === undefined) continue;
    const listItems = kind === 'List' || /List$/.test(kind) ? items(get(root, 'items')) : null;
    if (listItems) {
      const itemKind = kind === 'List' ? undefined : kind.slice(0, -4);
      for (const item of listItems) {
        if (!isMap(item)) continue;
        const o = makeObject(d, item, str(get(item, 'apiVersion')) ?? (itemKind ? apiVersion : undefined), str(get(item, 'kind')) ?? itemKind, true, nodeRange);
        if (o) d.objects.push(o);
      }
    } else {
      const o = makeObject(d, root, apiVersion, kind, false, nodeRange);
      if (o) d.objects.push(o);
    }
    objects.push(...d.objects);
  }
  // A manifest with a YAML error still shows its error (a broken document that says apiVersion and kind).
  model.relevant =
    objects.length > 0 || documents.some((d) => d.doc.errors.length > 0 && looksLikeManifest(text.slice(d.doc.range[0], d.doc.range[2])));
  return model;
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

/** Comments are CST tokens of type `comment`, wherever they sit. */
function collectComments(tokens: unknown[], text: string, out: YamlComment[], rangeOf: (s: number, e: number) => Range): void {
  const stack: unknown[] = [...tokens].reverse();
  while (stack.length > 0) {
    const t = stack.pop();
    if (!t || typeof t !== 'object') continue;
    if (Array.isArray(t)) {
      for (let i = t.length - 1; i >= 0; i--) stack.push(t[i]);
      continue;
    }
    const token = t as { type?: string; offset?: number; source?: string };
    if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') {
      const offset = token.offset;
      const end = offset + token.source.length;
      let lineStart = offset;
      while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
      out.push({
        text: token.source.replace(/^#/, '').trim(),
        offset,
        end,
        range: rangeOf(offset, end),
        trailing: text.slice(lineStart, offset).trim().length > 0,
      });
      continue;
    }
    const values = Object.values(t as Record<string, unknown>).filter((v) => v && typeof v === 'object');
    for (let i = values.length - 1; i >= 0; i--) stack.push(values[i]);
  }
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
  if (documents.some((d) => d.doc.errors.length > 0) && (HELM_VALUES.test(text) || /^[ \t]*\{\{-?/m.test(text))) return true;
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
