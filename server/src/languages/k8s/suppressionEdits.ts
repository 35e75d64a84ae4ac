import { rangeContains } from '../../engine/positions';
import type { Range, TextEdit } from '../../engine/types';
import { ensurePath, setPairValue } from './edits';
import { IGNORE_ANNOTATION } from './language';
import type { K8sModel, K8sObject } from './model';
import { asMap, findPair, get, str } from './yamlNodes';

/**
 * "Ignore <id> for this object": the annotation `hardline.dev/ignore: <id>`
 * in the object's `metadata.annotations` (created where missing, merged into
 * an existing list). "… in this file": `# hardline-ignore-file <id>` at the top.
 */

/** The innermost object containing the finding (List items before their List). */
export function objectAt(model: K8sModel, range: Range): K8sObject | undefined {
  let best: K8sObject | undefined;
  for (const o of model.objects) {
    if (!rangeContains(o.range, range)) continue;
    if (!best || rangeContains(best.range, o.range)) best = o;
  }
  return best;
}

export function ignoreForObjectEdit(model: K8sModel, findingRange: Range, id: string): TextEdit | null {
  const object = objectAt(model, findingRange);
  if (!object) return null;
  const metadata = asMap(get(object.node, 'metadata'));
  const annotations = asMap(get(metadata, 'annotations'));
  const existing = annotations ? findPair(annotations, IGNORE_ANNOTATION) : undefined;
  let edits: TextEdit[] | null;
  if (existing && !existing.merged && annotations) {
    const current = str(existing.pair.value) ?? '';
    const ids = current.split(/[\s,]+/).filter(Boolean);
    if (ids.includes(id)) return null;
    edits = setPairValue(model, annotations, existing.pair, [...ids, id].join(','));
  } else {
    edits = ensurePath(model, object.node, ['metadata', 'annotations', IGNORE_ANNOTATION], id);
  }
  return edits && edits.length === 1 ? edits[0] : null;
}

const FILE_IGNORE = /^(\s*#\s*hardline-ignore-file(?=\s|$)[ \t]*)(\S*)/;

export function ignoreForFileEdit(model: K8sModel, id: string): TextEdit | null {
  for (const c of model.comments) {
    const line = c.range.start.line;
    const m = FILE_IGNORE.exec(model.index.lineText(line).slice(c.range.start.character));
    if (!m) continue;
    const ids = m[2];
    if (ids === '' || ids.startsWith('--')) continue;
    if (ids.split(',').includes(id)) return null;
    const at = { line, character: c.range.start.character + m[1].length + ids.length };
    return { range: { start: at, end: at }, newText: `${ids.endsWith(',') ? '' : ','}${id}` };
  }
  const top = { line: 0, character: 0 };
  return { range: { start: top, end: top }, newText: `# hardline-ignore-file ${id}${model.eol}` };
}
