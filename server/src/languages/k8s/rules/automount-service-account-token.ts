import type { Node, Pair } from 'yaml';
import type { TextEdit } from '../../../engine/types';
import { ensureEntries } from '../edits';
import { defineRule } from '../language';
import type { K8sModel, K8sObject } from '../model';
import { pairRange } from '../pss';
import { asMap, bool, findPair, get, isNullish, items, str } from '../yamlNodes';

/** Binding subjects and ServiceAccounts are compared by namespace (`undefined`: the default namespace of `kubectl apply`). */
interface AccountKey {
  name: string;
  namespace?: string;
}

const sameNamespace = (a: string | undefined, b: string | undefined) => (a ?? '') === (b ?? '');

/** ServiceAccounts and the accounts some RoleBinding / ClusterRoleBinding of the file grants a role to. */
function accountsOf(model: K8sModel): { accounts: K8sObject[]; bound: AccountKey[] } {
  const accounts: K8sObject[] = [];
  const bound: AccountKey[] = [];
  for (const o of model.objects) {
    if (o.kind === 'ServiceAccount' && o.apiVersion === 'v1' && o.name) accounts.push(o);
    if ((o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') && o.apiVersion.startsWith('rbac.authorization.k8s.io/')) {
      for (const s of items(get(o.node, 'subjects'))) {
        if (str(get(s, 'kind')) !== 'ServiceAccount') continue;
        const name = str(get(s, 'name'));
        // A RoleBinding's subject without a namespace is in the binding's namespace.
        if (name) bound.push({ name, namespace: str(get(s, 'namespace')) ?? o.namespace });
      }
    }
  }
  return { accounts, bound };
}

function automountPair(map: unknown): Pair | undefined {
  const m = asMap(map);
  const found = m ? findPair(m, 'automountServiceAccountToken') : undefined;
  return found && !isNullish(found.pair.value) ? found.pair : undefined;
}

export default defineRule({
  meta: {
    id: 'k8s/automount-service-account-token',
    category: 'security',
    defaultSeverity: 'info',
    description: 'Pods that do not call the Kubernetes API should not get a service account token: set automountServiceAccountToken: false on the pod or its ServiceAccount.',
    messages: {
      defaultAccount:
        'The pod runs as the namespace\'s default ServiceAccount and gets its token mounted (automountServiceAccountToken is not false): an intruder can use it to call the Kubernetes API. Set automountServiceAccountToken: false unless the program calls the API (then give it its own ServiceAccount and Role).',
      unboundAccount:
        'The pod gets the token of ServiceAccount "{{account}}" mounted, but no RoleBinding or ClusterRoleBinding in this file grants that account anything: if the program does not call the Kubernetes API, the token only helps an intruder. Set automountServiceAccountToken: false.',
      explicitTrue:
        'The pod sets automountServiceAccountToken: true{{account}}, and no RoleBinding or ClusterRoleBinding in this file grants the account anything: if the program does not call the Kubernetes API, the token only helps an intruder. Set it to false.',
      setPod: 'Set `automountServiceAccountToken: false` on the pod',
      setAccount: 'Set `automountServiceAccountToken: false` on ServiceAccount "{{account}}" (every pod that uses it)',
    },
    aliases: [
      { tool: 'checkov', id: 'CKV_K8S_38' },
      { tool: 'polaris', id: 'automountServiceAccountToken' },
    ],
    fixable: false,
    hasSuggestions: true,
  },
  create(context) {
    const { model } = context;
    let file: ReturnType<typeof accountsOf> | undefined;
    return {
      workload(object, pod) {
        file ??= accountsOf(model);
        const name = str(get(pod.node, 'serviceAccountName')) || str(get(pod.node, 'serviceAccount')) || 'default';
        const namespace = object.namespace;
        if (file.bound.some((b) => b.name === name && sameNamespace(b.namespace, namespace))) return; // it has API access to use
        const podPair = automountPair(pod.node);
        const podValue = podPair ? bool(podPair.value) : undefined;
        if (podValue === false) return;
        const account = file.accounts.find((a) => a.name === name && sameNamespace(a.namespace, namespace));
        const accountPair = account ? automountPair(account.node) : undefined;
        if (podValue === undefined && accountPair && bool(accountPair.value) === false) return;
        // A named account defined elsewhere may well need its token: nothing is known about it here.
        if (name !== 'default' && !account) return;
        const setPod = (): TextEdit[] | null => {
          const edits = ensureEntries(model, pod.node, { automountServiceAccountToken: false });
          return edits && edits.length > 0 ? edits : null;
        };
        const suggest: { messageId: 'setPod' | 'setAccount'; data?: Record<string, string>; fix: () => TextEdit[] | null }[] = [{ messageId: 'setPod', fix: setPod }];
        if (account && podValue === undefined) {
          suggest.push({
            messageId: 'setAccount',
            data: { account: name },
            fix: () => {
              const edits = ensureEntries(model, account.node, { automountServiceAccountToken: false });
              return edits && edits.length > 0 ? edits : null;
            },
          });
        }
        if (podValue === true) {
          context.report({
            range: pairRange(model, podPair!),
            messageId: 'explicitTrue',
            data: { account: name === 'default' ? '' : ` for ServiceAccount "${name}"` },
            suggest,
          });
          return;
        }
        context.report({
          range: serviceAccountRange(model, pod.node) ?? pod.reportRange,
          messageId: name === 'default' ? 'defaultAccount' : 'unboundAccount',
          data: { account: name },
          suggest,
        });
      },
    };
  },
});

/** The `serviceAccountName: x` pair when written (where the finding reads best), else undefined. */
function serviceAccountRange(model: K8sModel, spec: Parameters<typeof findPair>[0]) {
  const pair = findPair(spec, 'serviceAccountName')?.pair ?? findPair(spec, 'serviceAccount')?.pair;
  return pair && (pair.key as Node | null)?.range ? pairRange(model, pair) : undefined;
}
