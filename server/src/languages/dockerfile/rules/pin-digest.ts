import { defineRule } from '../language';
import { imageUses, tagStatus } from '../imageUses';

export default defineRule({
  meta: {
    id: 'dockerfile/pin-digest',
    category: 'supply-chain',
    defaultSeverity: 'info',
    description: 'Images that reach the final image (base images, COPY --from / RUN --mount sources) should be pinned by @sha256 digest.',
    messages: {
      notPinned:
        '{{image}} is not pinned by digest: a tag can be re-pushed, so the same Dockerfile can build from different content. Pin it as {{pinned}} (the digest of the image you reviewed; update it with a tool such as Renovate or Dependabot).',
    },
    aliases: [],
    fixable: false,
    hasSuggestions: false,
  },
  create(context) {
    const { model } = context;
    return {
      end() {
        for (const use of imageUses(model)) {
          if (!use.stage.usedByFinal) continue;
          // Unknown values (build args) are not guessed; digests are pinned.
          if (use.expanded.unknown || !use.ref || use.ref.digest) continue;
          const status = tagStatus(use.expanded.value);
          const base = use.ref.text;
          const pinned = status.kind === 'tagged' ? `${base}@sha256:…` : `${use.ref.name}:<version>@sha256:…`;
          context.report({
            range: use.range,
            messageId: 'notPinned',
            data: { image: use.written === use.expanded.value ? use.written : `${use.written} (= ${use.expanded.value})`, pinned },
          });
        }
      },
    };
  },
});
