import { appendToSeq } from '../edits';
import { defineRule } from '../language';
import { policyFor } from '../profile';
import type { Node } from 'yaml';
import { applies, missingFieldRange, pssData, setContainerField, valueRange, windowsExempt } from '../pss';
import { asMap, asSeq, deref, findPair, items, str } from '../yamlNodes';

export default defineRule({
  meta: {
    id: 'k8s/capabilities-drop-all',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'Containers must drop ALL Linux capabilities (capabilities.drop: [ALL]) and add back only what they need (Pod Security restricted, check capabilities_restricted).',
    messages: {
      missing:
        '{{Container}} does not drop ALL capabilities, so it keeps the runtime defaults (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_RAW, …). Pod Security "{{profile}}" requires capabilities.drop: [ALL] (check capabilities_restricted).',
      incomplete:
        '{{Container}} drops some capabilities but not ALL, so it keeps the other runtime defaults. Pod Security "{{profile}}" requires "ALL" in capabilities.drop (check capabilities_restricted).',
      lowercase:
        '{{Container}} drops "{{value}}": Pod Security compares capability names exactly, so only "ALL" in upper case counts. Pod Security "{{profile}}" rejects the pod (check capabilities_restricted).',
      dropAll: 'Drop ALL capabilities in {{container}}',
      upperCase: 'Write `ALL`',
    },
    aliases: [{ tool: 'psa', id: 'capabilities_restricted' }],
    fixable: false,
    hasSuggestions: true,
  },
  create(context) {
    const { model } = context;
    return {
      workload(object, pod) {
        const policy = policyFor(model, object, context.options);
        if (!applies(policy, 'restricted', 22) || windowsExempt(pod, policy)) return;
        for (const container of pod.containers) {
          const capabilities = container.effective('capabilities');
          const capsMap = asMap(capabilities.node);
          const dropPair = capsMap ? findPair(capsMap, 'drop')?.pair : undefined;
          const drop = asSeq(dropPair?.value);
          if (items(drop).some((i) => str(i) === 'ALL')) continue;
          const data = pssData(container, policy);
          const lower = drop?.items.find((i) => str(deref(i))?.toUpperCase() === 'ALL') as Node | undefined;
          if (lower && drop) {
            context.report({
              range: valueRange(model, lower, container.nameRange),
              messageId: 'lowercase',
              data: { ...data, value: str(lower) ?? '' },
              suggest: [{ messageId: 'upperCase', fix: () => (model.isShared(lower.range![0]) ? null : [{ range: valueRange(model, lower, container.nameRange), newText: 'ALL' }]) }],
            });
            continue;
          }
          context.report({
            range: dropPair && drop && drop.items.length > 0 ? model.nodeRange(dropPair.key as Node) : missingFieldRange(model, container),
            messageId: drop && drop.items.length > 0 ? 'incomplete' : 'missing',
            data,
            suggest: [
              {
                messageId: 'dropAll',
                data,
                fix: () => (drop && drop.items.length > 0 ? appendToSeq(model, drop, 'ALL') : setContainerField(model, container, ['capabilities', 'drop'], ['ALL'])),
              },
            ],
          });
        }
      },
    };
  },
});
