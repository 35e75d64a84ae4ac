import rule from '../../../server/src/languages/k8s/rules/sysctls';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

k8sRuleTester(rule, {
  valid: [
    {
      name: 'the safe list of v1.37',
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          containers: [{name: a}]
          securityContext:
            sysctls:
              - {name: net.ipv4.ip_local_port_range, value: "1024 65535"}
              - {name: net.ipv4.tcp_keepalive_time, value: "600"}
              - {name: net.ipv4.tcp_rmem, value: "4096 87380 16777216"}
              - {name: net.ipv4.tcp_slow_start_after_idle, value: "0"}
      `,
    },
  ],
  invalid: [
    {
      name: 'an unsafe sysctl among safe ones, block list',
      code: dedent`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: db}
        spec:
          template:
            spec:
              containers: [{name: db}]
              securityContext:
                sysctls:
                  - name: net.ipv4.tcp_syncookies
                    value: "1"
                  - name: kernel.shmmax
                    value: "68719476736"
      `,
      errors: [
        {
          messageId: 'unsafe',
          range: [11, 18, 11, 31],
          message: 'The pod sets the sysctl kernel.shmmax, which is not in the safe list: it may change the kernel for the whole node or other pods (the kubelet also refuses it unless allowed). Pod Security "restricted" allows only kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes, net.ipv4.tcp_rmem, net.ipv4.tcp_wmem, net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_notsent_lowat (check sysctls).',
          suggestions: [
            { messageId: 'remove', title: 'Remove the sysctl kernel.shmmax', output: dedent`
              apiVersion: apps/v1
              kind: Deployment
              metadata: {name: db}
              spec:
                template:
                  spec:
                    containers: [{name: db}]
                    securityContext:
                      sysctls:
                        - name: net.ipv4.tcp_syncookies
                          value: "1"
            ` },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'a sysctl that became safe in v1.37 is unsafe under enforce-version v1.36',
      code: dedent`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: net
          labels:
            pod-security.kubernetes.io/enforce: baseline
            pod-security.kubernetes.io/enforce-version: v1.36
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: net}
        spec:
          containers: [{name: a}]
          securityContext: {sysctls: [{name: net.ipv4.tcp_notsent_lowat, value: "16384"}]}
      `,
      errors: [
        {
          messageId: 'unsafe',
          range: [13, 37, 13, 63],
          message: 'The pod sets the sysctl net.ipv4.tcp_notsent_lowat, which is not in the safe list: it may change the kernel for the whole node or other pods (the kubelet also refuses it unless allowed). Pod Security "baseline:v1.36" allows only kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes, net.ipv4.tcp_rmem, net.ipv4.tcp_wmem (check sysctls).',
          suggestions: [
            { messageId: 'remove', title: 'Remove the sysctl net.ipv4.tcp_notsent_lowat', output: dedent`
              apiVersion: v1
              kind: Namespace
              metadata:
                name: net
                labels:
                  pod-security.kubernetes.io/enforce: baseline
                  pod-security.kubernetes.io/enforce-version: v1.36
              ---
              apiVersion: v1
              kind: Pod
              metadata: {name: p, namespace: net}
              spec:
                containers: [{name: a}]
                securityContext: {sysctls: []}
            ` },
          ],
        },
      ],
      output: null,
    },
  ],
});
