import type { Pair } from 'yaml';
import { defineRule } from '../language';
import { policyFor } from '../profile';
import { applies, pairRange, pssData, setContainerField, setPodField, userNamespaceRelaxed } from '../pss';
import { findPair, int } from '../yamlNodes';

/** A non-root UID that exists in no base image: distroless's `nonroot`. */
export const NON_ROOT_UID = 65532;

export default defineRule({
  meta: {
    id: 'k8s/run-as-user',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'Pods and containers must not set runAsUser: 0 (root) (Pod Security restricted, check runAsUser).',
    messages: {
      containerRoot: '{{Container}} sets runAsUser: 0 and runs as root. Pod Security "{{profile}}" rejects it (check runAsUser).',
      podRoot: 'The pod sets runAsUser: 0: its containers run as root unless they set another user. Pod Security "{{profile}}" rejects it (check runAsUser).',
      setUser: 'Set `runAsUser: 65532` (a non-root user)',
    },
    aliases: [
      { tool: 'psa', id: 'runAsUser' },
      { tool: 'trivy', id: 'KSV-0105' },
    ],
    fixable: false,
    hasSuggestions: true,
  },
  create(context) {
    const { model } = context;
    return {
      workload(object, pod) {
        const policy = policyFor(model, object, context.options);
        if (!applies(policy, 'restricted', 23) || userNamespaceRelaxed(pod, policy)) return;
        const isRoot = (pair: Pair | undefined): pair is Pair => pair !== undefined && int(pair.value) === 0;
        const podPair = pod.securityContext ? findPair(pod.securityContext, 'runAsUser')?.pair : undefined;
        if (isRoot(podPair)) {
          context.report({
            range: pairRange(model, podPair),
            messageId: 'podRoot',
            data: pssData(undefined, policy),
            suggest: [{ messageId: 'setUser', fix: () => setPodField(model, pod, ['runAsUser'], NON_ROOT_UID) }],
          });
        }
        for (const container of pod.containers) {
          const own = container.securityContext ? findPair(container.securityContext, 'runAsUser')?.pair : undefined;
          if (!isRoot(own)) continue;
          context.report({
            range: pairRange(model, own),
            messageId: 'containerRoot',
            data: pssData(container, policy),
            suggest: [{ messageId: 'setUser', fix: () => setContainerField(model, container, ['runAsUser'], NON_ROOT_UID) }],
          });
        }
      },
    };
  },
});
