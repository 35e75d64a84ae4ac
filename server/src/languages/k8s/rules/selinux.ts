import type { Pair, YAMLMap } from 'yaml';
import { removeEntry } from '../edits';
import { defineRule } from '../language';
import type { ContainerView } from '../podspec';
import { policyFor } from '../profile';
import { applies, pairRange, pssData, setContainerField, setPodField } from '../pss';
import { asMap, findPair, keyString, text } from '../yamlNodes';

/** SELinux types a container may use; container_engine_t from policy v1.31. */
export function allowedSelinuxTypes(minor: number): string[] {
  const types = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
  if (minor >= 31) types.push('container_engine_t');
  return types;
}

export default defineRule({
  meta: {
    id: 'k8s/selinux',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'seLinuxOptions may not set a custom user or role, nor a type other than the container types (Pod Security baseline, check seLinuxOptions).',
    messages: {
      type:
        '{{Container}} sets seLinuxOptions.type: {{value}}: a type outside the container domains can escape the SELinux confinement of containers. Pod Security "{{profile}}" allows only {{allowed}} (check seLinuxOptions).',
      userOrRole:
        '{{Container}} sets seLinuxOptions.{{field}}: {{value}}: a custom SELinux {{field}} changes what the container may access on the node. Pod Security "{{profile}}" forbids it (check seLinuxOptions).',
      setContainerT: 'Use `type: container_t`',
      removeField: 'Remove seLinuxOptions.{{field}}',
    },
    aliases: [
      { tool: 'psa', id: 'seLinuxOptions' },
      { tool: 'trivy', id: 'KSV-0025' },
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
        const allowed = allowedSelinuxTypes(policy.minor);
        const allowedText = allowed.filter(Boolean).join(', ');
        const inspect = (securityContext: unknown, container: ContainerView | undefined) => {
          const sc = asMap(securityContext);
          const options = sc ? asMap(findPair(sc, 'seLinuxOptions')?.pair.value) : undefined;
          if (!options) return;
          for (const pair of options.items as Pair[]) {
            const field = keyString(pair.key);
            const value = text(pair.value) ?? '';
            const data = pssData(container, policy, { field: field ?? '', value: value || '""', allowed: allowedText });
            if (field === 'type' && !allowed.includes(value)) {
              context.report({
                range: pairRange(model, pair),
                messageId: 'type',
                data,
                suggest: [
                  {
                    messageId: 'setContainerT',
                    fix: () =>
                      container
                        ? setContainerField(model, container, ['seLinuxOptions', 'type'], 'container_t')
                        : setPodField(model, pod, ['seLinuxOptions', 'type'], 'container_t'),
                  },
                ],
              });
            } else if ((field === 'user' || field === 'role') && value !== '') {
              context.report({
                range: pairRange(model, pair),
                messageId: 'userOrRole',
                data,
                suggest: [{ messageId: 'removeField', data, fix: () => removeFrom(options, field) }],
              });
            }
          }
        };
        const removeFrom = (options: YAMLMap, field: string) => removeEntry(model, options, field);
        inspect(pod.securityContext, undefined);
        for (const container of pod.containers) inspect(container.securityContext, container);
      },
    };
  },
});
