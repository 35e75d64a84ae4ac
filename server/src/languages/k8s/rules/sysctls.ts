import { isMap } from 'yaml';
import { removeSeqItem } from '../edits';
import { defineRule } from '../language';
import { policyFor } from '../profile';
import { applies, pssData, valueRange } from '../pss';
import { asSeq, deref, findPair, get, str } from '../yamlNodes';

/** The sysctls Pod Security considers safe (namespaced and isolated), by the policy version that added them. */
export const SAFE_SYSCTLS: readonly { name: string; since: number }[] = [
  { name: 'kernel.shm_rmid_forced', since: 0 },
  { name: 'net.ipv4.ip_local_port_range', since: 0 },
  { name: 'net.ipv4.tcp_syncookies', since: 0 },
  { name: 'net.ipv4.ping_group_range', since: 0 },
  { name: 'net.ipv4.ip_unprivileged_port_start', since: 0 },
  { name: 'net.ipv4.ip_local_reserved_ports', since: 27 },
  { name: 'net.ipv4.tcp_keepalive_time', since: 29 },
  { name: 'net.ipv4.tcp_fin_timeout', since: 29 },
  { name: 'net.ipv4.tcp_keepalive_intvl', since: 29 },
  { name: 'net.ipv4.tcp_keepalive_probes', since: 29 },
  { name: 'net.ipv4.tcp_rmem', since: 32 },
  { name: 'net.ipv4.tcp_wmem', since: 32 },
  { name: 'net.ipv4.tcp_slow_start_after_idle', since: 37 },
  { name: 'net.ipv4.tcp_notsent_lowat', since: 37 },
];

export function safeSysctls(minor: number): string[] {
  return SAFE_SYSCTLS.filter((s) => s.since <= minor).map((s) => s.name);
}

export default defineRule({
  meta: {
    id: 'k8s/sysctls',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'Pods may only set the safe, namespaced sysctls (Pod Security baseline, check sysctls).',
    messages: {
      unsafe:
        'The pod sets the sysctl {{name}}, which is not in the safe list: it may change the kernel for the whole node or other pods (the kubelet also refuses it unless allowed). Pod Security "{{profile}}" allows only {{allowed}} (check sysctls).',
      remove: 'Remove the sysctl {{name}}',
    },
    aliases: [
      { tool: 'psa', id: 'sysctls' },
      { tool: 'trivy', id: 'KSV-0026' },
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
        const sc = pod.securityContext;
        const pair = sc ? findPair(sc, 'sysctls')?.pair : undefined;
        const list = asSeq(pair?.value);
        if (!sc || !pair || !list) return;
        const allowed = safeSysctls(policy.minor);
        list.items.forEach((raw, index) => {
          const item = deref(raw);
          if (!isMap(item)) return;
          const name = str(get(item, 'name')) ?? '';
          if (allowed.includes(name)) return;
          const nameNode = findPair(item, 'name')?.pair.value ?? item;
          const data = pssData(undefined, policy, { name: name || '""', allowed: allowed.join(', ') });
          context.report({
            range: valueRange(model, deref(nameNode), pod.reportRange),
            messageId: 'unsafe',
            data,
            suggest: [{ messageId: 'remove', data, fix: () => removeSeqItem(model, sc, pair, list, index) }],
          });
        });
      },
    };
  },
});
