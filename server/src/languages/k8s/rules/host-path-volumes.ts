import type { Node } from 'yaml';
import { defineRule } from '../language';
import { policyFor } from '../profile';
import { applies, pssData } from '../pss';
import { get, str } from '../yamlNodes';

export default defineRule({
  meta: {
    id: 'k8s/host-path-volumes',
    category: 'security',
    defaultSeverity: 'warning',
    description: "Pods must not mount hostPath volumes: a path of the node's file system inside the container (Pod Security baseline, check hostPathVolumes).",
    messages: {
      hostPath:
        'Volume "{{volume}}" mounts {{path}} from the node (hostPath): the container can read or change the node\'s files, and /var/run, /etc or / mean owning the node. Pod Security "{{profile}}" rejects it (check {{check}}).',
    },
    aliases: [
      { tool: 'psa', id: 'hostPathVolumes' },
      { tool: 'trivy', id: 'KSV-0023' },
    ],
    fixable: false,
    hasSuggestions: false,
  },
  create(context) {
    const { model } = context;
    return {
      workload(object, pod) {
        const policy = policyFor(model, object, context.options);
        if (!applies(policy, 'baseline')) return;
        for (const volume of pod.volumes) {
          if (volume.type !== 'hostPath' || !volume.typePair) continue;
          const path = str(get(volume.typePair.value, 'path'));
          context.report({
            range: model.nodeRange(volume.typePair.key as Node),
            messageId: 'hostPath',
            data: pssData(undefined, policy, {
              volume: volume.name ?? '?',
              path: path !== undefined ? `the path ${path}` : 'a path',
              check: policy.level === 'restricted' ? 'restrictedVolumes' : 'hostPathVolumes',
            }),
          });
        }
      },
    };
  },
});
