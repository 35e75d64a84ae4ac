import rule from '../../../server/src/languages/k8s/rules/no-latest-tag';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

k8sRuleTester(rule, {
  valid: [
    dedent`
      apiVersion: v1
      kind: Pod
      metadata:
        name: ok
      spec:
        containers:
          - name: tagged
            image: nginx:1.27.3
          - name: digest
            image: nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
          - name: latest-with-digest
            image: nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
          - name: placeholder
            image: <IMAGE>
          - name: no-image
    `,
    {
      name: 'a registry port is not a tag; only workloads are checked',
      code: dedent`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: registry.example.com:5000/team/web:2.4.1
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: images
        data:
          image: nginx:latest
      `,
    },
  ],
  invalid: [
    {
      name: 'flow init container in a CronJob, untagged image with a registry port, quoted :latest with a comment',
      code: dedent`
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: report
        spec:
          schedule: "@daily"
          jobTemplate:
            spec:
              template:
                spec:
                  initContainers:
                    - {name: fetch, image: "curlimages/curl:latest"}
                  containers:
                    - name: report
                      # built by CI
                      image: localhost:5000/team/report
                    - name: proxy
                      image: 'nginx:latest' # temporary
      `,
      errors: [
        {
          messageId: 'latest',
          range: [11, 52, 11, 58],
          message:
            'The image curlimages/curl:latest of init container "fetch" uses the :latest tag: each node pulls whatever the tag points to when it starts the pod, so replicas can run different versions and a rollback does not bring the old version back. Pin a version tag (and ideally a digest).',
        },
        {
          messageId: 'untagged',
          range: [15, 21, 15, 47],
          message:
            'The image localhost:5000/team/report of container "report" has no tag, so Kubernetes pulls :latest: each node pulls whatever the tag points to when it starts the pod, so replicas can run different versions and a rollback does not bring the old version back. Pin a version tag (and ideally a digest).',
        },
        { messageId: 'latest', range: [17, 28, 17, 34] },
      ],
      output: null,
    },
    {
      name: 'second document, List item',
      code: dedent`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: apps
        ---
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: Pod
            metadata:
              name: debug
            spec:
              containers:
                - name: shell
                  image: busybox
      `,
      errors: [{ messageId: 'untagged', range: [15, 17, 15, 24] }],
      output: null,
    },
  ],
});
