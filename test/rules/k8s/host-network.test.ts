import rule from '../../../server/src/languages/k8s/rules/host-network';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

k8sRuleTester(rule, {
  valid: [
    {
      name: 'false or absent',
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          hostNetwork: false
          containers: [{name: a}]
      `,
    },
    {
      name: 'not a pod spec',
      code: dedent`
        apiVersion: v1
        kind: ConfigMap
        data:
          hostNetwork: "true"
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
              hostNetwork: true
              containers:
                - name: agent
      `,
      errors: [
        {
          messageId: 'hostNamespace',
          range: [7, 6, 7, 23],
          message: 'The pod sets hostNetwork: true and shares the node\'s network stack: it can bind the node\'s ports, reach services on localhost and sniff traffic. Pod Security "restricted" rejects it (check hostNamespaces).',
          suggestions: [
            { messageId: 'setFalse', title: 'Set `hostNetwork: false`', output: dedent`
              apiVersion: apps/v1
              kind: Deployment
              metadata: {name: agent}
              spec:
                template:
                  spec:
                    # needed by the node agent
                    hostNetwork: false
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
                spec: {hostNetwork: yes, containers: [{name: c}]}
      `,
      errors: [
        {
          messageId: 'hostNamespace',
          range: [7, 15, 7, 31],
          message: 'The pod sets hostNetwork: true and shares the node\'s network stack: it can bind the node\'s ports, reach services on localhost and sniff traffic. Pod Security "baseline" rejects it (check hostNamespaces).',
          suggestions: [
            { messageId: 'setFalse', title: 'Set `hostNetwork: false`', output: dedent`
              apiVersion: batch/v1
              kind: CronJob
              metadata: {name: c}
              spec:
                jobTemplate:
                  spec:
                    template:
                      spec: {hostNetwork: false, containers: [{name: c}]}
            ` },
          ],
        },
      ],
      output: null,
    },
  ],
});
