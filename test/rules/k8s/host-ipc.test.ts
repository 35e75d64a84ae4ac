import rule from '../../../server/src/languages/k8s/rules/host-ipc';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

k8sRuleTester(rule, {
  valid: [
    {
      name: 'false or absent',
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          hostIPC: false
          containers: [{name: a}]
      `,
    },
    {
      name: 'not a pod spec',
      code: dedent`
        apiVersion: v1
        kind: ConfigMap
        data:
          hostIPC: "true"
      `,
    },
  ],
  invalid: [
    {
      name: 'block style, Deployment',
      code: dedent`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: agent}
        spec:
          template:
            spec:
              # needed by the node agent
              hostIPC: true
              containers:
                - name: agent
      `,
      errors: [
        {
          messageId: 'hostNamespace',
          range: [7, 6, 7, 19],
          message: 'The pod sets hostIPC: true and shares the node\'s IPC namespace: it can read and write other processes\' shared memory. Pod Security "restricted" rejects it (check hostNamespaces).',
          suggestions: [
            { messageId: 'setFalse', title: 'Set `hostIPC: false`', output: dedent`
              apiVersion: apps/v1
              kind: Deployment
              metadata: {name: agent}
              spec:
                template:
                  spec:
                    # needed by the node agent
                    hostIPC: false
                    containers:
                      - name: agent
            ` },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'flow style, CronJob, baseline',
      settings: { options: { kubernetesProfile: 'baseline' } },
      code: dedent`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: c}
        spec:
          jobTemplate:
            spec:
              template:
                spec: {hostIPC: yes, containers: [{name: c}]}
      `,
      errors: [
        {
          messageId: 'hostNamespace',
          range: [7, 15, 7, 27],
          message: 'The pod sets hostIPC: true and shares the node\'s IPC namespace: it can read and write other processes\' shared memory. Pod Security "baseline" rejects it (check hostNamespaces).',
          suggestions: [
            { messageId: 'setFalse', title: 'Set `hostIPC: false`', output: dedent`
              apiVersion: batch/v1
              kind: CronJob
              metadata: {name: c}
              spec:
                jobTemplate:
                  spec:
                    template:
                      spec: {hostIPC: false, containers: [{name: c}]}
            ` },
          ],
        },
      ],
      output: null,
    },
  ],
});
