/**
 * Agreement with the Pod Security Admission fixtures of policy v1.37 (see
 * pss/SOURCES.md): under the fixture's profile, every `fail` pod gets a
 * finding from the rule(s) of each check that rejects it, every `pass` pod
 * gets no finding from any Pod Security rule (and a `fail` pod none from the
 * rules of checks it satisfies). 100% is required. Each fixture
 * is checked as the bare Pod, and again as the pod template of a Deployment
 * and of a CronJob (PSA evaluates templates the same way).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { languages } from '../../server/src/engine/registry';
import { runRules } from '../../server/src/engine/run';

interface Fixture {
  profile: 'baseline' | 'restricted';
  check: string | null;
  file: string;
  expected: 'fail' | 'pass';
  rejected_by?: string[];
}

const { language, rules } = languages.k8s;
const manifest: Fixture[] = JSON.parse(readFileSync(join(__dirname, 'pss/manifest.json'), 'utf8'));

/** Rules that implement a PSA check, by their `psa` aliases. */
function rulesFor(check: string): string[] {
  const ids = rules.filter((r) => r.meta.aliases.some((a) => a.tool === 'psa' && a.id === check)).map((r) => r.meta.id);
  // hostPath volumes are reported by k8s/host-path-volumes under every profile (restricted-volumes leaves them to it).
  if (check === 'restrictedVolumes') ids.push(...rulesFor('hostPathVolumes'));
  return ids;
}
const pssRules = rules.filter((r) => r.meta.aliases.some((a) => a.tool === 'psa'));

function wrap(podText: string, kind: 'Deployment' | 'CronJob'): string {
  const pod = parseDocument(podText).toJS() as { metadata?: Record<string, unknown>; spec: unknown };
  const template = { metadata: pod.metadata, spec: pod.spec };
  const obj =
    kind === 'Deployment'
      ? { apiVersion: 'apps/v1', kind, metadata: { name: 'wrapped' }, spec: { selector: {}, template } }
      : { apiVersion: 'batch/v1', kind, metadata: { name: 'wrapped' }, spec: { schedule: '@daily', jobTemplate: { spec: { template } } } };
  return stringify(obj);
}

describe('conformance with Pod Security Admission v1.37 fixtures', () => {
  let agreed = 0;
  let total = 0;
  afterAll(() => {
    console.log(`Pod Security Admission v1.37 fixtures: ${agreed}/${total} agree (each also as a Deployment and a CronJob template)`);
  });

  it('has the 148 fixtures and maps every check to at least one rule', () => {
    expect(manifest.length).toBe(148);
    const checks = new Set(manifest.flatMap((f) => [f.check, ...(f.rejected_by ?? [])]).filter((c): c is string => c !== null));
    expect([...checks].filter((c) => rulesFor(c).length === 0)).toEqual([]);
  });

  for (const f of manifest) {
    it(`${f.file}: ${f.expected}${f.rejected_by ? ` (${f.rejected_by.join(', ')})` : ''}`, () => {
      total++;
      const podText = readFileSync(join(__dirname, f.file), 'utf8');
      for (const [shape, text] of [
        ['Pod', podText],
        ['Deployment', wrap(podText, 'Deployment')],
        ['CronJob', wrap(podText, 'CronJob')],
      ] as const) {
        const model = language.parse(text);
        expect(model.problems, shape).toEqual([]);
        const { findings, problems } = runRules(language, model, pssRules, { options: { kubernetesProfile: f.profile } }, {});
        expect(problems, shape).toEqual([]);
        const found = findings.map((x) => `${x.ruleId}: ${x.message}`);
        if (f.expected === 'pass') {
          expect(found, `${shape}: a pass fixture gets no Pod Security finding`).toEqual([]);
        } else {
          // … and nothing from the rules of checks the pod satisfies.
          const expectedRules = new Set([...(f.rejected_by ?? []), ...(f.check ? [f.check] : [])].flatMap(rulesFor));
          expect(found.filter((x) => !expectedRules.has(x.split(':')[0])), `${shape}: findings of checks the pod satisfies`).toEqual([]);
          for (const check of f.rejected_by ?? []) {
            const ids = rulesFor(check);
            expect(
              findings.some((x) => ids.includes(x.ruleId)),
              `${shape}: rejected by ${check}, expected a finding of ${ids.join(' or ')}; got:\n${found.join('\n')}`,
            ).toBe(true);
          }
        }
      }
      agreed++;
    });
  }
});
