import { isPair, type Node } from 'yaml';
import { removeSeqItem } from '../edits';
import { defineRule } from '../language';
import { policyFor } from '../profile';
import { applies, pssData, valueRange, windowsExempt } from '../pss';
import { asMap, asSeq, deref, findPair, text } from '../yamlNodes';

/** The capabilities the baseline profile lets a container add (the runtime's default set, minus NET_RAW). */
export const BASELINE_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

export default defineRule({
  meta: {
    id: 'k8s/capabilities-added',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'Containers must not add Linux capabilities beyond the baseline set (baseline) or beyond NET_BIND_SERVICE (restricted) (checks capabilities_baseline, capabilities_restricted).',
    messages: {
      baseline:
        '{{Container}} adds the capability {{capability}}, which is not in the runtime\'s default set{{hint}}. Pod Security "{{profile}}" allows adding only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT (check capabilities_baseline).',
      restricted:
        '{{Container}} adds the capability {{capability}}{{hint}}. Pod Security "{{profile}}" allows adding only NET_BIND_SERVICE (check capabilities_restricted).',
      remove: 'Remove {{capability}} from capabilities.add of {{container}}',
      rename: 'Write {{fixed}}',
    },
    aliases: [
      { tool: 'psa', id: 'capabilities_baseline' },
      { tool: 'psa', id: 'capabilities_restricted' },
    ],
    fixable: false,
    hasSuggestions: true,
  },
  create(context) {
    const { model } = context;
    return {
      workload(object, pod) {
        const policy = policyFor(model, object, context.options);
        if (!applies(policy, 'baseline')) return;
        // Restricted (from v1.22) replaces the baseline check; from v1.25 it skips Windows pods, and so does nothing here.
        const restricted = policy.level === 'restricted' && policy.minor >= 22;
        if (restricted && windowsExempt(pod, policy)) return;
        for (const container of pod.containers) {
          const capsMap = asMap(container.effective('capabilities').node);
          const addPair = capsMap ? findPair(capsMap, 'add')?.pair : undefined;
          const add = asSeq(addPair?.value);
          if (!add || !addPair || !capsMap) continue;
          add.items.forEach((raw, index) => {
            const item = deref(raw);
            const capability = text(item) ?? '';
            const allowed = restricted ? capability === 'NET_BIND_SERVICE' : BASELINE_CAPABILITIES.includes(capability);
            if (allowed || isPair(item)) return;
            const upper = capability.toUpperCase().replace(/^CAP_/, '');
            const hint =
              upper !== capability && (restricted ? upper === 'NET_BIND_SERVICE' : BASELINE_CAPABILITIES.includes(upper))
                ? ` (write it as ${upper}: capability names are upper case, without CAP_)`
                : '';
            const data = pssData(container, policy, { capability: capability || '""', hint, fixed: upper });
            const range = valueRange(model, (raw as Node) ?? null, container.nameRange);
            const rename = hint
              ? [{ messageId: 'rename' as const, data, fix: () => (model.isShared(model.index.offsetAt(range.start)) ? null : [{ range, newText: upper }]) }]
              : [];
            context.report({
              range,
              messageId: restricted ? 'restricted' : 'baseline',
              data,
              suggest: [...rename, { messageId: 'remove', data, fix: () => removeSeqItem(model, capsMap, addPair, add, index) }],
            });
          });
        }
      },
    };
  },
});
