import { defineRule } from '../language';
import { limitVisitor } from '../limits';

export default defineRule({
  meta: {
    id: 'k8s/cpu-limit',
    category: 'security',
    defaultSeverity: 'info',
    description: 'Containers should set resources.limits.cpu (or get a default from a LimitRange), so one runaway or compromised pod cannot starve the others on its node.',
    messages: {
      missing:
        '{{Container}} has no CPU limit (resources.limits.cpu): a busy loop, a crypto miner or a request flood can take every core of the node from the other pods. Set a limit (and a request), or give the namespace a LimitRange default.',
      setToRequest: 'Set the CPU limit of {{container}} to its request ({{request}})',
    },
    aliases: [
      { tool: 'trivy', id: 'KSV-0011' },
      { tool: 'checkov', id: 'CKV_K8S_11' },
      { tool: 'polaris', id: 'cpuLimitsMissing' },
    ],
    fixable: false,
    hasSuggestions: true,
  },
  create(context) {
    return limitVisitor(context, 'cpu');
  },
});
