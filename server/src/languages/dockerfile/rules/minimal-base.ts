import type { TextEdit } from '../../../engine/types';
import { defineRule } from '../language';
import type { Stage } from '../model';
import { convertBaseImage } from '../refactor/convert';
import { canSplit, splitStage } from '../refactor/split';

/** Windows tags of otherwise Linux families: the catalogue's Linux alternatives do not apply. */
const WINDOWS_TAG = /windowsservercore|nanoserver|ltsc\d{4}/i;
/** Minimal tags of families whose default is a full image (e.g. .NET's `-azurelinux3.0-distroless`); not guessed. */
const MINIMAL_TAG = /distroless|chiseled/i;

/** The stage whose FROM names the final image's base (the final stage or its first FROM ancestor). */
function rootStage(stage: Stage): Stage {
  let s = stage;
  while (s.parent) s = s.parent;
  return s;
}

export default defineRule({
  meta: {
    id: 'dockerfile/minimal-base',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'The final image should not be based on a full distribution or an SDK image: use a slim, distroless, Chainguard or hardened runtime image.',
    messages: {
      fullDistribution:
        'The final image is based on {{image}}, a full distribution: it ships a shell, a package manager and many tools the application does not need, so it is larger and has more CVEs and more to attack. Use a minimal runtime image for the final stage.',
      sdkImage:
        'The final image is based on {{image}}, an SDK image: it ships compilers and build tools that belong in a build stage, so it is much larger and has more CVEs and more to attack. Build in a stage FROM {{image}} and copy the result into a minimal runtime image.',
      splitStages: 'Split into build and runtime stages on {{image}}{{notes}}',
      useAlternative: 'Use {{image}} ({{description}}){{notes}}',
      convertTo: 'Convert to {{image}}{{notes}}',
      convertSplit: 'Convert to {{image}}, moving RUN steps to a build stage{{notes}}',
    },
    aliases: [],
    fixable: false,
    hasSuggestions: true,
  },
  create(context) {
    const { model } = context;
    return {
      end() {
        const final = model.finalStage;
        const base = final?.base;
        if (!final || !base || base.unresolved || !base.ref || !base.info) return;
        const variant = base.info.variant;
        if (variant !== 'full' && variant !== 'sdk') return;
        if (base.ref.tag && (WINDOWS_TAG.test(base.ref.tag) || MINIMAL_TAG.test(base.ref.tag))) return;
        const root = rootStage(final);
        // Image swaps and conversions only where the image is named by the final stage itself and
        // written literally: swapping an ancestor's base would change every stage built on it, and
        // a FROM built from ARGs is not rewritten blindly. The split keeps the FROM as written.
        const offer = root === final && !base.written.includes('$');
        const suggest: { messageId: 'splitStages' | 'useAlternative' | 'convertTo' | 'convertSplit'; data: Record<string, string>; fix: () => TextEdit[] }[] = [];
        const notes = (caveats: readonly string[]) => (caveats.length > 0 ? ` (${caveats.join('; ')}: review)` : '');
        const hasRun = final.instructions.some((i) => i.getKeyword() === 'RUN');
        const split = hasRun && canSplit(model, final) ? splitStage(model, final) : null;
        const same = (a: TextEdit[], b: TextEdit[]) => JSON.stringify(a) === JSON.stringify(b);
        if (split) suggest.push({ messageId: 'splitStages', data: { image: split.runtimeImage, notes: notes(split.caveats) }, fix: () => split.edits });
        if (offer) {
          for (const alt of base.info.alternatives) {
            const c = convertBaseImage(model, final, alt.image);
            if (!c || (split && c.kind === 'split' && same(c.edits, split.edits))) continue;
            const data = { image: alt.image, description: alt.description, notes: notes(c.caveats) };
            const messageId = c.kind === 'swap' ? 'useAlternative' : c.kind === 'split' ? 'convertSplit' : 'convertTo';
            suggest.push({ messageId, data, fix: () => c.edits });
          }
        }
        context.report({
          range: base.range,
          messageId: variant === 'sdk' ? 'sdkImage' : 'fullDistribution',
          data: { image: base.resolved },
          suggest,
        });
      },
    };
  },
});
