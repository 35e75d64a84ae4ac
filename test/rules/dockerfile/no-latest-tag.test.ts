import rule from '../../../server/src/languages/dockerfile/rules/no-latest-tag';
import { dedent, ruleTester } from '../../support/ruleTester';

const DIGEST = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

ruleTester(rule, {
  valid: [
    'FROM node:22.11.0-bookworm-slim\nCMD ["node", "server.js"]\n',
    { name: 'scratch', code: 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n' },
    {
      name: 'FROM an earlier stage (any casing), COPY --from a stage name and an index',
      code: dedent`
        FROM --platform=$BUILDPLATFORM golang:1.23-bookworm As Build
        RUN go build -o /out/app .
        FROM build AS test
        RUN go test ./...
        FROM gcr.io/distroless/static-debian12:nonroot
        COPY --from=BUILD /out/app /app
        COPY --from=0 /etc/ssl/certs /etc/ssl/certs
      `,
    },
    { name: 'digest without tag is pinned', code: `FROM alpine@${DIGEST}\nRUN apk add --no-cache curl\n` },
    { name: 'digest wins over :latest', code: `FROM alpine:latest@${DIGEST}\n` },
    { name: 'ARG without default: supplied at build time', code: 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n' },
    { name: 'tag from an ARG without default', code: 'ARG TAG\nFROM node:${TAG}\n' },
    { name: 'ARG without default may carry the tag', code: 'ARG TAG\nFROM alpine$TAG\n' },
    { name: 'ARG default resolves to a version', code: 'ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}-alpine AS deps\n' },
    { name: 'registry with a port and a tag', code: 'FROM localhost:5000/team/app:1.4.2\n' },
    {
      name: 'mounts and copies from stages, a variable --from',
      code: dedent`
        FROM python:3.12-slim AS wheels
        RUN pip wheel -w /wheels flask
        FROM python:3.12-slim
        ARG TOOLS=busybox:1.36
        RUN --mount=type=cache,target=/root/.cache \\
            --mount=type=bind,from=wheels,source=/wheels,target=/wheels \\
            pip install /wheels/*
        COPY --from=$TOOLS /bin/busybox /bin/busybox
      `,
    },
    {
      name: 'a later stage name is a stage, not an image',
      code: 'FROM base AS app\nCOPY . /app\nFROM node:22-slim AS base\n',
    },
  ],
  invalid: [
    {
      name: 'explicit :latest',
      code: 'FROM ubuntu:latest\nRUN apt-get update\n',
      errors: [
        {
          messageId: 'latest',
          range: [0, 12, 0, 18],
          message:
            'ubuntu:latest uses the :latest tag: the image changes whenever the tag moves, so builds are not reproducible and can break or pull in unreviewed changes. Pin a version tag (and ideally a digest).',
        },
      ],
      output: null,
    },
    {
      name: 'no tag',
      code: 'FROM ubuntu\nRUN apt-get update\n',
      errors: [
        {
          messageId: 'untagged',
          range: [0, 5, 0, 11],
          message:
            'ubuntu has no tag, so Docker pulls :latest: the image changes whenever the tag moves, so builds are not reproducible and can break or pull in unreviewed changes. Pin a version tag (and ideally a digest).',
        },
      ],
      output: null,
    },
    {
      name: 'multi-stage with --platform and AS: build and runtime bases',
      code: dedent`
        FROM --platform=$BUILDPLATFORM golang AS build
        RUN go build -o /out/app .
        FROM gcr.io/distroless/static-debian12
        COPY --from=build /out/app /app
      `,
      errors: [
        { messageId: 'untagged', range: [0, 31, 0, 37] },
        { messageId: 'untagged', range: [2, 5, 2, 38] },
      ],
      output: null,
    },
    {
      name: 'registry with a port: no tag, and :latest',
      code: 'FROM localhost:5000/app AS one\nFROM localhost:5000/app:latest AS two\n',
      errors: [
        { messageId: 'untagged', range: [0, 5, 0, 23] },
        { messageId: 'latest', range: [1, 24, 1, 30] },
      ],
      output: null,
    },
    {
      name: 'global ARG default is latest',
      code: 'ARG TAG=latest\nFROM node:${TAG}\nCMD ["node"]\n',
      errors: [
        {
          messageId: 'latest',
          range: [1, 10, 1, 16],
          message:
            'node:${TAG} (= node:latest) uses the :latest tag: the image changes whenever the tag moves, so builds are not reproducible and can break or pull in unreviewed changes. Pin a version tag (and ideally a digest).',
        },
      ],
      output: null,
    },
    {
      name: 'undeclared ARG expands to nothing',
      code: 'FROM alpine$TAG\n',
      errors: [
        {
          messageId: 'untagged',
          range: [0, 5, 0, 15],
          message:
            'alpine$TAG (= alpine) has no tag, so Docker pulls :latest: the image changes whenever the tag moves, so builds are not reproducible and can break or pull in unreviewed changes. Pin a version tag (and ideally a digest).',
        },
      ],
      output: null,
    },
    {
      name: 'unknown registry, literal :latest',
      code: 'ARG REGISTRY\nFROM ${REGISTRY}/team/app:latest AS app\n',
      errors: [{ messageId: 'latest', range: [1, 26, 1, 32] }],
      output: null,
    },
    {
      name: 'unknown registry, no tag',
      code: 'ARG REGISTRY\nFROM ${REGISTRY}/ubuntu\n',
      errors: [{ messageId: 'untagged', range: [1, 5, 1, 23] }],
      output: null,
    },
    {
      name: 'whole image from an ARG default',
      code: 'ARG BASE_IMAGE=node\nFROM ${BASE_IMAGE} AS base\nCOPY . /app\n',
      errors: [{ messageId: 'untagged', range: [1, 5, 1, 18] }],
      output: null,
    },
    {
      name: 'COPY --from and RUN --mount from external images',
      code: dedent`
        FROM python:3.12-slim
        COPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/uv
        RUN --mount=type=bind,from=alpine,source=/etc/ssl/certs,target=/certs \\
            cp /certs/ca-certificates.crt /etc/ssl/certs/
      `,
      errors: [
        { messageId: 'latest', range: [1, 33, 1, 39] },
        { messageId: 'untagged', range: [2, 27, 2, 33] },
      ],
      output: null,
    },
    {
      name: 'a stage never used by the final image still pins its base',
      code: dedent`
        FROM node:22-slim AS app
        COPY . /app
        FROM node AS lint
        RUN npx eslint .
      `,
      errors: [{ messageId: 'untagged', range: [2, 5, 2, 9] }],
      output: null,
    },
  ],
});
