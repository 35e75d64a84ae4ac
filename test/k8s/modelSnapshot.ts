import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import { deref } from '../../server/src/languages/k8s/yamlNodes';

/** Everything positional a k8s model exposes, as plain data (for exact comparisons of two parses). */
export interface ModelLike {
  text: string;
  eol: string;
  documents: { index: number; doc: { range: number[]; contents: unknown; errors: unknown[] }; start: number; end: number; ok: boolean; shared: [number, number][]; objects: unknown[] }[];
  objects: { kind: string; apiVersion: string; name?: string; namespace?: string; listItem: boolean; range: unknown; document: { index: number }; node: unknown }[];
  comments: unknown[];
  problems: unknown[];
  helm: boolean;
  refused: boolean;
  relevant: boolean;
  items: readonly { start: number; end: number }[];
  isShared(offset: number): boolean;
  index: { starts: readonly number[]; lineCount: number };
  itemFrom?(offset: number): { start: number; end: number } | undefined;
}

function node(n: unknown): unknown {
  if (n === null || n === undefined) return null;
  if (isAlias(n)) {
    const target = deref(n) as { range?: number[] } | null;
    return ['alias', n.source, n.range, target?.range ?? null];
  }
  if (isScalar(n)) return ['scalar', n.type, String(n.value), n.range, n.anchor ?? null, n.tag ?? null];
  if (isMap(n)) return ['map', n.range, n.flow ?? false, n.anchor ?? null, n.items.map((p) => (isPair(p) ? [node(p.key), node(p.value)] : null))];
  if (isSeq(n)) return ['seq', n.range, n.flow ?? false, n.anchor ?? null, n.items.map(node)];
  return ['other'];
}

export function snapshot(model: ModelLike, withNodes = true): unknown {
  return {
    eol: model.eol,
    lines: [...model.index.starts],
    lineCount: model.index.lineCount,
    itemFrom: model.itemFrom ? itemsFrom(model) : [], // mismatches with a search of `items`
    helm: model.helm,
    refused: model.refused,
    relevant: model.relevant,
    problems: model.problems,
    comments: model.comments,
    // A refused model's items are never used (no findings to suppress): their order does not matter.
    items: (model.refused ? [...model.items].sort((a, b) => a.start - b.start || b.end - a.end) : [...model.items]).map((i) => [i.start, i.end]),
    documents: model.documents.map((d) => ({
      index: d.index,
      range: [...d.doc.range],
      start: d.start,
      end: d.end,
      ok: d.ok,
      errors: (d as { parseErrors?: number }).parseErrors ?? d.doc.errors.length,
      shared: d.shared,
      objects: d.objects.length,
      contents: withNodes ? node(d.doc.contents) : null,
    })),
    objects: model.objects.map((o) => ({
      kind: o.kind,
      apiVersion: o.apiVersion,
      name: o.name,
      namespace: o.namespace,
      listItem: o.listItem,
      range: o.range,
      document: o.document.index,
      node: (o.node as { range?: number[] }).range,
    })),
    shared: sharedOffsets(model),
  };
}

/** isShared at every offset where it could change. */
function sharedOffsets(model: ModelLike): number[] {
  const out: number[] = [];
  for (const d of model.documents) for (const [s, e] of d.shared) for (const o of [s - 1, s, e - 1, e]) if (model.isShared(o)) out.push(o);
  return out;
}

/** itemFrom at every item start and end and around comments, as the old binary search over `items` gave it. */
function itemsFrom(model: ModelLike): unknown[] {
  const items = model.items;
  const reference = (offset: number) => {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (items[mid].start < offset) lo = mid + 1;
      else hi = mid;
    }
    return items[lo];
  };
  const offsets = new Set<number>();
  for (const i of items) for (const o of [i.start - 1, i.start, i.start + 1, i.end]) offsets.add(o);
  for (const c of model.comments as { offset: number; end: number }[]) for (const o of [c.offset, c.end, c.end + 1]) offsets.add(o);
  const out: unknown[] = [];
  for (const o of [...offsets].sort((a, b) => a - b)) {
    const got = model.itemFrom!(o);
    const want = reference(o);
    if (JSON.stringify(got) !== JSON.stringify(want)) out.push([o, got, want]);
  }
  return out;
}
