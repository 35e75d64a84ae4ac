import { defineRule } from '../language';
import { policyFor } from '../profile';
import { applies, missingFieldRange, pairRange, pssData, setContainerField, windowsExempt } from '../pss';
import { bool, isNullish } from '../yamlNodes';

export default defineRule({
  meta: {
    id: 'k8s/allow-privilege-escalation',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'Every container must set allowPrivilegeEscalation: false, so setuid binaries cannot gain privileges (Pod Security restricted, check allowPrivilegeEscalation).',
    messages: {
      missing:
        '{{Container}} does not set allowPrivilegeEscalation: false, so a setuid binary (su, sudo, ping) or file capabilities can raise its privileges. Pod Security "{{profile}}" requires it (check allowPrivilegeEscalation).',
      allowed:
        '{{Container}} sets allowPrivilegeEscalation: true, so a setuid binary (su, sudo, ping) or file capabilities can raise its privileges. Pod Security "{{profile}}" requires false (check allowPrivilegeEscalation).',
      setFalse: 'Set `allowPrivilegeEscalation: false` in {{container}}',
    },
    aliases: [
      { tool: 'psa', id: 'allowPrivilegeEscalation' },
      { tool: 'trivy', id: 'KSV-0001' },
      { tool: 'checkov', id: 'CKV_K8S_20' },
      { tool: 'kube-linter', id: 'privilege-escalation-container' },
    ],
    fixable: false,
    hasSuggestions: true,
  },
  create(context) {
    const { model } = context;
    return {
      workload(object, pod) {
        const policy = policyFor(model, object, context.options);
        if (!applies(policy, 'restricted', 8) || windowsExempt(pod, policy)) return;
        for (const container of pod.containers) {
          const own = container.effective('allowPrivilegeEscalation');
          const set = own.pair && !isNullish(own.node);
          if (set && bool(own.node) === false) continue;
          // Privileged containers cannot set it to false (API validation): fix privileged first.
          const privileged = bool(container.effective('privileged').node) === true;
          context.report({
            range: set ? pairRange(model, own.pair!) : missingFieldRange(model, container),
            messageId: set ? 'allowed' : 'missing',
            data: pssData(container, policy),
            suggest: privileged
              ? []
              : [{ messageId: 'setFalse', data: pssData(container, policy), fix: () => setContainerField(model, container, ['allowPrivilegeEscalation'], false) }],
          });
        }
      },
    };
  },
});
