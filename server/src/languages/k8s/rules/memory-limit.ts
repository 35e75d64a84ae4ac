import { defineRule } from '../language';
import { limitVisitor } from '../limits';

export default defineRule({
  meta: {
    id: 'k8s/memory-limit',
    category: 'security',
    defaultSeverity: 'info',
    description: 'Containers should set resources.limits.memory (or get a default from a LimitRange), so a leak or an attack cannot exhaust the node\'s memory and get other pods killed.',
    messages: {
      missing:
        '{{Container}} has no memory limit (resources.limits.memory): a leak or a memory-exhaustion attack can use up the node\'s memory until the kernel kills other pods. Set a limit (usually equal to the request), or give the namespace a LimitRange default.',
      setToRequest: 'Set the memory limit of {{container}} to its request ({{request}})',
    },
    aliases: [
      { tool: 'trivy', id: 'KSV-0018' },
      { tool: 'checkov', id: 'CKV_K8S_13' },
      { tool: 'polaris', id: 'memoryLimitsMissing' },
    ],
    fixable: false,
    hasSuggestions: true,
  },
  create(context) {
    return limitVisitor(context, 'memory');
  },
});
