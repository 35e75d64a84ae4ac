/**
 * The vendored Kubernetes corpus (test/corpus/k8s) against the hardening
 * rules beyond the Pod Security Standards and the combined "restricted
 * securityContext" actions:
 *
 * - every suggestion of those rules, applied alone to every manifest, yields
 *   YAML that parses (yaml's `parseAllDocuments(...).map(d => d.toJS())`) to
 *   the same objects plus exactly the intended fields, with the intended
 *   values, and makes its finding go away;
 * - every "Apply restricted securityContext" action (per container, per file,
 *   with and without the /tmp emptyDir) changes only securityContext, volumes
 *   and volumeMounts, re-parses cleanly and leaves no restricted-profile
 *   finding where it applies;
 * - the safe fixes of all Kubernetes rules ("Fix all") re-parse to the same
 *   objects plus their fields;
 * - the 25,000-line kube-prometheus dashboard list checks quickly (the figure is printed).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixAll } from '../../../server/src/engine/fixes';
import { applyEdits, rangeContains } from '../../../server/src/engine/positions';
import { languages } from '../../../server/src/engine/registry';
import { runRules } from '../../../server/src/engine/run';
import type { Finding } from '../../../server/src/engine/types';
import { parseK8s } from '../../../server/src/languages/k8s/model';
import { allPodSpecs } from '../../../server/src/languages/k8s/podspec';
import { restrictedActions } from '../../../server/src/languages/k8s/restricted';
import { k8sService } from '../../../server/src/languages/k8s/service';
import { asScalar, getPath } from '../../../server/src/languages/k8s/yamlNodes';
import { parsedObjects } from '../../support/yamlDiff';

const dir = join(__dirname, '../../corpus/k8s');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
const { language, rules } = languages.k8s;

const HARDENING = [
  'k8s/automount-service-account-token',
  'k8s/container-runtime-socket',
  'k8s/cpu-limit',
  'k8s/memory-limit',
  'k8s/no-latest-tag',
  'k8s/pin-digest',
  'k8s/read-only-root-filesystem',
  'k8s/secret-in-env',
];
const hardeningRules = rules.filter((r) => HARDENING.includes(r.meta.id));

/** The rules whose findings a complete restricted securityContext removes. */
const COVERED = rules.filter((r) =>
  [
    'k8s/allow-privilege-escalation',
    'k8s/capabilities-added',
    'k8s/capabilities-drop-all',
    'k8s/privileged',
    'k8s/read-only-root-filesystem',
    'k8s/run-as-non-root',
    'k8s/run-as-user',
    'k8s/seccomp-profile',
  ].includes(r.meta.id),
);

const S = '\u241f'; // path separator no key contains

/** Every leaf (scalar, empty collection) of the parsed documents, by path. */
function leaves(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      if (value.length === 0) out.set(path, '[]');
      value.forEach((v, i) => walk(v, `${path}${S}${i}`));
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length === 0) out.set(path, '{}');
      for (const [k, v] of entries) walk(v, `${path}${S}${k}`);
    } else out.set(path, JSON.stringify(value));
  };
  parsedObjects(text).forEach((d, i) => walk(d, `doc${i}`));
  return out;
}

interface LeafChange {
  path: string;
  before?: string;
  after?: string;
}

function leafChanges(before: Map<string, string>, after: Map<string, string>): LeafChange[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort().map((path) => ({ path, before: before.get(path), after: after.get(path) }));
}

const CONTAINER = `(?:${S}(?:containers|initContainers|ephemeralContainers)${S}\\d+)`;
/** A leaf that only disappears because a value was filled in (`key:` null, `{}`, `[]`). */
const placeholder = (c: LeafChange) => c.after === undefined && ['null', '{}', '[]'].includes(c.before ?? '');

/**
 * What each suggestion must change, as [path pattern, new value] pairs (a
 * value of undefined: the leaf is removed); besides these, only placeholder
 * leaves of the parents may disappear. `request` is the JSON of the request
 * the limit copies.
 */
function expectedChanges(messageId: string, ruleId: string, request?: string): [RegExp, string | undefined | RegExp][] | undefined {
  switch (`${ruleId}/${messageId}`) {
    case 'k8s/read-only-root-filesystem/setTrue':
      return [[new RegExp(`${CONTAINER}${S}securityContext${S}readOnlyRootFilesystem$`), 'true']];
    case 'k8s/read-only-root-filesystem/setTrueWithTmp':
      return [
        [new RegExp(`${CONTAINER}${S}securityContext${S}readOnlyRootFilesystem$`), 'true'],
        [new RegExp(`${CONTAINER}${S}volumeMounts${S}\\d+${S}name$`), /^"tmp(-\d+)?"$/],
        [new RegExp(`${CONTAINER}${S}volumeMounts${S}\\d+${S}mountPath$`), '"/tmp"'],
        [new RegExp(`${S}volumes${S}\\d+${S}name$`), /^"tmp(-\d+)?"$/],
        [new RegExp(`${S}volumes${S}\\d+${S}emptyDir$`), '{}'],
      ];
    case 'k8s/automount-service-account-token/setPod':
      return [[new RegExp(`${S}spec${S}automountServiceAccountToken$`), 'false']];
    case 'k8s/automount-service-account-token/setAccount':
      return [[new RegExp(`^doc\\d+(${S}items${S}\\d+)?${S}automountServiceAccountToken$`), 'false']];
    case 'k8s/secret-in-env/useSecretRef':
    case 'k8s/secret-in-env/useExistingSecretRef':
      return [
        [new RegExp(`${CONTAINER}${S}env${S}\\d+${S}value$`), undefined],
        [new RegExp(`${CONTAINER}${S}env${S}\\d+${S}valueFrom${S}secretKeyRef${S}name$`), /^".+"$/],
        [new RegExp(`${CONTAINER}${S}env${S}\\d+${S}valueFrom${S}secretKeyRef${S}key$`), /^".+"$/],
      ];
    case 'k8s/cpu-limit/setToRequest':
      return [[new RegExp(`${CONTAINER}${S}resources${S}limits${S}cpu$`), request]];
    case 'k8s/memory-limit/setToRequest':
      return [[new RegExp(`${CONTAINER}${S}resources${S}limits${S}memory$`), request]];
    default:
      return undefined;
  }
}

/** The JSON of the request a limit suggestion copies, read from the finding's container. */
function requestOf(text: string, f: Finding, resource: 'cpu' | 'memory'): string | undefined {
  const model = parseK8s(text);
  for (const pod of allPodSpecs(model)) {
    for (const c of pod.containers) {
      if (!rangeContains(c.range, f.range) && !rangeContains(f.range, c.nameRange)) continue;
      const request = asScalar(getPath(c.node, ['resources', 'requests', resource]))?.value;
      if (request !== undefined && request !== null) return JSON.stringify(request);
    }
  }
  return undefined;
}

const figures = { suggestions: 0, manifestsWithSuggestions: 0, restricted: 0, manifestsWithRestricted: 0, safeFixes: 0, bigFileMs: [] as number[] };

afterAll(() => {
  const ms = [...figures.bigFileMs].sort((a, b) => a - b);
  console.log(
    [
      `Kubernetes corpus, ${files.length} manifests:`,
      `  hardening suggestions applied: ${figures.suggestions} in ${figures.manifestsWithSuggestions} manifests`,
      `  restricted securityContext actions applied: ${figures.restricted} in ${figures.manifestsWithRestricted} manifests`,
      `  safe fixes applied (fix all): ${figures.safeFixes}`,
      ms.length > 0
        ? `  grafana-dashboardDefinitions.yaml (25,129 lines, 1.05 MB): parse + all rules ${ms[0].toFixed(0)} ms best, ${ms[Math.floor(ms.length / 2)].toFixed(0)} ms median of ${ms.length}`
        : '',
    ].join('\n'),
  );
});

describe('Kubernetes corpus: hardening rules and combined fixes', () => {
  it('has the vendored manifests', () => {
    expect(files.length).toBe(183);
  });

  it('every suggestion of the hardening rules changes exactly its fields, with the intended values, and removes its finding', () => {
    const failures: string[] = [];
    for (const name of files) {
      const text = readFileSync(join(dir, name), 'utf8');
      const model = language.parse(text);
      const problemsBefore = model.problems.length;
      const before = leaves(text);
      const { findings, problems } = runRules(language, model, hardeningRules, {}, {});
      for (const p of problems.filter((x) => x.code === 'internal-error')) failures.push(`${name}: ${p.message}`);
      let appliedHere = 0;
      for (const f of findings) {
        for (const s of f.suggestions) {
          const where = `${name} ${f.ruleId} ${f.range.start.line + 1}:${f.range.start.character + 1} "${s.title}"`;
          const edits = s.fix();
          if (!edits) {
            failures.push(`${where}: offered but declined`);
            continue;
          }
          figures.suggestions++;
          appliedHere++;
          const output = applyEdits(text, edits);
          const reparsed = language.parse(output);
          if (reparsed.problems.length > problemsBefore) {
            failures.push(`${where}: new YAML problems: ${reparsed.problems.map((p) => p.message).join('; ')}`);
            continue;
          }
          const resource = f.ruleId === 'k8s/cpu-limit' ? 'cpu' : 'memory';
          const spec = expectedChanges(s.messageId, f.ruleId, f.ruleId.endsWith('-limit') ? requestOf(text, f, resource) : undefined);
          if (!spec) {
            failures.push(`${where}: no expected change listed for ${s.messageId}`);
            continue;
          }
          const changes = leafChanges(before, leaves(output));
          const unmatched = [...spec];
          for (const c of changes) {
            if (placeholder(c)) continue;
            const i = unmatched.findIndex(([re, value]) => re.test(c.path) && (value instanceof RegExp ? value.test(c.after ?? '') : value === c.after));
            if (i < 0) failures.push(`${where}: unexpected change at ${c.path.split(S).join('.')}: ${c.before} → ${c.after}`);
            else unmatched.splice(i, 1);
          }
          if (unmatched.length > 0) failures.push(`${where}: missing change ${unmatched.map(([re, v]) => `${re.source} = ${String(v)}`).join(', ')}`);
          const docs = new Set(changes.map((c) => c.path.split(S)[0]));
          if (docs.size > 1) failures.push(`${where}: changed several documents`);
          const rule = hardeningRules.find((r) => r.meta.id === f.ruleId)!;
          const left = runRules(language, reparsed, [rule], {}, {}).findings;
          if (left.length >= findings.filter((x) => x.ruleId === f.ruleId).length) failures.push(`${where}: the finding is still there`);
        }
      }
      if (appliedHere > 0) figures.manifestsWithSuggestions++;
    }
    expect(failures).toEqual([]);
    expect(figures.suggestions).toBeGreaterThan(300);
  }, 300_000);

  it('every restricted securityContext action changes only securityContext / volumes / volumeMounts and removes the restricted findings where it applies', () => {
    const failures: string[] = [];
    const allowed = new RegExp(`${S}(securityContext|volumes|volumeMounts)(${S}|$)`);
    for (const name of files) {
      const text = readFileSync(join(dir, name), 'utf8');
      const model = parseK8s(text);
      const pods = allPodSpecs(model).filter((p) => p.object.document.ok);
      if (pods.length === 0) continue;
      const before = leaves(text);
      const coveredBefore = runRules(language, model, COVERED, {}, {}).findings;
      const seen = new Set<string>();
      let appliedHere = 0;
      for (const pod of pods) {
        for (const container of pod.containers) {
          for (const action of restrictedActions(model, container.node.range![0])) {
            if (seen.has(action.title)) continue; // the file-wide ones come once per file
            seen.add(action.title);
            const where = `${name} "${action.title}"`;
            figures.restricted++;
            appliedHere++;
            const output = applyEdits(text, action.edits);
            const reparsed = parseK8s(output);
            if (reparsed.problems.length > model.problems.length) {
              failures.push(`${where}: new YAML problems: ${reparsed.problems.map((p) => p.message).join('; ')}`);
              continue;
            }
            const changes = leafChanges(before, leaves(output));
            if (changes.length === 0) failures.push(`${where}: changed nothing`);
            for (const c of changes.filter((x) => !allowed.test(x.path))) failures.push(`${where}: unexpected change at ${c.path.split(S).join('.')}`);
            // Nothing removed but placeholders, added capabilities other than NET_BIND_SERVICE and the values it sets.
            for (const c of changes.filter((x) => x.after === undefined && !placeholder(x))) {
              if (!new RegExp(`${S}capabilities${S}add${S}\\d+$`).test(c.path) || c.before === '"NET_BIND_SERVICE"') {
                failures.push(`${where}: removed ${c.path.split(S).join('.')} (${c.before})`);
              }
            }
            const left = runRules(language, reparsed, COVERED, {}, {}).findings;
            if (action.title.includes('all containers')) {
              // Windows pods are left alone, so their findings may stay.
              const windowsRanges = allPodSpecs(reparsed).filter((p) => p.windows).map((p) => p.object.range);
              const stray = left.filter((f) => !windowsRanges.some((r) => rangeContains(r, f.range)));
              if (stray.length > 0) failures.push(`${where}: findings left: ${stray.map((f) => `${f.ruleId}@${f.range.start.line + 1}`).join(', ')}`);
            } else if (left.length >= coveredBefore.length) failures.push(`${where}: no restricted finding went away`);
          }
        }
      }
      if (appliedHere > 0) figures.manifestsWithRestricted++;
    }
    expect(failures).toEqual([]);
    expect(figures.restricted).toBeGreaterThan(200);
  }, 300_000);

  it('the safe fixes of every Kubernetes rule ("Fix all") keep the objects apart from their fields', () => {
    const failures: string[] = [];
    for (const name of files) {
      const text = readFileSync(join(dir, name), 'utf8');
      const result = fixAll(language, text, rules, {}, {});
      figures.safeFixes += result.fixed;
      if (result.output === text) continue;
      if (language.parse(result.output).problems.length > language.parse(text).problems.length) failures.push(`${name}: fix all introduced YAML problems`);
      if (parsedObjects(result.output).length !== parsedObjects(text).length) failures.push(`${name}: fix all changed the number of documents`);
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('checks the 25,000-line dashboard list (1 MB, one ConfigMapList) without a noticeable pause', () => {
    const text = readFileSync(join(dir, 'prometheus-operator__kube-prometheus__manifests__grafana-dashboardDefinitions.yaml'), 'utf8');
    expect(text.split('\n').length).toBeGreaterThan(25_000);
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const doc = k8sService.parse(text);
      const result = doc.run({}, {});
      figures.bigFileMs.push(performance.now() - t0);
      expect(doc.relevant).toBe(true);
      expect(result.problems.filter((p) => p.severity !== 'info')).toEqual([]);
    }
    // A generous bound for a shared CI machine; the figure itself is printed above.
    expect(Math.min(...figures.bigFileMs)).toBeLessThan(1500);
  }, 60_000);
});
