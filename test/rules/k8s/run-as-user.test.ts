import rule from '../../../server/src/languages/k8s/rules/run-as-user';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

k8sRuleTester(rule, {
  valid: [
    {
      name: 'non-zero users',
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          securityContext: {runAsUser: 1000}
          containers:
            - name: a
              securityContext: {runAsUser: 65532}
      `,
    },
    {
      name: 'baseline: root is allowed',
      settings: { options: { kubernetesProfile: 'baseline' } },
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          securityContext: {runAsUser: 0}
          containers: [{name: a}]
      `,
    },
    {
      name: 'user-namespaced pods may map root (hostUsers: false, v1.35+)',
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          hostUsers: false
          securityContext: {runAsUser: 0}
          containers: [{name: a}]
      `,
    },
    {
      name: 'a quoted "0" is not a number (the API server rejects the type)',
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          containers:
            - name: a
              securityContext: {runAsUser: "0"}
      `,
    },
  ],
  invalid: [
    {
      name: 'pod and container set root',
      code: dedent`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          template:
            spec:
              securityContext:
                runAsUser: 0  # postgres entrypoint drops to uid 999
                fsGroup: 999
              containers:
                - name: db
                  securityContext: {runAsUser: 0, runAsGroup: 0}
      `,
      errors: [
        {
          messageId: 'podRoot',
          range: [7, 8, 7, 20],
          message: 'The pod sets runAsUser: 0: its containers run as root unless they set another user. Pod Security "restricted" rejects it (check runAsUser).',
          suggestions: [
            { messageId: 'setUser', title: 'Set `runAsUser: 65532` (a non-root user)', output: dedent`
              apiVersion: apps/v1
              kind: StatefulSet
              metadata: {name: db}
              spec:
                template:
                  spec:
                    securityContext:
                      runAsUser: 65532  # postgres entrypoint drops to uid 999
                      fsGroup: 999
                    containers:
                      - name: db
                        securityContext: {runAsUser: 0, runAsGroup: 0}
            ` },
          ],
        },
        {
          messageId: 'containerRoot',
          range: [11, 28, 11, 40],
          message: 'Container "db" sets runAsUser: 0 and runs as root. Pod Security "restricted" rejects it (check runAsUser).',
          suggestions: [
            { messageId: 'setUser', title: 'Set `runAsUser: 65532` (a non-root user)', output: dedent`
              apiVersion: apps/v1
              kind: StatefulSet
              metadata: {name: db}
              spec:
                template:
                  spec:
                    securityContext:
                      runAsUser: 0  # postgres entrypoint drops to uid 999
                      fsGroup: 999
                    containers:
                      - name: db
                        securityContext: {runAsUser: 65532, runAsGroup: 0}
            ` },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'enforce-version v1.34 does not relax user-namespaced pods yet',
      code: dedent`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: apps
          labels:
            pod-security.kubernetes.io/enforce: restricted
            pod-security.kubernetes.io/enforce-version: v1.34
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
          namespace: apps
        spec:
          hostUsers: false
          ephemeralContainers:
            - name: debug
              securityContext:
                runAsUser: 0
      `,
      errors: [
        {
          messageId: 'containerRoot',
          range: [18, 8, 18, 20],
          message: 'Ephemeral container "debug" sets runAsUser: 0 and runs as root. Pod Security "restricted:v1.34" rejects it (check runAsUser).',
          suggestions: [
            { messageId: 'setUser', title: 'Set `runAsUser: 65532` (a non-root user)', output: dedent`
              apiVersion: v1
              kind: Namespace
              metadata:
                name: apps
                labels:
                  pod-security.kubernetes.io/enforce: restricted
                  pod-security.kubernetes.io/enforce-version: v1.34
              ---
              apiVersion: v1
              kind: Pod
              metadata:
                name: p
                namespace: apps
              spec:
                hostUsers: false
                ephemeralContainers:
                  - name: debug
                    securityContext:
                      runAsUser: 65532
            ` },
          ],
        },
      ],
      output: null,
    },
  ],
});
