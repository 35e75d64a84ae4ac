import type { Pair } from 'yaml';
import { defineRule } from '../language';
import { policyFor } from '../profile';
import { applies, pairRange, pssData, setContainerField, setPodField } from '../pss';
import { asMap, bool, findPair } from '../yamlNodes';

export default defineRule({
  meta: {
    id: 'k8s/windows-host-process',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'Windows pods must not run HostProcess containers, which run directly on the node with its privileges (Pod Security baseline, check windowsHostProcess).',
    messages: {
      hostProcess:
        '{{Container}} runs as a Windows HostProcess container (windowsOptions.hostProcess: true): it runs on the node itself, with the node\'s network and file system. Pod Security "{{profile}}" rejects it (check windowsHostProcess).',
      setFalse: 'Set `hostProcess: false`',
    },
    aliases: [
      { tool: 'psa', id: 'windowsHostProcess' },
      { tool: 'trivy', id: 'KSV-0103' },
    ],
    fixable: false,
    hasSuggestions: true,
  },
  create(context) {
    const { model } = context;
    const hostProcessPair = (securityContext: unknown): Pair | undefined => {
      const options = asMap(asMap(securityContext) ? findPair(asMap(securityContext)!, 'windowsOptions')?.pair.value : undefined);
      const pair = options ? findPair(options, 'hostProcess')?.pair : undefined;
      return pair && bool(pair.value) === true ? pair : undefined;
    };
    return {
      workload(object, pod) {
        const policy = policyFor(model, object, context.options);
        if (!applies(policy, 'baseline')) return;
        const podPair = hostProcessPair(pod.securityContext);
        if (podPair) {
          context.report({
            range: pairRange(model, podPair),
            messageId: 'hostProcess',
            data: pssData(undefined, policy),
            suggest: [{ messageId: 'setFalse', fix: () => setPodField(model, pod, ['windowsOptions', 'hostProcess'], false) }],
          });
        }
        for (const container of pod.containers) {
          const own = hostProcessPair(container.securityContext);
          if (!own) continue;
          context.report({
            range: pairRange(model, own),
            messageId: 'hostProcess',
            data: pssData(container, policy),
            suggest: [{ messageId: 'setFalse', fix: () => setContainerField(model, container, ['windowsOptions', 'hostProcess'], false) }],
          });
        }
      },
    };
  },
});
