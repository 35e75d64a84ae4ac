import rule from '../../../server/src/languages/dockerfile/rules/no-sudo';
import { dedent, ruleTester } from '../../support/ruleTester';

ruleTester(rule, {
  valid: [
    {
      name: 'sudo package in an image that runs as root (no-root-user speaks there; hadolint and Trivy agree)',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y sudo\n',
    },
    {
      name: 'sudoers lines and quoted words are not sudo commands',
      code: dedent`
        FROM debian:12
        RUN echo "app ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/app && echo 'sudo make install' >> /notes
      `,
    },
    { name: 'looking sudo up does not run it', code: 'FROM debian:12\nRUN command -v sudo || echo "no sudo here"\n' },
    {
      name: 'root work before USER, gosu in the entrypoint',
      code: dedent`
        FROM debian:12
        RUN apt-get update && apt-get install -y --no-install-recommends gosu
        USER 10001
        ENTRYPOINT ["gosu", "app", "/app"]
      `,
    },
    {
      name: 'sudo installed in a build stage only',
      code: dedent`
        FROM ubuntu:24.04 AS build
        RUN apt-get install -y sudo make
        USER builder
        FROM gcr.io/distroless/static-debian12:nonroot
        COPY --from=build /out/app /app
      `,
    },
    {
      name: 'sudo installed and purged again',
      code: 'FROM debian:12\nRUN apt-get install -y sudo && apt-get purge -y sudo\nUSER 1000\n',
    },
    {
      name: 'USER from a build argument is not guessed',
      code: 'FROM debian:12\nARG APP_USER\nRUN apt-get install -y sudo\nUSER ${APP_USER}\n',
    },
    { name: 'a sudo-named file is not the sudo command', code: 'FROM alpine:3.20\nRUN ./scripts/sudo-check.sh && cat /etc/sudo.conf\n' },
  ],
  invalid: [
    {
      name: 'sudo in an && chain (hadolint DL3004, Trivy DS-0010)',
      code: 'FROM ubuntu:24.04\nRUN sudo apt-get update && sudo apt-get install -y --no-install-recommends git\n',
      errors: [
        {
          messageId: 'sudoCommand',
          range: [1, 4, 1, 8],
          message:
            '`sudo` in RUN: build steps already run as root unless a USER says otherwise, and sudo only hides the switch. Drop sudo; put the step before USER (or between USER root and USER app).',
        },
        { messageId: 'sudoCommand', range: [1, 27, 1, 31] },
      ],
      output: null,
    },
    {
      name: 'in a build stage too, behind env and xargs wrappers, across a continuation',
      code: dedent`
        FROM golang:1.23 AS build
        RUN env CGO_ENABLED=0 sudo -E go build -o /out/app . \\
         && find /tmp -name '*.log' | xargs sudo rm -f
        FROM gcr.io/distroless/static-debian12:nonroot
        COPY --from=build /out/app /app
      `,
      errors: [
        { messageId: 'sudoCommand', range: [1, 22, 1, 26] },
        { messageId: 'sudoCommand', range: [2, 36, 2, 40] },
      ],
      output: null,
    },
    {
      name: 'exec form and a nested sh -c script',
      code: dedent`
        FROM debian:12
        RUN ["sudo", "make", "install"]
        RUN sh -c 'sudo -u postgres initdb -D /var/lib/postgresql/data'
      `,
      errors: [
        { messageId: 'sudoCommand', range: [1, 5, 1, 11] },
        { messageId: 'sudoCommand', range: [2, 11, 2, 15] },
      ],
      output: null,
    },
    {
      name: 'heredoc with doas',
      code: dedent`
        FROM alpine:3.20
        RUN <<EOF
        set -e
        doas apk add --no-cache curl
        EOF
      `,
      errors: [
        {
          messageId: 'sudoCommand',
          range: [3, 0, 3, 4],
          message:
            '`doas` in RUN: build steps already run as root unless a USER says otherwise, and doas only hides the switch. Drop doas; put the step before USER (or between USER root and USER app).',
        },
      ],
      output: null,
    },
    {
      name: 'sudo shipped in an image that runs as a non-root user',
      code: dedent`
        FROM ubuntu:24.04
        RUN apt-get update \\
         && apt-get install -y --no-install-recommends sudo \\
         && useradd -m app \\
         && echo "app ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/app
        USER app
        CMD ["bash"]
      `,
      errors: [
        {
          messageId: 'sudoPackage',
          range: [2, 47, 2, 51],
          message:
            'sudo is installed in the final image, which runs as app: a setuid-root program that turns a foothold in the container into root. Do the root work in RUN steps before USER instead of shipping sudo.',
        },
      ],
      output: null,
    },
    {
      name: 'sudo installed in a FROM ancestor; non-root user inherited from the base image',
      code: dedent`
        FROM nginxinc/nginx-unprivileged:1.27 AS base
        USER root
        RUN apk add --no-cache sudo
        USER 101
        FROM base
        COPY site /usr/share/nginx/html
      `,
      errors: [{ messageId: 'sudoPackage', range: [2, 23, 2, 27] }],
      output: null,
    },
  ],
});
