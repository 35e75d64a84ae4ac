import rule from '../../../server/src/languages/k8s/rules/apparmor';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

k8sRuleTester(rule, {
  valid: [
    {
      name: 'RuntimeDefault and Localhost fields, runtime/default and localhost/ annotations',
      code: dedent`
        apiVersion: apps/v1
        kind: Deployment
        spec:
          template:
            metadata:
              annotations:
                container.apparmor.security.beta.kubernetes.io/a: runtime/default
                container.apparmor.security.beta.kubernetes.io/b: localhost/k8s-nginx
            spec:
              securityContext:
                appArmorProfile: {type: RuntimeDefault}
              containers:
                - name: a
                  securityContext:
                    appArmorProfile: {type: Localhost, localhostProfile: k8s-nginx}
      `,
    },
    {
      name: 'annotations on the Deployment itself do not reach the pod',
      code: dedent`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          annotations:
            container.apparmor.security.beta.kubernetes.io/a: unconfined
        spec:
          template:
            spec:
              containers: [{name: a}]
      `,
    },
  ],
  invalid: [
    {
      name: 'Unconfined field at pod and container level',
      code: dedent`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          securityContext:
            appArmorProfile:
              type: Unconfined
          containers:
            - name: a
              securityContext: {appArmorProfile: {type: Unconfined}}
      `,
      errors: [
        {
          messageId: 'field',
          range: [6, 6, 6, 22],
          message: 'The pod sets appArmorProfile.type: Unconfined, which turns AppArmor confinement off. Pod Security "restricted" allows only RuntimeDefault or Localhost (check appArmorProfile).',
          suggestions: [
            { messageId: 'setRuntimeDefault', title: 'Use `type: RuntimeDefault`', output: dedent`
              apiVersion: v1
              kind: Pod
              metadata: {name: p}
              spec:
                securityContext:
                  appArmorProfile:
                    type: RuntimeDefault
                containers:
                  - name: a
                    securityContext: {appArmorProfile: {type: Unconfined}}
            ` },
          ],
        },
        {
          messageId: 'field',
          range: [9, 42, 9, 58],
          message: 'Container "a" sets appArmorProfile.type: Unconfined, which turns AppArmor confinement off. Pod Security "restricted" allows only RuntimeDefault or Localhost (check appArmorProfile).',
          suggestions: [
            { messageId: 'setRuntimeDefault', title: 'Use `type: RuntimeDefault`', output: dedent`
              apiVersion: v1
              kind: Pod
              metadata: {name: p}
              spec:
                securityContext:
                  appArmorProfile:
                    type: Unconfined
                containers:
                  - name: a
                    securityContext: {appArmorProfile: {type: RuntimeDefault}}
            ` },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'the deprecated annotation on the pod template of a CronJob, baseline',
      settings: { options: { kubernetesProfile: 'baseline' } },
      code: dedent`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: c}
        spec:
          jobTemplate:
            spec:
              template:
                metadata:
                  annotations:
                    # debugging a denial
                    container.apparmor.security.beta.kubernetes.io/job: unconfined
                spec:
                  containers: [{name: job}]
      `,
      errors: [
        {
          messageId: 'annotation',
          range: [10, 12, 10, 74],
          message: 'The annotation container.apparmor.security.beta.kubernetes.io/job: unconfined runs the container "job" without AppArmor confinement. Pod Security "baseline" allows only runtime/default or localhost/<profile> (check appArmorProfile).',
          suggestions: [
            { messageId: 'setAnnotation', title: 'Use `runtime/default`', output: dedent`
              apiVersion: batch/v1
              kind: CronJob
              metadata: {name: c}
              spec:
                jobTemplate:
                  spec:
                    template:
                      metadata:
                        annotations:
                          # debugging a denial
                          container.apparmor.security.beta.kubernetes.io/job: runtime/default
                      spec:
                        containers: [{name: job}]
            ` },
          ],
        },
      ],
      output: null,
    },
  ],
});
