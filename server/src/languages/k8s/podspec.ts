import { isMap, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Range } from '../../engine/types';
import type { K8sModel, K8sObject } from './model';
import { asMap, asSeq, deref, findPair, get, getPath, str } from './yamlNodes';

/**
 * One extractor for every workload kind (kube-linter's "DeploymentLike"):
 * where the pod spec sits, its containers of the three kinds, its volumes,
 * and the container's effective security settings with API-server semantics
 * (pod-level securityContext inherited, container value overriding).
 */

export type ContainerKind = 'containers' | 'initContainers' | 'ephemeralContainers';

/** Where the pod template sits per workload kind, and which API groups define that kind. */
const WORKLOADS: Record<string, { groups: readonly string[]; spec: readonly string[]; metadata: readonly string[] }> = {
  Pod: { groups: [''], spec: ['spec'], metadata: ['metadata'] },
  PodTemplate: { groups: [''], spec: ['template', 'spec'], metadata: ['template', 'metadata'] },
  ReplicationController: { groups: [''], spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  Deployment: { groups: ['apps', 'extensions'], spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  ReplicaSet: { groups: ['apps', 'extensions'], spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  StatefulSet: { groups: ['apps'], spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  DaemonSet: { groups: ['apps', 'extensions'], spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  Job: { groups: ['batch'], spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  CronJob: {
    groups: ['batch'],
    spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    metadata: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
  },
};

export const WORKLOAD_KINDS: readonly string[] = Object.keys(WORKLOADS);

/** The securityContext fields a container inherits from the pod's securityContext. */
export const INHERITED_FIELDS = [
  'runAsNonRoot',
  'runAsUser',
  'runAsGroup',
  'seccompProfile',
  'seLinuxOptions',
  'appArmorProfile',
  'windowsOptions',
] as const;
export type InheritedField = (typeof INHERITED_FIELDS)[number];

/** A value as the API server sees it, with where it is written. */
export interface Effective {
  /** The value node (aliases resolved), undefined when not set anywhere. */
  node?: Node | null;
  /** The pair that sets it (for ranges: the key and the value). */
  pair?: Pair;
  /** Where the value comes from. */
  from: 'container' | 'pod' | 'unset';
}

export interface ContainerView {
  pod: PodSpecView;
  kind: ContainerKind;
  /** Position in its list. */
  index: number;
  node: YAMLMap;
  name?: string;
  /** The container's map (from its first key to its last value). */
  range: Range;
  /** The `name: x` pair's value range, or the container's first line: where container findings are reported. */
  nameRange: Range;
  /** The container's own securityContext map (null: written but empty/null; undefined: absent). */
  securityContext: YAMLMap | null | undefined;
  /** The container's securityContext pair, when written. */
  securityContextPair?: Pair;
  /** The container's value of a securityContext field, or the pod's for the inherited ones. */
  effective(field: string): Effective;
}

export interface VolumeView {
  node: YAMLMap;
  name?: string;
  /** The volume source key (`hostPath`, `configMap`, …); `emptyDir` for a volume with no source (API defaulting). */
  type: string;
  /** The source pair when written (undefined for the defaulted emptyDir). */
  typePair?: Pair;
  range: Range;
}

export interface PodSpecView {
  object: K8sObject;
  /** The pod spec map. */
  node: YAMLMap;
  /** The pod's metadata map (the template's for workloads), if written. */
  metadata?: YAMLMap;
  /** Key path of the spec inside the object: `spec.template.spec`. */
  path: string;
  /** The pod-level securityContext map (null: written but empty/null). */
  securityContext: YAMLMap | null | undefined;
  securityContextPair?: Pair;
  containers: ContainerView[];
  volumes: VolumeView[];
  /** `spec.os.name: windows`. */
  windows: boolean;
  /** `spec.hostUsers` (undefined when unset: the default is true). */
  hostUsers?: boolean;
  /** The range to report pod-level findings on: the spec key of the object (`spec:` / `template:`). */
  reportRange: Range;
}

function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The pod spec of a workload object, or undefined when the object has none (Service, ConfigMap, an unknown kind). */
export function podSpecOf(model: K8sModel, object: K8sObject): PodSpecView | undefined {
  const shape = WORKLOADS[object.kind];
  if (!shape || !shape.groups.includes(apiGroup(object.apiVersion))) return undefined;
  const spec = asMap(getPath(object.node, shape.spec));
  if (!spec) return undefined;
  const metadata = asMap(getPath(object.node, shape.metadata));
  const scPair = findPair(spec, 'securityContext')?.pair;
  const securityContext = scPair ? (asMap(scPair.value) ?? null) : undefined;
  const os = str(getPath(spec, ['os', 'name']));
  const hostUsersNode = get(spec, 'hostUsers');
  const hostUsers = typeof (hostUsersNode as { value?: unknown } | null | undefined)?.value === 'boolean'
    ? ((hostUsersNode as { value: boolean }).value)
    : undefined;
  // Report pod-level findings on the key of the pod spec's outermost written part.
  const firstKey = findPair(object.node, shape.spec[0])?.pair.key as Node | undefined;
  const view: PodSpecView = {
    object,
    node: spec,
    metadata,
    path: shape.spec.join('.'),
    securityContext,
    securityContextPair: scPair,
    containers: [],
    volumes: [],
    windows: os === 'windows',
    hostUsers,
    reportRange: model.nodeRange(firstKey ?? object.node),
  };
  for (const kind of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    const list = asSeq(get(spec, kind));
    if (!list) continue;
    list.items.forEach((raw, index) => {
      const node = deref(raw);
      if (!isMap(node)) return;
      view.containers.push(containerView(model, view, kind, index, node));
    });
  }
  for (const raw of asSeq(get(spec, 'volumes'))?.items ?? []) {
    const node = deref(raw);
    if (!isMap(node)) continue;
    view.volumes.push(volumeView(model, node));
  }
  return view;
}

/** `podSpecOf(model, object)?.metadata`, without building the pod spec's views. */
export function podMetadataOf(object: K8sObject): YAMLMap | undefined {
  const shape = WORKLOADS[object.kind];
  if (!shape || !shape.groups.includes(apiGroup(object.apiVersion))) return undefined;
  if (!asMap(getPath(object.node, shape.spec))) return undefined;
  return asMap(getPath(object.node, shape.metadata));
}

function containerView(model: K8sModel, pod: PodSpecView, kind: ContainerKind, index: number, node: YAMLMap): ContainerView {
  const namePair = findPair(node, 'name')?.pair;
  const scPair = findPair(node, 'securityContext')?.pair;
  const securityContext = scPair ? (asMap(scPair.value) ?? null) : undefined;
  const range = model.nodeRange(node);
  const nameValue = namePair?.value as Node | undefined;
  return {
    pod,
    kind,
    index,
    node,
    name: str(nameValue),
    range,
    nameRange: nameValue?.range ? model.nodeRange(nameValue) : { start: range.start, end: range.start },
    securityContext,
    securityContextPair: scPair,
    effective(field) {
      const own = securityContext ? findPair(securityContext, field)?.pair : undefined;
      if (own) return { node: deref(own.value), pair: own, from: 'container' };
      if ((INHERITED_FIELDS as readonly string[]).includes(field) && pod.securityContext) {
        const inherited = findPair(pod.securityContext, field)?.pair;
        if (inherited) return { node: deref(inherited.value), pair: inherited, from: 'pod' };
      }
      return { from: 'unset' };
    },
  };
}

/** Volume source keys that are not the source (everything else in a volume is its type). */
const NOT_A_SOURCE = new Set(['name']);

function volumeView(model: K8sModel, node: YAMLMap): VolumeView {
  const name = str(get(node, 'name'));
  let type = 'emptyDir';
  let typePair: Pair | undefined;
  for (const item of node.items) {
    const key = (item.key as { value?: unknown } | null)?.value;
    if (typeof key !== 'string' || NOT_A_SOURCE.has(key)) continue;
    type = key;
    typePair = item as Pair;
    break;
  }
  return { node, name, type, typePair, range: model.nodeRange(node) };
}

/** Pod specs are extracted once per parse and shared by every rule and refactoring. */
const podSpecs = new WeakMap<K8sModel, Map<K8sObject, PodSpecView | undefined>>();

export function podSpecFor(model: K8sModel, object: K8sObject): PodSpecView | undefined {
  let cache = podSpecs.get(model);
  if (!cache) {
    cache = new Map();
    podSpecs.set(model, cache);
  }
  if (!cache.has(object)) cache.set(object, podSpecOf(model, object));
  return cache.get(object);
}

/** Every container view of every pod spec in the file, in document order. */
export function allPodSpecs(model: K8sModel): PodSpecView[] {
  const out: PodSpecView[] = [];
  for (const o of model.objects) {
    const p = podSpecFor(model, o);
    if (p) out.push(p);
  }
  return out;
}
