import privileged from '../../../server/src/languages/k8s/rules/privileged';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

k8sRuleTester(privileged, {
  valid: [
    dedent`
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
          - name: app
            image: nginx
            securityContext:
              privileged: false
    `,
    {
      name: 'not a Kubernetes object',
      code: dedent`
        name: ci
        on: push
        jobs:
          build:
            securityContext:
              privileged: true
      `,
    },
    {
      name: 'a Deployment of another API group is not a workload',
      code: dedent`
        apiVersion: example.com/v1
        kind: Deployment
        spec:
          template:
            spec:
              containers:
                - name: app
                  securityContext: {privileged: true}
      `,
    },
  ],
  invalid: [
    {
      name: 'block style, privileged: true → false',
      code: dedent`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: nginx
                  securityContext:
                    # needed for iptables, says the author
                    privileged: true
      `,
      errors: [
        {
          messageId: 'privileged',
          range: [12, 12, 12, 28],
          message:
            'Container "app" runs privileged: it gets every capability and access to all host devices, so escaping to the node is trivial. Pod Security "restricted" rejects it (check privileged).',
          suggestions: [
            {
              messageId: 'setFalse',
              title: 'Set `privileged: false` in container "app"',
              output: dedent`
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          image: nginx
                          securityContext:
                            # needed for iptables, says the author
                            privileged: false
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'flow style, init container of a CronJob, second document',
      code: dedent`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cfg}
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly}
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  initContainers:
                    - {name: setup, image: busybox, securityContext: {privileged: true, runAsUser: 0}}
                  containers:
                    - {name: job, image: busybox}
      `,
      errors: [
        {
          messageId: 'privileged',
          range: [14, 62, 14, 78],
          suggestions: [
            {
              output: dedent`
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: cfg}
                ---
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: nightly}
                spec:
                  schedule: "0 3 * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          initContainers:
                            - {name: setup, image: busybox, securityContext: {privileged: false, runAsUser: 0}}
                          containers:
                            - {name: job, image: busybox}
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'baseline profile from the setting still reports it',
      settings: { options: { kubernetesProfile: 'baseline' } },
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          ephemeralContainers:
            - name: debugger
              securityContext:
                privileged: yes
      `,
      errors: [
        {
          messageId: 'privileged',
          range: [6, 8, 6, 23],
          message:
            'Ephemeral container "debugger" runs privileged: it gets every capability and access to all host devices, so escaping to the node is trivial. Pod Security "baseline" rejects it (check privileged).',
          suggestions: [
            {
              output: dedent`
                apiVersion: v1
                kind: Pod
                spec:
                  ephemeralContainers:
                    - name: debugger
                      securityContext:
                        privileged: false
              `,
            },
          ],
        },
      ],
      output: null,
    },
  ],
});
