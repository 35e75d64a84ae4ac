import rule from '../../../server/src/languages/k8s/rules/automount-service-account-token';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

k8sRuleTester(rule, {
  valid: [
    dedent`
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        automountServiceAccountToken: false
        containers:
          - name: app
            image: example/web:1.2
    `,
    {
      name: 'the ServiceAccount in the same file does not automount',
      code: dedent`
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: web
        automountServiceAccountToken: false
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              serviceAccountName: web
              containers:
                - name: app
                  image: example/web:1.2
      `,
    },
    {
      name: 'a binding in the file grants the account a role: it calls the API',
      code: dedent`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: operator
        subjects:
          - kind: ServiceAccount
            name: operator
            namespace: system
        roleRef:
          kind: ClusterRole
          name: operator
          apiGroup: rbac.authorization.k8s.io
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: operator
          namespace: system
        spec:
          template:
            spec:
              serviceAccountName: operator
              containers:
                - name: manager
                  image: example/operator:0.9
      `,
    },
    {
      name: 'a named ServiceAccount defined elsewhere: nothing is known about it',
      code: dedent`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              serviceAccountName: web
              containers:
                - name: app
                  image: example/web:1.2
      `,
    },
  ],
  invalid: [
    {
      name: 'default ServiceAccount: reported on the pod spec, suggestion on the pod',
      code: dedent`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: app
                  image: example/web:1.2
      `,
      errors: [
        {
          messageId: 'defaultAccount',
          range: [4, 0, 4, 4],
          message:
            "The pod runs as the namespace's default ServiceAccount and gets its token mounted (automountServiceAccountToken is not false): an intruder can use it to call the Kubernetes API. Set automountServiceAccountToken: false unless the program calls the API (then give it its own ServiceAccount and Role).",
          suggestions: [
            {
              messageId: 'setPod',
              title: 'Set `automountServiceAccountToken: false` on the pod',
              output: dedent`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: app
                  image: example/web:1.2
              automountServiceAccountToken: false
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'a ServiceAccount of the file that no binding uses: on the pod or on the account',
      code: dedent`
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: web
          namespace: shop
          annotations:
            iam.gke.io/gcp-service-account: web@project.iam.gserviceaccount.com
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: reader
          namespace: shop
        subjects:
          - kind: ServiceAccount
            name: reader
        roleRef:
          kind: Role
          name: pod-reader
          apiGroup: rbac.authorization.k8s.io
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: web
          namespace: shop
        spec:
          template:
            spec:
              serviceAccountName: web # workload identity
              containers:
                - name: app
                  image: example/web:1.2
      `,
      errors: [
        {
          messageId: 'unboundAccount',
          range: [29, 6, 29, 29],
          message:
            'The pod gets the token of ServiceAccount "web" mounted, but no RoleBinding or ClusterRoleBinding in this file grants that account anything: if the program does not call the Kubernetes API, the token only helps an intruder. Set automountServiceAccountToken: false.',
          suggestions: [
            {
              messageId: 'setPod',
              output: dedent`
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: web
          namespace: shop
          annotations:
            iam.gke.io/gcp-service-account: web@project.iam.gserviceaccount.com
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: reader
          namespace: shop
        subjects:
          - kind: ServiceAccount
            name: reader
        roleRef:
          kind: Role
          name: pod-reader
          apiGroup: rbac.authorization.k8s.io
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: web
          namespace: shop
        spec:
          template:
            spec:
              serviceAccountName: web # workload identity
              containers:
                - name: app
                  image: example/web:1.2
              automountServiceAccountToken: false
              `,
            },
            {
              messageId: 'setAccount',
              title: 'Set `automountServiceAccountToken: false` on ServiceAccount "web" (every pod that uses it)',
              output: dedent`
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: web
          namespace: shop
          annotations:
            iam.gke.io/gcp-service-account: web@project.iam.gserviceaccount.com
        automountServiceAccountToken: false
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: reader
          namespace: shop
        subjects:
          - kind: ServiceAccount
            name: reader
        roleRef:
          kind: Role
          name: pod-reader
          apiGroup: rbac.authorization.k8s.io
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: web
          namespace: shop
        spec:
          template:
            spec:
              serviceAccountName: web # workload identity
              containers:
                - name: app
                  image: example/web:1.2
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'explicitly true, flow style, CronJob',
      code: dedent`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly}
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec: {automountServiceAccountToken: true, containers: [{name: job, image: "busybox:1.36"}]}
      `,
      errors: [
        {
          messageId: 'explicitTrue',
          range: [8, 15, 8, 49],
          suggestions: [
            {
              messageId: 'setPod',
              output: dedent`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly}
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec: {automountServiceAccountToken: false, containers: [{name: job, image: "busybox:1.36"}]}
              `,
            },
          ],
        },
      ],
      output: null,
    },
  ],
});
