import rule from '../../../server/src/languages/k8s/rules/selinux';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

k8sRuleTester(rule, {
  valid: [
    {
      name: 'container types and a level',
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          securityContext:
            seLinuxOptions: {type: container_t, level: "s0:c123,c456"}
          containers:
            - name: a
              securityContext:
                seLinuxOptions: {type: container_init_t}
            - name: b
              securityContext:
                seLinuxOptions: {type: container_engine_t}
      `,
    },
  ],
  invalid: [
    {
      name: 'custom type, user and role',
      code: dedent`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          securityContext:
            seLinuxOptions:
              user: system_u
              role: system_r
              type: spc_t
          containers:
            - name: a
              securityContext:
                seLinuxOptions: {type: unconfined_t, level: s0}
      `,
      errors: [
        {
          messageId: 'userOrRole',
          range: [6, 6, 6, 20],
          message: 'The pod sets seLinuxOptions.user: system_u: a custom SELinux user changes what the container may access on the node. Pod Security "restricted" forbids it (check seLinuxOptions).',
          suggestions: [
            { messageId: 'removeField', title: 'Remove seLinuxOptions.user', output: dedent`
              apiVersion: v1
              kind: Pod
              metadata: {name: p}
              spec:
                securityContext:
                  seLinuxOptions:
                    role: system_r
                    type: spc_t
                containers:
                  - name: a
                    securityContext:
                      seLinuxOptions: {type: unconfined_t, level: s0}
            ` },
          ],
        },
        {
          messageId: 'userOrRole',
          range: [7, 6, 7, 20],
          message: 'The pod sets seLinuxOptions.role: system_r: a custom SELinux role changes what the container may access on the node. Pod Security "restricted" forbids it (check seLinuxOptions).',
          suggestions: [
            { messageId: 'removeField', title: 'Remove seLinuxOptions.role', output: dedent`
              apiVersion: v1
              kind: Pod
              metadata: {name: p}
              spec:
                securityContext:
                  seLinuxOptions:
                    user: system_u
                    type: spc_t
                containers:
                  - name: a
                    securityContext:
                      seLinuxOptions: {type: unconfined_t, level: s0}
            ` },
          ],
        },
        {
          messageId: 'type',
          range: [8, 6, 8, 17],
          message: 'The pod sets seLinuxOptions.type: spc_t: a type outside the container domains can escape the SELinux confinement of containers. Pod Security "restricted" allows only container_t, container_init_t, container_kvm_t, container_engine_t (check seLinuxOptions).',
          suggestions: [
            { messageId: 'setContainerT', title: 'Use `type: container_t`', output: dedent`
              apiVersion: v1
              kind: Pod
              metadata: {name: p}
              spec:
                securityContext:
                  seLinuxOptions:
                    user: system_u
                    role: system_r
                    type: container_t
                containers:
                  - name: a
                    securityContext:
                      seLinuxOptions: {type: unconfined_t, level: s0}
            ` },
          ],
        },
        {
          messageId: 'type',
          range: [12, 25, 12, 43],
          message: 'Container "a" sets seLinuxOptions.type: unconfined_t: a type outside the container domains can escape the SELinux confinement of containers. Pod Security "restricted" allows only container_t, container_init_t, container_kvm_t, container_engine_t (check seLinuxOptions).',
          suggestions: [
            { messageId: 'setContainerT', title: 'Use `type: container_t`', output: dedent`
              apiVersion: v1
              kind: Pod
              metadata: {name: p}
              spec:
                securityContext:
                  seLinuxOptions:
                    user: system_u
                    role: system_r
                    type: spc_t
                containers:
                  - name: a
                    securityContext:
                      seLinuxOptions: {type: container_t, level: s0}
            ` },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'container_engine_t is allowed only from v1.31',
      code: dedent`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: build
          labels: {pod-security.kubernetes.io/enforce: baseline, pod-security.kubernetes.io/enforce-version: v1.30}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: buildkit, namespace: build}
        spec:
          template:
            spec:
              containers:
                - name: buildkitd
                  securityContext:
                    seLinuxOptions:
                      type: container_engine_t
      `,
      errors: [
        {
          messageId: 'type',
          range: [16, 14, 16, 38],
          message: 'Container "buildkitd" sets seLinuxOptions.type: container_engine_t: a type outside the container domains can escape the SELinux confinement of containers. Pod Security "baseline:v1.30" allows only container_t, container_init_t, container_kvm_t (check seLinuxOptions).',
          suggestions: [
            { messageId: 'setContainerT', title: 'Use `type: container_t`', output: dedent`
              apiVersion: v1
              kind: Namespace
              metadata:
                name: build
                labels: {pod-security.kubernetes.io/enforce: baseline, pod-security.kubernetes.io/enforce-version: v1.30}
              ---
              apiVersion: apps/v1
              kind: Deployment
              metadata: {name: buildkit, namespace: build}
              spec:
                template:
                  spec:
                    containers:
                      - name: buildkitd
                        securityContext:
                          seLinuxOptions:
                            type: container_t
            ` },
          ],
        },
      ],
      output: null,
    },
  ],
});
