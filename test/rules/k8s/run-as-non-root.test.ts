import rule from '../../../server/src/languages/k8s/rules/run-as-non-root';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

k8sRuleTester(rule, {
  valid: [
    {
      name: 'pod-level true is inherited by every container',
      code: dedent`
        apiVersion: apps/v1
        kind: StatefulSet
        spec:
          template:
            spec:
              securityContext:
                runAsNonRoot: true
              initContainers: [{name: init}]
              containers: [{name: app}, {name: sidecar}]
      `,
    },
    {
      name: 'each container sets it',
      code: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      securityContext: {runAsNonRoot: true}\n',
    },
    {
      name: 'user-namespaced pods are exempt (hostUsers: false, v1.35+)',
      code: 'apiVersion: v1\nkind: Pod\nspec:\n  hostUsers: false\n  containers:\n    - name: a\n',
    },
    {
      name: 'baseline: not checked',
      settings: { options: { kubernetesProfile: 'baseline' } },
      code: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n',
    },
    {
      name: 'a ReplicaSet template wrapped in a List, set through a YAML anchor',
      code: dedent`
        apiVersion: v1
        kind: List
        items:
          - apiVersion: apps/v1
            kind: ReplicaSet
            spec:
              template:
                spec:
                  securityContext: &nonroot {runAsNonRoot: true}
                  containers: [{name: a, securityContext: *nonroot}]
      `,
    },
  ],
  invalid: [
    {
      name: 'nothing set: suggest the pod level (creating securityContext) or the container',
      code: dedent`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          template:
            spec:
              containers:
                - name: api
                  image: example/api:1.0
      `,
      errors: [
        {
          messageId: 'missing',
          range: [8, 16, 8, 19],
          message:
            'Container "api" may run as root: neither it nor the pod sets runAsNonRoot: true, so an image whose user is root (the default) runs as root. Pod Security "restricted" requires it (check runAsNonRoot).',
          suggestions: [
            {
              messageId: 'setPod',
              title: 'Set `runAsNonRoot: true` for the whole pod (spec.securityContext)',
              output: dedent`
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: api
                spec:
                  template:
                    spec:
                      containers:
                        - name: api
                          image: example/api:1.0
                      securityContext:
                        runAsNonRoot: true
              `,
            },
            {
              messageId: 'setContainer',
              title: 'Set `runAsNonRoot: true` in container "api"',
              output: dedent`
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: api
                spec:
                  template:
                    spec:
                      containers:
                        - name: api
                          image: example/api:1.0
                          securityContext:
                            runAsNonRoot: true
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'pod-level false is reported once, on the pod; a container false on its own',
      code: dedent`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          securityContext:
            runAsNonRoot: false # legacy image
            fsGroup: 2000
          containers:
            - name: a
              securityContext:
                runAsNonRoot: false
            - name: b
      `,
      errors: [
        {
          messageId: 'podFalse',
          range: [5, 4, 5, 23],
          suggestions: [
            {
              messageId: 'setPod',
              output: dedent`
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  securityContext:
                    runAsNonRoot: true # legacy image
                    fsGroup: 2000
                  containers:
                    - name: a
                      securityContext:
                        runAsNonRoot: false
                    - name: b
              `,
            },
          ],
        },
        {
          messageId: 'containerFalse',
          range: [10, 8, 10, 27],
          suggestions: [
            {
              messageId: 'setContainer',
              output: dedent`
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  securityContext:
                    runAsNonRoot: false # legacy image
                    fsGroup: 2000
                  containers:
                    - name: a
                      securityContext:
                        runAsNonRoot: true
                    - name: b
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'flow-style pod securityContext gets the field in flow style; CronJob',
      code: dedent`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: c}
        spec:
          jobTemplate:
            spec:
              template:
                spec:
                  securityContext: {fsGroup: 2000}
                  containers: [{name: job, image: busybox}]
      `,
      errors: [
        {
          messageId: 'missing',
          range: [9, 30, 9, 33],
          suggestions: [
            {
              messageId: 'setPod',
              output: dedent`
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: c}
                spec:
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          securityContext: {fsGroup: 2000, runAsNonRoot: true}
                          containers: [{name: job, image: busybox}]
              `,
            },
            {
              messageId: 'setContainer',
              output: dedent`
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: c}
                spec:
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          securityContext: {fsGroup: 2000}
                          containers: [{name: job, image: busybox, securityContext: {runAsNonRoot: true}}]
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'an empty (null) securityContext is filled in place; kubectl-style sequences',
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          containers:
          - name: a
            securityContext:
          securityContext: {}
      `,
      errors: [
        {
          messageId: 'missing',
          range: [5, 4, 5, 19],
          suggestions: [
            {
              output: dedent`
                apiVersion: v1
                kind: Pod
                spec:
                  containers:
                  - name: a
                    securityContext:
                  securityContext: {runAsNonRoot: true}
              `,
            },
            {
              output: dedent`
                apiVersion: v1
                kind: Pod
                spec:
                  containers:
                  - name: a
                    securityContext:
                      runAsNonRoot: true
                  securityContext: {}
              `,
            },
          ],
        },
      ],
      output: null,
    },
  ],
});
