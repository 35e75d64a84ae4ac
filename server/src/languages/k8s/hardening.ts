import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { lookupImage } from '../../catalog';
import type { Range, TextEdit } from '../../engine/types';
import { parseImageRef, type ImageRef } from '../dockerfile/imageRef';
import { appendItemsToSeq, ensureEntries, mergeEdits, type YamlValue } from './edits';
import type { K8sModel } from './model';
import type { ContainerView, PodSpecView } from './podspec';
import { asMap, asSeq, findPair, get, isNullish, items, str } from './yamlNodes';

/**
 * Pieces shared by the hardening rules beyond the Pod Security Standards and
 * by the combined "restricted securityContext" fixes: a container's image,
 * its mounts, and the edits that make its root file system read-only with a
 * writable emptyDir at /tmp.
 */

/** The `image:` of a container: its value node, text and parsed reference (null when it is not a valid reference). */
export interface ContainerImage {
  node: Node;
  value: string;
  ref: ImageRef | null;
  range: Range;
}

export function containerImage(model: K8sModel, container: ContainerView): ContainerImage | undefined {
  const node = get(container.node, 'image');
  const value = str(node);
  if (!node?.range || value === undefined || value.trim() === '') return undefined;
  return { node, value, ref: parseImageRef(value), range: model.nodeRange(node) };
}

/**
 * The range of `needle` at the end of a scalar's source (`latest` in
 * `"nginx:latest"`), or the whole scalar when the source does not end with it
 * (escapes, folded scalars).
 */
export function tailRange(model: K8sModel, node: Node, needle: string): Range {
  const [start, end] = node.range!;
  let source = model.text.slice(start, end).replace(/\s+$/, '');
  let close = source.length;
  if (/^["']/.test(source) && source.length > 1 && source.endsWith(source[0])) {
    close = source.length - 1;
    source = source.slice(0, close);
  }
  if (source.endsWith(needle)) return model.rangeOf(start + close - needle.length, start + close);
  return model.rangeOf(start, start + model.text.slice(start, end).replace(/\s+$/, '').length);
}

/** Does the catalogue know this image to run as a numeric non-root user by default (`gcr.io/distroless/static:nonroot`)? */
export function imageRunsAsNonRoot(image: ContainerImage | undefined): boolean {
  if (!image?.ref) return false;
  const info = lookupImage(image.ref);
  return info !== null && /^\d+$/.test(info.user) && info.user !== '0';
}

/** The container's `volumeMounts` entries: name, mount path, map. */
export function volumeMounts(container: ContainerView): { name?: string; mountPath?: string; node: YAMLMap }[] {
  const out: { name?: string; mountPath?: string; node: YAMLMap }[] = [];
  for (const item of items(get(container.node, 'volumeMounts'))) {
    if (!isMap(item)) continue;
    out.push({ name: str(get(item, 'name')), mountPath: str(get(item, 'mountPath')), node: item });
  }
  return out;
}

function normalisePath(path: string): string {
  const p = path.replace(/\/+/g, '/').replace(/\/$/, '');
  return p === '' ? '/' : p;
}

/** Does the container already mount something at `path`? */
export function mountsAt(container: ContainerView, path: string): boolean {
  const wanted = normalisePath(path);
  return volumeMounts(container).some((m) => m.mountPath !== undefined && normalisePath(m.mountPath) === wanted);
}

/** The container's `securityContext.readOnlyRootFilesystem` pair and value. */
export function readOnlyRootFilesystem(container: ContainerView): { pair?: Pair; value?: boolean } {
  const pair = container.securityContext ? findPair(container.securityContext, 'readOnlyRootFilesystem')?.pair : undefined;
  const node = pair?.value;
  return { pair, value: isScalar(node) && typeof node.value === 'boolean' ? node.value : undefined };
}

/**
 * Edits that mount an emptyDir at /tmp in `container`: an emptyDir volume
 * named `tmp` (or the next free name) appended to the pod's `volumes` (the
 * list created when missing), and a mount appended to the container's
 * `volumeMounts`. An existing emptyDir volume named `tmp` that the container
 * does not mount yet is reused. Null when the container already mounts
 * something at /tmp or when the lists cannot be edited.
 */
export function tmpEmptyDirEdits(model: K8sModel, container: ContainerView): TextEdit[] | null {
  return podTmpEmptyDirEdits(model, container.pod, [container]);
}

/**
 * The same for several containers of one pod, each with its own emptyDir
 * (`tmp`, `tmp-2`, …: containers do not share their scratch space). Null when
 * one of them already mounts something at /tmp or a list cannot be edited.
 */
export function podTmpEmptyDirEdits(model: K8sModel, pod: PodSpecView, containers: readonly ContainerView[]): TextEdit[] | null {
  if (containers.length === 0 || containers.some((c) => mountsAt(c, '/tmp'))) return null;
  const taken = new Set(pod.volumes.map((v) => v.name).filter((n): n is string => n !== undefined));
  const mountedByAnyone = (name: string) => pod.containers.some((c) => volumeMounts(c).some((m) => m.name === name));
  let reusable = pod.volumes.some((v) => v.name === 'tmp' && v.type === 'emptyDir' && v.typePair !== undefined) && !mountedByAnyone('tmp');
  const newVolumes: YamlValue[] = [];
  const edits: TextEdit[] = [];
  for (const container of containers) {
    let name: string;
    if (reusable) {
      name = 'tmp';
      reusable = false;
    } else {
      name = 'tmp';
      for (let i = 2; taken.has(name); i++) name = `tmp-${i}`;
      taken.add(name);
      newVolumes.push({ name, emptyDir: {} });
    }
    const mount: YamlValue = { name, mountPath: '/tmp' };
    const mounts = findPair(container.node, 'volumeMounts');
    if (mounts?.merged) return null;
    const seq = asSeq(mounts?.pair.value);
    const e = seq
      ? appendItemsToSeq(model, seq, [mount])
      : mounts && !isNullish(mounts.pair.value)
        ? null
        : ensureEntries(model, container.node, { volumeMounts: [mount] });
    if (!e) return null;
    edits.push(...e);
  }
  if (newVolumes.length > 0) {
    const list = findPair(pod.node, 'volumes');
    if (list?.merged) return null;
    const seq = asSeq(list?.pair.value);
    const e = seq
      ? appendItemsToSeq(model, seq, newVolumes)
      : list && !isNullish(list.pair.value)
        ? null
        : ensureEntries(model, pod.node, { volumes: newVolumes });
    if (!e) return null;
    edits.push(...e);
  }
  return mergeEdits(model, edits);
}

/** `readOnlyRootFilesystem: true` in the container's securityContext (created where missing). */
export function readOnlyEdits(model: K8sModel, container: ContainerView): TextEdit[] | null {
  const edits = ensureEntries(model, container.node, { securityContext: { readOnlyRootFilesystem: true } });
  return edits && edits.length > 0 ? edits : null;
}

/** Both at once: a read-only root file system and a writable /tmp. */
export function readOnlyWithTmpEdits(model: K8sModel, container: ContainerView): TextEdit[] | null {
  const a = readOnlyEdits(model, container);
  const b = tmpEmptyDirEdits(model, container);
  if (!a || !b) return null;
  return mergeEdits(model, [...a, ...b]);
}

/** The map of an object's metadata annotations, if any. */
export function annotationsOf(node: YAMLMap | undefined): YAMLMap | undefined {
  return asMap(get(asMap(get(node, 'metadata')), 'annotations'));
}
