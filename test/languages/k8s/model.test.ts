import { describe, expect, it } from 'vitest';
import { k8sLanguage } from '../../../server/src/languages/k8s/language';
import { MAX_K8S_BYTES, parseK8s } from '../../../server/src/languages/k8s/model';
import { podSpecOf } from '../../../server/src/languages/k8s/podspec';
import { bool, get, int, str } from '../../../server/src/languages/k8s/yamlNodes';
import { dedent } from '../../support/ruleTester';

type Tuple = [number, number, number, number];
const t = (r: { start: { line: number; character: number }; end: { line: number; character: number } }): Tuple => [
  r.start.line,
  r.start.character,
  r.end.line,
  r.end.character,
];
const problems = (text: string) => parseK8s(text).problems.map((p) => `${p.severity} ${p.code} ${t(p.range).join(',')} ${p.message}`);

describe('Kubernetes model', () => {
  it('finds the objects of every document, with exact ranges', () => {
    const m = parseK8s('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\n# a comment\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n...\n---\nplain: yaml\n');
    expect(m.relevant).toBe(true);
    expect(m.problems).toEqual([]);
    expect(m.documents.length).toBe(3);
    expect(m.objects.map((o) => [o.apiVersion, o.kind, o.name, o.namespace, o.listItem, t(o.range)])).toEqual([
      ['v1', 'Namespace', 'shop', undefined, false, [0, 0, 4, 0]],
      ['apps/v1', 'Deployment', 'web', 'shop', false, [6, 0, 9, 0]],
    ]);
  });

  it('leaves other YAML alone: no objects, not relevant, no problems', () => {
    for (const text of [
      'name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n',
      'services:\n  web:\n    image: nginx\n',
      'replicaCount: 1\nimage:\n  repository: nginx\n',
      'kind: Deployment\n', // no apiVersion
      'apiVersion: 1\nkind: Pod\n', // apiVersion not a string
      '',
      '# only a comment\n',
      // template syntax of other tools
      'on: push\njobs:\n  build:\n    runs-on: ${{ matrix.os }}\n    steps:\n      - run: echo "${{ github.sha }}"\n',
      '- hosts: all\n  tasks:\n    - debug:\n        msg: "{{ inventory_hostname }}"\n    - set_fact: {x: {{ y }}}\n',
    ]) {
      const m = parseK8s(text);
      expect([m.relevant, m.objects.length, m.problems], text).toEqual([false, 0, []]);
    }
  });

  it('reads List items as objects (typed lists infer the item kind)', () => {
    const m = parseK8s(dedent`
      apiVersion: v1
      kind: List
      items:
        - apiVersion: v1
          kind: Service
          metadata: {name: a}
        - apiVersion: apps/v1
          kind: StatefulSet
          metadata: {name: b}
      ---
      apiVersion: v1
      kind: ConfigMapList
      items:
        - metadata: {name: dashboards}
          data: {}
    `);
    expect(m.objects.map((o) => [o.apiVersion, o.kind, o.name, o.listItem, t(o.range)])).toEqual([
      ['v1', 'Service', 'a', true, [3, 4, 6, 0]],
      ['apps/v1', 'StatefulSet', 'b', true, [6, 4, 9, 0]],
      ['v1', 'ConfigMap', 'dashboards', true, [13, 4, 15, 0]],
    ]);
  });

  it('reports a broken document at its position and keeps the others', () => {
    const text = dedent`
      apiVersion: v1
      kind: Pod
      metadata: {name: one}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: [two}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: three}
    `;
    const m = parseK8s(text);
    expect(m.objects.map((o) => o.name)).toEqual(['one', 'three']);
    expect(m.documents.map((d) => d.ok)).toEqual([true, false, true]);
    expect(m.problems.map((p) => [p.severity, p.code, t(p.range)])).toEqual([
      ['error', 'parse-error', [6, 21, 6, 22]],
      ['error', 'parse-error', [6, 22, 7, 0]],
    ]);
    expect(m.problems[0].message).toMatch(/^YAML: /);
  });

  it('a manifest that no longer parses still shows its error', () => {
    const m = parseK8s('apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n');
    expect(m.objects).toEqual([]);
    expect(m.relevant).toBe(true);
    expect(m.problems.length).toBeGreaterThan(0);
    expect(parseK8s('a: [\n').relevant).toBe(false);
  });

  it('converts offsets to UTF-16 columns and handles CRLF', () => {
    const m = parseK8s('apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: "😀é"\r\n  namespace: x\r\n');
    expect(m.eol).toBe('\r\n');
    const o = m.objects[0];
    expect(o.name).toBe('😀é');
    expect(t(o.range)).toEqual([0, 0, 5, 0]);
    const ns = (o.node.get('metadata') as { items: { value: { range: [number, number] } }[] }).items[1].value;
    expect(t(m.nodeRange(ns as never))).toEqual([4, 13, 4, 14]);
    const name = (o.node.get('metadata') as { items: { value: unknown }[] }).items[0].value;
    // "😀é" is 2 + 1 UTF-16 units plus quotes.
    expect(t(m.nodeRange(name as never))).toEqual([3, 8, 3, 13]);
  });

  it('resolves anchors, aliases and merge keys like the API server', () => {
    const m = parseK8s(dedent`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        template:
          spec:
            securityContext: &sc
              runAsNonRoot: yes
              runAsUser: 1000
            containers:
              - &app
                name: app
                securityContext:
                  <<: *sc
                  runAsUser: 2000
              - <<: *app
                name: sidecar
    `);
    const pod = podSpecOf(m, m.objects[0])!;
    expect(pod.containers.map((c) => [c.name, int(c.effective('runAsUser').node), bool(c.effective('runAsNonRoot').node), c.effective('runAsNonRoot').from])).toEqual([
      ['app', 2000, true, 'container'],
      ['sidecar', 2000, true, 'container'],
    ]);
    // The anchored maps are shared: editing inside them would change every alias.
    const scStart = m.text.indexOf('runAsNonRoot');
    expect(m.isShared(scStart)).toBe(true);
    expect(m.isShared(m.text.indexOf('name: sidecar'))).toBe(false);
  });

  it('extracts the pod spec of every workload kind, with API-server inheritance', () => {
    const wrap = (kind: string, apiVersion: string, path: string[]) => {
      const spec = 'securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\ncontainers:\n  - name: app\n    securityContext: {runAsNonRoot: false}\ninitContainers:\n  - name: init\nephemeralContainers:\n  - name: dbg\n';
      let body = spec;
      for (let i = path.length - 1; i >= 0; i--) body = `${path[i]}:\n${body.replace(/^/gm, '  ')}`;
      return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}\n${body}`;
    };
    const cases: [string, string, string[]][] = [
      ['Pod', 'v1', ['spec']],
      ['Deployment', 'apps/v1', ['spec', 'template', 'spec']],
      ['ReplicaSet', 'apps/v1', ['spec', 'template', 'spec']],
      ['StatefulSet', 'apps/v1', ['spec', 'template', 'spec']],
      ['DaemonSet', 'apps/v1', ['spec', 'template', 'spec']],
      ['Job', 'batch/v1', ['spec', 'template', 'spec']],
      ['CronJob', 'batch/v1', ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
      ['ReplicationController', 'v1', ['spec', 'template', 'spec']],
      ['PodTemplate', 'v1', ['template', 'spec']],
    ];
    for (const [kind, apiVersion, path] of cases) {
      const m = parseK8s(wrap(kind, apiVersion, path));
      const pod = podSpecOf(m, m.objects[0]);
      expect(pod?.path, kind).toBe(path.join('.'));
      expect(
        pod!.containers.map((c) => [c.kind, c.name, bool(c.effective('runAsNonRoot').node), c.effective('runAsNonRoot').from, str(get(c.effective('seccompProfile').node, 'type'))]),
        kind,
      ).toEqual([
        ['initContainers', 'init', true, 'pod', 'RuntimeDefault'],
        ['containers', 'app', false, 'container', 'RuntimeDefault'],
        ['ephemeralContainers', 'dbg', true, 'pod', 'RuntimeDefault'],
      ]);
    }
    // Not inherited: privileged, allowPrivilegeEscalation, capabilities.
    const m = parseK8s('apiVersion: v1\nkind: Pod\nspec:\n  securityContext: {allowPrivilegeEscalation: false}\n  containers: [{name: a}]\n');
    expect(podSpecOf(m, m.objects[0])!.containers[0].effective('allowPrivilegeEscalation')).toEqual({ from: 'unset' });
  });

  it('workload kinds of other API groups, and objects without pod templates, have no pod spec', () => {
    const m = parseK8s('apiVersion: serving.knative.dev/v1\nkind: Deployment\nspec: {template: {spec: {containers: [{name: a}]}}}\n---\napiVersion: v1\nkind: Service\nspec: {}\n');
    expect(m.objects.map((o) => podSpecOf(m, o))).toEqual([undefined, undefined]);
  });

  it('a volume with no source is an emptyDir (API defaulting)', () => {
    const m = parseK8s('apiVersion: v1\nkind: Pod\nspec:\n  volumes:\n    - name: scratch\n    - name: host\n      hostPath: {path: /var/run}\n    - {name: cfg, configMap: {name: c}}\n');
    expect(podSpecOf(m, m.objects[0])!.volumes.map((v) => [v.name, v.type, t(v.range)])).toEqual([
      ['scratch', 'emptyDir', [4, 6, 5, 0]],
      ['host', 'hostPath', [5, 6, 7, 0]],
      ['cfg', 'configMap', [7, 6, 7, 39]],
    ]);
  });

  it('comments annotate the node that follows, or the node their line starts', () => {
    const m = parseK8s(dedent`
      # hardline-ignore k8s/a
      apiVersion: v1
      kind: Pod
      spec:
        containers:
          # above a container
          - name: app
            securityContext:
              # above a pair
              privileged: true
              runAsUser: 0  # trailing
    `);
    const comments = k8sLanguage.comments(m).map((c) => [c.text, t(c.range), c.target && t(c.target), c.header]);
    expect(comments).toEqual([
      ['hardline-ignore k8s/a', [0, 0, 0, 23], [1, 0, 11, 0], true],
      ['above a container', [5, 4, 5, 23], [6, 6, 11, 0], false],
      ['above a pair', [8, 8, 8, 22], [9, 8, 9, 24], false],
      ['trailing', [10, 22, 10, 32], [10, 8, 10, 20], false],
    ]);
  });

  it('hardline.dev/ignore annotations act as a suppression comment on their object', () => {
    const m = parseK8s('apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    hardline.dev/ignore: "k8s/a, k8s/b"\nspec: {}\n');
    expect(k8sLanguage.comments(m).map((c) => [c.text, t(c.range), c.target && t(c.target)])).toEqual([
      ['hardline-ignore k8s/a,k8s/b', [4, 25, 4, 39], [0, 0, 6, 0]],
    ]);
  });

  it('skips Helm templates with one information problem', () => {
    for (const text of [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "app.fullname" . }}\nspec:\n  replicas: {{ .Values.replicas }}\n',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - image: "{{ .Values.image.repository }}:{{ .Chart.AppVersion }}"\n',
      '{{- if .Values.enabled }}\napiVersion: v1\nkind: Service\n{{- end }}\n',
    ]) {
      const m = parseK8s(text);
      expect(m.helm, text).toBe(true);
      expect(m.relevant).toBe(true);
      expect(m.objects).toEqual([]);
      expect(m.problems.map((p) => [p.severity, p.code])).toEqual([['info', 'helm-template']]);
    }
    expect(problems('{{- if .Values.enabled }}\napiVersion: v1\nkind: Service\n{{- end }}\n')).toEqual([
      'info helm-template 0,0,0,2 This file is a Helm template ({{ … }} actions); Hardline checks rendered manifests: run `helm template` and check its output.',
    ]);
  });

  it('template text inside strings of a real manifest is not Helm (Grafana legends, Prometheus alerts)', () => {
    const m = parseK8s(dedent`
      apiVersion: monitoring.coreos.com/v1
      kind: PrometheusRule
      metadata: {name: rules}
      spec:
        groups:
          - rules:
              - alert: Down
                annotations:
                  description: "{{ $labels.instance }} has been down for {{ $value }}"
                  summary: |
                    {{ $labels.job }} is down
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: dash}
      data:
        dash.json: '{"legendFormat": "{{pod}}"}'
    `);
    expect([m.helm, m.objects.length, m.problems]).toEqual([false, 2, []]);
  });

  it('refuses an alias bomb quickly, and checks the other documents', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const bomb = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${levels.map((l) => `  ${l}`).join('\n')}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: fine}\n`;
    const start = performance.now();
    const m = parseK8s(bomb);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(m.objects.map((o) => o.name)).toEqual(['fine']);
    expect(m.problems.map((p) => [p.severity, p.code, t(p.range)])).toEqual([['warning', 'alias-limit', [0, 0, 1, 0]]]);
  });

  it('refuses oversized and absurdly nested input with one clear problem', () => {
    const big = 'apiVersion: v1\nkind: ConfigMap\ndata:\n' + `  x: "${'a'.repeat(MAX_K8S_BYTES)}"\n`;
    const start = performance.now();
    expect(problems(big)).toEqual(['warning file-too-large 0,0,0,0 This file is 5.0 MB; Hardline checks YAML files up to 5 MB.']);
    expect(parseK8s(big).relevant).toBe(true);
    const deep = 'apiVersion: v1\nkind: ConfigMap\ndata: ' + '['.repeat(100_000) + '\n';
    expect(problems(deep)).toEqual(['warning file-too-complex 0,0,0,0 This file nests collections more than 500 levels deep; it is not checked.']);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
