import rule from '../../../server/src/languages/k8s/rules/seccomp-profile';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

k8sRuleTester(rule, {
  valid: [
    'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    seccompProfile: {type: RuntimeDefault}\n  containers: [{name: a}, {name: b}]\n',
    {
      name: 'Localhost profiles, set per container',
      code: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      securityContext:\n        seccompProfile: {type: Localhost, localhostProfile: profiles/audit.json}\n',
    },
    {
      name: 'baseline: an unset profile is allowed',
      settings: { options: { kubernetesProfile: 'baseline' } },
      code: 'apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: a}]\n',
    },
    {
      name: 'restricted skips Windows pods (v1.25+), and overrides the baseline check there',
      code: 'apiVersion: v1\nkind: Pod\nspec:\n  os: {name: windows}\n  securityContext:\n    seccompProfile: {type: Unconfined}\n  containers: [{name: a}]\n',
    },
    {
      name: 'enforce-version below v1.19 used annotations, which Hardline does not check',
      code: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: old\n  labels: {pod-security.kubernetes.io/enforce: restricted, pod-security.kubernetes.io/enforce-version: v1.18}\n---\napiVersion: v1\nkind: Pod\nmetadata: {namespace: old}\nspec:\n  containers: [{name: a}]\n',
    },
  ],
  invalid: [
    {
      name: 'Unconfined at the pod and in a container (with a trailing comment), DaemonSet',
      code: dedent`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
        spec:
          template:
            spec:
              securityContext:
                seccompProfile:
                  type: Unconfined
              containers:
                - name: agent
                  securityContext:
                    seccompProfile: {type: RuntimeDefault}
                - name: helper
                  securityContext:
                    seccompProfile:
                      type: Unconfined   # needs ptrace
      `,
      errors: [
        {
          messageId: 'podUnconfined',
          range: [9, 10, 9, 26],
          message:
            'The pod sets seccompProfile.type: Unconfined: every system call of the kernel is open to its containers. Pod Security "restricted" allows only RuntimeDefault or Localhost (check seccompProfile_restricted).',
          suggestions: [{ messageId: 'setRuntimeDefault', output: dedent`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
        spec:
          template:
            spec:
              securityContext:
                seccompProfile:
                  type: RuntimeDefault
              containers:
                - name: agent
                  securityContext:
                    seccompProfile: {type: RuntimeDefault}
                - name: helper
                  securityContext:
                    seccompProfile:
                      type: Unconfined   # needs ptrace
      ` }],
        },
        {
          messageId: 'unconfined',
          range: [17, 14, 17, 30],
          suggestions: [{ messageId: 'setRuntimeDefault', output: dedent`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
        spec:
          template:
            spec:
              securityContext:
                seccompProfile:
                  type: Unconfined
              containers:
                - name: agent
                  securityContext:
                    seccompProfile: {type: RuntimeDefault}
                - name: helper
                  securityContext:
                    seccompProfile:
                      type: RuntimeDefault   # needs ptrace
      ` }],
        },
      ],
      output: null,
    },
    {
      name: 'baseline reports Unconfined only, and names the baseline check',
      settings: { options: { kubernetesProfile: 'baseline' } },
      code: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      securityContext: {seccompProfile: {type: Unconfined}}\n    - name: b\n',
      errors: [
        {
          messageId: 'unconfined',
          range: [5, 41, 5, 57],
          message:
            'Container "a" sets seccompProfile.type: Unconfined: every system call of the kernel is open to it. Pod Security "baseline" allows only RuntimeDefault or Localhost (check seccompProfile_baseline).',
          suggestions: [
            { output: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      securityContext: {seccompProfile: {type: RuntimeDefault}}\n    - name: b\n' },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'a container without a profile while another has one: the pod level or the container',
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          initContainers:
            - name: init
              securityContext:
                seccompProfile: {type: RuntimeDefault}
          containers:
            - name: app
      `,
      errors: [
        {
          messageId: 'missing',
          range: [8, 12, 8, 15],
          suggestions: [
            { messageId: 'setPod', output: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          initContainers:
            - name: init
              securityContext:
                seccompProfile: {type: RuntimeDefault}
          containers:
            - name: app
          securityContext:
            seccompProfile:
              type: RuntimeDefault
      ` },
            { messageId: 'setContainer', output: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          initContainers:
            - name: init
              securityContext:
                seccompProfile: {type: RuntimeDefault}
          containers:
            - name: app
              securityContext:
                seccompProfile:
                  type: RuntimeDefault
      ` },
          ],
        },
      ],
      output: null,
    },
  ],
});
