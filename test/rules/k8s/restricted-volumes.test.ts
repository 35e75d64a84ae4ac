import rule from '../../../server/src/languages/k8s/rules/restricted-volumes';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

k8sRuleTester(rule, {
  valid: [
    {
      name: 'the nine allowed types, and a volume without a source (an emptyDir after defaulting)',
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          containers: [{name: a}]
          volumes:
            - name: scratch
            - {name: a, configMap: {name: c}}
            - {name: b, csi: {driver: x}}
            - {name: c, downwardAPI: {}}
            - {name: d, emptyDir: {}}
            - {name: e, ephemeral: {}}
            - {name: f, image: {reference: example/data:1}}
            - {name: g, persistentVolumeClaim: {claimName: g}}
            - {name: h, projected: {sources: []}}
            - {name: i, secret: {secretName: i}}
      `,
    },
    {
      name: 'baseline allows other types',
      settings: { options: { kubernetesProfile: 'baseline' } },
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          containers: [{name: a}]
          volumes: [{name: n, nfs: {server: x, path: /}}]
      `,
    },
    {
      name: 'hostPath is left to k8s/host-path-volumes',
      code: dedent`
        apiVersion: v1
        kind: Pod
        spec:
          containers: [{name: a}]
          volumes: [{name: h, hostPath: {path: /}}]
      `,
    },
  ],
  invalid: [
    {
      name: 'nfs and a cloud disk in a StatefulSet',
      code: dedent`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: files}
        spec:
          template:
            spec:
              containers: [{name: files}]
              volumes:
                - name: share
                  nfs:
                    server: nfs.example.com
                    path: /exports
                - {name: disk, awsElasticBlockStore: {volumeID: vol-1}}
      `,
      errors: [
        {
          messageId: 'volumeType',
          range: [9, 10, 9, 13],
          message: 'Volume "share" is of type nfs, which mounts storage directly from the node or an external system, outside what persistent volume claims control. Pod Security "restricted" allows only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes (check restrictedVolumes).',
          suggestions: [
          ],
        },
        {
          messageId: 'volumeType',
          range: [12, 23, 12, 43],
          message: 'Volume "disk" is of type awsElasticBlockStore, which mounts storage directly from the node or an external system, outside what persistent volume claims control. Pod Security "restricted" allows only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes (check restrictedVolumes).',
          suggestions: [
          ],
        },
      ],
      output: null,
    },
  ],
});
