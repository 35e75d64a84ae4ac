import { describe, expect, it } from 'vitest';
import { allMeta } from '../../server/src/engine/registry';
import { cli, tree } from './helpers';

describe('hardline rules', () => {
  it('--format json lists exactly the registry', () => {
    const out = cli(['rules', '--format', 'json'], tree({}));
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({
      version: 1,
      rules: allMeta.map((m) => ({
        id: m.id,
        language: m.language,
        category: m.category,
        defaultSeverity: m.defaultSeverity,
        description: m.description,
        aliases: m.aliases.map((a) => `${a.tool}:${a.id}`),
        fixable: m.fixable,
        hasSuggestions: m.hasSuggestions,
        docs: m.docs,
      })),
    });
  });

  it('text lists one rule a line with severity, category and fix markers', () => {
    const out = cli(['rules'], tree({}));
    expect(out.status).toBe(0);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(allMeta.length + 2);
    const rootUser = lines.find((l) => l.startsWith('dockerfile/no-root-user '))!;
    expect(rootUser).toMatch(/^dockerfile\/no-root-user +warning +security +suggest +The final image must not run as root/);
    expect(lines[lines.length - 1]).toMatch(new RegExp(`^${allMeta.length} rules?;`));
  });
});
