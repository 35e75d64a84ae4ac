import type { Alias } from '../../engine/types';
import { ensurePath } from './edits';
import { defineRule } from './language';
import { policyFor } from './profile';
import { applies, pairRange, pssData } from './pss';
import { bool, findPair } from './yamlNodes';

const WHAT: Record<'hostNetwork' | 'hostPID' | 'hostIPC', string> = {
  hostNetwork: "the node's network stack: it can bind the node's ports, reach services on localhost and sniff traffic",
  hostPID: "the node's process table: it can see every process on the node, read their environment and signal them",
  hostIPC: "the node's IPC namespace: it can read and write other processes' shared memory",
};

const NAMESPACE: Record<'hostNetwork' | 'hostPID' | 'hostIPC', string> = { hostNetwork: 'network', hostPID: 'process (PID)', hostIPC: 'IPC' };

/** One rule per host namespace field, all three the Pod Security check `hostNamespaces`. */
export function hostNamespaceRule(id: string, field: 'hostNetwork' | 'hostPID' | 'hostIPC', aliases: Alias[]) {
  return defineRule({
    meta: {
      id,
      category: 'security',
      defaultSeverity: 'warning',
      description: `Pods must not set ${field}: true: sharing the node's ${NAMESPACE[field]} namespace breaks container isolation (Pod Security baseline, check hostNamespaces).`,
      messages: {
        hostNamespace: `The pod sets ${field}: true and shares ${WHAT[field]}. Pod Security "{{profile}}" rejects it (check hostNamespaces).`,
        setFalse: `Set \`${field}: false\``,
      },
      aliases: [{ tool: 'psa', id: 'hostNamespaces' }, ...aliases],
      fixable: false,
      hasSuggestions: true,
    },
    create(context) {
      const { model } = context;
      return {
        workload(object, pod) {
          const policy = policyFor(model, object, context.options);
          if (!applies(policy, 'baseline')) return;
          const found = findPair(pod.node, field);
          if (!found || bool(found.pair.value) !== true) return;
          context.report({
            range: pairRange(model, found.pair),
            messageId: 'hostNamespace',
            data: pssData(undefined, policy),
            suggest: [
              {
                messageId: 'setFalse',
                fix: () => {
                  const edits = ensurePath(model, pod.node, [field], false);
                  return edits && edits.length > 0 ? edits : null;
                },
              },
            ],
          });
        },
      };
    },
  });
}
