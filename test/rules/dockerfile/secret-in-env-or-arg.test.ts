import { describe, expect, it } from 'vitest';
import { runRules } from '../../../server/src/engine/run';
import { dockerfileLanguage } from '../../../server/src/languages/dockerfile/language';
import rule from '../../../server/src/languages/dockerfile/rules/secret-in-env-or-arg';
import { dedent, ruleTester } from '../../support/ruleTester';

// Built from parts so that no scanner mistakes this test for a leak.
const GHP = 'ghp_' + 'R7cQ2mN9xL4vT8kW3yB6pF1hJ5gD0sAzE2uK';
const AKIA = 'AKIA' + 'Q3TX7ZP2LMW5N8RV';
const SLACK = 'xoxb-' + '2918473650-7381920465-Zq8Wm3Rt6Yp1Lk4Vx9Nb2Hc5';
const RANDOM = 'Zx8vQ2mN7pL4rT9kW3yB6cF1hJ5gD0sA';

const ARG_LEAK = 'build-argument values are recorded in the build provenance and, once a RUN uses them, in the image history.';
const ENV_LEAK = 'ENV values are stored in the image config, readable by anyone who can pull the image.';
const ENV_BUILD_LEAK = "ENV values are stored in the config of this stage's image and in the build cache.";
const ADVICE = 'Use a build secret (`RUN --mount=type=secret`) or pass it at run time.';

const GITHUB_TOKEN_OUTPUT = dedent`
  # syntax=docker/dockerfile:1
  FROM golang:1.23 AS build
  RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN echo "machine github.com login x password \${GITHUB_TOKEN}" > /root/.netrc && go mod download && rm /root/.netrc
  FROM gcr.io/distroless/static-debian12:nonroot
  COPY --from=build /out/app /app
`;

/** The ARG and the ENV of NPM_TOKEN become one secret mount (offered on both findings). */
const NPM_TOKEN_TO_SECRET = {
  messageId: 'useSecretMount',
  title:
    'Use a build secret for NPM_TOKEN: add --mount=type=secret,id=npm_token,env=NPM_TOKEN to 1 RUN step and remove the ARG and the ENV (build with --secret id=npm_token,env=NPM_TOKEN)',
  output: dedent`
    # syntax=docker/dockerfile:1
    FROM node:22 AS build
    ENV \\
        dbPassword=hunter2
    ARG ARTIFACTORY_USR ARTIFACTORY_PSW
    RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
    FROM gcr.io/distroless/nodejs22-debian12:nonroot
    COPY --from=build /app /app
  `,
};

ruleTester(rule, {
  valid: [
    { name: 'a *_FILE variable holds a path (BuildKit allows FILE)', code: 'FROM postgres:16\nENV POSTGRES_PASSWORD_FILE=/run/secrets/db\n' },
    { name: 'PASSWORD_FILE holds a path to a mounted secret', code: 'FROM busybox\nENV PASSWORD_FILE=/run/secrets/db\n' },
    { name: 'KEYCLOAK is not KEY', code: 'FROM eclipse-temurin:21\nENV KEYCLOAK_VERSION=1.2\n' },
    { name: 'PUBLIC allows (BuildKit, Trivy)', code: 'FROM busybox\nENV PUBLIC_KEY=test\nARG public_token\n' },
    { name: 'a GPG key fingerprint (official python image)', code: 'FROM debian:12\nENV GPG_KEY 7169605F62C751356D054A26A821E680E5FA6305\n' },
    { name: 'metadata about a secret', code: 'FROM node:22\nENV AUTH_URL=https://auth.example.com/realms/app TOKEN_TTL=3600 KEY_SIZE=2048\n' },
    { name: 'a path to a key that nothing copies there', code: 'FROM nginx:1.27\nENV SSL_CERT_KEY=/etc/nginx/certs/tls.key\n' },
    {
      name: 'GOOGLE_APPLICATION_CREDENTIALS outside every copied directory (Trivy allow cases)',
      code: 'FROM busybox\nCOPY /src /src\nENV GOOGLE_APPLICATION_CREDENTIALS=./app/google-storage-service.json\n',
    },
    { name: 'an empty ENV stores nothing', code: 'FROM node:22\nENV API_KEY=\n' },
    { name: 'a switch is not a secret', code: 'FROM debian:12\nENV APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE=1 AUTH_REQUIRED=false\n' },
    {
      name: 'digests and commit ids are long and random but public',
      code: dedent`
        FROM python:3.12
        ENV PYTHON_SHA256=639e43243c620a308f968213df9e00f2f8f62332f7adbaa7a7eeb9783057c690
        ARG HTTPBUN_COMMIT=a6b387c438b664322734250e426b6966966c2fe4
        ENV APP_BUILD_ID=${RANDOM}
      `,
    },
    { name: 'AWS documentation example key', code: 'FROM amazon/aws-cli:2.17.0\nENV DOCS_SAMPLE_ID=AKIAIOSFODNN7EXAMPLE\n' },
    { name: 'a token placeholder', code: 'FROM node:22\nENV HINT=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n' },
    { name: 'a word-like long value', code: 'FROM node:22\nENV APP_PROFILE=MyApplicationConfigurationValue2024\n' },
    {
      name: 'the shell PWD and a secret mount in RUN (RUN is out of scope)',
      code: dedent`
        FROM amazon/aws-cli:2.17.0
        ENV PWD=/work
        RUN --mount=type=secret,id=aws-key-id,env=AWS_ACCESS_KEY_ID \\
            aws s3 cp s3://bucket/file .
      `,
    },
    {
      name: 'public keys, example env files, certificates',
      code: dedent`
        FROM debian:12
        COPY nginx_signing.key /etc/apt/keyrings/nginx.asc
        COPY docker.key /etc/apt/keyrings/docker.asc
        COPY certs/ca.crt /usr/local/share/ca-certificates/
        COPY .env.example /app/.env.example
        COPY id_ed25519.pub /root/.ssh/authorized_keys
        COPY .npmrc package.json /app/
      `,
    },
    {
      name: 'a private key copied into a build-only stage does not ship',
      code: dedent`
        FROM alpine/git:2.45.2 AS fetch
        COPY id_ed25519 /root/.ssh/id_ed25519
        RUN git clone git@github.com:org/private.git /src
        FROM alpine:3.20
        COPY --from=fetch /src/config /etc/app/
      `,
    },
  ],
  invalid: [
    {
      name: 'legacy ENV form (Trivy test_deny_env_legacy_format)',
      code: 'FROM busybox\nENV GITHUB_TOKEN test\n',
      errors: [
        {
          messageId: 'secretName',
          range: [1, 4, 1, 16],
          message: `ENV GITHUB_TOKEN is named like a secret: ${ENV_LEAK} ${ADVICE}`,
        },
      ],
      output: null,
    },
    {
      name: 'ARG without a value is flagged, as BuildKit does; several pairs on one line',
      code: 'FROM busybox\nARG FOO=test GITHUB_TOKEN\n',
      errors: [
        {
          messageId: 'secretName',
          range: [1, 13, 1, 25],
          message: `ARG GITHUB_TOKEN is named like a secret: ${ARG_LEAK} ${ADVICE}`,
        },
      ],
      output: null,
    },
    {
      name: 'ENV in a build-only stage; the ARG that feeds it; camelCase and Jenkins names',
      code: dedent`
        FROM node:22 AS build
        ARG NPM_TOKEN
        ENV NPM_TOKEN=\${NPM_TOKEN} \\
            dbPassword=hunter2
        ARG ARTIFACTORY_USR ARTIFACTORY_PSW
        RUN npm ci
        FROM gcr.io/distroless/nodejs22-debian12:nonroot
        COPY --from=build /app /app
      `,
      errors: [
        { messageId: 'secretName', range: [1, 4, 1, 13], suggestions: [NPM_TOKEN_TO_SECRET] },
        {
          messageId: 'secretName',
          range: [2, 4, 2, 13],
          message: `ENV NPM_TOKEN is named like a secret: ${ENV_BUILD_LEAK} ${ADVICE}`,
          suggestions: [NPM_TOKEN_TO_SECRET],
        },
        {
          messageId: 'secretName',
          range: [3, 4, 3, 14],
          suggestions: [
            {
              messageId: 'useSecretMount',
              title:
                'Use a build secret for dbPassword: add --mount=type=secret,id=db_password,env=dbPassword to 1 RUN step and remove the ENV (build with --secret id=db_password,env=dbPassword)',
              output: dedent`
                # syntax=docker/dockerfile:1
                FROM node:22 AS build
                ARG NPM_TOKEN
                ENV NPM_TOKEN=\${NPM_TOKEN}
                ARG ARTIFACTORY_USR ARTIFACTORY_PSW
                RUN --mount=type=secret,id=db_password,env=dbPassword npm ci
                FROM gcr.io/distroless/nodejs22-debian12:nonroot
                COPY --from=build /app /app
              `,
            },
          ],
        },
        {
          messageId: 'secretName',
          range: [4, 4, 4, 19],
          suggestions: [
            {
              output: dedent`
                # syntax=docker/dockerfile:1
                FROM node:22 AS build
                ARG NPM_TOKEN
                ENV NPM_TOKEN=\${NPM_TOKEN} \\
                    dbPassword=hunter2
                ARG ARTIFACTORY_PSW
                RUN --mount=type=secret,id=artifactory_usr,env=ARTIFACTORY_USR npm ci
                FROM gcr.io/distroless/nodejs22-debian12:nonroot
                COPY --from=build /app /app
              `,
            },
          ],
        },
        {
          messageId: 'secretName',
          range: [4, 20, 4, 35],
          suggestions: [
            {
              output: dedent`
                # syntax=docker/dockerfile:1
                FROM node:22 AS build
                ARG NPM_TOKEN
                ENV NPM_TOKEN=\${NPM_TOKEN} \\
                    dbPassword=hunter2
                ARG ARTIFACTORY_USR
                RUN --mount=type=secret,id=artifactory_psw,env=ARTIFACTORY_PSW npm ci
                FROM gcr.io/distroless/nodejs22-debian12:nonroot
                COPY --from=build /app /app
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'a global ARG before FROM',
      code: 'ARG REGISTRY_PASSWORD\nFROM alpine:3.20\n',
      errors: [{ messageId: 'secretName', range: [0, 4, 0, 21] }],
      output: null,
    },
    {
      name: 'a URL with a password is still a secret',
      code: 'FROM python:3.12-slim\nENV AUTH_DSN=postgres://app:s3cr3t@db:5432/app\n',
      errors: [{ messageId: 'secretName', range: [1, 4, 1, 12] }],
      output: null,
    },
    {
      name: 'a GitHub token value, whatever the name',
      code: `FROM alpine:3.20\nARG GH=${GHP}\n`,
      errors: [
        {
          messageId: 'secretValue',
          range: [1, 7, 1, 47],
          message: `The value of ARG GH looks like a GitHub token: ${ARG_LEAK} If it is real, revoke it; then use a build secret (\`RUN --mount=type=secret\`) or pass it at run time.`,
        },
      ],
      output: null,
    },
    {
      name: 'value findings replace name findings; quoted values',
      code: `FROM alpine:3.20\nENV AWS_ACCESS_KEY_ID="${AKIA}" NOTIFY='${SLACK}'\n`,
      errors: [
        { messageId: 'secretValue', range: [1, 22, 1, 44] },
        { messageId: 'secretValue', range: [1, 52, 1, 105] },
      ],
      output: null,
    },
    {
      name: 'a private key in a value',
      code: 'FROM alpine:3.20\nENV SIGNING="-----BEGIN OPENSSH PRIVATE KEY-----"\n',
      errors: [
        {
          messageId: 'secretValue',
          range: [1, 12, 1, 49],
          message: `The value of ENV SIGNING looks like a private key: ${ENV_LEAK} If it is real, revoke it; then use a build secret (\`RUN --mount=type=secret\`) or pass it at run time.`,
        },
      ],
      output: null,
    },
    {
      name: 'a long random value',
      code: `FROM alpine:3.20\nENV SESSION_SIGNING=${RANDOM}\n`,
      errors: [{ messageId: 'secretValue', range: [1, 20, 1, 52] }],
      output: null,
    },
    {
      name: 'a credentials file inside a copied directory (Trivy test_deny_secret_file)',
      code: 'FROM busybox\nCOPY /src /app/\nENV GOOGLE_APPLICATION_CREDENTIALS=./app/google-storage-service.json\n',
      errors: [
        {
          messageId: 'secretFilePath',
          range: [2, 35, 2, 68],
          message:
            'ENV GOOGLE_APPLICATION_CREDENTIALS points to ./app/google-storage-service.json, and a COPY copies files to /app: the credentials file is then probably in the image, readable by anyone who can pull it. Mount it at run time instead (or use `RUN --mount=type=secret` during the build).',
        },
      ],
      output: null,
    },
    {
      name: 'ARG with a quoted path and COPY . . (Trivy test_deny_secret_file_quoted_path, in an ARG)',
      code: 'FROM busybox\nCOPY . .\nARG GOOGLE_APPLICATION_CREDENTIALS="./news-extraction.json"\n',
      errors: [{ messageId: 'secretFilePath', range: [2, 35, 2, 59] }],
      output: null,
    },
    {
      name: 'a key path under WORKDIR that COPY . fills',
      code: dedent`
        FROM node:22-slim
        WORKDIR /app
        ENV TLS_KEY_FILE=certs/tls.key
        COPY . .
        USER node
      `,
      errors: [{ messageId: 'secretFilePath', range: [2, 17, 2, 30] }],
      output: null,
    },
    {
      name: 'COPY to the credentials file location (Trivy test_deny_copy_secret_file)',
      code: 'FROM busybox\nCOPY ./config $AWS_CONFIG_FILE\n',
      errors: [
        {
          messageId: 'copyToSecretFile',
          range: [1, 14, 1, 30],
          message:
            'COPY to $AWS_CONFIG_FILE puts a credentials file where AWS_CONFIG_FILE points: it is then in the image, readable by anyone who can pull it. Mount it at run time instead (or use `RUN --mount=type=secret` during the build).',
        },
      ],
      output: null,
    },
    {
      name: 'private keys, keystores and .env files copied into the final image',
      code: dedent`
        FROM eclipse-temurin:21-jre
        COPY id_rsa /root/.ssh/id_rsa
        COPY --chown=app:app certs/server.key certs/server.crt /etc/ssl/app/
        ADD keystore.p12 /opt/app/
        COPY .env \\
            .env.production /opt/app/
      `,
      errors: [
        {
          messageId: 'secretFileCopy',
          range: [1, 5, 1, 11],
          message:
            'COPY id_rsa copies a private SSH key into the image, readable by anyone who can pull it. Use `RUN --mount=type=secret` to use it during the build, or mount it at run time.',
        },
        { messageId: 'secretFileCopy', range: [2, 21, 2, 37] },
        { messageId: 'secretFileCopy', range: [3, 4, 3, 16] },
        { messageId: 'secretFileCopy', range: [4, 5, 4, 9] },
        { messageId: 'secretFileCopy', range: [5, 4, 5, 19] },
      ],
      output: null,
    },
    {
      name: 'build secret: only the RUN that names the variable gets the mount; the directive is added',
      code: dedent`
        FROM node:22-slim AS build
        WORKDIR /app
        ARG NPM_TOKEN
        COPY package.json package-lock.json ./
        RUN echo "//registry.npmjs.org/:_authToken=\${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
        RUN npm run build
      `,
      errors: [
        {
          messageId: 'secretName',
          range: [2, 4, 2, 13],
          suggestions: [
            {
              messageId: 'useSecretMount',
              title:
                'Use a build secret for NPM_TOKEN: add --mount=type=secret,id=npm_token,env=NPM_TOKEN to 1 RUN step and remove the ARG (build with --secret id=npm_token,env=NPM_TOKEN)',
              output: dedent`
                # syntax=docker/dockerfile:1
                FROM node:22-slim AS build
                WORKDIR /app
                COPY package.json package-lock.json ./
                RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo "//registry.npmjs.org/:_authToken=\${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
                RUN npm run build
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'build secret: the directive goes after an escape directive; exec form and a RUN continued at once',
      only: 'lf',
      code: dedent`
        # escape=\`
        FROM python:3.12-slim AS build
        ARG PIP_PASSWORD
        RUN ["pip", "install", "--target", "/deps", "-r", "requirements.txt"]
        RUN \`
            pip check
      `,
      errors: [
        {
          messageId: 'secretName',
          range: [2, 4, 2, 16],
          suggestions: [
            {
              title:
                'Use a build secret for PIP_PASSWORD: add --mount=type=secret,id=pip_password,env=PIP_PASSWORD to 2 RUN steps and remove the ARG (build with --secret id=pip_password,env=PIP_PASSWORD)',
              output: dedent`
                # escape=\`
                # syntax=docker/dockerfile:1
                FROM python:3.12-slim AS build
                RUN --mount=type=secret,id=pip_password,env=PIP_PASSWORD ["pip", "install", "--target", "/deps", "-r", "requirements.txt"]
                RUN --mount=type=secret,id=pip_password,env=PIP_PASSWORD \`
                    pip check
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'build secret: CRLF and an escape directive (both kept)',
      only: 'lf',
      code: '# escape=`\r\nFROM alpine:3.20\r\nARG API_TOKEN\r\nRUN ./fetch.sh `\r\n    --out /data\r\n',
      errors: [
        {
          messageId: 'secretName',
          range: [2, 4, 2, 13],
          suggestions: [
            {
              output:
                '# escape=`\r\n# syntax=docker/dockerfile:1\r\nFROM alpine:3.20\r\nRUN --mount=type=secret,id=api_token,env=API_TOKEN ./fetch.sh `\r\n    --out /data\r\n',
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'build secret: an older docker/dockerfile:1.N pin is raised to 1.10 (secret env= needs it)',
      code: dedent`
        # syntax=docker/dockerfile:1.7-labs
        FROM golang:1.23 AS build
        ARG GOPROXY_TOKEN
        RUN go mod download
        FROM gcr.io/distroless/static-debian12:nonroot
        COPY --from=build /out/app /app
      `,
      errors: [
        {
          messageId: 'secretName',
          range: [2, 4, 2, 17],
          suggestions: [
            {
              output: dedent`
                # syntax=docker/dockerfile:1.10-labs
                FROM golang:1.23 AS build
                RUN --mount=type=secret,id=goproxy_token,env=GOPROXY_TOKEN go mod download
                FROM gcr.io/distroless/static-debian12:nonroot
                COPY --from=build /out/app /app
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'build secret: a current syntax directive is kept; a RUN that already mounts it is not changed',
      code: dedent`
        # syntax=docker/dockerfile:1
        FROM node:22-slim AS build
        ARG NPM_TOKEN
        RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
        RUN npm test
      `,
      errors: [
        {
          messageId: 'secretName',
          range: [2, 4, 2, 13],
          suggestions: [
            {
              messageId: 'removeSecretDeclaration',
              title: 'Remove the ARG of NPM_TOKEN: the RUN steps that use it already mount it as a build secret',
              output: dedent`
                # syntax=docker/dockerfile:1
                FROM node:22-slim AS build
                RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
                RUN npm test
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'build secret: a global ARG and its redeclaration; the directive replaces the global ARG line',
      code: dedent`
        ARG GITHUB_TOKEN
        FROM golang:1.23 AS build
        ARG GITHUB_TOKEN
        RUN echo "machine github.com login x password \${GITHUB_TOKEN}" > /root/.netrc && go mod download && rm /root/.netrc
        FROM gcr.io/distroless/static-debian12:nonroot
        COPY --from=build /out/app /app
      `,
      errors: [
        { messageId: 'secretName', range: [0, 4, 0, 16], suggestions: [{ output: GITHUB_TOKEN_OUTPUT }] },
        { messageId: 'secretName', range: [2, 4, 2, 16], suggestions: [{ output: GITHUB_TOKEN_OUTPUT }] },
      ],
      output: null,
    },
    {
      name: 'build secret: a shipped ENV (first of several pairs); the title says to pass it at run time',
      code: dedent`
        FROM python:3.12-slim
        ENV PIP_INDEX_TOKEN=abc APP_ENV=prod
        RUN pip install --no-cache-dir -r requirements.txt
        USER 65532
        CMD ["python", "app.py"]
      `,
      errors: [
        {
          messageId: 'secretName',
          range: [1, 4, 1, 19],
          suggestions: [
            {
              messageId: 'useSecretMountShipped',
              title:
                'Use a build secret for PIP_INDEX_TOKEN: add --mount=type=secret,id=pip_index_token,env=PIP_INDEX_TOKEN to 1 RUN step and remove the ENV (build with --secret id=pip_index_token,env=PIP_INDEX_TOKEN; if the program reads PIP_INDEX_TOKEN at run time, pass it with docker run -e)',
              output: dedent`
                # syntax=docker/dockerfile:1
                FROM python:3.12-slim
                ENV APP_ENV=prod
                RUN --mount=type=secret,id=pip_index_token,env=PIP_INDEX_TOKEN pip install --no-cache-dir -r requirements.txt
                USER 65532
                CMD ["python", "app.py"]
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'build secret: the last pair on a continuation line; an ENV inherited by a later stage',
      code: dedent`
        FROM node:22 AS base
        ENV NODE_ENV=production \\
            NPM_AUTH_TOKEN=abc
        FROM base AS build
        RUN npm ci
        FROM gcr.io/distroless/nodejs22-debian12:nonroot
        COPY --from=build /app /app
      `,
      errors: [
        {
          messageId: 'secretName',
          range: [2, 4, 2, 18],
          suggestions: [
            {
              messageId: 'useSecretMount',
              output: dedent`
                # syntax=docker/dockerfile:1
                FROM node:22 AS base
                ENV NODE_ENV=production
                FROM base AS build
                RUN --mount=type=secret,id=npm_auth_token,env=NPM_AUTH_TOKEN npm ci
                FROM gcr.io/distroless/nodejs22-debian12:nonroot
                COPY --from=build /app /app
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'build secret: a token value, whatever the name (revoke it too)',
      code: `FROM alpine:3.20\nARG GH=${GHP}\nRUN git clone https://$GH@github.com/org/repo /src\n`,
      errors: [
        {
          messageId: 'secretValue',
          range: [1, 7, 1, 47],
          suggestions: [
            {
              output: '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN --mount=type=secret,id=gh,env=GH git clone https://$GH@github.com/org/repo /src\n',
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'no build secret: the variable is used outside RUN (a LABEL, a shell-form CMD at run time)',
      code: dedent`
        FROM alpine:3.20
        ARG API_TOKEN
        ENV SERVICE_KEY=abc
        LABEL source="https://\${API_TOKEN}@example.com"
        RUN ./fetch.sh
        CMD ./start --key $SERVICE_KEY
      `,
      errors: [
        { messageId: 'secretName', range: [1, 4, 1, 13] },
        { messageId: 'secretName', range: [2, 4, 2, 15] },
      ],
      output: null,
    },
    {
      name: 'no build secret: a digest-pinned old frontend cannot be raised without its new digest',
      code: `# syntax=docker/dockerfile:1.7@sha256:${'a'.repeat(64)}\nFROM alpine:3.20\nARG API_TOKEN\nRUN ./fetch.sh\n`,
      errors: [{ messageId: 'secretName', range: [2, 4, 2, 13] }],
      output: null,
    },
  ],
});

describe('dockerfile/secret-in-env-or-arg severities', () => {
  const severities = (code: string, settings = {}) =>
    runRules(dockerfileLanguage, dockerfileLanguage.parse(code), [rule], settings).findings.map((f) => `${f.messageId}:${f.severity}`);

  it('a value in a known credential format is an error', () => {
    expect(severities(`FROM alpine:3.20\nENV GH=${GHP} TOKEN=abc\n`)).toEqual(['secretValue:error', 'secretName:warning']);
  });

  it('a random-looking value stays a warning', () => {
    expect(severities(`FROM alpine:3.20\nENV SESSION_SIGNING=${RANDOM}\n`)).toEqual(['secretValue:warning']);
  });

  it('a configured severity wins', () => {
    expect(severities(`FROM alpine:3.20\nENV GH=${GHP}\n`, { rules: { 'dockerfile/secret-in-env-or-arg': 'info' } })).toEqual(['secretValue:info']);
  });
});
