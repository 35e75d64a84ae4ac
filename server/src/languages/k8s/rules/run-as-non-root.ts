import { defineRule } from '../language';
import { policyFor } from '../profile';
import { applies, missingFieldRange, pairRange, pssData, setContainerField, setPodField, userNamespaceRelaxed } from '../pss';
import { bool, findPair, isNullish } from '../yamlNodes';

export default defineRule({
  meta: {
    id: 'k8s/run-as-non-root',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'Containers must run with runAsNonRoot: true (pod or container level), so the kubelet refuses to start them as root (Pod Security restricted, check runAsNonRoot).',
    messages: {
      missing:
        '{{Container}} may run as root: neither it nor the pod sets runAsNonRoot: true, so an image whose user is root (the default) runs as root. Pod Security "{{profile}}" requires it (check runAsNonRoot).',
      containerFalse:
        '{{Container}} sets runAsNonRoot: false and may run as root. Pod Security "{{profile}}" requires true (check runAsNonRoot).',
      podFalse:
        'The pod sets runAsNonRoot: false and its containers may run as root. Pod Security "{{profile}}" requires true (check runAsNonRoot).',
      setPod: 'Set `runAsNonRoot: true` for the whole pod (spec.securityContext)',
      setContainer: 'Set `runAsNonRoot: true` in {{container}}',
    },
    aliases: [
      { tool: 'psa', id: 'runAsNonRoot' },
      { tool: 'trivy', id: 'KSV-0012' },
    ],
    fixable: false,
    hasSuggestions: true,
  },
  create(context) {
    const { model } = context;
    return {
      workload(object, pod) {
        const policy = policyFor(model, object, context.options);
        if (!applies(policy, 'restricted') || userNamespaceRelaxed(pod, policy)) return;
        const podPair = pod.securityContext ? findPair(pod.securityContext, 'runAsNonRoot')?.pair : undefined;
        const podSet = podPair !== undefined && !isNullish(podPair.value);
        const podTrue = podSet && bool(podPair!.value) === true;
        if (podSet && !podTrue) {
          context.report({
            range: pairRange(model, podPair!),
            messageId: 'podFalse',
            data: pssData(undefined, policy),
            suggest: [{ messageId: 'setPod', fix: () => setPodField(model, pod, ['runAsNonRoot'], true) }],
          });
        }
        for (const container of pod.containers) {
          const own = container.securityContext ? findPair(container.securityContext, 'runAsNonRoot')?.pair : undefined;
          const ownSet = own !== undefined && !isNullish(own.value);
          if (ownSet) {
            if (bool(own!.value) === true) continue;
            context.report({
              range: pairRange(model, own!),
              messageId: 'containerFalse',
              data: pssData(container, policy),
              suggest: [{ messageId: 'setContainer', data: pssData(container, policy), fix: () => setContainerField(model, container, ['runAsNonRoot'], true) }],
            });
            continue;
          }
          if (podSet) continue; // true: inherited; false: reported once on the pod
          context.report({
            range: missingFieldRange(model, container),
            messageId: 'missing',
            data: pssData(container, policy),
            suggest: [
              { messageId: 'setPod', fix: () => setPodField(model, pod, ['runAsNonRoot'], true) },
              { messageId: 'setContainer', data: pssData(container, policy), fix: () => setContainerField(model, container, ['runAsNonRoot'], true) },
            ],
          });
        }
      },
    };
  },
});
