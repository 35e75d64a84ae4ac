import rule from '../../../server/src/languages/dockerfile/rules/debug-tools-in-runtime';
import { dedent, ruleTester } from '../../support/ruleTester';

ruleTester(rule, {
  valid: [
    {
      name: 'curl only in a build stage',
      code: dedent`
        FROM debian:12 AS fetch
        RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates
        RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz
        FROM gcr.io/distroless/base-debian12:nonroot
        COPY --from=fetch /tmp/tool.tgz /opt/
      `,
    },
    {
      name: 'installed and purged in the same chain',
      code: dedent`
        FROM debian:12-slim
        RUN apt-get update \\
         && apt-get install -y --no-install-recommends curl ca-certificates \\
         && curl -fsSLo /usr/local/bin/tini https://github.com/krallin/tini/releases/download/v0.19.0/tini \\
         && apt-get purge -y curl \\
         && rm -rf /var/lib/apt/lists/*
      `,
    },
    {
      name: 'apk --virtual .fetch-deps removed with apk del',
      code: dedent`
        FROM alpine:3.20
        RUN apk add --no-cache --virtual .fetch-deps wget gnupg \\
         && wget -O /tmp/app.tgz https://example.com/app.tgz \\
         && apk del --no-network .fetch-deps
      `,
    },
    {
      name: 'the docker-library apt-mark idiom removes wget again',
      code: dedent`
        FROM debian:12-slim
        RUN set -eux; \\
        	savedAptMark="$(apt-mark showmanual)"; \\
        	apt-get update; \\
        	apt-get install -y --no-install-recommends ca-certificates wget; \\
        	wget -O /usr/local/bin/gosu "https://github.com/tianon/gosu/releases/download/1.17/gosu-amd64"; \\
        	apt-mark auto '.*' > /dev/null; \\
        	[ -z "$savedAptMark" ] || apt-mark manual $savedAptMark > /dev/null; \\
        	apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false
      `,
    },
    {
      name: 'removed in a later RUN of the final stage',
      code: 'FROM ubuntu:24.04\nRUN apt-get install -y vim\nRUN apt-get remove -y vim\n',
    },
    {
      name: 'libraries and quoted words are not tools',
      code: dedent`
        FROM debian:12
        RUN apt-get install -y --no-install-recommends libcurl4 ca-certificates procps
        RUN echo "apt-get install -y curl" >> /README
      `,
    },
    { name: 'pip packages are not system tools', code: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir httpie\n' },
  ],
  invalid: [
    {
      name: 'curl and vi in a single-stage image',
      code: dedent`
        FROM python:3.12-slim
        RUN apt-get update && apt-get install -y --no-install-recommends curl vim-tiny \\
         && rm -rf /var/lib/apt/lists/*
      `,
      errors: [
        {
          messageId: 'debugTool',
          range: [1, 65, 1, 69],
          message:
            'curl is installed in the final image and never removed: an attacker who gets code execution in the container can use it to fetch payloads, open connections or inspect processes. Install it in a build stage, or remove it in the same RUN after use.',
        },
        { messageId: 'debugTool', range: [1, 70, 1, 78] },
      ],
      output: null,
    },
    {
      name: 'curl kept for the HEALTHCHECK, wget for nothing',
      code: dedent`
        FROM node:22-slim
        RUN apt-get update && apt-get install -y --no-install-recommends \\
              curl \\
              wget
        HEALTHCHECK --interval=30s CMD curl -fsS http://localhost:3000/health || exit 1
      `,
      errors: [
        {
          messageId: 'healthcheckTool',
          range: [2, 6, 2, 10],
          message:
            'curl is installed in the final image for the HEALTHCHECK, but an attacker in the container can use it too: prefer a check that needs no general-purpose tool (a health subcommand of the application, or a small static probe binary copied from a build stage).',
        },
        { messageId: 'debugTool', range: [3, 6, 3, 10] },
      ],
      output: null,
    },
    {
      name: 'exec-form HEALTHCHECK in a FROM ancestor, tool installed in the final stage',
      code: dedent`
        FROM alpine:3.20 AS base
        HEALTHCHECK CMD ["wget", "-q", "--spider", "http://localhost:8080/"]
        FROM base
        RUN apk add --no-cache wget=1.24.5-r0
      `,
      errors: [{ messageId: 'healthcheckTool', range: [3, 23, 3, 37] }],
      output: null,
    },
    {
      name: 'network tools in a FROM ancestor; a purge in an unrelated stage does not count',
      code: dedent`
        FROM alpine:3.20 AS base
        RUN apk add --no-cache netcat-openbsd socat
        FROM base AS debug
        RUN apk del socat
        FROM base
        ENTRYPOINT ["/app"]
      `,
      errors: [
        { messageId: 'debugTool', range: [1, 23, 1, 37] },
        { messageId: 'debugTool', range: [1, 38, 1, 43] },
      ],
      output: null,
    },
    {
      name: 'heredoc with sshd and tracing tools',
      code: dedent`
        FROM ubuntu:24.04
        RUN <<EOF
        apt-get update
        apt-get install -y openssh-server strace gdb
        EOF
      `,
      errors: [
        { messageId: 'debugTool', range: [3, 19, 3, 33] },
        { messageId: 'debugTool', range: [3, 34, 3, 40] },
        { messageId: 'debugTool', range: [3, 41, 3, 44] },
      ],
      output: null,
    },
    {
      name: 'microdnf and a purge that comes before the install',
      code: dedent`
        FROM registry.access.redhat.com/ubi9/ubi-minimal
        RUN microdnf remove -y tcpdump || true
        RUN microdnf install -y procps-ng nmap-ncat tcpdump && microdnf clean all
      `,
      errors: [
        { messageId: 'debugTool', range: [2, 34, 2, 43] },
        { messageId: 'debugTool', range: [2, 44, 2, 51] },
      ],
      output: null,
    },
    {
      name: 'sudo and env wrappers, nano from a comment-split continuation',
      code: dedent`
        FROM debian:12
        RUN sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y \\
        # editors for debugging
              nano telnet
      `,
      errors: [
        { messageId: 'debugTool', range: [3, 6, 3, 10] },
        { messageId: 'debugTool', range: [3, 11, 3, 17] },
      ],
      output: null,
    },
  ],
});
