import type { Node } from 'yaml';
import { defineRule } from '../language';
import { policyFor } from '../profile';
import { applies, pssData } from '../pss';

/** The volume types the restricted profile allows. */
export const RESTRICTED_VOLUME_TYPES: readonly string[] = [
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret',
];

export default defineRule({
  meta: {
    id: 'k8s/restricted-volumes',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'Under the restricted profile pods may only use configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes (check restrictedVolumes).',
    messages: {
      volumeType:
        'Volume "{{volume}}" is of type {{type}}, which mounts storage directly from the node or an external system, outside what persistent volume claims control. Pod Security "{{profile}}" allows only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes (check restrictedVolumes).',
    },
    aliases: [
      { tool: 'psa', id: 'restrictedVolumes' },
      { tool: 'trivy', id: 'KSV-0028' },
    ],
    fixable: false,
    hasSuggestions: false,
  },
  create(context) {
    const { model } = context;
    return {
      workload(object, pod) {
        const policy = policyFor(model, object, context.options);
        if (!applies(policy, 'restricted')) return;
        for (const volume of pod.volumes) {
          // hostPath is reported by k8s/host-path-volumes under every profile.
          if (RESTRICTED_VOLUME_TYPES.includes(volume.type) || volume.type === 'hostPath' || !volume.typePair) continue;
          context.report({
            range: model.nodeRange(volume.typePair.key as Node),
            messageId: 'volumeType',
            data: pssData(undefined, policy, { volume: volume.name ?? '?', type: volume.type }),
          });
        }
      },
    };
  },
});
