import rule from '../../../server/src/languages/dockerfile/rules/tls-verification-disabled';
import { dedent, ruleTester } from '../../support/ruleTester';

ruleTester(rule, {
  valid: [
    {
      name: 'verified downloads, a private CA, option values that merely look like -k',
      code: dedent`
        FROM debian:12
        COPY corp-ca.pem /usr/local/share/ca-certificates/corp-ca.crt
        RUN update-ca-certificates \\
         && curl --cacert /etc/ssl/certs/ca-certificates.crt -fsSLO https://example.com/tool.tgz \\
         && curl -H 'X-Flags: -k' -o /tmp/k https://example.com/k \\
         && wget -O /tmp/x.tgz https://example.com/x.tgz
      `,
    },
    {
      name: 'a local health probe with -k has nothing to intercept',
      code: 'FROM nginx:1.27\nRUN nginx && curl -kfsS https://localhost:8443/health && wget --no-check-certificate -qO- https://127.0.0.1/\n',
    },
    { name: 'inside a quoted string', code: 'FROM alpine:3.20\nRUN echo "curl -k https://example.com | apk add --allow-untrusted" > /notes\n' },
    {
      name: 'variables that keep verification on, and an ARG without a value',
      code: dedent`
        FROM node:22-slim
        ENV NODE_TLS_REJECT_UNAUTHORIZED=1 PYTHONHTTPSVERIFY=1
        ARG GIT_SSL_NO_VERIFY
        RUN npm config set strict-ssl true && git config --global http.sslVerify true
      `,
    },
    {
      name: 'a global ARG is not in the environment of RUN',
      code: 'ARG NODE_TLS_REJECT_UNAUTHORIZED=0\nFROM node:22-slim\nRUN node -e "console.log(1)"\n',
    },
    {
      name: 'self-built packages from a build stage installed from local files',
      code: dedent`
        FROM alpine:3.20
        RUN --mount=type=bind,target=/tmp/packages,source=/out,from=builder \\
            apk add --no-cache --allow-untrusted /tmp/packages/nginx-module-*.apk \\
         && rpm -i --nodigest --nosignature ./local/tool-1.0.rpm
      `,
    },
    {
      name: 'pip with its own index, not trusted-host',
      code: 'FROM python:3.12-slim\nRUN pip install --index-url https://pypi.internal.example/simple --cert /etc/ssl/corp.pem flask\n',
    },
  ],
  invalid: [
    {
      name: 'curl with k in combined short flags',
      code: 'FROM debian:12\nRUN curl -fsSLk https://example.com/tool.tgz -o /tmp/tool.tgz\n',
      errors: [
        {
          messageId: 'tls',
          range: [1, 9, 1, 15],
          message:
            '`-fsSLk` switches off TLS certificate verification for curl: anyone on the network path can serve the build (or the container) whatever they like. Remove it; if a proxy or private CA is the reason, add that CA certificate to the trust store instead.',
        },
      ],
      output: null,
    },
    {
      name: 'curl --insecure and wget in a build stage, across continuations',
      code: dedent`
        FROM debian:12 AS fetch
        RUN curl --insecure -fsSLO https://example.com/a.tgz \\
         && wget --no-check-certificate -O /tmp/b.tgz https://example.com/b.tgz \\
         && wget -e check_certificate=off https://example.com/c.tgz
        FROM scratch
        COPY --from=fetch /a.tgz /
      `,
      errors: [
        { messageId: 'tls', range: [1, 9, 1, 19] },
        { messageId: 'tls', range: [2, 9, 2, 31] },
        { messageId: 'tls', range: [3, 12, 3, 33] },
      ],
      output: null,
    },
    {
      name: 'pip --trusted-host, both spellings',
      code: 'FROM python:3.12-slim\nRUN pip install --trusted-host pypi.org --trusted-host=files.pythonhosted.org -r requirements.txt\n',
      errors: [
        { messageId: 'tls', range: [1, 16, 1, 30] },
        { messageId: 'tls', range: [1, 40, 1, 77] },
      ],
      output: null,
    },
    {
      name: 'npm, yarn and git configuration',
      code: dedent`
        FROM node:22-slim
        RUN npm config set strict-ssl false \\
         && yarn config set strict-ssl false \\
         && npm set strict-ssl=false \\
         && git config --global http.sslVerify false \\
         && git -c http.sslVerify=false clone https://git.example.com/app.git
      `,
      errors: [
        { messageId: 'tls', range: [1, 19, 1, 35] },
        { messageId: 'tls', range: [2, 20, 2, 36] },
        { messageId: 'tls', range: [3, 12, 3, 28] },
        { messageId: 'tls', range: [4, 24, 4, 44] },
        { messageId: 'tls', range: [5, 11, 5, 31] },
      ],
      output: null,
    },
    {
      name: 'environment variables: ENV, legacy ENV, stage ARG, inline, export and env',
      code: dedent`
        FROM node:22-slim
        ENV NODE_TLS_REJECT_UNAUTHORIZED=0
        ENV PYTHONHTTPSVERIFY 0
        ARG GIT_SSL_NO_VERIFY=true
        RUN GIT_SSL_NO_VERIFY=1 git clone https://git.example.com/app.git \\
         && export npm_config_strict_ssl=false \\
         && env GOINSECURE=git.example.com go mod download
      `,
      errors: [
        {
          messageId: 'tls',
          range: [1, 4, 1, 34],
          message:
            '`NODE_TLS_REJECT_UNAUTHORIZED=0` switches off TLS certificate verification for Node.js: anyone on the network path can serve the build (or the container) whatever they like. Remove it; if a proxy or private CA is the reason, add that CA certificate to the trust store instead.',
        },
        { messageId: 'tls', range: [2, 4, 2, 23] },
        { messageId: 'tls', range: [3, 4, 3, 26] },
        { messageId: 'tls', range: [4, 4, 4, 23] },
        { messageId: 'tls', range: [5, 11, 5, 38] },
        { messageId: 'tls', range: [6, 8, 6, 34] },
      ],
      output: null,
    },
    {
      name: 'apk --allow-untrusted for packages from the network',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache --allow-untrusted --repository https://mirror.example.com/alpine/edge curl\n',
      errors: [
        {
          messageId: 'signature',
          range: [1, 23, 1, 40],
          message:
            "`--allow-untrusted` makes apk accept packages without a valid signature: a tampered package installs silently. Remove it; import the repository's signing key instead.",
        },
      ],
      output: null,
    },
    {
      name: 'apt options, dnf, rpm and zypper in a heredoc',
      code: dedent`
        FROM rockylinux:9
        RUN <<EOF
        apt-get install -y --allow-unauthenticated --force-yes -o Acquire::https::Verify-Peer=false curl
        dnf install -y --nogpgcheck --setopt=sslverify=0 gcc
        rpm -ivh --nosignature https://example.com/tool.rpm
        zypper --no-gpg-checks install -y git
        EOF
      `,
      errors: [
        { messageId: 'signature', range: [2, 19, 2, 42] },
        { messageId: 'signature', range: [2, 43, 2, 54] },
        { messageId: 'tls', range: [2, 58, 2, 91] },
        { messageId: 'signature', range: [3, 15, 3, 27] },
        { messageId: 'tls', range: [3, 28, 3, 48] },
        { messageId: 'signature', range: [4, 9, 4, 22] },
        { messageId: 'signature', range: [5, 7, 5, 22] },
      ],
      output: null,
    },
  ],
});
