import rule from '../../../server/src/languages/k8s/rules/memory-limit';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

const LIM = dedent`
  apiVersion: v1
  kind: LimitRange
  metadata:
    name: defaults
    namespace: batch
  spec:
    limits:
      - type: Container
        default:
          memory: 256Mi
  ---
  apiVersion: batch/v1
  kind: CronJob
  metadata:
    name: nightly
    namespace: batch
  spec:
    schedule: "0 3 * * *"
    jobTemplate:
      spec:
        template:
          spec:
            containers:
              - {name: job, image: "busybox:1.36", resources: {requests: {cpu: 250m}}}
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    template:
      spec:
        initContainers:
          - name: migrate
            image: example/web:1.2
        containers:
          - name: app
            image: example/web:1.2
            resources:
              # sized from the load test
              requests:
                cpu: 1
                memory: 512Mi
        ephemeralContainers:
          - name: debugger
            image: busybox:1.36
`;

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
            resources:
              limits: {cpu: 500m, memory: 256Mi}
    `,
    {
      name: 'a LimitRange of the same namespace gives containers a default',
      code: dedent`
        apiVersion: v1
        kind: LimitRange
        metadata:
          name: defaults
        spec:
          limits:
            - type: Container
              default: {cpu: "1", memory: 1Gi}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: app
              image: example/web:1.2
      `,
    },
  ],
  invalid: [
    {
      name: 'init and regular containers (not ephemeral ones), flow CronJob, a LimitRange for another resource or namespace, requests present',
      code: LIM,
      errors: [
        { messageId: 'missing', range: [33, 16, 33, 23], message: 'Init container "migrate" has no memory limit (resources.limits.memory): a leak or a memory-exhaustion attack can use up the node\'s memory until the kernel kills other pods. Set a limit (usually equal to the request), or give the namespace a LimitRange default.' },
        {
          messageId: 'missing',
          range: [38, 10, 38, 19],
          suggestions: [
            {
              messageId: 'setToRequest',
              title: 'Set the memory limit of container "app" to its request (512Mi)',
              output: LIM.replace('              memory: 512Mi\n', '              memory: 512Mi\n            limits:\n              memory: "512Mi"\n'),
            },
          ],
        },
      ],
      output: null,
    },
  ],
});
