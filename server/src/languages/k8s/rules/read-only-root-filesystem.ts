import { readOnlyEdits, readOnlyRootFilesystem, readOnlyWithTmpEdits, tmpEmptyDirEdits } from '../hardening';
import { defineRule } from '../language';
import { containerLabel, missingFieldRange, pairRange } from '../pss';

const capitalize = (s: string) => s[0].toUpperCase() + s.slice(1);

export default defineRule({
  meta: {
    id: 'k8s/read-only-root-filesystem',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'Containers should set readOnlyRootFilesystem: true, so an intruder cannot replace binaries or drop tools into the container; write to mounted volumes instead.',
    messages: {
      missing:
        '{{Container}} does not set readOnlyRootFilesystem: true, so its root file system is writable: an intruder can replace binaries, drop tools and persist until the pod is replaced. Make it read-only and mount a volume where the program writes (an emptyDir at /tmp for most programs).',
      writable:
        '{{Container}} sets readOnlyRootFilesystem: false, so its root file system is writable: an intruder can replace binaries, drop tools and persist until the pod is replaced. Make it read-only and mount a volume where the program writes (an emptyDir at /tmp for most programs).',
      setTrue: 'Set `readOnlyRootFilesystem: true` in {{container}}',
      setTrueWithTmp: 'Set `readOnlyRootFilesystem: true` in {{container}} and mount an emptyDir volume at /tmp',
    },
    aliases: [
      { tool: 'trivy', id: 'KSV-0014' },
      { tool: 'checkov', id: 'CKV_K8S_22' },
      { tool: 'kube-linter', id: 'no-read-only-root-fs' },
      { tool: 'polaris', id: 'notReadOnlyRootFilesystem' },
    ],
    fixable: false,
    hasSuggestions: true,
  },
  create(context) {
    const { model } = context;
    return {
      podSpec(pod) {
        // Windows containers have no read-only root file system (the API rejects the field for os.name windows).
        if (pod.windows) return;
        for (const container of pod.containers) {
          const { pair, value } = readOnlyRootFilesystem(container);
          if (value === true) continue;
          const label = containerLabel(container);
          const data = { container: label, Container: capitalize(label) };
          const suggest: { messageId: 'setTrue' | 'setTrueWithTmp'; data: Record<string, string>; fix: () => ReturnType<typeof readOnlyEdits> }[] = [
            { messageId: 'setTrue', data, fix: () => readOnlyEdits(model, container) },
          ];
          // Offered only when the container has no mount at /tmp yet (and the lists can be edited).
          if (tmpEmptyDirEdits(model, container)) {
            suggest.push({ messageId: 'setTrueWithTmp', data, fix: () => readOnlyWithTmpEdits(model, container) });
          }
          context.report({
            range: value === false && pair ? pairRange(model, pair) : missingFieldRange(model, container),
            messageId: value === false ? 'writable' : 'missing',
            data,
            suggest,
          });
        }
      },
    };
  },
});
