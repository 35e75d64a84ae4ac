import type { RuleOptions } from '../../engine/types';
import { labelOf } from './language';
import type { K8sModel, K8sObject } from './model';

/**
 * Which Pod Security Standards profile (and version) applies to an object:
 * the `pod-security.kubernetes.io/enforce` (and `-version`) labels of its
 * Namespace when that Namespace is in the same file, else the
 * `hardline.kubernetes.profile` setting, else `restricted`.
 */

export type PssLevel = 'baseline' | 'restricted';

export interface PssPolicy {
  level: PssLevel;
  /** Minor version of the policy (`v1.25` → 25); `Infinity` for `latest`. */
  minor: number;
  source: 'namespace' | 'setting' | 'default';
  /** The namespace whose labels decided, when `source` is `namespace`. */
  namespace?: string;
}

export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
export const ENFORCE_VERSION_LABEL = 'pod-security.kubernetes.io/enforce-version';

/** `v1.25` → 25, `latest`/absent → Infinity, anything else → undefined (invalid: PSA treats it as latest). */
export function parseVersion(value: string | undefined): number {
  if (value === undefined || value === 'latest') return Infinity;
  const m = /^v1\.(0|[1-9]\d*)$/.exec(value.trim());
  return m ? Number(m[1]) : Infinity;
}

interface NamespacePolicy {
  level: PssLevel;
  minor: number;
}

const cache = new WeakMap<K8sModel, Map<string, NamespacePolicy>>();

function namespacePolicies(model: K8sModel): Map<string, NamespacePolicy> {
  let map = cache.get(model);
  if (map) return map;
  map = new Map();
  for (const o of model.objects) {
    if (o.kind !== 'Namespace' || o.apiVersion !== 'v1' || !o.name) continue;
    const enforce = labelOf(o, ENFORCE_LABEL);
    if (enforce === undefined) continue;
    // `privileged` enforces nothing; Hardline still reports the baseline (turn rules off to silence them).
    const level: PssLevel | undefined = enforce === 'restricted' ? 'restricted' : enforce === 'baseline' || enforce === 'privileged' ? 'baseline' : undefined;
    if (!level) continue;
    map.set(o.name, { level, minor: parseVersion(labelOf(o, ENFORCE_VERSION_LABEL)) });
  }
  cache.set(model, map);
  return map;
}

export function policyFor(model: K8sModel, object: K8sObject, options: RuleOptions): PssPolicy {
  const namespaces = namespacePolicies(model);
  let namespace = object.namespace;
  // An object without a namespace in a file that declares exactly one labelled Namespace goes there.
  if (namespace === undefined && namespaces.size === 1) namespace = [...namespaces.keys()][0];
  const labelled = namespace !== undefined ? namespaces.get(namespace) : undefined;
  if (labelled) return { level: labelled.level, minor: labelled.minor, source: 'namespace', namespace };
  const setting = options.kubernetesProfile;
  if (setting === 'baseline' || setting === 'restricted') return { level: setting, minor: Infinity, source: 'setting' };
  return { level: 'restricted', minor: Infinity, source: 'default' };
}
