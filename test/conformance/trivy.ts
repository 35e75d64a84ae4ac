/**
 * Agreement of Hardline's rules with Trivy's own labelled cases, for every
 * Trivy rule that some Hardline rule claims as an alias: DS rules on
 * Dockerfiles, KSV rules on Kubernetes manifests (through the same language
 * and rules as the hosts, default settings: the `restricted` profile). Used by
 * the conformance test and by `npm run conformance` (which prints the figures).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { languages } from '../../server/src/engine/registry';
import { runRules } from '../../server/src/engine/run';
import { normaliseId } from '../../server/src/engine/suppressions';
import type { AnyRule, Language } from '../../server/src/engine/language';

export const CONFORMANCE_DIR = __dirname;

interface ManifestEntry {
  peer_rule: string;
  peer_rule_long: string;
  kind: 'dockerfile' | 'k8s';
  file: string; // relative to the folder that holds trivy/
  expected: 'fail' | 'pass';
  origin: string;
}

export interface CaseResult {
  kind: 'dockerfile' | 'k8s';
  trivyRule: string;
  file: string;
  expected: 'fail' | 'pass';
  actual: 'fail' | 'pass';
  rules: string[];
}

export interface RuleFigure {
  kind: 'dockerfile' | 'k8s';
  trivyRule: string;
  hardlineRules: string[];
  cases: number;
  agree: number;
  rate: number;
}

/** The language and rules of each kind of case. */
function languageOf(kind: 'dockerfile' | 'k8s'): { language: Language<unknown, object>; rules: readonly AnyRule<unknown, object>[] } {
  return languages[kind] as unknown as { language: Language<unknown, object>; rules: readonly AnyRule<unknown, object>[] };
}

export function trivyConformance(): { results: CaseResult[]; figures: RuleFigure[] } {
  const manifest: ManifestEntry[] = JSON.parse(readFileSync(join(CONFORMANCE_DIR, 'trivy/manifest.json'), 'utf8'));
  const results: CaseResult[] = [];
  const figures: RuleFigure[] = [];
  const byTrivy = new Map<string, ManifestEntry[]>();
  for (const m of manifest) {
    const key = normaliseId('trivy', m.peer_rule_long);
    byTrivy.set(key, [...(byTrivy.get(key) ?? []), m]);
  }
  for (const [trivyId, entries] of [...byTrivy].sort()) {
    const kind = entries[0].kind;
    const { language, rules: all } = languageOf(kind);
    const rules = all.filter((r) => r.meta.aliases.some((a) => a.tool === 'trivy' && normaliseId('trivy', a.id) === trivyId));
    if (rules.length === 0) continue;
    let agree = 0;
    for (const m of entries) {
      const text = readFileSync(join(CONFORMANCE_DIR, m.file), 'utf8');
      const model = language.parse(text);
      // The build context of a Dockerfile case is unknown: missing-dockerignore stays silent.
      const { findings } = runRules(language, model, rules, {}, {});
      const actual = findings.length > 0 ? 'fail' : 'pass';
      if (actual === m.expected) agree++;
      results.push({ kind, trivyRule: trivyId, file: m.file, expected: m.expected, actual, rules: [...new Set(findings.map((f) => f.ruleId))] });
    }
    figures.push({ kind, trivyRule: trivyId, hardlineRules: rules.map((r) => r.meta.id), cases: entries.length, agree, rate: agree / entries.length });
  }
  return { results, figures };
}

/** Deviations listed in DEVIATIONS.md: rows `| trivy/DSxxx/file | expected | actual | reason |`. */
export function listedDeviations(): Map<string, string> {
  const text = readFileSync(join(CONFORMANCE_DIR, 'DEVIATIONS.md'), 'utf8');
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\|\s*`?(trivy\/[^|`]+?)`?\s*\|\s*(fail|pass)\s*\|\s*(fail|pass)\s*\|\s*(.+?)\s*\|\s*$/.exec(line);
    if (m) out.set(m[1], m[4]);
  }
  return out;
}
