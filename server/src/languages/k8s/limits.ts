import { isScalar, type Node } from 'yaml';
import type { Range, RuleContext, TextEdit } from '../../engine/types';
import { ensureEntries } from './edits';
import type { K8sVisitor } from './language';
import type { K8sModel } from './model';
import type { ContainerView } from './podspec';
import { containerLabel } from './pss';
import { asMap, findPair, get, getPath, items, str } from './yamlNodes';

/**
 * The two resource-limit rules (`k8s/cpu-limit`, `k8s/memory-limit`): every
 * container and init container should have `resources.limits.<resource>`,
 * unless a LimitRange of the same file gives containers of its namespace a
 * default. Ephemeral containers cannot have resources (API validation).
 */

export type LimitResource = 'cpu' | 'memory';

/** Namespaces (by name, '' for unset) whose LimitRange in this file gives containers a default `resource` limit. */
function defaultedNamespaces(model: K8sModel, resource: LimitResource): Set<string> {
  const out = new Set<string>();
  for (const o of model.objects) {
    if (o.kind !== 'LimitRange' || o.apiVersion !== 'v1') continue;
    for (const limit of items(getPath(o.node, ['spec', 'limits']))) {
      if (str(get(limit, 'type')) !== 'Container') continue;
      const value = get(asMap(get(limit, 'default')), resource);
      if (isScalar(value) && value.value !== null && String(value.value).trim() !== '') out.add(o.namespace ?? '');
    }
  }
  return out;
}

function quantity(node: unknown): string | number | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'number') return node.value;
  if (typeof node.value === 'string' && node.value.trim() !== '') return node.value.trim();
  return undefined;
}

function reportRange(model: K8sModel, container: ContainerView): Range {
  const resources = findPair(container.node, 'resources')?.pair;
  const key = resources?.key as Node | undefined;
  return key?.range ? model.nodeRange(key) : container.nameRange;
}

export function limitVisitor(
  context: RuleContext<K8sModel, 'missing' | 'setToRequest'>,
  resource: LimitResource,
): K8sVisitor {
  const { model } = context;
  let defaulted: Set<string> | undefined;
  return {
    podSpec(pod) {
      defaulted ??= defaultedNamespaces(model, resource);
      if (defaulted.has(pod.object.namespace ?? '')) return;
      for (const container of pod.containers) {
        if (container.kind === 'ephemeralContainers') continue;
        const resources = asMap(get(container.node, 'resources'));
        if (quantity(get(asMap(get(resources, 'limits')), resource)) !== undefined) continue;
        const request = quantity(get(asMap(get(resources, 'requests')), resource));
        const label = containerLabel(container);
        context.report({
          range: reportRange(model, container),
          messageId: 'missing',
          data: { container: label, Container: label[0].toUpperCase() + label.slice(1) },
          suggest:
            request === undefined
              ? []
              : [
                  {
                    messageId: 'setToRequest',
                    data: { container: label, request: String(request) },
                    fix: (): TextEdit[] | null => {
                      const edits = ensureEntries(model, container.node, { resources: { limits: { [resource]: request } } });
                      return edits && edits.length > 0 ? edits : null;
                    },
                  },
                ],
        });
      }
    },
  };
}
