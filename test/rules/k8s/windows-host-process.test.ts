import rule from '../../../server/src/languages/k8s/rules/windows-host-process';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

k8sRuleTester(rule, {
  valid: [
    {
      name: 'hostProcess false or unset',
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          os: {name: windows}
          securityContext:
            windowsOptions: {hostProcess: false, runAsUserName: ContainerUser}
          containers: [{name: a}]
      `,
    },
  ],
  invalid: [
    {
      name: 'pod and container HostProcess',
      code: dedent`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: win-agent}
        spec:
          template:
            spec:
              os: {name: windows}
              hostNetwork: true
              securityContext:
                windowsOptions:
                  hostProcess: true
                  runAsUserName: "NT AUTHORITY\\\\SYSTEM"
              containers:
                - name: agent
                  securityContext: {windowsOptions: {hostProcess: true}}
      `,
      errors: [
        {
          messageId: 'hostProcess',
          range: [10, 10, 10, 27],
          message: 'The pod runs as a Windows HostProcess container (windowsOptions.hostProcess: true): it runs on the node itself, with the node\'s network and file system. Pod Security "restricted" rejects it (check windowsHostProcess).',
          suggestions: [
            { messageId: 'setFalse', title: 'Set `hostProcess: false`', output: dedent`
              apiVersion: apps/v1
              kind: DaemonSet
              metadata: {name: win-agent}
              spec:
                template:
                  spec:
                    os: {name: windows}
                    hostNetwork: true
                    securityContext:
                      windowsOptions:
                        hostProcess: false
                        runAsUserName: "NT AUTHORITY\\\\SYSTEM"
                    containers:
                      - name: agent
                        securityContext: {windowsOptions: {hostProcess: true}}
            ` },
          ],
        },
        {
          messageId: 'hostProcess',
          range: [14, 45, 14, 62],
          message: 'Container "agent" runs as a Windows HostProcess container (windowsOptions.hostProcess: true): it runs on the node itself, with the node\'s network and file system. Pod Security "restricted" rejects it (check windowsHostProcess).',
          suggestions: [
            { messageId: 'setFalse', title: 'Set `hostProcess: false`', output: dedent`
              apiVersion: apps/v1
              kind: DaemonSet
              metadata: {name: win-agent}
              spec:
                template:
                  spec:
                    os: {name: windows}
                    hostNetwork: true
                    securityContext:
                      windowsOptions:
                        hostProcess: true
                        runAsUserName: "NT AUTHORITY\\\\SYSTEM"
                    containers:
                      - name: agent
                        securityContext: {windowsOptions: {hostProcess: false}}
            ` },
          ],
        },
      ],
      output: null,
    },
  ],
});
