import rule from '../../../server/src/languages/dockerfile/rules/numeric-user';
import { dedent, ruleTester } from '../../support/ruleTester';

const MESSAGE = (user: string) =>
  `USER ${user} names the user instead of giving its numeric UID: with runAsNonRoot, Kubernetes cannot verify that a named user is not root and refuses to start the container ("image has non-numeric user"). Use the numeric UID (and GID).`;

const USERADD = dedent`
  FROM debian:12-slim
  RUN groupadd -g 10001 app \\
   && useradd -u 10001 -g app -M -s /usr/sbin/nologin app
  USER app:app
  CMD ["/app"]
`;

const BUSYBOX = 'FROM alpine:3.20\nRUN addgroup -S -g 1001 app && adduser -S -D -H -u 1001 -G app app\nUSER app\n';

const DOCKER_INIT = dedent`
  FROM python:3.12-slim
  ARG UID=10001
  RUN adduser \\
      --disabled-password \\
      --gecos "" \\
      --home "/nonexistent" \\
      --shell "/sbin/nologin" \\
      --no-create-home \\
      --uid "\${UID}" \\
      appuser
  USER appuser
  CMD ["python", "app.py"]
`;

ruleTester(rule, {
  valid: [
    'FROM node:22\nUSER 1000\nCMD ["node", "server.js"]\n',
    { name: 'numeric UID with a group name', code: 'FROM node:22\nUSER 1000:node\n' },
    { name: 'root is no-root-user’s business', code: 'FROM node:22\nUSER root\n' },
    { name: 'variable', code: 'FROM alpine:3.20\nARG UID=10001\nUSER ${UID}\n' },
    { name: '.NET APP_UID', code: 'FROM mcr.microsoft.com/dotnet/aspnet:8.0\nUSER $APP_UID\n' },
    {
      name: 'named user only in a build stage',
      code: dedent`
        FROM node:22 AS build
        USER node
        RUN npm ci
        FROM gcr.io/distroless/nodejs22-debian12:nonroot
        COPY --from=build /app /app
      `,
    },
    { name: 'a later numeric USER wins', code: 'FROM node:22\nUSER node\nRUN npm ci\nUSER 1000:1000\n' },
    { name: 'no USER instruction', code: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n' },
    { name: 'Windows account', code: 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nUSER ContainerUser\n' },
  ],
  invalid: [
    {
      name: 'node user of the official node image',
      code: 'FROM node:22\nUSER node\nCMD ["node", "server.js"]\n',
      errors: [
        {
          messageId: 'namedUser',
          range: [1, 5, 1, 9],
          message: MESSAGE('node'),
          suggestions: [
            {
              messageId: 'useNumeric',
              title: 'Use USER 1000 (the official node images create the node user and group with id 1000)',
              output: 'FROM node:22\nUSER 1000\nCMD ["node", "server.js"]\n',
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'distroless nonroot:nonroot',
      code: 'FROM gcr.io/distroless/static-debian12:nonroot\nUSER nonroot:nonroot\nENTRYPOINT ["/app"]\n',
      errors: [
        {
          messageId: 'namedUser',
          range: [1, 5, 1, 12],
          message: MESSAGE('nonroot:nonroot'),
          suggestions: [
            {
              title: 'Use USER 65532:65532 (the nonroot user and group of distroless, Chainguard and Docker Hardened Images have id 65532)',
              output: 'FROM gcr.io/distroless/static-debian12:nonroot\nUSER 65532:65532\nENTRYPOINT ["/app"]\n',
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'groupadd -g and useradd -u in a continuation',
      code: USERADD,
      errors: [
        {
          messageId: 'namedUser',
          range: [3, 5, 3, 8],
          suggestions: [
            {
              title:
                'Use USER 10001:10001 (useradd in this Dockerfile creates user app with UID 10001; groupadd in this Dockerfile creates group app with GID 10001)',
              output: USERADD.replace('USER app:app', 'USER 10001:10001'),
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'BusyBox addgroup -g / adduser -u',
      code: BUSYBOX,
      errors: [
        {
          messageId: 'namedUser',
          range: [2, 5, 2, 8],
          suggestions: [
            {
              title: 'Use USER 1001 (adduser in this Dockerfile creates user app with UID 1001)',
              output: BUSYBOX.replace('USER app', 'USER 1001'),
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'docker init template: adduser --uid "${UID}"',
      code: DOCKER_INIT,
      errors: [
        {
          messageId: 'namedUser',
          range: [10, 5, 10, 12],
          suggestions: [
            {
              title: 'Use USER ${UID} (adduser in this Dockerfile creates user appuser with UID ${UID})',
              output: DOCKER_INIT.replace('USER appuser', 'USER ${UID}'),
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'UID unknown: no suggestion',
      code: 'FROM debian:12-slim\nRUN useradd --create-home app\nUSER app\n',
      errors: [{ messageId: 'namedUser', range: [2, 5, 2, 8], message: MESSAGE('app') }],
      output: null,
    },
    {
      name: 'group unknown: no suggestion',
      code: 'FROM node:22-slim\nRUN groupadd docker\nUSER node:docker\n',
      errors: [{ messageId: 'namedUser', range: [2, 5, 2, 9] }],
      output: null,
    },
    {
      name: 'USER set in an ancestor of the final stage',
      code: 'FROM node:22-slim AS base\nUSER node\nFROM base\nCMD ["node", "server.js"]\n',
      errors: [
        {
          messageId: 'namedUser',
          range: [1, 5, 1, 9],
          suggestions: [{ output: 'FROM node:22-slim AS base\nUSER 1000\nFROM base\nCMD ["node", "server.js"]\n' }],
        },
      ],
      output: null,
    },
    {
      name: 'ARG-resolved FROM with --platform',
      code: 'ARG NODE=22\nFROM --platform=$TARGETPLATFORM node:${NODE}-alpine AS app\nUSER node:node\n',
      errors: [
        {
          messageId: 'namedUser',
          range: [2, 5, 2, 9],
          suggestions: [{ output: 'ARG NODE=22\nFROM --platform=$TARGETPLATFORM node:${NODE}-alpine AS app\nUSER 1000:1000\n' }],
        },
      ],
      output: null,
    },
    {
      name: '.NET 8 app user',
      code: 'FROM mcr.microsoft.com/dotnet/aspnet:8.0-bookworm-slim\nUSER app\nENTRYPOINT ["dotnet", "App.dll"]\n',
      errors: [
        {
          messageId: 'namedUser',
          range: [1, 5, 1, 8],
          suggestions: [
            {
              title: 'Use USER 1654 (the .NET 8+ images create the app user and group with id 1654)',
              output: 'FROM mcr.microsoft.com/dotnet/aspnet:8.0-bookworm-slim\nUSER 1654\nENTRYPOINT ["dotnet", "App.dll"]\n',
            },
          ],
        },
      ],
      output: null,
    },
  ],
});
