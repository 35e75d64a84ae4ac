import rule from '../../../server/src/languages/k8s/rules/host-path-volumes';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

k8sRuleTester(rule, {
  valid: [
    {
      name: 'other volume types',
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          volumes:
            - name: tmp
              emptyDir: {}
            - name: data
              persistentVolumeClaim: {claimName: data}
          containers: [{name: a}]
      `,
    },
  ],
  invalid: [
    {
      name: 'the container runtime socket, in a DaemonSet',
      code: dedent`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: collector}
        spec:
          template:
            spec:
              containers:
                - name: collector
                  volumeMounts:
                    - {name: sock, mountPath: /var/run/docker.sock, readOnly: true}
              volumes:
                - name: sock
                  hostPath:
                    path: /var/run/docker.sock
                    type: Socket
      `,
      errors: [
        {
          messageId: 'hostPath',
          range: [12, 10, 12, 18],
          message: 'Volume "sock" mounts the path /var/run/docker.sock from the node (hostPath): the container can read or change the node\'s files, and /var/run, /etc or / mean owning the node. Pod Security "restricted" rejects it (check restrictedVolumes).',
          suggestions: [
          ],
        },
      ],
      output: null,
    },
    {
      name: 'baseline names the baseline check; flow style, no path',
      settings: { options: { kubernetesProfile: 'baseline' } },
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          volumes: [{name: logs, hostPath: {}}]
          containers: [{name: a}]
      `,
      errors: [
        {
          messageId: 'hostPath',
          range: [3, 25, 3, 33],
          message: 'Volume "logs" mounts a path from the node (hostPath): the container can read or change the node\'s files, and /var/run, /etc or / mean owning the node. Pod Security "baseline" rejects it (check hostPathVolumes).',
          suggestions: [
          ],
        },
      ],
      output: null,
    },
  ],
});
