/**
 * Compare YAML files as the objects they parse to (yaml's
 * `parseAllDocuments(...).map(d => d.toJS())`), to prove that a fix changed
 * exactly the intended fields and nothing else.
 */
import { parseAllDocuments } from 'yaml';

/**
 * The documents of a YAML text as plain JavaScript values (YAML 1.1 like the
 * API server, merge keys on; a duplicated key keeps its last value, as
 * kubectl does, since real manifests have some). Any other YAML error throws.
 */
export function parsedObjects(text: string): unknown[] {
  return parseAllDocuments(text, { version: '1.1', merge: true, uniqueKeys: false }).map((d) => {
    if (d.errors.length > 0) throw new Error(`YAML error: ${d.errors[0].message}`);
    return d.toJS({ maxAliasCount: -1 });
  });
}

export interface Change {
  /** `[1].spec.template.spec.containers[0].securityContext.runAsNonRoot` */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The leaf-level differences between two values. Arrays of scalars are
 * compared as wholes (`drop: [NET_RAW]` → `[NET_RAW, ALL]` is one change);
 * other arrays item by item, extra items being additions or removals.
 */
export function changes(before: unknown, after: unknown, path = ''): Change[] {
  if (Object.is(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const out: Change[] = [];
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const p = `${path}.${key}`;
      if (!(key in after)) out.push({ path: p, kind: 'removed', before: before[key] });
      else if (!(key in before)) out.push({ path: p, kind: 'added', after: after[key] });
      else out.push(...changes(before[key], after[key], p));
    }
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const scalars = [...before, ...after].every((v) => !isObject(v) && !Array.isArray(v));
    if (scalars) return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, kind: 'changed', before, after }];
    const out: Change[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      const p = `${path}[${i}]`;
      if (i >= after.length) out.push({ path: p, kind: 'removed', before: before[i] });
      else if (i >= before.length) out.push({ path: p, kind: 'added', after: after[i] });
      else out.push(...changes(before[i], after[i], p));
    }
    return out;
  }
  return [{ path, kind: 'changed', before, after }];
}

/** The changes between two YAML texts, document by document (a changed document count is one change at the root). */
export function yamlChanges(before: string, after: string): Change[] {
  const a = parsedObjects(before);
  const b = parsedObjects(after);
  if (a.length !== b.length) return [{ path: '', kind: 'changed', before: a.length, after: b.length }];
  return a.flatMap((doc, i) => changes(doc, b[i], `[${i}]`));
}
