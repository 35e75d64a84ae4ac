import type { Node, Pair } from 'yaml';
import type { Range, TextEdit } from '../../engine/types';
import { ensurePath, type YamlValue } from './edits';
import type { K8sModel } from './model';
import type { ContainerView, PodSpecView } from './podspec';
import type { PssLevel, PssPolicy } from './profile';

/**
 * Shared pieces of the Pod Security Standards rules: how findings name the
 * container and the profile, where they are reported, and the one-field
 * fixes (securityContext created where missing).
 */

/** `container "app"`, `init container "setup"`, `ephemeral container "debugger"`. */
export function containerLabel(c: ContainerView): string {
  const kind = c.kind === 'initContainers' ? 'init container' : c.kind === 'ephemeralContainers' ? 'ephemeral container' : 'container';
  return c.name !== undefined ? `${kind} "${c.name}"` : `${kind} #${c.index + 1}`;
}

/** Does a check of `level`, introduced at `minor`, apply under `policy`? */
export function applies(policy: PssPolicy, level: PssLevel, minor = 0): boolean {
  if (policy.minor < minor) return false;
  return level === 'baseline' || policy.level === 'restricted';
}

/** How the profile is named in messages: `restricted`, `baseline:v1.25`. */
export function profileName(policy: PssPolicy): string {
  return Number.isFinite(policy.minor) ? `${policy.level}:v1.${policy.minor}` : policy.level;
}

/** The range of a whole `key: value` pair. */
export function pairRange(model: K8sModel, pair: Pair): Range {
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  const start = key?.range?.[0] ?? value?.range?.[0] ?? 0;
  const end = value?.range?.[1] ?? key?.range?.[1] ?? start;
  // Block collections end after their last line break: stop at the content.
  let e = end;
  while (e > start && /\s/.test(model.text[e - 1])) e--;
  return model.rangeOf(start, e);
}

/** The range of a value node, trimmed of trailing line breaks. */
export function valueRange(model: K8sModel, node: Node | null | undefined, fallback: Range): Range {
  if (!node?.range) return fallback;
  let e = node.range[1];
  while (e > node.range[0] && /\s/.test(model.text[e - 1])) e--;
  return model.rangeOf(node.range[0], e);
}

/** Edits that set `securityContext.<path>` of a container to `value`. */
export function setContainerField(model: K8sModel, container: ContainerView, path: readonly string[], value: YamlValue): TextEdit[] | null {
  const edits = ensurePath(model, container.node, ['securityContext', ...path], value);
  return edits && edits.length > 0 ? edits : null;
}

/** Edits that set `securityContext.<path>` of the pod to `value`. */
export function setPodField(model: K8sModel, pod: PodSpecView, path: readonly string[], value: YamlValue): TextEdit[] | null {
  const edits = ensurePath(model, pod.node, ['securityContext', ...path], value);
  return edits && edits.length > 0 ? edits : null;
}

export function capitalize(s: string): string {
  return s.length > 0 ? s[0].toUpperCase() + s.slice(1) : s;
}

/**
 * Where a finding about a field the container lacks is shown: the
 * container's `securityContext` key when it has one, else its name.
 */
export function missingFieldRange(model: K8sModel, container: ContainerView): Range {
  const key = container.securityContextPair?.key as Node | undefined;
  return key?.range ? model.nodeRange(key) : container.nameRange;
}

/** Windows pods are exempt from allowPrivilegeEscalation, capabilities_restricted and seccompProfile_restricted from v1.25. */
export function windowsExempt(pod: PodSpecView, policy: PssPolicy): boolean {
  return pod.windows && policy.minor >= 25;
}

/** `hostUsers: false` relaxes runAsNonRoot, runAsUser and baseline procMount from v1.35. */
export function userNamespaceRelaxed(pod: PodSpecView, policy: PssPolicy): boolean {
  return pod.hostUsers === false && policy.minor >= 35;
}

/** The data every PSS message needs. */
export function pssData(container: ContainerView | undefined, policy: PssPolicy, extra: Record<string, string> = {}): Record<string, string> {
  const label = container ? containerLabel(container) : 'the pod';
  return { container: label, Container: capitalize(label), profile: profileName(policy), ...extra };
}
