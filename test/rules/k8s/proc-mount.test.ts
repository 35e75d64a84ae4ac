import rule from '../../../server/src/languages/k8s/rules/proc-mount';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

k8sRuleTester(rule, {
  valid: [
    {
      name: 'Default or unset',
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          containers:
            - name: a
              securityContext: {procMount: Default}
            - name: b
      `,
    },
    {
      name: 'baseline allows Unmasked in a user-namespaced pod (v1.35+)',
      settings: { options: { kubernetesProfile: 'baseline' } },
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          hostUsers: false
          containers:
            - name: a
              securityContext: {procMount: Unmasked}
      `,
    },
  ],
  invalid: [
    {
      name: 'restricted rejects Unmasked even with hostUsers: false',
      code: dedent`
        apiVersion: v1
        kind: Pod
        metadata: {name: nested}
        spec:
          hostUsers: false
          containers:
            - name: podman
              securityContext:
                procMount: Unmasked
      `,
      errors: [
        {
          messageId: 'unmasked',
          range: [8, 8, 8, 27],
          message: 'Container "podman" sets procMount: Unmasked: /proc is mounted without the masks that hide kernel interfaces (/proc/kcore, /proc/sys, …) from containers. Pod Security "restricted" allows only Default (check procMount_restricted).',
          suggestions: [
            { messageId: 'setDefault', title: 'Use `procMount: Default`', output: dedent`
              apiVersion: v1
              kind: Pod
              metadata: {name: nested}
              spec:
                hostUsers: false
                containers:
                  - name: podman
                    securityContext:
                      procMount: Default
            ` },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'baseline, host user namespace, flow style',
      settings: { options: { kubernetesProfile: 'baseline' } },
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          initContainers:
            - {name: a, securityContext: {procMount: Unmasked}}
      `,
      errors: [
        {
          messageId: 'unmasked',
          range: [4, 34, 4, 53],
          message: 'Init container "a" sets procMount: Unmasked: /proc is mounted without the masks that hide kernel interfaces (/proc/kcore, /proc/sys, …) from containers. Pod Security "baseline" allows only Default (or any value with hostUsers: false) (check procMount).',
          suggestions: [
            { messageId: 'setDefault', title: 'Use `procMount: Default`', output: dedent`
              apiVersion: v1
              kind: Pod
              spec:
                initContainers:
                  - {name: a, securityContext: {procMount: Default}}
            ` },
          ],
        },
      ],
      output: null,
    },
  ],
});
