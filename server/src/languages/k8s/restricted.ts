import { isMap, isSeq, type Node, type YAMLSeq } from 'yaml';
import type { TextEdit } from '../../engine/types';
import { ensureEntries, keepSeqItems, mergeEdits, replacePair, type YamlValue } from './edits';
import { containerImage, imageRunsAsNonRoot, mountsAt, podTmpEmptyDirEdits, readOnlyRootFilesystem, tmpEmptyDirEdits } from './hardening';
import type { K8sModel } from './model';
import type { ContainerView, PodSpecView } from './podspec';
import { allPodSpecs } from './podspec';
import { containerLabel } from './pss';
import { bool, deref, findPair, int, isNullish, ownPair, str } from './yamlNodes';

/**
 * "Apply restricted securityContext": one edit that completes every field the
 * Pod Security "restricted" profile asks of a container's securityContext, at
 * once, for one container or for every container of the file:
 *
 * - `allowPrivilegeEscalation: false` (and `privileged: false` where it was true),
 * - `runAsNonRoot: true`,
 * - `runAsUser: 65532` only where needed: where no non-zero runAsUser is in
 *   effect and the image is not known to run as a numeric non-root user (the
 *   kubelet refuses to start a runAsNonRoot container whose image runs as root
 *   or as a user name); a runAsUser of 0 becomes 65532,
 * - `capabilities: {drop: [ALL]}` (ALL appended to an existing drop list;
 *   added capabilities other than NET_BIND_SERVICE removed),
 * - `seccompProfile: {type: RuntimeDefault}` unless RuntimeDefault or Localhost is in effect,
 * - `readOnlyRootFilesystem: true` (not a Pod Security field, but part of a
 *   hardened securityContext), optionally with an emptyDir mounted at /tmp.
 *
 * Values already right are left as they are; wrong ones are changed in place.
 * For a whole file the inherited fields (runAsNonRoot, runAsUser,
 * seccompProfile) go to each pod's securityContext, overriding container
 * values only where those are wrong. Windows pods are left alone (these
 * fields do not apply to them).
 */

export const RESTRICTED_USER = 65532;

type Fields = { [key: string]: YamlValue };

const GOOD_SECCOMP = new Set(['RuntimeDefault', 'Localhost']);

function seccompType(node: unknown): string | undefined {
  const map = deref(node);
  return isMap(map) ? str(findPair(map, 'type')?.pair.value) : undefined;
}

/** Is a non-zero runAsUser in effect for the container (own or inherited)? */
function nonZeroUser(container: ContainerView): boolean {
  const user = int(container.effective('runAsUser').node);
  return user !== undefined && user !== 0;
}

/**
 * The container needs `runAsUser: 65532` for the runAsNonRoot this edit adds
 * to be satisfiable: no non-zero runAsUser is in effect and the image is not
 * known to run as a numeric non-root user. Where runAsNonRoot: true is
 * already in effect, the kubelet already checks the image's user: nothing to add.
 */
function needsUser(model: K8sModel, container: ContainerView): boolean {
  if (nonZeroUser(container)) return false;
  if (bool(container.effective('runAsNonRoot').node) === true && int(container.effective('runAsUser').node) !== 0) return false;
  return !imageRunsAsNonRoot(containerImage(model, container));
}

/**
 * The container-level fields to write. With `inherit`, fields the pod can
 * provide are only written where the container's own value is wrong.
 */
function containerFields(model: K8sModel, container: ContainerView, inherit: boolean): Fields {
  const fields: Fields = {};
  const sc = container.securityContext ?? undefined;
  const own = (field: string): Node | null | undefined => {
    const pair = sc ? findPair(sc, field)?.pair : undefined;
    return pair && !isNullish(pair.value) ? deref(pair.value) : undefined;
  };
  if (bool(own('privileged')) === true) fields.privileged = false;
  if (bool(own('allowPrivilegeEscalation')) !== false) fields.allowPrivilegeEscalation = false;

  const ownNonRoot = own('runAsNonRoot');
  if (inherit) {
    if (ownNonRoot !== undefined && bool(ownNonRoot) !== true) fields.runAsNonRoot = true;
  } else if (bool(container.effective('runAsNonRoot').node) !== true) fields.runAsNonRoot = true;

  const ownUser = own('runAsUser');
  if (ownUser !== undefined && int(ownUser) === 0) fields.runAsUser = RESTRICTED_USER;
  else if (!inherit && needsUser(model, container)) fields.runAsUser = RESTRICTED_USER;

  const ownSeccomp = own('seccompProfile');
  if (inherit) {
    if (ownSeccomp !== undefined && !GOOD_SECCOMP.has(seccompType(ownSeccomp) ?? '')) fields.seccompProfile = { type: 'RuntimeDefault' };
  } else if (!GOOD_SECCOMP.has(seccompType(container.effective('seccompProfile').node) ?? '')) {
    fields.seccompProfile = { type: 'RuntimeDefault' };
  }

  if (readOnlyRootFilesystem(container).value !== true) fields.readOnlyRootFilesystem = true;
  return fields;
}

/** Pod-level fields for the file-wide edit: whatever the containers inherit and lack. */
function podFields(model: K8sModel, pod: PodSpecView): Fields {
  const fields: Fields = {};
  const sc = pod.securityContext ?? undefined;
  const podValue = (field: string): Node | null | undefined => {
    const pair = sc ? findPair(sc, field)?.pair : undefined;
    return pair && !isNullish(pair.value) ? deref(pair.value) : undefined;
  };
  const inheriting = (field: string) =>
    pod.containers.filter((c) => {
      const pair = c.securityContext ? findPair(c.securityContext, field)?.pair : undefined;
      return !pair || isNullish(pair.value);
    });
  if (inheriting('runAsNonRoot').length > 0 && bool(podValue('runAsNonRoot')) !== true) fields.runAsNonRoot = true;
  const userPod = int(podValue('runAsUser'));
  if (userPod === 0 || (userPod === undefined && inheriting('runAsUser').some((c) => needsUser(model, c)))) {
    if (inheriting('runAsUser').length > 0) fields.runAsUser = RESTRICTED_USER;
  }
  if (inheriting('seccompProfile').length > 0 && !GOOD_SECCOMP.has(seccompType(podValue('seccompProfile')) ?? '')) {
    fields.seccompProfile = { type: 'RuntimeDefault' };
  }
  return fields;
}

/**
 * Capabilities: `drop` gets ALL, `add` keeps only NET_BIND_SERVICE. Returns
 * edits inside an existing capabilities map, or the value to write when the
 * container has none (undefined: nothing to do).
 */
function capabilitiesEdits(model: K8sModel, container: ContainerView): { edits: TextEdit[] } | { value: YamlValue } | null | undefined {
  const sc = container.securityContext ?? undefined;
  const found = sc ? findPair(sc, 'capabilities') : undefined;
  if (!found || isNullish(found.pair.value)) return { value: { drop: ['ALL'] } };
  if (found.merged) return null;
  const caps = deref(found.pair.value);
  if (!isMap(caps) || caps !== found.pair.value) return null;
  const dropPair = ownPair(caps, 'drop');
  const addPair = ownPair(caps, 'add');
  const drop = dropPair ? deref(dropPair.value) : undefined;
  const hasAll = isSeq(drop) && drop.items.some((i) => str(i) === 'ALL');
  const add = addPair ? deref(addPair.value) : undefined;
  if (addPair && !isNullish(add) && !isSeq(add)) return null;
  const disallowed = isSeq(add) ? add.items.filter((i) => str(i) !== 'NET_BIND_SERVICE') : [];
  if (hasAll && disallowed.length === 0) return undefined;
  const edits: TextEdit[] = [];
  if (addPair && isSeq(add) && disallowed.length === add.items.length && !dropPair) {
    // `add: [SYS_ADMIN]` alone becomes `drop: [ALL]`.
    const e = replacePair(model, caps, addPair, 'drop', ['ALL']);
    return e ? { edits: e } : null;
  }
  if (!hasAll) {
    const e = ensureEntries(model, caps, { drop: ['ALL'] });
    if (!e) return null;
    edits.push(...e);
  }
  if (addPair && isSeq(add) && disallowed.length > 0) {
    const e = keepSeqItems(model, caps, addPair, add as YAMLSeq, (item) => str(item) === 'NET_BIND_SERVICE');
    if (!e) return null;
    edits.push(...e);
  }
  return { edits };
}

/** The fields in the order people write them (and the Pod Security docs list them). */
const ORDER = ['privileged', 'allowPrivilegeEscalation', 'capabilities', 'runAsNonRoot', 'runAsUser', 'seccompProfile', 'readOnlyRootFilesystem'];

function ordered(fields: Fields): Fields {
  const out: Fields = {};
  for (const key of ORDER) if (key in fields) out[key] = fields[key];
  return out;
}

function containerEdits(model: K8sModel, container: ContainerView, inherit: boolean): TextEdit[] | null {
  const fields = containerFields(model, container, inherit);
  const caps = capabilitiesEdits(model, container);
  if (caps === null) return null;
  const edits: TextEdit[] = [];
  if (caps && 'value' in caps) fields.capabilities = caps.value;
  else if (caps) edits.push(...caps.edits);
  if (Object.keys(fields).length > 0) {
    const e = ensureEntries(model, container.node, { securityContext: ordered(fields) });
    if (!e) return null;
    edits.push(...e);
  }
  return edits;
}

/** The restricted edit for one container ([] when it is already complete; null when it cannot be written). */
export function restrictContainerEdits(model: K8sModel, container: ContainerView, withTmp = false): TextEdit[] | null {
  if (container.pod.windows) return null;
  const edits = containerEdits(model, container, false);
  if (!edits) return null;
  if (withTmp) {
    if (readOnlyRootFilesystem(container).value === true) return null;
    const tmp = tmpEmptyDirEdits(model, container);
    if (!tmp) return null;
    edits.push(...tmp);
  }
  return mergeEdits(model, edits);
}

/** The restricted edit for every container of every (non-Windows) pod of the file. */
export function restrictFileEdits(model: K8sModel, withTmp = false): TextEdit[] | null {
  const edits: TextEdit[] = [];
  let tmpAdded = false;
  for (const pod of allPodSpecs(model)) {
    if (pod.windows || !pod.object.document.ok) continue;
    const fields = podFields(model, pod);
    if (Object.keys(fields).length > 0) {
      const e = ensureEntries(model, pod.node, { securityContext: ordered(fields) });
      if (!e) return null;
      edits.push(...e);
    }
    const readOnlyAdded: ContainerView[] = [];
    for (const container of pod.containers) {
      const e = containerEdits(model, container, true);
      if (!e) return null;
      edits.push(...e);
      if (readOnlyRootFilesystem(container).value !== true && !mountsAt(container, '/tmp')) readOnlyAdded.push(container);
    }
    if (withTmp && readOnlyAdded.length > 0) {
      const tmp = podTmpEmptyDirEdits(model, pod, readOnlyAdded);
      if (!tmp) return null;
      edits.push(...tmp);
      tmpAdded = true;
    }
  }
  if (withTmp && !tmpAdded) return null;
  return mergeEdits(model, edits);
}

export interface RestrictedAction {
  title: string;
  edits: TextEdit[];
}

/** The container whose map contains `offset`, if any. */
export function containerAt(model: K8sModel, offset: number): ContainerView | undefined {
  let best: ContainerView | undefined;
  for (const pod of allPodSpecs(model)) {
    for (const c of pod.containers) {
      const r = c.node.range;
      if (!r) continue;
      // From the start of the container's first line (the `- ` of a block item) to its end.
      const start = model.index.offsetAt({ line: model.index.positionAt(r[0]).line, character: 0 });
      if (start <= offset && offset <= r[1] && (!best || (best.node.range && best.node.range[0] <= r[0]))) best = c;
    }
  }
  return best;
}

/**
 * The actions at `offset`: inside a container, "… to container "x"" (and the
 * variant with an emptyDir at /tmp); inside any workload, "… to all
 * containers in this file" when that differs from the single-container one.
 * When the editor asks on its own as the cursor moves (`invoked` false), only
 * on the container's first line and its `securityContext` key, so the light
 * bulb does not follow the cursor through the whole manifest.
 */
export function restrictedActions(model: K8sModel, offset: number, invoked = true): RestrictedAction[] {
  const actions: RestrictedAction[] = [];
  const container = containerAt(model, offset);
  if (!invoked) {
    const line = model.index.positionAt(offset).line;
    const lineOf = (node: { range?: [number, number, number] | null } | null | undefined) =>
      node?.range ? model.index.positionAt(node.range[0]).line : -1;
    if (!container || (line !== lineOf(container.node) && line !== lineOf(container.securityContextPair?.key as Node | undefined))) return actions;
  }
  const inWorkload = allPodSpecs(model).some((p) => {
    const r = p.object.node.range;
    return r !== undefined && r !== null && r[0] <= offset && offset <= r[1] && p.object.document.ok;
  });
  if (!inWorkload) return actions;
  let single: TextEdit[] | null = null;
  if (container && container.pod.object.document.ok) {
    const label = containerLabel(container);
    single = restrictContainerEdits(model, container);
    if (single && single.length > 0) actions.push({ title: `Apply restricted securityContext to ${label}`, edits: single });
    const tmp = restrictContainerEdits(model, container, true);
    if (tmp && tmp.length > 0) actions.push({ title: `Apply restricted securityContext to ${label} and mount an emptyDir at /tmp`, edits: tmp });
  }
  const all = restrictFileEdits(model);
  if (all && all.length > 0 && JSON.stringify(all) !== JSON.stringify(single)) {
    actions.push({ title: 'Apply restricted securityContext to all containers in this file', edits: all });
    const allTmp = restrictFileEdits(model, true);
    if (allTmp && allTmp.length > 0) {
      actions.push({ title: 'Apply restricted securityContext to all containers in this file and mount an emptyDir at /tmp', edits: allTmp });
    }
  }
  return actions;
}
