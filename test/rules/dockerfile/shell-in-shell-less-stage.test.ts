import rule from '../../../server/src/languages/dockerfile/rules/shell-in-shell-less-stage';
import { dedent, ruleTester } from '../../support/ruleTester';

ruleTester(rule, {
  valid: [
    'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nENTRYPOINT ["/app"]\n',
    { name: 'exec-form RUN', code: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nRUN ["/app", "migrate"]\n' },
    { name: 'exec-form HEALTHCHECK and NONE', code: 'FROM gcr.io/distroless/static-debian12:nonroot\nHEALTHCHECK CMD ["/app", "healthcheck"]\nFROM scratch\nHEALTHCHECK NONE\n' },
    { name: 'distroless :debug has a shell', code: 'FROM gcr.io/distroless/base-debian12:debug\nRUN echo hi\n' },
    { name: 'Chainguard -dev has a shell', code: 'FROM cgr.dev/chainguard/python:latest-dev AS build\nRUN pip install --user flask\n' },
    { name: 'SHELL set: not guessed', code: 'FROM gcr.io/distroless/static-debian12:debug\nFROM scratch\nSHELL ["/busybox/sh", "-c"]\nRUN echo hi\n' },
    { name: 'a root filesystem added to scratch', code: 'FROM scratch\nADD alpine-minirootfs.tar.gz /\nRUN apk add --no-cache curl\nCMD /bin/sh\n' },
    {
      name: 'a shell copied in',
      code: 'FROM cgr.dev/chainguard/static:latest\nCOPY --from=busybox:1.36-musl /bin/busybox /bin/sh\nRUN echo hi\n',
    },
    { name: 'unknown image', code: 'FROM registry.example.com/team/base:1.0\nRUN echo hi\n' },
    { name: 'unresolved ARG', code: 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN echo hi\n' },
    {
      name: 'shell steps in the build stage only',
      code: dedent`
        FROM --platform=$BUILDPLATFORM golang:1.23 AS build
        RUN go build -o /out/app .
        FROM gcr.io/distroless/static-debian12:nonroot
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
      `,
    },
  ],
  invalid: [
    {
      name: 'RUN on distroless',
      code: 'FROM gcr.io/distroless/python3-debian12:nonroot\nCOPY . /app\nRUN pip install -r /app/requirements.txt\n',
      errors: [
        {
          messageId: 'run',
          range: [2, 4, 2, 40],
          message:
            'This RUN needs /bin/sh, but gcr.io/distroless/python3-debian12:nonroot has no shell: the build fails ("/bin/sh: not found"). Run the step in a build stage and COPY the result, use exec form with a program the image has, or use a variant with a shell (its :debug tag adds a busybox shell).',
        },
      ],
      output: null,
    },
    {
      name: 'shell-form CMD on scratch',
      code: 'FROM scratch\nCOPY app /app\nCMD /app\n',
      errors: [
        {
          messageId: 'command',
          range: [2, 4, 2, 8],
          message:
            'This CMD is in shell form and needs /bin/sh, but scratch has no shell: the container cannot start. Use exec form (a JSON array).',
        },
      ],
      output: null,
    },
    {
      name: 'heredoc RUN on Chainguard',
      code: 'FROM cgr.dev/chainguard/node:latest\nRUN <<EOF\nnpm ci\nEOF\n',
      errors: [
        {
          messageId: 'run',
          range: [1, 4, 3, 3],
          message:
            'This RUN needs /bin/sh, but cgr.dev/chainguard/node:latest has no shell: the build fails ("/bin/sh: not found"). Run the step in a build stage and COPY the result, use exec form with a program the image has, or use a variant with a shell (its -dev tag adds a shell and a package manager).',
        },
      ],
      output: null,
    },
    {
      name: 'shell-form HEALTHCHECK',
      code: 'FROM gcr.io/distroless/static-debian12:nonroot\nHEALTHCHECK --interval=30s CMD /app healthcheck\n',
      errors: [
        {
          messageId: 'healthcheck',
          range: [1, 31, 1, 47],
          message:
            'This HEALTHCHECK CMD is in shell form and needs /bin/sh, but gcr.io/distroless/static-debian12:nonroot has no shell: the check can never succeed and the container is reported unhealthy. Use exec form (a JSON array) with a program the image has.',
        },
      ],
      output: null,
    },
    {
      name: 'FROM a shell-less stage, RUN with --mount and a continuation',
      code: dedent`
        FROM gcr.io/distroless/static-debian12:nonroot AS base
        FROM base AS final
        RUN --mount=type=bind,source=.,target=/src \\
            cp /src/app /app
      `,
      errors: [{ messageId: 'run', range: [3, 4, 3, 20] }],
      output: null,
    },
    {
      name: 'Docker Hardened runtime image after a build stage',
      code: dedent`
        FROM golang:1.23 AS build
        RUN go build -o /app .
        FROM dhi.io/static:20250419
        COPY --from=build /app /app
        RUN chmod +x /app
      `,
      errors: [{ messageId: 'run', range: [4, 4, 4, 17] }],
      output: null,
    },
    {
      name: '.NET chiseled with --platform and AS',
      code: 'FROM --platform=$TARGETPLATFORM mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled As final\nENTRYPOINT dotnet App.dll\n',
      errors: [
        {
          messageId: 'command',
          range: [1, 11, 1, 25],
          message:
            'This ENTRYPOINT is in shell form and needs /bin/sh, but mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled has no shell: the container cannot start. Use exec form (a JSON array).',
        },
      ],
      output: null,
    },
    {
      name: 'ARG-resolved FROM',
      code: 'ARG VARIANT=nonroot\nFROM gcr.io/distroless/static-debian12:${VARIANT}\nRUN echo hi\n',
      errors: [{ messageId: 'run', range: [2, 4, 2, 11] }],
      output: null,
    },
  ],
});
