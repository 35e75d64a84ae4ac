import { defineRule } from '../language';
import { removeEntry } from '../edits';
import { policyFor } from '../profile';
import { applies, pairRange, pssData } from '../pss';
import { asMap, findPair, get, int, items } from '../yamlNodes';

export default defineRule({
  meta: {
    id: 'k8s/host-ports',
    category: 'security',
    defaultSeverity: 'warning',
    description: "Containers must not bind ports of the node (hostPort): use a Service instead (Pod Security baseline, check hostPorts).",
    messages: {
      hostPort:
        '{{Container}} binds port {{port}} of the node (hostPort): it bypasses network policies, pins the pod to nodes where the port is free and exposes it on the node\'s address. Pod Security "{{profile}}" rejects it (check hostPorts).',
      remove: 'Remove `hostPort: {{port}}` (expose the port with a Service)',
    },
    aliases: [
      { tool: 'psa', id: 'hostPorts' },
      { tool: 'trivy', id: 'KSV-0024' },
      { tool: 'checkov', id: 'CKV_K8S_26' },
    ],
    fixable: false,
    hasSuggestions: true,
  },
  create(context) {
    const { model } = context;
    return {
      workload(object, pod) {
        const policy = policyFor(model, object, context.options);
        if (!applies(policy, 'baseline')) return;
        for (const container of pod.containers) {
          for (const item of items(get(container.node, 'ports'))) {
            const port = asMap(item);
            const found = port ? findPair(port, 'hostPort') : undefined;
            const value = found ? int(found.pair.value) : undefined;
            if (!port || !found || value === undefined || value === 0) continue;
            const data = pssData(container, policy, { port: String(value) });
            context.report({
              range: pairRange(model, found.pair),
              messageId: 'hostPort',
              data,
              suggest: [{ messageId: 'remove', data, fix: () => (found.merged ? null : removeEntry(model, port, 'hostPort')) }],
            });
          }
        }
      },
    };
  },
});
