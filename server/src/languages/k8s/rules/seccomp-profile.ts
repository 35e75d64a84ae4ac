import type { Pair } from 'yaml';
import { defineRule } from '../language';
import type { ContainerView } from '../podspec';
import { policyFor } from '../profile';
import { applies, missingFieldRange, pairRange, pssData, setContainerField, setPodField, windowsExempt } from '../pss';
import { asMap, findPair, str, text } from '../yamlNodes';

const VALID = new Set(['RuntimeDefault', 'Localhost']);

export default defineRule({
  meta: {
    id: 'k8s/seccomp-profile',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'Containers must run under a seccomp profile: never Unconfined (baseline), and RuntimeDefault or Localhost set explicitly (restricted) (checks seccompProfile_baseline, seccompProfile_restricted).',
    messages: {
      unconfined:
        '{{Container}} sets seccompProfile.type: {{type}}: every system call of the kernel is open to it. Pod Security "{{profile}}" allows only RuntimeDefault or Localhost (check {{check}}).',
      podUnconfined:
        'The pod sets seccompProfile.type: {{type}}: every system call of the kernel is open to its containers. Pod Security "{{profile}}" allows only RuntimeDefault or Localhost (check {{check}}).',
      missing:
        '{{Container}} has no seccomp profile (neither it nor the pod sets seccompProfile), so it may run Unconfined. Pod Security "{{profile}}" requires RuntimeDefault or Localhost (check seccompProfile_restricted).',
      setPod: 'Set `seccompProfile: {type: RuntimeDefault}` for the whole pod (spec.securityContext)',
      setContainer: 'Set `seccompProfile: {type: RuntimeDefault}` in {{container}}',
      setRuntimeDefault: 'Use `type: RuntimeDefault`',
    },
    aliases: [
      { tool: 'psa', id: 'seccompProfile_baseline' },
      { tool: 'psa', id: 'seccompProfile_restricted' },
    ],
    fixable: false,
    hasSuggestions: true,
  },
  create(context) {
    const { model } = context;
    return {
      workload(object, pod) {
        const policy = policyFor(model, object, context.options);
        if (!applies(policy, 'baseline', 19)) return;
        const restricted = policy.level === 'restricted';
        if (restricted && windowsExempt(pod, policy)) return;
        const check = restricted ? 'seccompProfile_restricted' : 'seccompProfile_baseline';
        /** The `type` pair of a seccompProfile pair, and whether it is allowed. */
        const inspect = (profile: Pair | undefined) => {
          if (!profile) return undefined;
          const typePair = asMap(profile.value) ? findPair(asMap(profile.value)!, 'type')?.pair : undefined;
          const type = typePair ? (str(typePair.value) ?? text(typePair.value) ?? '') : '';
          return { profile, typePair, type, valid: VALID.has(type) };
        };
        const badRange = (found: NonNullable<ReturnType<typeof inspect>>) => pairRange(model, found.typePair ?? found.profile);
        const setType = (container: ContainerView | undefined) => () =>
          container ? setContainerField(model, container, ['seccompProfile', 'type'], 'RuntimeDefault') : setPodField(model, pod, ['seccompProfile', 'type'], 'RuntimeDefault');

        const podFound = inspect(pod.securityContext ? findPair(pod.securityContext, 'seccompProfile')?.pair : undefined);
        if (podFound && !podFound.valid) {
          context.report({
            range: badRange(podFound),
            messageId: 'podUnconfined',
            data: pssData(undefined, policy, { type: podFound.type || '""', check }),
            suggest: [{ messageId: 'setRuntimeDefault', fix: setType(undefined) }],
          });
        }
        for (const container of pod.containers) {
          const own = inspect(container.securityContext ? findPair(container.securityContext, 'seccompProfile')?.pair : undefined);
          if (own) {
            if (own.valid) continue;
            context.report({
              range: badRange(own),
              messageId: 'unconfined',
              data: pssData(container, policy, { type: own.type || '""', check }),
              suggest: [{ messageId: 'setRuntimeDefault', fix: setType(container) }],
            });
            continue;
          }
          // Restricted: the container must get a valid profile from itself or the pod.
          if (!restricted || podFound) continue;
          context.report({
            range: missingFieldRange(model, container),
            messageId: 'missing',
            data: pssData(container, policy),
            suggest: [
              { messageId: 'setPod', fix: () => setPodField(model, pod, ['seccompProfile'], { type: 'RuntimeDefault' }) },
              { messageId: 'setContainer', data: pssData(container, policy), fix: () => setContainerField(model, container, ['seccompProfile'], { type: 'RuntimeDefault' }) },
            ],
          });
        }
      },
    };
  },
});

