/**
 * The CLI on Kubernetes manifests: `.yaml`/`.yml` files are walked, YAML that
 * holds no Kubernetes object (a GitHub workflow, Compose, Helm values) is left
 * out of every report, manifests are checked, the profile comes from
 * `.hardline.yaml`.
 */
import { describe, expect, it } from 'vitest';
import { cli, onlyRules, run, tree } from './helpers';

const PRIVILEGED = 'k8s/privileged';
const WORKFLOW = 'name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    container:\n      options: --privileged\n    steps:\n      - run: make\n';
const DEPLOYMENT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: app',
  '          image: nginx:1.27',
  '          securityContext:',
  '            privileged: true',
  '',
].join('\n');

describe('check on Kubernetes YAML', () => {
  it('reports the Deployment and nothing at all for the workflow, Compose file or config', () => {
    const dir = tree({
      '.hardline.yaml': onlyRules([PRIVILEGED]),
      '.github/workflows/ci.yml': WORKFLOW,
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    privileged: true\n',
      'deploy/web.yaml': DEPLOYMENT,
    });
    const out = run(['check', '--format', 'json'], dir);
    const report = JSON.parse(out.stdout);
    expect(report.files.map((f: { path: string }) => f.path)).toEqual(['deploy/web.yaml']);
    expect(report.files[0].findings.map((f: { ruleId: string; range: unknown }) => [f.ruleId, f.range])).toEqual([
      [PRIVILEGED, { start: { line: 11, character: 12 }, end: { line: 11, character: 28 } }],
    ]);
    expect(out.status).toBe(1);
  });

  it('the text report counts only the manifests', () => {
    const dir = tree({ '.hardline.yaml': onlyRules([PRIVILEGED]), 'ci.yml': WORKFLOW, 'web.yml': DEPLOYMENT });
    const out = cli(['check'], dir);
    expect(out.stdout).toContain('web.yml\n  12:13  warning  Container "app" runs privileged');
    expect(out.stdout).not.toContain('ci.yml');
    expect(out.stdout).toMatch(/1 problem \(0 errors, 1 warning, 0 info\) in 1 file; 0 fixable with --fix\n$/);
    expect(out.status).toBe(1);
  });

  it('a workflow alone: nothing to report, exit 0', () => {
    const dir = tree({ '.hardline.yaml': onlyRules([PRIVILEGED]), '.github/workflows/ci.yaml': WORKFLOW });
    const out = run(['check', '--format', 'json'], dir);
    expect(JSON.parse(out.stdout).files).toEqual([]);
    expect(out.status).toBe(0);
  });

  it('a YAML syntax error in a manifest is reported at its position', () => {
    const dir = tree({ '.hardline.yaml': onlyRules([PRIVILEGED]), 'pod.yaml': 'apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n' });
    const report = JSON.parse(run(['check', '--format', 'json'], dir).stdout);
    expect(report.files.map((f: { path: string }) => f.path)).toEqual(['pod.yaml']);
    expect(report.files[0].errors.map((p: { code: string }) => p.code)).toContain('parse-error');
  });

  it('a Helm template gets one information problem', () => {
    const dir = tree({
      '.hardline.yaml': onlyRules([PRIVILEGED]),
      'chart/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "app.fullname" . }}\n',
    });
    const report = JSON.parse(run(['check', '--format', 'json'], dir).stdout);
    expect(report.files[0].errors.map((p: { code: string; severity: string }) => [p.code, p.severity])).toEqual([['helm-template', 'info']]);
  });

  it('a manifest named on the command line is checked whatever its name; suppression annotations and comments work', () => {
    const annotated = DEPLOYMENT.replace('  name: web\n', '  name: web\n  annotations:\n    hardline.dev/ignore: k8s/privileged\n');
    const dir = tree({ '.hardline.yaml': onlyRules([PRIVILEGED]), 'web.yaml': annotated, 'b.yml': `# hardline-ignore-file k8s/privileged\n${DEPLOYMENT}` });
    const report = JSON.parse(run(['check', '--format', 'json', 'web.yaml', 'b.yml'], dir).stdout);
    expect(report.files.map((f: { findings: unknown[] }) => f.findings)).toEqual([[], []]);
  });
});
