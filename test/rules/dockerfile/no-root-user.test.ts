import rule from '../../../server/src/languages/dockerfile/rules/no-root-user';
import { dedent, ruleTester } from '../../support/ruleTester';

ruleTester(rule, {
  valid: [
    'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nENTRYPOINT ["/app"]\n',
    'FROM cgr.dev/chainguard/python:latest\nCOPY . /app\n',
    'FROM dhi.io/node:22\nCOPY . /app\n',
    'FROM node:22\nUSER node\nCMD ["node", "index.js"]\n',
    'FROM alpine:3.20\nUSER 10001:10001\n',
    {
      name: 'root only in a build stage',
      code: dedent`
        FROM golang:1.23 AS build
        USER root
        RUN go build -o /out/app .
        FROM gcr.io/distroless/static-debian12:nonroot
        COPY --from=build /out/app /app
      `,
    },
    {
      name: 'non-root inherited from a parent stage',
      code: 'FROM python:3.12-slim AS base\nUSER 65532\nFROM base\nCOPY . /app\n',
    },
    { name: 'unresolved ARG in FROM is not guessed', code: 'ARG BASE\nFROM ${BASE}\nCOPY . /app\n' },
    { name: 'USER from a variable', code: 'FROM debian:12\nARG UID=1000\nUSER ${UID}\n' },
  ],
  invalid: [
    {
      name: 'explicit root user',
      code: 'FROM node:22\nUSER root\nCMD ["node", "index.js"]\n',
      errors: [
        {
          messageId: 'rootUser',
          range: [1, 5, 1, 9],
          message: 'The final image runs as root: USER root. A compromised process then owns the container.',
          suggestions: [
            { messageId: 'addUser', output: 'FROM node:22\nUSER root\nUSER 65532:65532\nCMD ["node", "index.js"]\n' },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'USER 0:0',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache tini\nUSER 0:0\n',
      errors: [
        {
          messageId: 'rootUser',
          range: [2, 5, 2, 8],
          suggestions: [
            { messageId: 'addUser', output: 'FROM alpine:3.20\nRUN apk add --no-cache tini\nUSER 0:0\nUSER 65532:65532\n' },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'root base image, no USER, CMD present',
      code: dedent`
        FROM python:3.12
        COPY . /app
        RUN pip install -r /app/requirements.txt
        CMD ["python", "/app/main.py"]
      `,
      errors: [
        {
          messageId: 'rootBase',
          range: [0, 5, 0, 16],
          message: 'The final image runs as root: python:3.12 runs as root and no USER is set.',
          suggestions: [
            {
              messageId: 'addUser',
              output: dedent`
                FROM python:3.12
                COPY . /app
                RUN pip install -r /app/requirements.txt
                USER 65532:65532
                CMD ["python", "/app/main.py"]
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'distroless :latest runs as root',
      code: 'FROM gcr.io/distroless/static-debian12\nCOPY app /app\n',
      errors: [
        {
          messageId: 'rootBase',
          range: [0, 5, 0, 38],
          suggestions: [
            { messageId: 'addUser', output: 'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nUSER 65532:65532\n' },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'unknown base image without USER',
      code: 'FROM registry.example.com/team/base:1.2\nCOPY app /app',
      errors: [
        {
          messageId: 'unknownBase',
          range: [0, 5, 0, 39],
          suggestions: [
            { messageId: 'addUser', output: 'FROM registry.example.com/team/base:1.2\nCOPY app /app\nUSER 65532:65532' },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'global ARG resolved in FROM; continuation in RUN',
      code: dedent`
        ARG TAG=3.12
        FROM python:\${TAG}-slim AS app
        RUN pip install \\
            flask
        ENTRYPOINT ["python"]
      `,
      errors: [
        {
          messageId: 'rootBase',
          range: [1, 5, 1, 23],
          suggestions: [
            {
              messageId: 'addUser',
              output: dedent`
                ARG TAG=3.12
                FROM python:\${TAG}-slim AS app
                RUN pip install \\
                    flask
                USER 65532:65532
                ENTRYPOINT ["python"]
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'COPY into a VOLUME and into a directory chmod-ed writable get --chown; a port below 1024 is called out',
      code: dedent`
        FROM python:3.12-slim
        WORKDIR /app
        COPY . .
        VOLUME /app/data
        COPY seed.db /app/data/
        RUN mkdir -p /var/cache/app && chmod 0777 /var/cache/app
        COPY --chown=root:root cache.bin /var/cache/app/cache.bin
        EXPOSE 80 8443
        CMD ["python", "main.py"]
      `,
      errors: [
        {
          messageId: 'rootBase',
          range: [0, 5, 0, 21],
          suggestions: [
            {
              messageId: 'addUser',
              title: "Add USER 65532:65532 (the non-root UID of distroless, Chainguard and DHI images) and COPY --chown=65532:65532 into /app/data, /var/cache/app (port 80 needs root, listen on 8080: review)",
              output: dedent`
                FROM python:3.12-slim
                WORKDIR /app
                COPY . .
                VOLUME /app/data
                COPY --chown=65532:65532 seed.db /app/data/
                RUN mkdir -p /var/cache/app && chmod 0777 /var/cache/app
                COPY --chown=65532:65532 cache.bin /var/cache/app/cache.bin
                EXPOSE 80 8443
                USER 65532:65532
                CMD ["python", "main.py"]
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'a directory chown-ed to another user: its COPY gets --chown and the title says who owns it',
      code: dedent`
        FROM node:22-slim
        WORKDIR /srv
        RUN mkdir logs && chown node:node logs
        COPY --chown=node:node . .
        COPY config.json logs/
        USER root
        CMD ["node", "index.js"]
      `,
      errors: [
        {
          messageId: 'rootUser',
          range: [5, 5, 5, 9],
          suggestions: [
            {
              messageId: 'addUser',
              title: "Add USER 65532:65532 (the non-root UID of distroless, Chainguard and DHI images) and COPY --chown=65532:65532 into /srv/logs (/srv/logs belongs to node, chown it to 65532: review)",
              output: dedent`
                FROM node:22-slim
                WORKDIR /srv
                RUN mkdir logs && chown node:node logs
                COPY --chown=node:node . .
                COPY --chown=65532:65532 config.json logs/
                USER root
                USER 65532:65532
                CMD ["node", "index.js"]
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'files copied into the WORKDIR stay root-owned (read-only application code)',
      code: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 3000\nCMD ["node", "server.js"]\n',
      errors: [
        {
          messageId: 'rootBase',
          range: [0, 5, 0, 17],
          suggestions: [
            {
              messageId: 'addUser',
              title: 'Add USER 65532:65532 (the non-root UID of distroless, Chainguard and DHI images)',
              output: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 3000\nUSER 65532:65532\nCMD ["node", "server.js"]\n',
            },
          ],
        },
      ],
      output: null,
    },
  ],
});
