import { describe, expect, it } from 'vitest';
import { runRules } from '../../../server/src/engine/run';
import { k8sLanguage } from '../../../server/src/languages/k8s/language';
import rule from '../../../server/src/languages/k8s/rules/secret-in-env';
import { dedent, k8sRuleTester } from '../../support/k8sRuleTester';

const SE2 = dedent`
  apiVersion: v1
  kind: Secret
  metadata:
    name: api
  type: Opaque
  stringData:
    API_TOKEN: replace-me
  ---
  apiVersion: batch/v1
  kind: CronJob
  metadata:
    name: sync
  spec:
    schedule: "*/5 * * * *"
    jobTemplate:
      spec:
        template:
          spec:
            containers:
              - name: sync
                image: example/sync:3.1
                env:
                  - {name: API_TOKEN, value: "tok-4f9a8b7c"}
                  - {name: UPSTREAM, value: "https://sync:hunter2@upstream.example.com/feed"}
                  - {name: NOTIFY, value: ghp_Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jh1Gf0EdCbA9}
`;

k8sRuleTester(rule, {
  valid: [
    dedent`
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
          - name: app
            image: example/web:1.2
            env:
              - name: DB_PASSWORD
                valueFrom:
                  secretKeyRef: {name: db, key: password}
              - name: DB_PASSWORD_FILE
                value: /run/secrets/db
              - name: DATABASE_URL
                value: postgres://app:$(DB_PASSWORD)@db:5432/app
              - name: TOKEN_AUTH_ENABLED
                value: "true"
              - name: API_KEY
                value: ""
              - name: OAUTH_TOKEN_URL
                value: https://auth.example.com/token
              - name: SMTP_PASSWORD
                value: ${'${SMTP_PASSWORD}'}
              - name: SECRET_ID
                value: bq-readonly-key
              - name: AWS_ACCESS_KEY_ID
                value: AKIDEXAMPLEONLY
              - name: OAUTH_CLIENT_SECRET
                value: <Client Secret>
              - name: API_TOKEN
                value: YOUR_API_TOKEN
    `,
  ],
  invalid: [
    {
      name: 'a password literal between comments; other variables left alone',
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
                  image: example/web:1.2
                  env:
                    - name: LOG_LEVEL
                      value: debug
                    - name: DB_PASSWORD
                      # rotated every quarter
                      value: "s3cr3t-Passw0rd"
                    - name: DB_PASSWORD_FILE
                      value: /run/secrets/db
                    - name: DATABASE_URL
                      value: postgres://app:$(DB_PASSWORD)@db:5432/app
                    - name: FEATURE_TOKEN_AUTH
                      value: "true"
      `,
      errors: [
        {
          messageId: 'secretName',
          range: [15, 21, 15, 38],
          message:
            'env DB_PASSWORD of container "app" is named like a secret and set to a literal value: it is stored in the manifest (and its Git history) and shown to anyone who can read the Deployment (`kubectl get -o yaml`, `kubectl describe`). Put it in a Secret and reference it with valueFrom.secretKeyRef.',
          suggestions: [
            {
              messageId: 'useSecretRef',
              title:
                'Read DB_PASSWORD from key DB_PASSWORD of Secret "web-secrets" (valueFrom.secretKeyRef; create the Secret first: kubectl create secret generic web-secrets --from-literal=DB_PASSWORD=…)',
              output: dedent`
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          image: example/web:1.2
                          env:
                            - name: LOG_LEVEL
                              value: debug
                            - name: DB_PASSWORD
                              # rotated every quarter
                              valueFrom:
                                secretKeyRef:
                                  name: web-secrets
                                  key: DB_PASSWORD
                            - name: DB_PASSWORD_FILE
                              value: /run/secrets/db
                            - name: DATABASE_URL
                              value: postgres://app:$(DB_PASSWORD)@db:5432/app
                            - name: FEATURE_TOKEN_AUTH
                              value: "true"
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'flow env items of a CronJob: a Secret of the file holds the key; a URL with a password; a GitHub token',
      code: SE2,
      errors: [
        {
          messageId: 'secretName',
          range: [22, 43, 22, 57],
          suggestions: [
            {
              messageId: 'useExistingSecretRef',
              title: 'Read API_TOKEN from key API_TOKEN of Secret "api", defined in this file (valueFrom.secretKeyRef)',
              output: SE2.replace('{name: API_TOKEN, value: "tok-4f9a8b7c"}', '{name: API_TOKEN, valueFrom: {secretKeyRef: {name: api, key: API_TOKEN}}}'),
            },
          ],
        },
        {
          messageId: 'credentialUrl',
          range: [23, 42, 23, 90],
          message:
            'env UPSTREAM of container "sync" is a URL with a password in it: it is stored in the manifest (and its Git history) and shown to anyone who can read the CronJob. Put the URL (or the password, composed with $(VAR)) in a Secret and reference it with valueFrom.secretKeyRef.',
          suggestions: [
            {
              messageId: 'useSecretRef',
              output: SE2.replace(
                '{name: UPSTREAM, value: "https://sync:hunter2@upstream.example.com/feed"}',
                '{name: UPSTREAM, valueFrom: {secretKeyRef: {name: sync-secrets, key: UPSTREAM}}}',
              ),
            },
          ],
        },
        {
          messageId: 'secretValue',
          range: [24, 40, 24, 80],
          message:
            'The value of env NOTIFY of container "sync" looks like a GitHub token: it is stored in the manifest (and its Git history) and shown to anyone who can read the CronJob. If it is real, revoke it; then put it in a Secret and reference it with valueFrom.secretKeyRef.',
          suggestions: [
            {
              messageId: 'useSecretRef',
              output: SE2.replace(
                '{name: NOTIFY, value: ghp_Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jh1Gf0EdCbA9}',
                '{name: NOTIFY, valueFrom: {secretKeyRef: {name: sync-secrets, key: NOTIFY}}}',
              ),
            },
          ],
        },
      ],
      output: null,
    },
  ],
});

describe('k8s/secret-in-env severity', () => {
  it('is an error for a known credential format, the default (warning) for a name', () => {
    const { findings } = runRules(k8sLanguage, k8sLanguage.parse(SE2), [rule], {}, {});
    expect(findings.map((f) => `${f.messageId} ${f.severity}`)).toEqual(['secretName warning', 'credentialUrl warning', 'secretValue error']);
  });
});
