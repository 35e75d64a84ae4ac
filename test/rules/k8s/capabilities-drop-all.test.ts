import rule from '../../../server/src/languages/k8s/rules/capabilities-drop-all';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

k8sRuleTester(rule, {
  valid: [
    {
      name: 'drops ALL, adds NET_BIND_SERVICE',
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          containers:
            - name: web
              securityContext:
                capabilities:
                  drop: [ALL]
                  add: [NET_BIND_SERVICE]
      `,
    },
    {
      name: 'baseline profile: not checked',
      settings: { options: { kubernetesProfile: 'baseline' } },
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          containers: [{name: a}]
      `,
    },
    {
      name: 'Windows pods are exempt',
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          os:
            name: windows
          containers: [{name: a}]
      `,
    },
    {
      name: 'capabilities are not inherited, but a pod without containers has nothing to report',
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          securityContext: {}
      `,
    },
  ],
  invalid: [
    {
      name: 'four containers: missing, partly present (add only), incomplete drop list, lowercase all',
      code: dedent`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              containers:
                - name: web
                  securityContext:
                    capabilities:
                      add: [NET_BIND_SERVICE]
                - name: log
                  securityContext:
                    capabilities:
                      drop:
                        - NET_RAW
                - name: cache
                  securityContext: {capabilities: {drop: [all]}}
                - name: proxy
                  image: envoy
      `,
      errors: [
        {
          messageId: 'missing',
          range: [8, 10, 8, 25],
          message: 'Container "web" does not drop ALL capabilities, so it keeps the runtime defaults (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_RAW, …). Pod Security "restricted" requires capabilities.drop: [ALL] (check capabilities_restricted).',
          suggestions: [
            { messageId: 'dropAll', title: 'Drop ALL capabilities in container "web"', output: dedent`
              apiVersion: apps/v1
              kind: Deployment
              metadata: {name: web}
              spec:
                template:
                  spec:
                    containers:
                      - name: web
                        securityContext:
                          capabilities:
                            add: [NET_BIND_SERVICE]
                            drop:
                              - ALL
                      - name: log
                        securityContext:
                          capabilities:
                            drop:
                              - NET_RAW
                      - name: cache
                        securityContext: {capabilities: {drop: [all]}}
                      - name: proxy
                        image: envoy
            ` },
          ],
        },
        {
          messageId: 'incomplete',
          range: [14, 14, 14, 18],
          message: 'Container "log" drops some capabilities but not ALL, so it keeps the other runtime defaults. Pod Security "restricted" requires "ALL" in capabilities.drop (check capabilities_restricted).',
          suggestions: [
            { messageId: 'dropAll', title: 'Drop ALL capabilities in container "log"', output: dedent`
              apiVersion: apps/v1
              kind: Deployment
              metadata: {name: web}
              spec:
                template:
                  spec:
                    containers:
                      - name: web
                        securityContext:
                          capabilities:
                            add: [NET_BIND_SERVICE]
                      - name: log
                        securityContext:
                          capabilities:
                            drop:
                              - NET_RAW
                              - ALL
                      - name: cache
                        securityContext: {capabilities: {drop: [all]}}
                      - name: proxy
                        image: envoy
            ` },
          ],
        },
        {
          messageId: 'lowercase',
          range: [17, 50, 17, 53],
          message: 'Container "cache" drops "all": Pod Security compares capability names exactly, so only "ALL" in upper case counts. Pod Security "restricted" rejects the pod (check capabilities_restricted).',
          suggestions: [
            { messageId: 'upperCase', title: 'Write `ALL`', output: dedent`
              apiVersion: apps/v1
              kind: Deployment
              metadata: {name: web}
              spec:
                template:
                  spec:
                    containers:
                      - name: web
                        securityContext:
                          capabilities:
                            add: [NET_BIND_SERVICE]
                      - name: log
                        securityContext:
                          capabilities:
                            drop:
                              - NET_RAW
                      - name: cache
                        securityContext: {capabilities: {drop: [ALL]}}
                      - name: proxy
                        image: envoy
            ` },
          ],
        },
        {
          messageId: 'missing',
          range: [18, 16, 18, 21],
          message: 'Container "proxy" does not drop ALL capabilities, so it keeps the runtime defaults (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_RAW, …). Pod Security "restricted" requires capabilities.drop: [ALL] (check capabilities_restricted).',
          suggestions: [
            { messageId: 'dropAll', title: 'Drop ALL capabilities in container "proxy"', output: dedent`
              apiVersion: apps/v1
              kind: Deployment
              metadata: {name: web}
              spec:
                template:
                  spec:
                    containers:
                      - name: web
                        securityContext:
                          capabilities:
                            add: [NET_BIND_SERVICE]
                      - name: log
                        securityContext:
                          capabilities:
                            drop:
                              - NET_RAW
                      - name: cache
                        securityContext: {capabilities: {drop: [all]}}
                      - name: proxy
                        image: envoy
                        securityContext:
                          capabilities:
                            drop:
                              - ALL
            ` },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'CronJob, flow-style capabilities map without drop',
      code: dedent`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: backup}
        spec:
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                    - name: backup
                      securityContext: {capabilities: {add: [DAC_READ_SEARCH]}}
      `,
      errors: [
        {
          messageId: 'missing',
          range: [10, 14, 10, 29],
          message: 'Container "backup" does not drop ALL capabilities, so it keeps the runtime defaults (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_RAW, …). Pod Security "restricted" requires capabilities.drop: [ALL] (check capabilities_restricted).',
          suggestions: [
            { messageId: 'dropAll', title: 'Drop ALL capabilities in container "backup"', output: dedent`
              apiVersion: batch/v1
              kind: CronJob
              metadata: {name: backup}
              spec:
                jobTemplate:
                  spec:
                    template:
                      spec:
                        containers:
                          - name: backup
                            securityContext: {capabilities: {add: [DAC_READ_SEARCH], drop: [ALL]}}
            ` },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'drop: with a null value is filled in place, second document of the file',
      code: dedent`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          initContainers:
            - name: init
              securityContext:
                capabilities:
                  drop:
      `,
      errors: [
        {
          messageId: 'missing',
          range: [10, 6, 10, 21],
          message: 'Init container "init" does not drop ALL capabilities, so it keeps the runtime defaults (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_RAW, …). Pod Security "restricted" requires capabilities.drop: [ALL] (check capabilities_restricted).',
          suggestions: [
            { messageId: 'dropAll', title: 'Drop ALL capabilities in init container "init"', output: dedent`
              apiVersion: v1
              kind: Service
              metadata: {name: web}
              ---
              apiVersion: v1
              kind: Pod
              metadata: {name: web}
              spec:
                initContainers:
                  - name: init
                    securityContext:
                      capabilities:
                        drop:
                          - ALL
            ` },
          ],
        },
      ],
      output: null,
    },
  ],
});
