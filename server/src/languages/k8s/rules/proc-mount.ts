import { defineRule } from '../language';
import { policyFor } from '../profile';
import { applies, pairRange, pssData, setContainerField, userNamespaceRelaxed } from '../pss';
import { findPair, text } from '../yamlNodes';

export default defineRule({
  meta: {
    id: 'k8s/proc-mount',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'Containers must keep the default /proc masks (procMount: Default); baseline allows Unmasked only in user-namespaced pods (checks procMount, procMount_restricted).',
    messages: {
      unmasked:
        '{{Container}} sets procMount: {{value}}: /proc is mounted without the masks that hide kernel interfaces (/proc/kcore, /proc/sys, …) from containers. Pod Security "{{profile}}" allows only Default{{relaxation}} (check {{check}}).',
      setDefault: 'Use `procMount: Default`',
    },
    aliases: [
      { tool: 'psa', id: 'procMount' },
      { tool: 'psa', id: 'procMount_restricted' },
      { tool: 'trivy', id: 'KSV-0027' },
      { tool: 'kube-linter', id: 'unsafe-proc-mount' },
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
        const restrictedCheck = policy.level === 'restricted' && policy.minor >= 35;
        // Baseline (v1.35+) allows any procMount in pods with their own user namespace (hostUsers: false).
        if (!restrictedCheck && userNamespaceRelaxed(pod, policy)) return;
        for (const container of pod.containers) {
          const pair = container.securityContext ? findPair(container.securityContext, 'procMount')?.pair : undefined;
          if (!pair) continue;
          const value = text(pair.value);
          if (value === undefined || value === 'Default') continue;
          context.report({
            range: pairRange(model, pair),
            messageId: 'unmasked',
            data: pssData(container, policy, {
              value,
              check: restrictedCheck ? 'procMount_restricted' : 'procMount',
              relaxation: !restrictedCheck && policy.minor >= 35 ? ' (or any value with hostUsers: false)' : '',
            }),
            suggest: [{ messageId: 'setDefault', fix: () => setContainerField(model, container, ['procMount'], 'Default') }],
          });
        }
      },
    };
  },
});
