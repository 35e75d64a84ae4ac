import { applies, containerLabel, pairRange, profileName, setContainerField } from '../pss';
import { defineRule } from '../language';
import { policyFor } from '../profile';
import { bool } from '../yamlNodes';

export default defineRule({
  meta: {
    id: 'k8s/privileged',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'Containers must not run privileged: a privileged container has every capability and the host\'s devices (Pod Security baseline, check privileged).',
    messages: {
      privileged:
        '{{container}} runs privileged: it gets every capability and access to all host devices, so escaping to the node is trivial. Pod Security "{{profile}}" rejects it (check privileged).',
      setFalse: 'Set `privileged: false` in {{container}}',
    },
    aliases: [
      { tool: 'psa', id: 'privileged' },
      { tool: 'trivy', id: 'KSV-0017' },
      { tool: 'checkov', id: 'CKV_K8S_16' },
      { tool: 'kube-linter', id: 'privileged-container' },
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
          const own = container.effective('privileged');
          if (!own.pair || bool(own.node) !== true) continue;
          const label = containerLabel(container);
          context.report({
            range: pairRange(model, own.pair),
            messageId: 'privileged',
            data: { container: label[0].toUpperCase() + label.slice(1), profile: profileName(policy) },
            suggest: [
              {
                messageId: 'setFalse',
                data: { container: label },
                fix: () => setContainerField(model, container, ['privileged'], false),
              },
            ],
          });
        }
      },
    };
  },
});
