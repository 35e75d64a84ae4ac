import { containerImage } from '../hardening';
import { defineRule } from '../language';
import { containerLabel } from '../pss';

export default defineRule({
  meta: {
    id: 'k8s/pin-digest',
    category: 'supply-chain',
    defaultSeverity: 'info',
    description: 'Container images should be pinned by @sha256 digest, so every node runs exactly the image that was reviewed.',
    messages: {
      notPinned:
        'The image {{image}} of {{container}} is not pinned by digest: a tag can be re-pushed, so nodes that pull it later (a new replica, a rescheduled pod) can run different content. Pin it as {{pinned}} (the digest of the image you reviewed; update it with a tool such as Renovate or Dependabot).',
    },
    aliases: [{ tool: 'checkov', id: 'CKV_K8S_43' }],
    fixable: false,
    hasSuggestions: false,
  },
  create(context) {
    const { model } = context;
    return {
      container(container) {
        const image = containerImage(model, container);
        if (!image?.ref || image.ref.digest) return;
        const tagged = image.ref.tag !== undefined && image.ref.tag !== 'latest';
        const pinned = tagged ? `${image.value.trim()}@sha256:…` : `${image.ref.name}:<version>@sha256:…`;
        context.report({ range: image.range, messageId: 'notPinned', data: { image: image.value, container: containerLabel(container), pinned } });
      },
    };
  },
});
