import { containerImage, tailRange } from '../hardening';
import { defineRule } from '../language';
import { containerLabel } from '../pss';

export default defineRule({
  meta: {
    id: 'k8s/no-latest-tag',
    category: 'supply-chain',
    defaultSeverity: 'warning',
    description: 'Container images must name a version tag, not :latest or no tag at all (which means :latest).',
    messages: {
      latest:
        'The image {{image}} of {{container}} uses the :latest tag: each node pulls whatever the tag points to when it starts the pod, so replicas can run different versions and a rollback does not bring the old version back. Pin a version tag (and ideally a digest).',
      untagged:
        'The image {{image}} of {{container}} has no tag, so Kubernetes pulls :latest: each node pulls whatever the tag points to when it starts the pod, so replicas can run different versions and a rollback does not bring the old version back. Pin a version tag (and ideally a digest).',
    },
    aliases: [
      { tool: 'trivy', id: 'KSV-0013' },
      { tool: 'checkov', id: 'CKV_K8S_14' },
      { tool: 'kube-linter', id: 'latest-tag' },
      { tool: 'polaris', id: 'tagNotSpecified' },
    ],
    fixable: false,
    hasSuggestions: false,
  },
  create(context) {
    const { model } = context;
    return {
      container(container) {
        const image = containerImage(model, container);
        // Placeholders that are not image references (`<IMAGE>`, `${IMAGE}`) are filled in by other tools: not guessed.
        if (!image?.ref || image.ref.digest) return;
        const data = { image: image.value, container: containerLabel(container) };
        if (image.ref.tag === undefined) context.report({ range: image.range, messageId: 'untagged', data });
        else if (image.ref.tag === 'latest') context.report({ range: tailRange(model, image.node, 'latest'), messageId: 'latest', data });
      },
    };
  },
});
