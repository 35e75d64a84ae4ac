import rule from '../../../server/src/languages/dockerfile/rules/pin-digest';
import { dedent, ruleTester } from '../../support/ruleTester';

const DIGEST = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

ruleTester(rule, {
  valid: [
    `FROM node:22-slim@${DIGEST}\nCMD ["node", "server.js"]\n`,
    { name: 'digest without tag', code: `FROM alpine@${DIGEST}\n` },
    { name: 'scratch', code: 'FROM scratch\nCOPY app /app\n' },
    {
      name: 'a stage the final image does not use',
      code: dedent`
        FROM golang:1.23 AS lint
        RUN go vet ./...
        FROM gcr.io/distroless/static-debian12:nonroot@${DIGEST}
        COPY app /app
      `,
    },
    { name: 'ARG without default', code: 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n' },
    { name: 'tag from an ARG without default', code: 'ARG TAG\nFROM node:${TAG}\n' },
    { name: 'ARG default carries the digest', code: `ARG IMAGE=python:3.12-slim@${DIGEST}\nFROM \${IMAGE} AS app\n` },
    {
      name: 'FROM an earlier stage and COPY --from a stage (casing)',
      code: dedent`
        FROM --platform=$BUILDPLATFORM alpine:3.20@${DIGEST} AS Base
        RUN apk add --no-cache ca-certificates
        FROM base
        COPY --from=BASE /etc/ssl/certs /etc/ssl/certs
      `,
    },
    { name: 'registry with a port, pinned', code: `FROM localhost:5000/team/app:1.4@${DIGEST}\n` },
  ],
  invalid: [
    {
      name: 'tagged, not pinned',
      code: 'FROM node:22-slim\nCMD ["node", "server.js"]\n',
      errors: [
        {
          messageId: 'notPinned',
          range: [0, 5, 0, 17],
          message:
            'node:22-slim is not pinned by digest: a tag can be re-pushed, so the same Dockerfile can build from different content. Pin it as node:22-slim@sha256:… (the digest of the image you reviewed; update it with a tool such as Renovate or Dependabot).',
        },
      ],
      output: null,
    },
    {
      name: 'untagged: the pin needs a version too',
      code: 'FROM ubuntu\n',
      errors: [
        {
          messageId: 'notPinned',
          range: [0, 5, 0, 11],
          message:
            'ubuntu is not pinned by digest: a tag can be re-pushed, so the same Dockerfile can build from different content. Pin it as ubuntu:<version>@sha256:… (the digest of the image you reviewed; update it with a tool such as Renovate or Dependabot).',
        },
      ],
      output: null,
    },
    {
      name: 'build stage reaches the final image through COPY --from',
      code: dedent`
        FROM --platform=$BUILDPLATFORM golang:1.23-bookworm AS build
        RUN go build -o /out/app .
        FROM gcr.io/distroless/static-debian12:nonroot
        COPY --from=build /out/app /app
      `,
      errors: [
        { messageId: 'notPinned', range: [0, 31, 0, 51] },
        { messageId: 'notPinned', range: [2, 5, 2, 46] },
      ],
      output: null,
    },
    {
      name: 'global ARG resolved',
      code: 'ARG PY=3.12\nFROM python:${PY}-slim AS app\n',
      errors: [
        {
          messageId: 'notPinned',
          range: [1, 5, 1, 22],
          message:
            'python:${PY}-slim (= python:3.12-slim) is not pinned by digest: a tag can be re-pushed, so the same Dockerfile can build from different content. Pin it as python:3.12-slim@sha256:… (the digest of the image you reviewed; update it with a tool such as Renovate or Dependabot).',
        },
      ],
      output: null,
    },
    {
      name: 'COPY --from an external image into the final stage',
      code: `FROM python:3.12-slim@${DIGEST}\nCOPY --from=ghcr.io/astral-sh/uv:0.5.4 /uv /bin/uv\n`,
      errors: [{ messageId: 'notPinned', range: [1, 12, 1, 38] }],
      output: null,
    },
    {
      name: 'registry with a port',
      code: 'FROM localhost:5000/team/app:1.4 AS app\n',
      errors: [{ messageId: 'notPinned', range: [0, 5, 0, 32] }],
      output: null,
    },
    {
      name: 'the root of the final FROM chain',
      code: 'FROM node:22-slim AS base\nRUN npm ci\nFROM base\nCMD ["node", "server.js"]\n',
      errors: [{ messageId: 'notPinned', range: [0, 5, 0, 17] }],
      output: null,
    },
  ],
});
