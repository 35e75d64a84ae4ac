import { defineRule } from '../language';
import { imageUses, subRange, tagStatus, writtenTagSpan, type ImageUse } from '../imageUses';

/** How an image reference reads in a message: resolved when fully known, else as written. */
function display(use: ImageUse): string {
  if (use.expanded.unknown || use.expanded.value === use.written) return use.written;
  return `${use.written} (= ${use.expanded.value})`;
}

export default defineRule({
  meta: {
    id: 'dockerfile/no-latest-tag',
    category: 'supply-chain',
    defaultSeverity: 'warning',
    description: 'Images pulled by FROM, COPY --from or RUN --mount must name a version tag, not :latest or no tag at all.',
    messages: {
      latest:
        '{{image}} uses the :latest tag: the image changes whenever the tag moves, so builds are not reproducible and can break or pull in unreviewed changes. Pin a version tag (and ideally a digest).',
      untagged:
        '{{image}} has no tag, so Docker pulls :latest: the image changes whenever the tag moves, so builds are not reproducible and can break or pull in unreviewed changes. Pin a version tag (and ideally a digest).',
    },
    aliases: [
      { tool: 'hadolint', id: 'DL3006' },
      { tool: 'hadolint', id: 'DL3007' },
      { tool: 'checkov', id: 'CKV_DOCKER_7' },
    ],
    fixable: false,
    hasSuggestions: false,
  },
  create(context) {
    const { model } = context;
    return {
      end() {
        for (const use of imageUses(model)) {
          const status = tagStatus(use.expanded.value);
          if (status.kind !== 'latest' && status.kind !== 'untagged') continue;
          const tag = status.kind === 'latest' ? writtenTagSpan(use.written) : null;
          context.report({
            range: tag ? subRange(use.range, tag.start, tag.end) : use.range,
            messageId: status.kind,
            data: { image: display(use) },
          });
        }
      },
    };
  },
});
