import rule from '../../../server/src/languages/k8s/rules/host-ports';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

k8sRuleTester(rule, {
  valid: [
    {
      name: 'container ports only, and hostPort: 0',
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          containers:
            - name: a
              ports:
                - containerPort: 8080
                - {containerPort: 9090, hostPort: 0}
      `,
    },
  ],
  invalid: [
    {
      name: 'block and flow port maps, init container',
      code: dedent`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: ingress}
        spec:
          template:
            spec:
              initContainers:
                - name: probe
                  ports: [{containerPort: 81, hostPort: 81, protocol: TCP}]
              containers:
                - name: controller
                  ports:
                    - name: http
                      containerPort: 80
                      hostPort: 80
                      protocol: TCP
      `,
      errors: [
        {
          messageId: 'hostPort',
          range: [8, 38, 8, 50],
          message: 'Init container "probe" binds port 81 of the node (hostPort): it bypasses network policies, pins the pod to nodes where the port is free and exposes it on the node\'s address. Pod Security "restricted" rejects it (check hostPorts).',
          suggestions: [
            { messageId: 'remove', title: 'Remove `hostPort: 81` (expose the port with a Service)', output: dedent`
              apiVersion: apps/v1
              kind: Deployment
              metadata: {name: ingress}
              spec:
                template:
                  spec:
                    initContainers:
                      - name: probe
                        ports: [{containerPort: 81, protocol: TCP}]
                    containers:
                      - name: controller
                        ports:
                          - name: http
                            containerPort: 80
                            hostPort: 80
                            protocol: TCP
            ` },
          ],
        },
        {
          messageId: 'hostPort',
          range: [14, 14, 14, 26],
          message: 'Container "controller" binds port 80 of the node (hostPort): it bypasses network policies, pins the pod to nodes where the port is free and exposes it on the node\'s address. Pod Security "restricted" rejects it (check hostPorts).',
          suggestions: [
            { messageId: 'remove', title: 'Remove `hostPort: 80` (expose the port with a Service)', output: dedent`
              apiVersion: apps/v1
              kind: Deployment
              metadata: {name: ingress}
              spec:
                template:
                  spec:
                    initContainers:
                      - name: probe
                        ports: [{containerPort: 81, hostPort: 81, protocol: TCP}]
                    containers:
                      - name: controller
                        ports:
                          - name: http
                            containerPort: 80
                            protocol: TCP
            ` },
          ],
        },
      ],
      output: null,
    },
  ],
});
