import rule from '../../../server/src/languages/k8s/rules/host-probes';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

k8sRuleTester(rule, {
  valid: [
    {
      name: 'probes without host, and an empty host',
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          containers:
            - name: a
              livenessProbe: {httpGet: {path: /healthz, port: 8080}}
              readinessProbe: {tcpSocket: {port: 8080, host: ""}}
      `,
    },
    {
      name: 'enforce-version below v1.34 does not check probes',
      code: dedent`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: old
          labels: {pod-security.kubernetes.io/enforce: baseline, pod-security.kubernetes.io/enforce-version: v1.33}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {namespace: old}
        spec:
          containers:
            - name: a
              livenessProbe: {httpGet: {host: 10.0.0.1, port: 80}}
      `,
    },
  ],
  invalid: [
    {
      name: 'probe and lifecycle hosts, block and flow',
      code: dedent`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              containers:
                - name: web
                  livenessProbe:
                    httpGet:
                      host: 169.254.169.254
                      path: /latest/meta-data/
                      port: 80
                  lifecycle:
                    preStop: {tcpSocket: {host: 127.0.0.1, port: 9000}}
      `,
      errors: [
        {
          messageId: 'host',
          range: [10, 14, 10, 35],
          message: 'Container "web" sets livenessProbe.httpGet.host: 169.254.169.254: the kubelet connects from the node to that address, so the pod can make the node reach internal services on its behalf. Pod Security "restricted" forbids it (check hostProbesAndHostLifecycle).',
          suggestions: [
            { messageId: 'remove', title: 'Remove `host` (the kubelet then connects to the pod\'s IP)', output: dedent`
              apiVersion: apps/v1
              kind: Deployment
              metadata: {name: web}
              spec:
                template:
                  spec:
                    containers:
                      - name: web
                        livenessProbe:
                          httpGet:
                            path: /latest/meta-data/
                            port: 80
                        lifecycle:
                          preStop: {tcpSocket: {host: 127.0.0.1, port: 9000}}
            ` },
          ],
        },
        {
          messageId: 'host',
          range: [14, 34, 14, 49],
          message: 'Container "web" sets lifecycle.preStop.tcpSocket.host: 127.0.0.1: the kubelet connects from the node to that address, so the pod can make the node reach internal services on its behalf. Pod Security "restricted" forbids it (check hostProbesAndHostLifecycle).',
          suggestions: [
            { messageId: 'remove', title: 'Remove `host` (the kubelet then connects to the pod\'s IP)', output: dedent`
              apiVersion: apps/v1
              kind: Deployment
              metadata: {name: web}
              spec:
                template:
                  spec:
                    containers:
                      - name: web
                        livenessProbe:
                          httpGet:
                            host: 169.254.169.254
                            path: /latest/meta-data/
                            port: 80
                        lifecycle:
                          preStop: {tcpSocket: {port: 9000}}
            ` },
          ],
        },
      ],
      output: null,
    },
  ],
});
