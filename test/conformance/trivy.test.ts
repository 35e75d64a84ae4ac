import { afterAll, describe, expect, it } from 'vitest';
import { listedDeviations, trivyConformance } from './trivy';

describe('conformance with Trivy (DS rules on Dockerfiles, KSV rules on Kubernetes manifests)', () => {
  const { results, figures } = trivyConformance();
  const deviations = listedDeviations();

  afterAll(() => {
    // The figures for release notes and `npm run conformance`.
    const rows = figures.map((f) => `  ${f.trivyRule.padEnd(8)} ${String(f.agree).padStart(3)}/${String(f.cases).padEnd(3)} ${(f.rate * 100).toFixed(1).padStart(5)}%  ${f.hardlineRules.join(', ')}`);
    console.log(`Trivy conformance (agreeing cases / cases):\n${rows.join('\n')}`);
  });

  it('covers aliased Trivy rules of both kinds', () => {
    expect(figures.filter((f) => f.kind === 'dockerfile').length).toBeGreaterThan(0);
    expect(figures.filter((f) => f.kind === 'k8s').length).toBeGreaterThan(0);
  });

  for (const f of figures) {
    it(`${f.trivyRule} (${f.hardlineRules.join(', ')}): agrees on at least 95% of ${f.cases} cases`, () => {
      const disagreements = results.filter((r) => r.trivyRule === f.trivyRule && r.expected !== r.actual).map((r) => r.file);
      expect(f.rate, `disagreements: ${disagreements.join(', ')}`).toBeGreaterThanOrEqual(0.95 - 1e-9);
    });
  }

  it('DEVIATIONS.md lists exactly the disagreements, each with a reason', () => {
    const actual = results.filter((r) => r.expected !== r.actual).map((r) => `${r.file} (expected ${r.expected}, got ${r.actual})`).sort();
    const listed = [...deviations.keys()].map((file) => {
      const r = results.find((x) => x.file === file);
      return r ? `${r.file} (expected ${r.expected}, got ${r.actual})` : `${file} (not a case of an aliased rule)`;
    }).sort();
    expect(listed).toEqual(actual);
    for (const [file, reason] of deviations) expect(reason.length, `reason for ${file}`).toBeGreaterThan(10);
  });
});
