import rule from '../../../server/src/languages/k8s/rules/allow-privilege-escalation';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

k8sRuleTester(rule, {
  valid: [
    dedent`
      apiVersion: v1
      kind: Pod
      spec:
        containers:
          - name: app
            securityContext:
              allowPrivilegeEscalation: false
    `,
    {
      name: 'baseline profile: not checked',
      settings: { options: { kubernetesProfile: 'baseline' } },
      code: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n',
    },
    {
      name: 'namespace in the same file enforces baseline',
      code: dedent`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: legacy
          labels:
            pod-security.kubernetes.io/enforce: baseline
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: legacy}
        spec:
          template:
            spec:
              containers: [{name: app}]
      `,
    },
    {
      name: 'Windows pods are exempt (v1.25+)',
      code: 'apiVersion: v1\nkind: Pod\nspec:\n  os: {name: windows}\n  containers:\n    - name: app\n',
    },
    {
      name: 'not inherited from the pod, but the pod-level key is not a container key either',
      code: 'apiVersion: v1\nkind: Service\nspec:\n  allowPrivilegeEscalation: true\n',
    },
  ],
  invalid: [
    {
      name: 'missing securityContext: created with the document indentation',
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
                  image: nginx:1.27
      `,
      errors: [
        {
          messageId: 'missing',
          range: [8, 16, 8, 19],
          message:
            'Container "app" does not set allowPrivilegeEscalation: false, so a setuid binary (su, sudo, ping) or file capabilities can raise its privileges. Pod Security "restricted" requires it (check allowPrivilegeEscalation).',
          suggestions: [
            {
              messageId: 'setFalse',
              title: 'Set `allowPrivilegeEscalation: false` in container "app"',
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
                          image: nginx:1.27
                          securityContext:
                            allowPrivilegeEscalation: false
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'securityContext partly present, with comments between its keys',
      code: dedent`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: app
              securityContext:
                # the app writes only to /tmp
                readOnlyRootFilesystem: true
                # uid of the app user
                runAsUser: 10001
              image: nginx
      `,
      errors: [
        {
          messageId: 'missing',
          range: [7, 6, 7, 21],
          suggestions: [
            {
              output: dedent`
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  containers:
                    - name: app
                      securityContext:
                        # the app writes only to /tmp
                        readOnlyRootFilesystem: true
                        # uid of the app user
                        runAsUser: 10001
                        allowPrivilegeEscalation: false
                      image: nginx
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'explicit true in a flow map, init container of a CronJob in a multi-document file',
      code: dedent`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data: {mode: nightly}
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: report}
        spec:
          schedule: "@daily"
          jobTemplate:
            spec:
              template:
                spec:
                  initContainers:
                    - {name: fetch, image: curl, securityContext: {allowPrivilegeEscalation: true}}
                  containers:
                    - name: report
                      securityContext: {allowPrivilegeEscalation: false}
      `,
      errors: [
        {
          messageId: 'allowed',
          range: [15, 59, 15, 89],
          message:
            'Init container "fetch" sets allowPrivilegeEscalation: true, so a setuid binary (su, sudo, ping) or file capabilities can raise its privileges. Pod Security "restricted" requires false (check allowPrivilegeEscalation).',
          suggestions: [
            {
              output: dedent`
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                data: {mode: nightly}
                ---
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: report}
                spec:
                  schedule: "@daily"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          initContainers:
                            - {name: fetch, image: curl, securityContext: {allowPrivilegeEscalation: false}}
                          containers:
                            - name: report
                              securityContext: {allowPrivilegeEscalation: false}
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'flow-style container without securityContext; a privileged container gets no suggestion (API validation rejects both)',
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          containers:
            - {name: a, image: x}
            - name: b
              securityContext:
                privileged: true
      `,
      errors: [
        {
          messageId: 'missing',
          range: [4, 13, 4, 14],
          suggestions: [
            {
              output: dedent`
                apiVersion: v1
                kind: Pod
                spec:
                  containers:
                    - {name: a, image: x, securityContext: {allowPrivilegeEscalation: false}}
                    - name: b
                      securityContext:
                        privileged: true
              `,
            },
          ],
        },
        { messageId: 'missing', range: [6, 6, 6, 21], suggestions: [] },
      ],
      output: null,
    },
    {
      name: 'an older enforce-version below v1.25 still checks Windows pods',
      code: dedent`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: win
          labels: {pod-security.kubernetes.io/enforce: restricted, pod-security.kubernetes.io/enforce-version: v1.24}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: w, namespace: win}
        spec:
          os: {name: windows}
          ephemeralContainers:
            - name: debug
              securityContext:
                allowPrivilegeEscalation: yes
      `,
      errors: [
        {
          messageId: 'allowed',
          range: [14, 8, 14, 37],
          message:
            'Ephemeral container "debug" sets allowPrivilegeEscalation: true, so a setuid binary (su, sudo, ping) or file capabilities can raise its privileges. Pod Security "restricted:v1.24" requires false (check allowPrivilegeEscalation).',
          suggestions: [
            {
              output: dedent`
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: win
                  labels: {pod-security.kubernetes.io/enforce: restricted, pod-security.kubernetes.io/enforce-version: v1.24}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: w, namespace: win}
                spec:
                  os: {name: windows}
                  ephemeralContainers:
                    - name: debug
                      securityContext:
                        allowPrivilegeEscalation: false
              `,
            },
          ],
        },
      ],
      output: null,
    },
  ],
});
