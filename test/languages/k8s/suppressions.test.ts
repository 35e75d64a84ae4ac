/**
 * Suppressions in Kubernetes manifests: `# hardline-ignore` comments as in
 * Dockerfiles (next node, trailing, whole file), the `hardline.dev/ignore`
 * annotation, and the annotations of kube-linter
 * (`ignore-check.kube-linter.io/<check>`, `kube-linter.io/ignore-all`) and
 * Polaris (`polaris.fairwinds.com/<check>-exempt`, `polaris.fairwinds.com/exempt`),
 * honoured through the rules' aliases for their object only.
 */
import { describe, expect, it } from 'vitest';
import { rangeContains } from '../../../server/src/engine/positions';
import { parseK8s } from '../../../server/src/languages/k8s/model';
import { k8sService } from '../../../server/src/languages/k8s/service';
import { dedent } from '../../support/k8sRuleTester';

const ONLY = [
  'k8s/no-latest-tag',
  'k8s/pin-digest',
  'k8s/read-only-root-filesystem',
  'k8s/memory-limit',
  'k8s/container-runtime-socket',
];

/** `ruleId@object` of the findings of a few rules, sorted. */
function findings(text: string): string[] {
  const rules = Object.fromEntries(
    ['k8s/no-latest-tag', 'k8s/pin-digest', 'k8s/read-only-root-filesystem', 'k8s/memory-limit', 'k8s/container-runtime-socket'].map((id) => [id, 'warning' as const]),
  );
  const doc = k8sService.parse(text);
  const { findings: all } = doc.run({ rules: rules }, {});
  const objects = parseK8s(text).objects;
  return all
    .filter((f) => ONLY.includes(f.ruleId))
    .map((f) => `${f.ruleId}@${objects.find((o) => rangeContains(o.range, f.range))?.name ?? '?'}`)
    .sort();
}

function problems(text: string): string[] {
  return k8sService.parse(text).run({}, {}).problems.map((p) => `${p.code}@${p.range.start.line}`);
}

const deployment = (name: string, objectAnnotations: string, templateAnnotations = '') =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    objectAnnotations,
    'spec:',
    '  template:',
    templateAnnotations,
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: nginx:latest',
    '          resources:',
    '            limits: {cpu: 100m}',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n') + '\n';

/** `annotations:` with its lines under an object's `metadata:` (indent 4), or a pod template's `metadata:` with them (indent 8). */
const annotations = (indent: number, lines: string[]) =>
  [...(indent === 8 ? ['    metadata:'] : []), `${' '.repeat(indent - 2)}annotations:`, ...lines.map((l) => `${' '.repeat(indent)}${l}`)].join('\n');

const plain = ['k8s/memory-limit@web', 'k8s/no-latest-tag@web', 'k8s/pin-digest@web', 'k8s/read-only-root-filesystem@web'];

describe('Kubernetes suppressions', () => {
  it('reports the plain Deployment (the baseline of the cases below)', () => {
    expect(findings(deployment('web', ''))).toEqual(plain);
  });

  it('kube-linter ignore-check annotations silence the aliased rules of that object only', () => {
    const text = `${deployment('web', annotations(4, ['ignore-check.kube-linter.io/latest-tag: "pinned by the release job"', 'ignore-check.kube-linter.io/no-read-only-root-fs: legacy']))}---\n${deployment('api', '')}`;
    expect(findings(text)).toEqual([
      'k8s/memory-limit@api',
      'k8s/memory-limit@web',
      'k8s/no-latest-tag@api',
      'k8s/pin-digest@api',
      'k8s/pin-digest@web',
      'k8s/read-only-root-filesystem@api',
    ]);
  });

  it('kube-linter.io/ignore-all silences every rule with a kube-linter alias, not the others', () => {
    const result = findings(deployment('web', annotations(4, ['kube-linter.io/ignore-all: "vendor chart"'])));
    // pin-digest and memory-limit have no kube-linter alias.
    expect(result).toEqual(['k8s/memory-limit@web', 'k8s/pin-digest@web']);
  });

  it('Polaris exemptions need the value "true"; the per-check and the global one', () => {
    expect(findings(deployment('web', annotations(4, ['polaris.fairwinds.com/tagNotSpecified-exempt: "true"'])))).toEqual([
      'k8s/memory-limit@web',
      'k8s/pin-digest@web',
      'k8s/read-only-root-filesystem@web',
    ]);
    expect(findings(deployment('web', annotations(4, ['polaris.fairwinds.com/tagNotSpecified-exempt: "false"'])))).toEqual(plain);
    // memoryLimitsMissing, notReadOnlyRootFilesystem and tagNotSpecified are Polaris checks; pin-digest has no Polaris alias.
    expect(findings(deployment('web', annotations(4, ['polaris.fairwinds.com/exempt: "TRUE"'])))).toEqual(['k8s/pin-digest@web']);
  });

  it('annotations on the pod template count too', () => {
    const text = deployment('web', '', annotations(8, ['polaris.fairwinds.com/memoryLimitsMissing-exempt: "true"']));
    expect(findings(text).filter((f) => f.startsWith('k8s/memory-limit'))).toEqual([]);
  });

  it('hardline.dev/ignore lists Hardline ids', () => {
    const result = findings(deployment('web', annotations(4, ['hardline.dev/ignore: k8s/pin-digest,k8s/memory-limit'])));
    expect(result).toEqual(['k8s/no-latest-tag@web', 'k8s/read-only-root-filesystem@web']);
  });

  it('# hardline-ignore on its own line covers the next node (a whole container), trailing covers its line, -file the file', () => {
    const text = dedent`
      apiVersion: v1
      kind: Pod
      metadata:
        name: two
      spec:
        containers:
          # hardline-ignore k8s/no-latest-tag,k8s/pin-digest -- a throwaway debug container
          - name: debug
            image: busybox
          - name: app
            image: nginx:latest # hardline-ignore k8s/no-latest-tag
          - name: side
            image: nginx:latest
    `;
    const lines = k8sService
      .parse(text)
      .run({}, {})
      .findings.filter((f) => /latest|pin/.test(f.ruleId))
      .map((f) => `${f.ruleId}@${f.range.start.line}`);
    expect(lines).toEqual(['k8s/pin-digest@10', 'k8s/pin-digest@12', 'k8s/no-latest-tag@12']);
    expect(findings(`# hardline-ignore-file k8s/pin-digest\n${text}`).filter((f) => f.startsWith('k8s/pin-digest'))).toEqual([]);
  });

  it('an unknown id in a hardline-ignore comment is a problem; foreign annotation ids are not checked', () => {
    const text = dedent`
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        annotations:
          ignore-check.kube-linter.io/some-future-check: "x"
      spec:
        # hardline-ignore k8s/no-such-rule
        containers:
          - name: app
            image: nginx:1.27
    `;
    expect(problems(text)).toEqual(['unknown-rule@7']);
  });
});
