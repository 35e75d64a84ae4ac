import rule from '../../../server/src/languages/k8s/rules/read-only-root-filesystem';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

k8sRuleTester(rule, {
  valid: [
    dedent`
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
          - name: app
            image: example/web:1.2
            securityContext:
              readOnlyRootFilesystem: true
    `,
    {
      name: 'Windows pods have no read-only root file system',
      code: dedent`
        apiVersion: v1
        kind: Pod
        metadata:
          name: iis
        spec:
          os:
            name: windows
          containers:
            - name: iis
              image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
      `,
    },
    {
      name: 'not a workload',
      code: dedent`
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          ports:
            - port: 80
      `,
    },
  ],
  invalid: [
    {
      name: 'block Deployment without securityContext; the /tmp variant appends to the existing lists',
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
                  image: example/web:1.2
                  volumeMounts:
                    - name: config
                      mountPath: /etc/web
              volumes:
                - name: config
                  configMap:
                    name: web
      `,
      errors: [
        {
          messageId: 'missing',
          range: [8, 16, 8, 19],
          message:
            'Container "app" does not set readOnlyRootFilesystem: true, so its root file system is writable: an intruder can replace binaries, drop tools and persist until the pod is replaced. Make it read-only and mount a volume where the program writes (an emptyDir at /tmp for most programs).',
          suggestions: [
            {
              messageId: 'setTrue',
              title: 'Set `readOnlyRootFilesystem: true` in container "app"',
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
                          image: example/web:1.2
                          volumeMounts:
                            - name: config
                              mountPath: /etc/web
                          securityContext:
                            readOnlyRootFilesystem: true
                      volumes:
                        - name: config
                          configMap:
                            name: web
              `,
            },
            {
              messageId: 'setTrueWithTmp',
              title: 'Set `readOnlyRootFilesystem: true` in container "app" and mount an emptyDir volume at /tmp',
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
                          image: example/web:1.2
                          volumeMounts:
                            - name: config
                              mountPath: /etc/web
                            - name: tmp
                              mountPath: /tmp
                          securityContext:
                            readOnlyRootFilesystem: true
                      volumes:
                        - name: config
                          configMap:
                            name: web
                        - name: tmp
                          emptyDir: {}
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'flow style, false, CronJob in the second document, empty flow volume list',
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
                  containers:
                    - {name: job, image: busybox:1.36, securityContext: {readOnlyRootFilesystem: false}}
                  volumes: []
      `,
      errors: [
        {
          messageId: 'writable',
          range: [14, 65, 14, 94],
          suggestions: [
            {
              messageId: 'setTrue',
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
                          containers:
                            - {name: job, image: busybox:1.36, securityContext: {readOnlyRootFilesystem: true}}
                          volumes: []
              `,
            },
            {
              messageId: 'setTrueWithTmp',
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
                          containers:
                            - {name: job, image: busybox:1.36, securityContext: {readOnlyRootFilesystem: true}, volumeMounts: [{name: tmp, mountPath: /tmp}]}
                          volumes: [{name: tmp, emptyDir: {}}]
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'partly present securityContext with a comment, a null securityContext; /tmp taken: no /tmp variant, next free volume name',
      code: dedent`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          initContainers:
            - name: setup
              image: busybox:1.36
              securityContext:
                runAsNonRoot: true # set by the platform team
              volumeMounts:
                - name: tmp
                  mountPath: /tmp/
          containers:
            - name: app
              image: example/web:1.2
              securityContext:
          volumes:
            - name: tmp
              emptyDir: {}
      `,
      errors: [
        {
          messageId: 'missing',
          range: [8, 6, 8, 21],
          message:
            'Init container "setup" does not set readOnlyRootFilesystem: true, so its root file system is writable: an intruder can replace binaries, drop tools and persist until the pod is replaced. Make it read-only and mount a volume where the program writes (an emptyDir at /tmp for most programs).',
          suggestions: [
            {
              title: 'Set `readOnlyRootFilesystem: true` in init container "setup"',
              output: dedent`
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  initContainers:
                    - name: setup
                      image: busybox:1.36
                      securityContext:
                        runAsNonRoot: true # set by the platform team
                        readOnlyRootFilesystem: true
                      volumeMounts:
                        - name: tmp
                          mountPath: /tmp/
                  containers:
                    - name: app
                      image: example/web:1.2
                      securityContext:
                  volumes:
                    - name: tmp
                      emptyDir: {}
              `,
            },
          ],
        },
        {
          messageId: 'missing',
          range: [16, 6, 16, 21],
          suggestions: [
            {
              messageId: 'setTrue',
              output: dedent`
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  initContainers:
                    - name: setup
                      image: busybox:1.36
                      securityContext:
                        runAsNonRoot: true # set by the platform team
                      volumeMounts:
                        - name: tmp
                          mountPath: /tmp/
                  containers:
                    - name: app
                      image: example/web:1.2
                      securityContext:
                        readOnlyRootFilesystem: true
                  volumes:
                    - name: tmp
                      emptyDir: {}
              `,
            },
            {
              messageId: 'setTrueWithTmp',
              output: dedent`
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  initContainers:
                    - name: setup
                      image: busybox:1.36
                      securityContext:
                        runAsNonRoot: true # set by the platform team
                      volumeMounts:
                        - name: tmp
                          mountPath: /tmp/
                  containers:
                    - name: app
                      image: example/web:1.2
                      securityContext:
                        readOnlyRootFilesystem: true
                      volumeMounts:
                        - name: tmp-2
                          mountPath: /tmp
                  volumes:
                    - name: tmp
                      emptyDir: {}
                    - name: tmp-2
                      emptyDir: {}
              `,
            },
          ],
        },
      ],
      output: null,
    },
  ],
});
