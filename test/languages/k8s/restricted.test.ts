/**
 * "Apply restricted securityContext to …": the refactorings of the
 * Kubernetes language service. Exact text for representative files (block
 * and flow style, comments, partly present fields, a CronJob, several
 * documents, CRLF, 4-space indentation); for every action the re-parsed
 * objects differ from the original only in the intended fields, and the
 * restricted-profile findings of the containers it covers are gone.
 */
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../server/src/engine/positions';
import { runRules } from '../../../server/src/engine/run';
import { k8sLanguage } from '../../../server/src/languages/k8s/language';
import { parseK8s } from '../../../server/src/languages/k8s/model';
import { restrictedActions } from '../../../server/src/languages/k8s/restricted';
import { k8sService, sortedK8sRules } from '../../../server/src/languages/k8s/service';
import { dedent, reindent } from '../../support/k8sRuleTester';
import { yamlChanges } from '../../support/yamlDiff';

/** The rules whose findings a complete restricted securityContext removes. */
const COVERED = new Set([
  'k8s/allow-privilege-escalation',
  'k8s/capabilities-added',
  'k8s/capabilities-drop-all',
  'k8s/privileged',
  'k8s/read-only-root-filesystem',
  'k8s/run-as-non-root',
  'k8s/run-as-user',
  'k8s/seccomp-profile',
]);

function covered(text: string): string[] {
  const { findings } = runRules(k8sLanguage, k8sLanguage.parse(text), sortedK8sRules.filter((r) => COVERED.has(r.meta.id)), {}, {});
  return findings.map((f) => `${f.ruleId} ${f.range.start.line}:${f.range.start.character}`);
}

function actionsAt(text: string, needle: string) {
  const offset = text.indexOf(needle);
  expect(offset, needle).toBeGreaterThanOrEqual(0);
  return restrictedActions(parseK8s(text), offset);
}

function apply(text: string, needle: string, title: string): string {
  const action = actionsAt(text, needle).find((a) => a.title === title);
  expect(action, `${title} at ${needle}`).toBeDefined();
  return applyEdits(text, action!.edits);
}

/** Every change is under one of the allowed path patterns. */
function expectOnly(before: string, after: string, allowed: RegExp[]) {
  const unexpected = yamlChanges(before, after).filter((c) => !allowed.some((re) => re.test(c.path)));
  expect(unexpected).toEqual([]);
}

const RS1 = dedent`
  apiVersion: v1
  kind: Namespace
  metadata:
    name: shop
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
    namespace: shop
  spec:
    template:
      spec:
        containers:
          - name: app
            image: example/web:1.2
            securityContext:
              # the app drops NET_RAW itself
              capabilities: {drop: [NET_RAW]}
              allowPrivilegeEscalation: true
          - name: metrics
            image: gcr.io/distroless/static-debian12:nonroot
  ---
  apiVersion: batch/v1
  kind: CronJob
  metadata: {name: nightly, namespace: shop}
  spec:
    schedule: "0 3 * * *"
    jobTemplate:
      spec:
        template:
          spec:
            securityContext: {seccompProfile: {type: Unconfined}}
            containers:
              - {name: job, image: "busybox:1.36", securityContext: {runAsUser: 0}}
`;

const RS3 = dedent`
  apiVersion: v1
  kind: Pod
  metadata:
    name: tools
  spec:
    securityContext:
      runAsNonRoot: false
    containers:
      - name: net
        image: nicolaka/netshoot:v0.13
        securityContext:
          privileged: true
          capabilities:
            add:
              - NET_ADMIN
              - SYS_PTRACE
        volumeMounts:
          - name: tmp
            mountPath: /tmp
    volumes:
      - name: tmp
        emptyDir: {}
`;

describe('restricted securityContext actions', () => {
  it('offers the container, container + /tmp, file and file + /tmp actions inside a container', () => {
    expect(actionsAt(RS1, 'name: app').map((a) => a.title)).toEqual([
      'Apply restricted securityContext to container "app"',
      'Apply restricted securityContext to container "app" and mount an emptyDir at /tmp',
      'Apply restricted securityContext to all containers in this file',
      'Apply restricted securityContext to all containers in this file and mount an emptyDir at /tmp',
    ]);
    // From the `- ` of the item on; outside a workload nothing is offered.
    expect(actionsAt(RS1, '- name: app')[0].title).toBe('Apply restricted securityContext to container "app"');
    expect(actionsAt(RS1, 'kind: Namespace')).toEqual([]);
    // Inside a workload but not in a container: only the file actions.
    expect(actionsAt(RS1, 'namespace: shop\nspec').map((a) => a.title)).toEqual([
      'Apply restricted securityContext to all containers in this file',
      'Apply restricted securityContext to all containers in this file and mount an emptyDir at /tmp',
    ]);
  });

  it('completes a partly written container in place: flow list extended, true turned false, comment kept', () => {
    expect(apply(RS1, 'name: app', 'Apply restricted securityContext to container "app"')).toBe(dedent`
      apiVersion: v1
      kind: Namespace
      metadata:
        name: shop
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop
      spec:
        template:
          spec:
            containers:
              - name: app
                image: example/web:1.2
                securityContext:
                  # the app drops NET_RAW itself
                  capabilities: {drop: [NET_RAW, ALL]}
                  allowPrivilegeEscalation: false
                  runAsNonRoot: true
                  runAsUser: 65532
                  seccompProfile:
                    type: RuntimeDefault
                  readOnlyRootFilesystem: true
              - name: metrics
                image: gcr.io/distroless/static-debian12:nonroot
      ---
      apiVersion: batch/v1
      kind: CronJob
      metadata: {name: nightly, namespace: shop}
      spec:
        schedule: "0 3 * * *"
        jobTemplate:
          spec:
            template:
              spec:
                securityContext: {seccompProfile: {type: Unconfined}}
                containers:
                  - {name: job, image: "busybox:1.36", securityContext: {runAsUser: 0}}
    `);
  });

  it('for the whole file puts the inherited fields on each pod and fixes wrong container values (flow CronJob, distroless non-root image: no runAsUser needed for it)', () => {
    expect(apply(RS1, 'name: app', 'Apply restricted securityContext to all containers in this file')).toBe(dedent`
      apiVersion: v1
      kind: Namespace
      metadata:
        name: shop
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop
      spec:
        template:
          spec:
            containers:
              - name: app
                image: example/web:1.2
                securityContext:
                  # the app drops NET_RAW itself
                  capabilities: {drop: [NET_RAW, ALL]}
                  allowPrivilegeEscalation: false
                  readOnlyRootFilesystem: true
              - name: metrics
                image: gcr.io/distroless/static-debian12:nonroot
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities:
                    drop:
                      - ALL
                  readOnlyRootFilesystem: true
            securityContext:
              runAsNonRoot: true
              runAsUser: 65532
              seccompProfile:
                type: RuntimeDefault
      ---
      apiVersion: batch/v1
      kind: CronJob
      metadata: {name: nightly, namespace: shop}
      spec:
        schedule: "0 3 * * *"
        jobTemplate:
          spec:
            template:
              spec:
                securityContext: {seccompProfile: {type: RuntimeDefault}, runAsNonRoot: true}
                containers:
                  - {name: job, image: "busybox:1.36", securityContext: {runAsUser: 65532, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, readOnlyRootFilesystem: true}}
    `);
  });

  it('makes a privileged container restricted: privileged false, added capabilities (none of them NET_BIND_SERVICE) replaced by drop ALL, pod-level runAsNonRoot false overridden', () => {
    expect(apply(RS3, 'name: net', 'Apply restricted securityContext to container "net"')).toBe(dedent`
      apiVersion: v1
      kind: Pod
      metadata:
        name: tools
      spec:
        securityContext:
          runAsNonRoot: false
        containers:
          - name: net
            image: nicolaka/netshoot:v0.13
            securityContext:
              privileged: false
              capabilities:
                drop:
                  - ALL
              allowPrivilegeEscalation: false
              runAsNonRoot: true
              runAsUser: 65532
              seccompProfile:
                type: RuntimeDefault
              readOnlyRootFilesystem: true
            volumeMounts:
              - name: tmp
                mountPath: /tmp
        volumes:
          - name: tmp
            emptyDir: {}
    `);
    // It already mounts something at /tmp: no /tmp variant.
    expect(actionsAt(RS3, 'name: net').map((a) => a.title)).toEqual([
      'Apply restricted securityContext to container "net"',
      'Apply restricted securityContext to all containers in this file',
    ]);
  });

  it('offers nothing for a complete container or a Windows pod', () => {
    const done = dedent`
      apiVersion: v1
      kind: Pod
      metadata:
        name: done
      spec:
        containers:
          - name: app
            image: example/web:1.2
            securityContext:
              allowPrivilegeEscalation: false
              capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
              runAsNonRoot: true
              runAsUser: 10001
              seccompProfile: {type: Localhost, localhostProfile: profiles/app.json}
              readOnlyRootFilesystem: true
    `;
    expect(actionsAt(done, 'name: app').map((a) => a.title)).toEqual([]);
    const windows = dedent`
      apiVersion: v1
      kind: Pod
      metadata:
        name: iis
      spec:
        os: {name: windows}
        containers:
          - name: iis
            image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
    `;
    expect(actionsAt(windows, 'name: iis')).toEqual([]);
  });

  for (const [label, text] of [
    ['RS1', RS1],
    ['RS3', RS3],
  ] as const) {
    for (const variant of ['LF', 'CRLF', '4-space indent'] as const) {
      const code = variant === 'CRLF' ? text.replace(/\n/g, '\r\n') : variant === '4-space indent' ? reindent(text).text : text;
      it(`${label} [${variant}]: every action changes only securityContext / volumes / volumeMounts and leaves no restricted finding where it applies`, () => {
        const needle = label === 'RS1' ? 'name: app' : 'name: net';
        const actions = actionsAt(code, needle);
        expect(actions.length).toBeGreaterThan(1);
        for (const action of actions) {
          const out = applyEdits(code, action.edits);
          expect(k8sLanguage.problems(k8sLanguage.parse(out)), `${action.title}:\n${out}`).toEqual([]);
          expectOnly(code, out, [/\.securityContext(\.|$)/, /\.volumes(\[|$)/, /\.volumeMounts(\[|$)/]);
          const left = covered(out);
          if (action.title.includes('all containers')) expect(left, `${action.title}:\n${out}`).toEqual([]);
          else {
            const before = covered(code).length;
            expect(left.length, `${action.title}: findings of the container must go`).toBeLessThan(before);
          }
        }
        if (variant !== 'LF') {
          // The same text as on LF, transformed like the input.
          const lf = actionsAt(text, needle).map((a) => applyEdits(text, a.edits));
          const expected = lf.map((o) => (variant === 'CRLF' ? o.replace(/\n/g, '\r\n') : reindent(o).text));
          expect(actions.map((a) => applyEdits(code, a.edits))).toEqual(expected);
        }
      });
    }
  }

  it('is served by the Kubernetes language service as refactor.rewrite actions', () => {
    const doc = k8sService.parse(RS1);
    const offset = RS1.indexOf('name: app');
    const position = parseK8s(RS1).index.positionAt(offset);
    const refactorings = doc.refactorings!({ start: position, end: position }, true);
    expect(refactorings.map((r) => [r.kind, r.title])).toEqual(actionsAt(RS1, 'name: app').map((a) => ['refactor.rewrite', a.title]));
  });
});
