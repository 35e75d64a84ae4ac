import rule from '../../../server/src/languages/dockerfile/rules/world-writable';
import { dedent, ruleTester } from '../../support/ruleTester';

ruleTester(rule, {
  valid: [
    {
      name: 'sticky world-writable scratch directories',
      code: dedent`
        FROM debian:12
        RUN chmod 1777 /tmp /var/tmp && mkdir -m 1777 /tmp/.X11-unix && chmod a+rwxt /var/tmp/cache
      `,
    },
    {
      name: 'owner and group write only',
      code: dedent`
        FROM debian:12
        COPY --chmod=755 app /usr/local/bin/app
        RUN chmod 775 /srv/data && chmod -R g+w /srv/data && chmod +w /srv/log && chmod o-w /srv && chmod 0644 /etc/app.conf
      `,
    },
    {
      name: 'world-writable only in a build stage',
      code: dedent`
        FROM node:22 AS build
        RUN mkdir /build && chmod -R 777 /build
        FROM gcr.io/distroless/nodejs22-debian12:nonroot
        COPY --from=build /build/dist /app
      `,
    },
    { name: 'inside a quoted string', code: 'FROM alpine:3.20\nRUN echo "chmod 777 /app" >> /notes\n' },
    { name: 'chmod --reference has no mode operand', code: 'FROM alpine:3.20\nRUN chmod --reference=/etc/hostname /etc/app.conf\n' },
    {
      name: 'a temporary directory removed again in the same RUN',
      code: dedent`
        FROM debian:12
        RUN tempDir="$(mktemp -d)" \\
         && chmod 777 "$tempDir" \\
         && apt-get source --download-only hello \\
         && rm -rf "$tempDir"
      `,
    },
    {
      name: 'sticky bit on a target whose value is unknown is not guessed',
      code: 'FROM php:8.3-apache\nRUN for dir in /var/lock/apache2 /var/run/apache2; do chmod 1777 "$dir"; done\n',
    },
    { name: 'modes from build arguments are not guessed', code: 'FROM alpine:3.20\nARG MODE\nCOPY --chmod=$MODE app /app\nRUN chmod "$MODE" /app\n' },
  ],
  invalid: [
    {
      name: 'chmod -R 777 on the application',
      code: 'FROM node:22-slim\nCOPY . /app\nRUN chmod -R 777 /app\nUSER node\n',
      errors: [
        {
          messageId: 'worldWritable',
          range: [2, 13, 2, 16],
          message:
            'Mode 777 lets every user write to /app: any process in the container can then plant or replace files there. Give write access to the owner only (chown to the runtime user; 755/644, or 775 with a shared group).',
        },
      ],
      output: null,
    },
    {
      name: 'symbolic modes with o or a',
      code: dedent`
        FROM debian:12
        RUN chmod a+w /srv/uploads \\
         && chmod u+x,o+rw /usr/local/bin/run.sh \\
         && chmod -R ugo=rwX /opt/app /opt/cache
      `,
      errors: [
        { messageId: 'worldWritable', range: [1, 10, 1, 13] },
        { messageId: 'worldWritable', range: [2, 10, 2, 18] },
        { messageId: 'worldWritable', range: [3, 13, 3, 20] },
      ],
      output: null,
    },
    {
      name: 'COPY and ADD --chmod',
      code: dedent`
        FROM alpine:3.20
        COPY --chown=10001:10001 --chmod=777 app /app/
        ADD --chmod=0666 config.yaml /etc/app/config.yaml
      `,
      errors: [
        { messageId: 'worldWritable', range: [1, 33, 1, 36] },
        { messageId: 'worldWritable', range: [2, 12, 2, 16] },
      ],
      output: null,
    },
    {
      name: 'mkdir -m and install -m in a heredoc; 777 without the sticky bit on /tmp',
      code: dedent`
        FROM alpine:3.20
        RUN <<EOF
        mkdir -p -m 777 /data
        install -d -o app -m 0777 /var/log/app
        chmod 777 /tmp
        EOF
      `,
      errors: [
        { messageId: 'worldWritable', range: [2, 12, 2, 15] },
        { messageId: 'worldWritable', range: [3, 21, 3, 25] },
        { messageId: 'worldWritable', range: [4, 6, 4, 9] },
      ],
      output: null,
    },
    {
      name: 'sticky bit outside the scratch directories, target resolved from ENV',
      code: dedent`
        FROM ruby:3.3
        ENV GEM_HOME=/usr/local/bundle
        RUN mkdir -p "$GEM_HOME" && chmod 1777 "$GEM_HOME"
      `,
      errors: [
        {
          messageId: 'stickyShared',
          range: [2, 34, 2, 38],
          message:
            "Mode 1777 lets every user create files in /usr/local/bundle (the sticky bit only stops them deleting each other's). If this is for running under an arbitrary --user, give the directory to group 0 instead (chgrp 0, then 2770 or g=u): arbitrary UIDs run with GID 0.",
        },
      ],
      output: null,
    },
    {
      name: 'in a FROM ancestor of the final stage, with sudo and a mixed target list',
      code: dedent`
        FROM debian:12 AS base
        RUN sudo chmod 1777 /tmp /srv/shared && chmod 2777 /srv/team
        FROM base
        CMD ["/app"]
      `,
      errors: [
        { messageId: 'stickyShared', range: [1, 15, 1, 19] },
        { messageId: 'worldWritable', range: [1, 46, 1, 50] },
      ],
      output: null,
    },
  ],
});
