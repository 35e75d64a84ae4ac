import rule from '../../../server/src/languages/k8s/rules/pin-digest';
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
          - name: digest
            image: nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
          - name: tag-and-digest
            image: "nginx:1.27@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
          - name: placeholder
            image: ${'${IMAGE}'}
    `,
  ],
  invalid: [
    {
      name: 'tagged, untagged and :latest images; the message says how to pin',
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
                    - name: base
                      image: gcr.io/distroless/static-debian12:nonroot # runtime
      `,
      errors: [
        {
          messageId: 'notPinned',
          range: [11, 35, 11, 59],
          message:
            'The image curlimages/curl:latest of init container "fetch" is not pinned by digest: a tag can be re-pushed, so nodes that pull it later (a new replica, a rescheduled pod) can run different content. Pin it as curlimages/curl:<version>@sha256:… (the digest of the image you reviewed; update it with a tool such as Renovate or Dependabot).',
        },
        { messageId: 'notPinned', range: [15, 21, 15, 47] },
        {
          messageId: 'notPinned',
          range: [17, 21, 17, 62],
          message:
            'The image gcr.io/distroless/static-debian12:nonroot of container "base" is not pinned by digest: a tag can be re-pushed, so nodes that pull it later (a new replica, a rescheduled pod) can run different content. Pin it as gcr.io/distroless/static-debian12:nonroot@sha256:… (the digest of the image you reviewed; update it with a tool such as Renovate or Dependabot).',
        },
      ],
      output: null,
    },
  ],
});
