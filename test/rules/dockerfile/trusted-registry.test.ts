import rule from '../../../server/src/languages/dockerfile/rules/trusted-registry';
import { dedent, ruleTester } from '../../support/ruleTester';

const trusted = (...trustedRegistries: string[]) => ({ options: { trustedRegistries } });

ruleTester(rule, {
  valid: [
    { name: 'off without the option', code: 'FROM quay.io/prometheus/prometheus:v2.53.0\n' },
    { name: 'off with an empty list', code: 'FROM quay.io/prometheus/prometheus:v2.53.0\n', settings: trusted() },
    { name: 'Docker Hub as docker.io', code: 'FROM node:22\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n', settings: trusted('docker.io') },
    { name: 'Docker Hub as hub.docker.com', code: 'FROM docker.io/library/node:22\n', settings: trusted('hub.docker.com') },
    { name: 'wildcard subdomain', code: 'FROM registry.example.com/team/app:1.2\n', settings: trusted('*.example.com') },
    { name: 'registry with a port', code: 'FROM localhost:5000/app:1\n', settings: trusted('localhost:5000') },
    {
      name: 'stages and scratch are not pulled',
      code: dedent`
        FROM --platform=$BUILDPLATFORM gcr.io/distroless/static-debian12:nonroot AS Base
        FROM base AS app
        FROM scratch
        COPY --from=BASE /etc/passwd /etc/passwd
        COPY --from=1 /etc/ssl /etc/ssl
      `,
      settings: trusted('gcr.io'),
    },
    { name: 'registry from an ARG without default', code: 'ARG REGISTRY\nFROM ${REGISTRY}/app:1\n', settings: trusted('gcr.io') },
    { name: 'registry from an ARG default', code: 'ARG REGISTRY=gcr.io\nFROM ${REGISTRY}/distroless/static:nonroot\n', settings: trusted('gcr.io') },
    { name: 'case and scheme in the entry', code: 'FROM GCR.io/distroless/static:nonroot\n', settings: trusted('https://gcr.io/') },
  ],
  invalid: [
    {
      name: 'Docker Hub not trusted',
      code: 'FROM node:22\nCMD ["node", "server.js"]\n',
      settings: trusted('gcr.io', 'quay.io'),
      errors: [
        {
          messageId: 'untrusted',
          range: [0, 5, 0, 12],
          message:
            'node:22 comes from docker.io (Docker Hub), which is not a trusted registry (trusted: gcr.io, quay.io). Use a mirror or an approved image from a trusted registry.',
        },
      ],
      output: null,
    },
    {
      name: 'explicit registry: the host is reported',
      code: 'FROM --platform=$BUILDPLATFORM quay.io/prometheus/busybox:1.36 AS tools\nRUN true\nFROM node:22\n',
      settings: trusted('docker.io'),
      errors: [
        {
          messageId: 'untrusted',
          range: [0, 31, 0, 38],
          message:
            'quay.io/prometheus/busybox:1.36 comes from quay.io, which is not a trusted registry (trusted: docker.io). Use a mirror or an approved image from a trusted registry.',
        },
      ],
      output: null,
    },
    {
      name: 'the port is part of the registry',
      code: 'FROM localhost:5000/app:1\n',
      settings: trusted('localhost'),
      errors: [{ messageId: 'untrusted', range: [0, 5, 0, 19] }],
      output: null,
    },
    {
      name: 'a wildcard does not match the domain itself',
      code: 'FROM example.com/app:1\n',
      settings: trusted('*.example.com'),
      errors: [{ messageId: 'untrusted', range: [0, 5, 0, 16] }],
      output: null,
    },
    {
      name: 'COPY --from and RUN --mount from images',
      code: dedent`
        FROM gcr.io/distroless/python3-debian12:nonroot AS app
        COPY --from=ghcr.io/astral-sh/uv:0.5.4 /uv /uv
        RUN --mount=type=bind,from=alpine:3.20,target=/x ["/uv", "--version"]
      `,
      settings: trusted('gcr.io'),
      errors: [
        { messageId: 'untrusted', range: [1, 12, 1, 19] },
        { messageId: 'untrusted', range: [2, 27, 2, 38] },
      ],
      output: null,
    },
    {
      name: 'registry from an ARG default',
      code: 'ARG REGISTRY=quay.io\nFROM ${REGISTRY}/app:1\n',
      settings: trusted('docker.io'),
      errors: [
        {
          messageId: 'untrusted',
          range: [1, 5, 1, 22],
          message:
            'quay.io/app:1 comes from quay.io, which is not a trusted registry (trusted: docker.io). Use a mirror or an approved image from a trusted registry.',
        },
      ],
      output: null,
    },
    {
      name: 'entries with a path are not supported and match nothing',
      code: 'FROM gcr.io/my-project/app:1\n',
      settings: trusted('gcr.io/my-project'),
      errors: [{ messageId: 'untrusted', range: [0, 5, 0, 11] }],
      output: null,
    },
  ],
});
