import rule from '../../../server/src/languages/k8s/rules/capabilities-added';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

k8sRuleTester(rule, {
  valid: [
    {
      name: 'restricted: NET_BIND_SERVICE only',
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          containers:
            - name: web
              securityContext:
                capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
      `,
    },
    {
      name: 'baseline: the default set may be added',
      settings: { options: { kubernetesProfile: 'baseline' } },
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          containers:
            - name: web
              securityContext:
                capabilities:
                  add:
                    - CHOWN
                    - SETUID
                    - KILL
      `,
    },
    {
      name: 'restricted skips Windows pods (and replaces the baseline check)',
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          os: {name: windows}
          containers:
            - name: w
              securityContext: {capabilities: {add: [SYS_ADMIN]}}
      `,
    },
  ],
  invalid: [
    {
      name: 'restricted: everything but NET_BIND_SERVICE, block list with a comment',
      code: dedent`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: ntp}
        spec:
          template:
            spec:
              containers:
                - name: ntp
                  securityContext:
                    capabilities:
                      drop: [ALL]
                      add:
                        - NET_BIND_SERVICE
                        # adjusts the clock
                        - SYS_TIME
      `,
      errors: [
        {
          messageId: 'restricted',
          range: [14, 18, 14, 26],
          message: 'Container "ntp" adds the capability SYS_TIME. Pod Security "restricted" allows adding only NET_BIND_SERVICE (check capabilities_restricted).',
          suggestions: [
            { messageId: 'remove', title: 'Remove SYS_TIME from capabilities.add of container "ntp"', output: dedent`
              apiVersion: apps/v1
              kind: Deployment
              metadata: {name: ntp}
              spec:
                template:
                  spec:
                    containers:
                      - name: ntp
                        securityContext:
                          capabilities:
                            drop: [ALL]
                            add:
                              - NET_BIND_SERVICE
                              # adjusts the clock
            ` },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'baseline: NET_RAW, and a lowercase / CAP_-prefixed name that PSA does not normalise',
      settings: { options: { kubernetesProfile: 'baseline' } },
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          initContainers:
            - name: init
              securityContext: {capabilities: {add: [NET_RAW, chown, CAP_KILL]}}
      `,
      errors: [
        {
          messageId: 'baseline',
          range: [5, 45, 5, 52],
          message: 'Init container "init" adds the capability NET_RAW, which is not in the runtime\'s default set. Pod Security "baseline" allows adding only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT (check capabilities_baseline).',
          suggestions: [
            { messageId: 'remove', title: 'Remove NET_RAW from capabilities.add of init container "init"', output: dedent`
              apiVersion: v1
              kind: Pod
              spec:
                initContainers:
                  - name: init
                    securityContext: {capabilities: {add: [chown, CAP_KILL]}}
            ` },
          ],
        },
        {
          messageId: 'baseline',
          range: [5, 54, 5, 59],
          message: 'Init container "init" adds the capability chown, which is not in the runtime\'s default set (write it as CHOWN: capability names are upper case, without CAP_). Pod Security "baseline" allows adding only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT (check capabilities_baseline).',
          suggestions: [
            { messageId: 'rename', title: 'Write CHOWN', output: dedent`
              apiVersion: v1
              kind: Pod
              spec:
                initContainers:
                  - name: init
                    securityContext: {capabilities: {add: [NET_RAW, CHOWN, CAP_KILL]}}
            ` },
            { messageId: 'remove', title: 'Remove chown from capabilities.add of init container "init"', output: dedent`
              apiVersion: v1
              kind: Pod
              spec:
                initContainers:
                  - name: init
                    securityContext: {capabilities: {add: [NET_RAW, CAP_KILL]}}
            ` },
          ],
        },
        {
          messageId: 'baseline',
          range: [5, 61, 5, 69],
          message: 'Init container "init" adds the capability CAP_KILL, which is not in the runtime\'s default set (write it as KILL: capability names are upper case, without CAP_). Pod Security "baseline" allows adding only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT (check capabilities_baseline).',
          suggestions: [
            { messageId: 'rename', title: 'Write KILL', output: dedent`
              apiVersion: v1
              kind: Pod
              spec:
                initContainers:
                  - name: init
                    securityContext: {capabilities: {add: [NET_RAW, chown, KILL]}}
            ` },
            { messageId: 'remove', title: 'Remove CAP_KILL from capabilities.add of init container "init"', output: dedent`
              apiVersion: v1
              kind: Pod
              spec:
                initContainers:
                  - name: init
                    securityContext: {capabilities: {add: [NET_RAW, chown]}}
            ` },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'restricted: a single added capability leaves an empty list; CronJob',
      code: dedent`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: c}
        spec:
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                    - name: c
                      securityContext:
                        capabilities:
                          drop: [ALL]
                          add:
                            - NET_ADMIN
      `,
      errors: [
        {
          messageId: 'restricted',
          range: [14, 22, 14, 31],
          message: 'Container "c" adds the capability NET_ADMIN. Pod Security "restricted" allows adding only NET_BIND_SERVICE (check capabilities_restricted).',
          suggestions: [
            { messageId: 'remove', title: 'Remove NET_ADMIN from capabilities.add of container "c"', output: dedent`
              apiVersion: batch/v1
              kind: CronJob
              metadata: {name: c}
              spec:
                jobTemplate:
                  spec:
                    template:
                      spec:
                        containers:
                          - name: c
                            securityContext:
                              capabilities:
                                drop: [ALL]
                                add: []
            ` },
          ],
        },
      ],
      output: null,
    },
  ],
});
