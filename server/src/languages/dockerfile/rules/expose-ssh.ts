import { defineRule } from '../language';
import { resolveAt } from '../variables';

const SSH_PORT = 22;

/** `22`, `22/tcp`, `20-25/udp` → the port range; null when it is not a port spec. */
export function portRange(spec: string): { from: number; to: number } | null {
  const m = /^(\d+)(?:-(\d+))?(?:\/[a-z]+)?$/i.exec(spec.trim());
  if (!m) return null;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return { from: Math.min(from, to), to: Math.max(from, to) };
}

export default defineRule({
  meta: {
    id: 'dockerfile/expose-ssh',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'The final image must not EXPOSE port 22: an SSH server in a container is an extra way in; use docker exec / kubectl exec.',
    messages: {
      exposeSsh:
        'EXPOSE {{port}} advertises port 22 (SSH): an SSH daemon in a container is one more service to patch and another way in. Use `docker exec` / `kubectl exec` (or `kubectl debug`) for access instead.',
      exposeSshRange:
        'EXPOSE {{port}} includes port 22 (SSH): an SSH daemon in a container is one more service to patch and another way in. Narrow the range, and use `docker exec` / `kubectl exec` for access instead.',
    },
    aliases: [
      { tool: 'trivy', id: 'DS-0004' },
      { tool: 'checkov', id: 'CKV_DOCKER_1' },
    ],
    fixable: false,
    hasSuggestions: false,
  },
  create(context) {
    const { model } = context;
    return {
      EXPOSE(instruction, stage) {
        // EXPOSE is image metadata: only what ships counts.
        if (!stage?.inFinalImage) return;
        for (const arg of instruction.getArguments()) {
          const written = arg.getValue();
          const resolved = resolveAt(model, stage, instruction, written);
          if (resolved === null) continue;
          for (const spec of resolved.split(/\s+/).filter(Boolean)) {
            const range = portRange(spec);
            if (!range || range.from > SSH_PORT || range.to < SSH_PORT) continue;
            const port = resolved === written ? written : `${written} (= ${spec})`;
            context.report({
              range: arg.getRange(),
              messageId: range.from === range.to ? 'exposeSsh' : 'exposeSshRange',
              data: { port },
            });
            break;
          }
        }
      },
    };
  },
});
