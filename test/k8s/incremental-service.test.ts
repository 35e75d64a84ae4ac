/**
 * A keystroke re-checks only the YAML documents it changed: the parsed
 * document handed over as `previous` lends its chunks and its rules' reports
 * per chunk. Whatever the edit, the result must be exactly a fresh parse's:
 * findings (ids, ranges, messages, severities), problems, `relevant`, and the
 * edits of every fix, suggestion, ignore action and refactoring.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EngineSettings } from '../../server/src/engine/run';
import type { ParsedDocument } from '../../server/src/engine/service';
import type { Range } from '../../server/src/engine/types';
import { k8sService } from '../../server/src/languages/k8s/service';
import { generateManifest } from '../../bench/generate';
import { applyEdit, corpusManifests, editSequenceWithBreaks as editSequence, SCALE, SEED } from './edits';

const corpus = corpusManifests();
const generated = [generateManifest(200).text, generateManifest(600).text];
const texts = [...corpus, ...generated, generated[0].replace(/\n/g, '\r\n'), `\uFEFF${generated[0]}`];

const settingsVariants: EngineSettings[] = [
  {},
  { options: { kubernetesProfile: 'baseline' } },
  { rules: { 'k8s/privileged': 'off', 'k8s/no-latest-tag': 'error' } },
  { rules: { 'k8s/cpu-limit': 'info' }, options: { kubernetesProfile: 'restricted' } },
];

/** Everything a host sees of one check, fixes applied. */
function observe(doc: ParsedDocument, settings: EngineSettings, fixesOf: (count: number) => number[]): unknown {
  const result = doc.run(settings, {});
  const picked = new Set(fixesOf(result.findings.length));
  return {
    relevant: doc.relevant,
    problems: result.problems,
    findings: result.findings.map((f, i) => ({
      ruleId: f.ruleId,
      messageId: f.messageId,
      severity: f.severity,
      message: f.message,
      range: f.range,
      ...(picked.has(i)
        ? {
            fix: f.fix?.() ?? null,
            suggestions: f.suggestions.map((s) => ({ title: s.title, edits: s.fix() })),
            ignore: doc.ignoreForItemEdit(f.range, f.ruleId),
            ignoreFile: doc.ignoreForFileEdit(f.ruleId),
            hover: doc.hover(f.range.start),
            refactorings: doc.refactorings?.(f.range, true),
          }
        : { fix: typeof f.fix, suggestions: f.suggestions.map((s) => s.title) }),
    })),
  };
}

/** Up to `n` finding indices spread over the file. */
const spread = (n: number) => (count: number) => Array.from({ length: Math.min(n, count) }, (_, i) => Math.floor((i * count) / Math.min(n, count)));

describe('incremental check = fresh check (k8sService.parse(text, previous))', () => {
  it('after random edits, with settings changing between versions', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: texts.length - 1 }),
        fc.array(fc.tuple(editSequence, fc.nat({ max: settingsVariants.length - 1 })), { minLength: 1, maxLength: 3 }),
        (i, steps) => {
          let text = texts[i];
          let doc = k8sService.parse(text);
          doc.run(settingsVariants[0], {});
          for (const [edits, s] of steps) {
            for (const e of edits) {
              text = applyEdit(text, e);
              doc = k8sService.parse(text, doc);
              // Every version is checked (as the editor does), with these settings.
              const settings = settingsVariants[s];
              expect(observe(doc, settings, spread(6))).toEqual(observe(k8sService.parse(text), settings, spread(6)));
            }
          }
        },
      ),
      { numRuns: 30 * SCALE, seed: SEED ?? 5 },
    );
  }, 20_000 * SCALE);

  it('every fix and suggestion of a kept finding gives the edits of a fresh check', () => {
    const text = generateManifest(600).text;
    let doc = k8sService.parse(text);
    doc.run({}, {});
    // Typing at the end of the first image: every other document is kept.
    const at = text.indexOf('image: ') + text.slice(text.indexOf('image: ')).indexOf('\n');
    const edited = `${text.slice(0, at)}x${text.slice(at)}`;
    doc = k8sService.parse(edited, doc);
    const all = () => Array.from({ length: 100_000 }, (_, k) => k);
    expect(observe(doc, {}, (n) => all().slice(0, n))).toEqual(observe(k8sService.parse(edited), {}, (n) => all().slice(0, n)));
  });

  it('a Namespace label edited in one document changes the findings of the others', () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n';
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: apps\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    securityContext:\n      runAsUser: 0\n';
    const text = `${ns}---\n${pod}`;
    let doc = k8sService.parse(text);
    const before = doc.run({}, {});
    const edited = text.replace('enforce: restricted', 'enforce: baseline');
    doc = k8sService.parse(edited, doc);
    const after = doc.run({}, {});
    const fresh = k8sService.parse(edited).run({}, {});
    expect(after.findings.map((f) => [f.ruleId, f.range])).toEqual(fresh.findings.map((f) => [f.ruleId, f.range]));
    expect(after.findings.length).not.toBe(before.findings.length);
  });

  it('a file-level suppression added in the header applies to kept documents', () => {
    const text = generateManifest(200).text;
    let doc = k8sService.parse(text);
    const before = doc.run({}, {});
    expect(before.findings.some((f) => f.ruleId === 'k8s/no-latest-tag' || f.ruleId === 'k8s/pin-digest')).toBe(true);
    const edited = `# hardline-ignore-file k8s/pin-digest,k8s/no-latest-tag\n${text}`;
    doc = k8sService.parse(edited, doc);
    expect(doc.run({}, {}).findings.some((f) => f.ruleId === 'k8s/no-latest-tag' || f.ruleId === 'k8s/pin-digest')).toBe(false);
    expect(observe(doc, {}, spread(1000))).toEqual(observe(k8sService.parse(edited), {}, spread(1000)));
  });

  it('kept findings move with their document', () => {
    const text = generateManifest(200).text;
    let doc = k8sService.parse(text);
    const before = doc.run({}, {});
    doc = k8sService.parse(`# one more line\n${text}`, doc);
    const after = doc.run({}, {});
    const down = (r: Range): Range => ({ start: { ...r.start, line: r.start.line + 1 }, end: { ...r.end, line: r.end.line + 1 } });
    expect(after.findings.map((f) => f.range)).toEqual(before.findings.map((f) => down(f.range)));
  });
});
