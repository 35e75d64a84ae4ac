import type { Pair } from 'yaml';
import { setPairValue } from '../edits';
import { defineRule } from '../language';
import type { ContainerView } from '../podspec';
import { policyFor } from '../profile';
import { applies, pairRange, pssData, setContainerField, setPodField } from '../pss';
import { asMap, findPair, keyString, str, text } from '../yamlNodes';

/** The deprecated per-container annotation, still checked by Pod Security admission. */
export const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

export default defineRule({
  meta: {
    id: 'k8s/apparmor',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'Containers must not run AppArmor-unconfined: appArmorProfile.type and the AppArmor annotations may only be RuntimeDefault or Localhost (Pod Security baseline, check appArmorProfile).',
    messages: {
      field:
        '{{Container}} sets appArmorProfile.type: {{type}}, which turns AppArmor confinement off. Pod Security "{{profile}}" allows only RuntimeDefault or Localhost (check appArmorProfile).',
      annotation:
        'The annotation {{key}}: {{value}} runs the container "{{name}}" without AppArmor confinement. Pod Security "{{profile}}" allows only runtime/default or localhost/<profile> (check appArmorProfile).',
      setRuntimeDefault: 'Use `type: RuntimeDefault`',
      setAnnotation: 'Use `runtime/default`',
    },
    aliases: [
      { tool: 'psa', id: 'appArmorProfile' },
      { tool: 'trivy', id: 'KSV-0002' },
    ],
    fixable: false,
    hasSuggestions: true,
  },
  create(context) {
    const { model } = context;
    const badType = (securityContext: unknown): { pair: Pair; type: string } | undefined => {
      const sc = asMap(securityContext);
      const profile = sc ? asMap(findPair(sc, 'appArmorProfile')?.pair.value) : undefined;
      const pair = profile ? findPair(profile, 'type')?.pair : undefined;
      if (!pair) return undefined;
      const type = text(pair.value) ?? '';
      return type === 'RuntimeDefault' || type === 'Localhost' ? undefined : { pair, type: type || '""' };
    };
    const reportField = (bad: { pair: Pair; type: string }, container: ContainerView, data: Record<string, string>) =>
      context.report({
        range: pairRange(model, bad.pair),
        messageId: 'field',
        data: { ...data, type: bad.type },
        suggest: [{ messageId: 'setRuntimeDefault', fix: () => setContainerField(model, container, ['appArmorProfile', 'type'], 'RuntimeDefault') }],
      });
    return {
      workload(object, pod) {
        const policy = policyFor(model, object, context.options);
        if (!applies(policy, 'baseline')) return;
        const podBad = badType(pod.securityContext);
        if (podBad) {
          context.report({
            range: pairRange(model, podBad.pair),
            messageId: 'field',
            data: pssData(undefined, policy, { type: podBad.type }),
            suggest: [{ messageId: 'setRuntimeDefault', fix: () => setPodField(model, pod, ['appArmorProfile', 'type'], 'RuntimeDefault') }],
          });
        }
        for (const container of pod.containers) {
          const bad = badType(container.securityContext);
          if (bad) reportField(bad, container, pssData(container, policy));
        }
        const annotations = asMap(pod.metadata ? findPair(pod.metadata, 'annotations')?.pair.value : undefined);
        for (const pair of annotations?.items ?? []) {
          const key = keyString(pair.key);
          if (!key?.startsWith(APPARMOR_ANNOTATION_PREFIX)) continue;
          const value = str(pair.value) ?? text(pair.value) ?? '';
          if (value === '' || value === 'runtime/default' || value.startsWith('localhost/')) continue;
          context.report({
            range: pairRange(model, pair),
            messageId: 'annotation',
            data: pssData(undefined, policy, { key, value, name: key.slice(APPARMOR_ANNOTATION_PREFIX.length) }),
            suggest: [{ messageId: 'setAnnotation', fix: () => setPairValue(model, annotations!, pair, 'runtime/default') }],
          });
        }
      },
    };
  },
});
