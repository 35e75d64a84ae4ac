import { defineRule } from '../language';
import { imageUses, registryOf, subRange, writtenRegistrySpan } from '../imageUses';

const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'hub.docker.com', 'registry.hub.docker.com']);

/**
 * A trusted-registry entry as the user wrote it → a matcher. Entries are hosts
 * (with port when the registry has one: `localhost:5000`) or `*.domain`
 * (any subdomain, not the domain itself). Entries with a path never match:
 * only hosts are supported, and a path must not silently widen to the host.
 */
export function registryMatcher(entry: string): (registry: string) => boolean {
  const host = entry.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/\/+$/, '');
  if (host === '' || host.includes('/')) return () => false;
  if (host.startsWith('*.')) {
    const suffix = host.slice(1);
    return (registry) => registry.endsWith(suffix) && registry.length > suffix.length;
  }
  const normalised = DOCKER_HUB.has(host) ? 'docker.io' : host;
  return (registry) => registry === normalised;
}

export default defineRule({
  meta: {
    id: 'dockerfile/trusted-registry',
    category: 'supply-chain',
    defaultSeverity: 'warning',
    description: 'Images must come from a trusted registry (configured with the trustedRegistries option).',
    messages: {
      untrusted:
        '{{image}} comes from {{registry}}, which is not a trusted registry (trusted: {{trusted}}). Use a mirror or an approved image from a trusted registry.',
    },
    aliases: [{ tool: 'hadolint', id: 'DL3026' }],
    fixable: false,
    hasSuggestions: false,
    requiresOption: 'trustedRegistries',
  },
  create(context) {
    const { model } = context;
    const entries = context.options.trustedRegistries ?? [];
    const matchers = entries.map(registryMatcher);
    return {
      end() {
        if (entries.length === 0) return;
        for (const use of imageUses(model)) {
          const registry = registryOf(use.expanded.value);
          if (!registry || matchers.some((m) => m(registry))) continue;
          const span = writtenRegistrySpan(use.written);
          context.report({
            range: span ? subRange(use.range, span.start, span.end) : use.range,
            messageId: 'untrusted',
            data: {
              image: use.expanded.unknown || use.expanded.value === use.written ? use.written : use.expanded.value,
              registry: registry === 'docker.io' ? 'docker.io (Docker Hub)' : registry,
              trusted: entries.join(', '),
            },
          });
        }
      },
    };
  },
});
