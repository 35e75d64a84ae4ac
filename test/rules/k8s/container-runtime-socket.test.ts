import { describe, expect, it } from 'vitest';
import rule, { runtimeSocket } from '../../../server/src/languages/k8s/rules/container-runtime-socket';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

k8sRuleTester(rule, {
  valid: [
    dedent`
      apiVersion: v1
      kind: Pod
      metadata:
        name: logs
      spec:
        containers:
          - name: shipper
            image: example/shipper:1.0
            volumeMounts:
              - {name: logs, mountPath: /var/log, readOnly: true}
        volumes:
          - name: logs
            hostPath:
              path: /var/log
          - name: sock
            emptyDir: {}
    `,
  ],
  invalid: [
    {
      name: 'containerd socket (flow), /var/run with a comment, an unused CRI-O socket; other hostPaths are not this rule',
      code: dedent`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
        spec:
          template:
            spec:
              containers:
                - name: agent
                  image: example/agent:2.0
                  volumeMounts:
                    - {name: containerd, mountPath: /run/containerd/containerd.sock}
                    - name: run
                      mountPath: /host/run
                      readOnly: true
              volumes:
                - name: containerd
                  hostPath: {path: /run/containerd/containerd.sock, type: Socket}
                - name: run
                  hostPath:
                    # the whole runtime directory
                    path: "/var/run/"
                - name: unused
                  hostPath:
                    path: /var/run/crio/crio.sock
                - name: logs
                  hostPath:
                    path: /var/log
      `,
      errors: [
        {
          messageId: 'socket',
          range: [17, 27, 17, 58],
          message:
            'The hostPath volume "containerd" mounts /run/containerd/containerd.sock from the node, which is the containerd socket; container "agent" mounts it: whoever can reach the socket can start a privileged container with the node\'s root file system mounted, so a compromise of this pod is a compromise of the node and of every pod on it. Build images with a daemonless builder (BuildKit rootless, kaniko) and read container data through the Kubernetes API instead.',
        },
        { messageId: 'socket', range: [21, 18, 21, 29] },
        {
          messageId: 'socket',
          range: [24, 18, 24, 41],
          message:
            'The hostPath volume "unused" mounts /var/run/crio/crio.sock from the node, which is the CRI-O socket; no container mounts it yet: whoever can reach the socket can start a privileged container with the node\'s root file system mounted, so a compromise of this pod is a compromise of the node and of every pod on it. Build images with a daemonless builder (BuildKit rootless, kaniko) and read container data through the Kubernetes API instead.',
        },
      ],
      output: null,
    },
    {
      name: 'the Docker socket in a CronJob',
      code: dedent`
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: cleanup
        spec:
          schedule: "@hourly"
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                    - name: prune
                      image: docker:27-cli
                      volumeMounts: [{name: docker, mountPath: /var/run/docker.sock}]
                  volumes: [{name: docker, hostPath: {path: /var/run/docker.sock}}]
      `,
      errors: [{ messageId: 'socket', range: [14, 52, 14, 72] }],
      output: null,
    },
  ],
});

describe('runtimeSocket', () => {
  it('knows the runtime sockets and their directories, normalising slashes', () => {
    expect(runtimeSocket('/var/run/docker.sock')).toBe('the Docker daemon socket');
    expect(runtimeSocket('//run//containerd/')).toBe('the containerd runtime directory (containerd.sock)');
    expect(runtimeSocket('/run/k3s/containerd/containerd.sock')).toBe('the containerd socket');
    expect(runtimeSocket('/var/run/')).toMatch(/^the directory of the container runtime sockets/);
    expect(runtimeSocket('/var/lib/kubelet')).toBeUndefined();
    expect(runtimeSocket('/var/log')).toBeUndefined();
  });
});
