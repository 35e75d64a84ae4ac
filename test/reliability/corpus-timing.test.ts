/**
 * The time budget (engine/limits.ts) must be far above what real files need:
 * every file of both corpora is parsed, checked, and has every safe fix,
 * suggestion and fix-all evaluated, and the slowest must stay under half the
 * budget (on a quiet machine it takes a few percent of it; the margin is for
 * a loaded CI machine). The figures are printed (the slowest files per language).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_BUDGET_MS } from '../../server/src/engine/limits';
import { serviceById } from '../../server/src/engine/registry';
import type { LanguageId } from '../../server/src/engine/types';

const CORPORA: [LanguageId, string][] = [
  ['dockerfile', 'dockerfiles'],
  ['k8s', 'k8s'],
];

describe('time per real file', () => {
  for (const [language, dir] of CORPORA) {
    it(`${language}: the slowest file of the corpus takes under half the time budget`, { timeout: 120_000 }, () => {
      const service = serviceById(language)!;
      const root = join(__dirname, '../corpus', dir);
      const times: { name: string; ms: number }[] = [];
      for (const name of readdirSync(root).sort()) {
        const text = readFileSync(join(root, name), 'utf8');
        const env = language === 'dockerfile' ? { dockerignore: null } : {};
        const started = performance.now();
        const doc = service.parse(text);
        const { findings, problems } = doc.run({}, env);
        for (const f of findings) {
          f.fix?.();
          for (const s of f.suggestions) s.fix();
        }
        doc.fixAll({}, env);
        times.push({ name, ms: performance.now() - started });
        expect(problems.filter((p) => p.code === 'time-budget' || p.code === 'internal-error')).toEqual([]);
      }
      times.sort((a, b) => b.ms - a.ms);
      console.log(`${language}: ${times.length} files; slowest ${times.slice(0, 3).map((t) => `${t.name} ${t.ms.toFixed(0)} ms`).join(', ')}`);
      expect(times[0].ms).toBeLessThan(DEFAULT_TIME_BUDGET_MS / 2);
    });
  }
});
