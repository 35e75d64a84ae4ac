import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';

/**
 * Reading parsed YAML the way the API server does: aliases resolved, YAML 1.1
 * merge keys (`<<: *base`) honoured, keys compared as strings. The alias
 * targets are computed once by the model (see `model.ts`), never by
 * searching the document (yaml's `Alias.resolve` is linear per call).
 */

const aliasTargets = new WeakMap<object, Node | null>();

/** Record where an alias points (the model does this while walking a document). */
export function setAliasTarget(alias: Node, target: Node | null): void {
  aliasTargets.set(alias, target);
}

/** The node behind an alias (null for an alias without anchor); any other node as is. */
export function deref(node: unknown): Node | null {
  let current = node;
  // An alias cannot point to another alias's node in YAML, but be safe about chains.
  for (let i = 0; i < 8 && isAlias(current); i++) current = aliasTargets.get(current) ?? null;
  return isAlias(current) ? null : ((current as Node | null | undefined) ?? null);
}

export function keyString(key: unknown): string | undefined {
  const k = deref(key);
  if (!isScalar(k)) return undefined;
  const v = k.value;
  if (typeof v === 'symbol') return '<<';
  if (v === null || v === undefined) return '';
  return String(v);
}

function isMergeKey(pair: Pair): boolean {
  const k = pair.key;
  return isScalar(k) && (typeof k.value === 'symbol' || (k.value === '<<' && k.type === 'PLAIN'));
}

/** The pair written directly in `map` for `key` (no merge), the last one when duplicated. */
export function ownPair(map: YAMLMap, key: string): Pair | undefined {
  let found: Pair | undefined;
  for (const item of map.items) {
    if (isPair(item) && !isMergeKey(item) && keyString(item.key) === key) found = item;
  }
  return found;
}

/**
 * The pair for `key`, looking through merge keys when `map` does not write it
 * itself (earlier merged maps win, as in YAML 1.1). `merged` says the pair
 * lives in another (anchored) map: editing it would change every user of the anchor.
 */
export function findPair(map: YAMLMap, key: string, depth = 0): { pair: Pair; merged: boolean } | undefined {
  const own = ownPair(map, key);
  if (own) return { pair: own, merged: false };
  if (depth > 16) return undefined;
  for (const item of map.items) {
    if (!isPair(item) || !isMergeKey(item)) continue;
    const value = deref(item.value);
    const sources = isSeq(value) ? value.items.map(deref) : [value];
    for (const source of sources) {
      if (!isMap(source)) continue;
      const found = findPair(source, key, depth + 1);
      if (found) return { pair: found.pair, merged: true };
    }
  }
  return undefined;
}

/** The value of `key` (aliases resolved), or undefined when absent. */
export function get(map: unknown, key: string): Node | null | undefined {
  const m = deref(map);
  if (!isMap(m)) return undefined;
  const found = findPair(m, key);
  if (!found) return undefined;
  return deref(found.pair.value);
}

/** Follow a path of keys through maps. */
export function getPath(map: unknown, path: readonly string[]): Node | null | undefined {
  let current: unknown = map;
  for (const key of path) {
    current = get(current, key);
    if (current === undefined || current === null) return current as undefined;
  }
  return current as Node | null;
}

export function asMap(node: unknown): YAMLMap | undefined {
  const n = deref(node);
  return isMap(n) ? n : undefined;
}

export function asSeq(node: unknown): YAMLSeq | undefined {
  const n = deref(node);
  return isSeq(n) ? n : undefined;
}

export function asScalar(node: unknown): Scalar | undefined {
  const n = deref(node);
  return isScalar(n) ? n : undefined;
}

/** The items of a sequence, aliases resolved (empty when not a sequence). */
export function items(node: unknown): Node[] {
  const s = asSeq(node);
  if (!s) return [];
  return s.items.map((i) => deref(i)).filter((i): i is Node => i !== null);
}

/** A string scalar's value (numbers and booleans are not strings to the API server). */
export function str(node: unknown): string | undefined {
  const s = asScalar(node);
  return s && typeof s.value === 'string' ? s.value : undefined;
}

/** Any scalar as text (`8080`, `true`, `abc`); undefined for null and collections. */
export function text(node: unknown): string | undefined {
  const s = asScalar(node);
  if (!s || s.value === null || s.value === undefined) return undefined;
  return String(s.value);
}

export function bool(node: unknown): boolean | undefined {
  const s = asScalar(node);
  return s && typeof s.value === 'boolean' ? s.value : undefined;
}

export function int(node: unknown): number | undefined {
  const s = asScalar(node);
  if (!s) return undefined;
  if (typeof s.value === 'number' && Number.isInteger(s.value)) return s.value;
  if (typeof s.value === 'bigint') return Number(s.value);
  return undefined;
}

/** A scalar that says nothing: `~`, `null`, or nothing at all after the colon. */
export function isNullish(node: unknown): boolean {
  const n = deref(node);
  if (n === null || n === undefined) return true;
  return isScalar(n) && (n.value === null || n.value === undefined);
}
