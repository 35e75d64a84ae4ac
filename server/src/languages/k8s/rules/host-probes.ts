import type { Pair } from 'yaml';
import { removeEntry } from '../edits';
import { defineRule } from '../language';
import { policyFor } from '../profile';
import { applies, pairRange, pssData } from '../pss';
import { asMap, findPair, get, text } from '../yamlNodes';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HOOKS = ['postStart', 'preStop'] as const;
const HANDLERS = ['httpGet', 'tcpSocket'] as const;

export default defineRule({
  meta: {
    id: 'k8s/host-probes',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'Probes and lifecycle hooks must not set host: the kubelet would connect to another address from the node (Pod Security baseline v1.34+, check hostProbesAndHostLifecycle).',
    messages: {
      host:
        '{{Container}} sets {{where}}.host: {{host}}: the kubelet connects from the node to that address, so the pod can make the node reach internal services on its behalf. Pod Security "{{profile}}" forbids it (check hostProbesAndHostLifecycle).',
      remove: 'Remove `host` (the kubelet then connects to the pod\'s IP)',
    },
    aliases: [{ tool: 'psa', id: 'hostProbesAndHostLifecycle' }],
    fixable: false,
    hasSuggestions: true,
  },
  create(context) {
    const { model } = context;
    return {
      workload(object, pod) {
        const policy = policyFor(model, object, context.options);
        if (!applies(policy, 'baseline', 34)) return;
        for (const container of pod.containers) {
          const places: { where: string; handler: unknown }[] = [];
          for (const probe of PROBES) for (const h of HANDLERS) places.push({ where: `${probe}.${h}`, handler: get(get(container.node, probe), h) });
          for (const hook of HOOKS) for (const h of HANDLERS) places.push({ where: `lifecycle.${hook}.${h}`, handler: get(get(get(container.node, 'lifecycle'), hook), h) });
          for (const { where, handler } of places) {
            const map = asMap(handler);
            const found = map ? findPair(map, 'host') : undefined;
            const pair: Pair | undefined = found?.pair;
            const host = pair ? text(pair.value) : undefined;
            if (!map || !found || !pair || host === undefined || host === '') continue;
            context.report({
              range: pairRange(model, pair),
              messageId: 'host',
              data: pssData(container, policy, { where, host }),
              suggest: [{ messageId: 'remove', fix: () => (found.merged ? null : removeEntry(model, map, 'host')) }],
            });
          }
        }
      },
    };
  },
});
