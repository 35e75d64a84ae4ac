import rule from '../../../server/src/languages/dockerfile/rules/minimal-base';
import { dedent, ruleTester } from '../../support/ruleTester';

/*
 * Each suggestion says what it does in its title: "Use <image>" swaps only the
 * image (slim and Alpine have a shell and a package manager), "Convert to
 * <image>" rewrites the stage for a shell-less non-root image, ", moving RUN
 * steps to a build stage" when it also splits, and "Split into build and
 * runtime stages" splits onto the catalogue's runtime for the ecosystem. What
 * may break is in the title, before the user applies it. The exact outputs
 * per ecosystem are tested in test/refactor.
 */

ruleTester(rule, {
  valid: [
    'FROM node:22-slim\nCMD ["node", "server.js"]\n',
    'FROM python:3.12-alpine\nCMD ["python", "app.py"]\n',
    'FROM gcr.io/distroless/nodejs22-debian12:nonroot\nCOPY . /app\nCMD ["/app/server.js"]\n',
    {
      name: 'SDK only in the build stage',
      code: dedent`
        FROM --platform=$BUILDPLATFORM golang:1.23 AS build
        RUN go build -o /out/app .
        FROM gcr.io/distroless/static-debian12:nonroot
        COPY --from=build /out/app /app
      `,
    },
    { name: 'scratch', code: 'FROM golang:1.23 AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n' },
    { name: 'unknown image (registry with a port)', code: 'FROM localhost:5000/team/base:1.0\n' },
    { name: 'unresolved ARG', code: 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n' },
    { name: 'Windows tag', code: 'FROM python:3.13-windowsservercore-ltsc2022\n' },
    { name: '.NET Azure Linux distroless', code: 'FROM mcr.microsoft.com/dotnet/aspnet:8.0-azurelinux3.0-distroless\n' },
    { name: 'JRE on Alpine', code: 'FROM eclipse-temurin:21-jre-alpine\nCOPY app.jar /app.jar\n' },
  ],
  invalid: [
    {
      name: 'full distribution language image, no RUN steps: swaps and in-place conversions',
      code: dedent`
        FROM node:22
        WORKDIR /app
        COPY . .
        CMD ["node", "server.js"]
      `,
      errors: [
        {
          messageId: 'fullDistribution',
          range: [0, 5, 0, 12],
          message:
            'The final image is based on node:22, a full distribution: it ships a shell, a package manager and many tools the application does not need, so it is larger and has more CVEs and more to attack. Use a minimal runtime image for the final stage.',
          suggestions: [
            {
              messageId: 'useAlternative',
              title: "Use node:22-slim (Node slim: Debian slim, shell and apt (runs as root: add USER))",
              output: dedent`
                FROM node:22-slim
                WORKDIR /app
                COPY . .
                CMD ["node", "server.js"]
              `,
            },
            {
              messageId: 'useAlternative',
              title: "Use node:22-alpine (Node Alpine: musl libc, shell and apk (runs as root: add USER)) (musl libc, so native code built for glibc does not run: review)",
              output: dedent`
                FROM node:22-alpine
                WORKDIR /app
                COPY . .
                CMD ["node", "server.js"]
              `,
            },
            {
              messageId: 'convertTo',
              title: "Convert to gcr.io/distroless/nodejs22-debian12:nonroot",
              output: dedent`
                FROM gcr.io/distroless/nodejs22-debian12:nonroot
                WORKDIR /app
                COPY . .
                CMD ["server.js"]
              `,
            },
            {
              messageId: 'convertTo',
              title: "Convert to dhi.io/node:22",
              output: dedent`
                FROM dhi.io/node:22
                WORKDIR /app
                COPY . .
                ENTRYPOINT ["node"]
                CMD ["server.js"]
              `,
            },
            {
              messageId: 'convertTo',
              title: "Convert to cgr.dev/chainguard/node:latest",
              output: dedent`
                FROM cgr.dev/chainguard/node:latest
                WORKDIR /app
                COPY . .
                ENTRYPOINT ["node"]
                CMD ["server.js"]
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'RUN steps: the split first, then conversions that also split (the one equal to the split is not repeated)',
      code: dedent`
        FROM node:22
        WORKDIR /app
        COPY . .
        RUN npm ci --omit=dev
        CMD ["node", "server.js"]
      `,
      errors: [
        {
          messageId: 'fullDistribution',
          range: [0, 5, 0, 12],
          suggestions: [
            {
              messageId: 'splitStages',
              title: "Split into build and runtime stages on gcr.io/distroless/nodejs22-debian12:nonroot",
              output: dedent`
                FROM node:22 AS build
                WORKDIR /app
                COPY . .
                RUN npm ci --omit=dev
                CMD ["node", "server.js"]

                FROM gcr.io/distroless/nodejs22-debian12:nonroot
                WORKDIR /app
                COPY --from=build /app /app
                USER 65532:65532
                CMD ["server.js"]
              `,
            },
            {
              messageId: 'useAlternative',
              title: "Use node:22-slim (Node slim: Debian slim, shell and apt (runs as root: add USER))",
              output: dedent`
                FROM node:22-slim
                WORKDIR /app
                COPY . .
                RUN npm ci --omit=dev
                CMD ["node", "server.js"]
              `,
            },
            {
              messageId: 'useAlternative',
              title: "Use node:22-alpine (Node Alpine: musl libc, shell and apk (runs as root: add USER)) (musl libc, so native code built for glibc does not run: review)",
              output: dedent`
                FROM node:22-alpine
                WORKDIR /app
                COPY . .
                RUN npm ci --omit=dev
                CMD ["node", "server.js"]
              `,
            },
            {
              messageId: 'convertSplit',
              title: "Convert to dhi.io/node:22, moving RUN steps to a build stage",
              output: dedent`
                FROM node:22 AS build
                WORKDIR /app
                COPY . .
                RUN npm ci --omit=dev
                CMD ["node", "server.js"]

                FROM dhi.io/node:22
                WORKDIR /app
                COPY --from=build /app /app
                USER 65532:65532
                ENTRYPOINT ["node"]
                CMD ["server.js"]
              `,
            },
            {
              messageId: 'convertSplit',
              title: "Convert to cgr.dev/chainguard/node:latest, moving RUN steps to a build stage",
              output: dedent`
                FROM node:22 AS build
                WORKDIR /app
                COPY . .
                RUN npm ci --omit=dev
                CMD ["node", "server.js"]

                FROM cgr.dev/chainguard/node:latest
                WORKDIR /app
                COPY --from=build /app /app
                USER 65532:65532
                ENTRYPOINT ["node"]
                CMD ["server.js"]
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'SDK image as the final stage: cgo is on by default, so the split runs on cc and the static images say so',
      code: dedent`
        FROM golang:1.23
        WORKDIR /src
        COPY . .
        RUN go build -o /app . # one stage: the toolchain ships
        CMD ["/app"]
      `,
      errors: [
        {
          messageId: 'sdkImage',
          range: [0, 5, 0, 16],
          message:
            'The final image is based on golang:1.23, an SDK image: it ships compilers and build tools that belong in a build stage, so it is much larger and has more CVEs and more to attack. Build in a stage FROM golang:1.23 and copy the result into a minimal runtime image.',
          suggestions: [
            {
              messageId: 'splitStages',
              title: "Split into build and runtime stages on gcr.io/distroless/cc-debian12:nonroot",
              output: dedent`
                FROM golang:1.23 AS build
                WORKDIR /src
                COPY . .
                RUN go build -o /app . # one stage: the toolchain ships
                CMD ["/app"]

                FROM gcr.io/distroless/cc-debian12:nonroot
                WORKDIR /src
                COPY --from=build /app /app
                USER 65532:65532
                CMD ["/app"]
              `,
            },
            {
              messageId: 'convertSplit',
              title: "Convert to gcr.io/distroless/static-debian12:nonroot, moving RUN steps to a build stage (cgo is on but the runtime has no libc, build with CGO_ENABLED=0: review)",
              output: dedent`
                FROM golang:1.23 AS build
                WORKDIR /src
                COPY . .
                RUN go build -o /app . # one stage: the toolchain ships
                CMD ["/app"]

                FROM gcr.io/distroless/static-debian12:nonroot
                WORKDIR /src
                COPY --from=build /app /app
                USER 65532:65532
                CMD ["/app"]
              `,
            },
            {
              messageId: 'convertSplit',
              title: "Convert to cgr.dev/chainguard/static:latest, moving RUN steps to a build stage (cgo is on but the runtime has no libc, build with CGO_ENABLED=0: review)",
              output: dedent`
                FROM golang:1.23 AS build
                WORKDIR /src
                COPY . .
                RUN go build -o /app . # one stage: the toolchain ships
                CMD ["/app"]

                FROM cgr.dev/chainguard/static:latest
                WORKDIR /src
                COPY --from=build /app /app
                USER 65532:65532
                CMD ["/app"]
              `,
            },
            {
              messageId: 'convertSplit',
              title: "Convert to dhi.io/static:20250419, moving RUN steps to a build stage (cgo is on but the runtime has no libc, build with CGO_ENABLED=0: review)",
              output: dedent`
                FROM golang:1.23 AS build
                WORKDIR /src
                COPY . .
                RUN go build -o /app . # one stage: the toolchain ships
                CMD ["/app"]

                FROM dhi.io/static:20250419
                WORKDIR /src
                COPY --from=build /app /app
                USER 65532:65532
                CMD ["/app"]
              `,
            },
            {
              messageId: 'convertSplit',
              title: "Convert to scratch, moving RUN steps to a build stage (cgo is on but the runtime has no libc, build with CGO_ENABLED=0; scratch has no CA certificates or time zone data: review)",
              output: dedent`
                FROM golang:1.23 AS build
                WORKDIR /src
                COPY . .
                RUN go build -o /app . # one stage: the toolchain ships
                CMD ["/app"]

                FROM scratch
                WORKDIR /src
                COPY --from=build /app /app
                USER 65532:65532
                CMD ["/app"]
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: '--platform and AS are kept; Python 3.12 on distroless Python 3.11 is a caveat',
      code: dedent`
        FROM --platform=linux/amd64 python:3.12 As runtime
        COPY app.py /app.py
        CMD ["python", "/app.py"]
      `,
      errors: [
        {
          messageId: 'fullDistribution',
          range: [0, 28, 0, 39],
          suggestions: [
            {
              messageId: 'useAlternative',
              title: "Use python:3.12-slim (Python slim: Debian slim, shell and apt (runs as root: add USER))",
              output: dedent`
                FROM --platform=linux/amd64 python:3.12-slim As runtime
                COPY app.py /app.py
                CMD ["python", "/app.py"]
              `,
            },
            {
              messageId: 'convertTo',
              title: "Convert to gcr.io/distroless/python3-debian12:nonroot (python 3.12 build, python 3.11 runtime: review)",
              output: dedent`
                FROM --platform=linux/amd64 gcr.io/distroless/python3-debian12:nonroot As runtime
                COPY app.py /app.py
                CMD ["/app.py"]
              `,
            },
            {
              messageId: 'convertTo',
              title: "Convert to dhi.io/python:3.12",
              output: dedent`
                FROM --platform=linux/amd64 dhi.io/python:3.12 As runtime
                COPY app.py /app.py
                ENTRYPOINT ["python"]
                CMD ["/app.py"]
              `,
            },
            {
              messageId: 'convertTo',
              title: "Convert to cgr.dev/chainguard/python:latest",
              output: dedent`
                FROM --platform=linux/amd64 cgr.dev/chainguard/python:latest As runtime
                COPY app.py /app.py
                ENTRYPOINT ["python"]
                CMD ["/app.py"]
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'JDK image ships javac: java -jar becomes the image entrypoint',
      code: dedent`
        FROM eclipse-temurin:21-jdk AS app
        COPY target/app.jar /app.jar
        ENTRYPOINT ["java", "-jar", "/app.jar"]
      `,
      errors: [
        {
          messageId: 'sdkImage',
          range: [0, 5, 0, 27],
          suggestions: [
            {
              messageId: 'convertTo',
              title: "Convert to gcr.io/distroless/java21-debian12:nonroot",
              output: dedent`
                FROM gcr.io/distroless/java21-debian12:nonroot AS app
                COPY target/app.jar /app.jar
                ENTRYPOINT ["/usr/bin/java", "-jar", "/app.jar"]
              `,
            },
            {
              messageId: 'convertTo',
              title: "Convert to dhi.io/eclipse-temurin:21",
              output: dedent`
                FROM dhi.io/eclipse-temurin:21 AS app
                COPY target/app.jar /app.jar
                ENTRYPOINT ["java", "-jar", "/app.jar"]
              `,
            },
            {
              messageId: 'convertTo',
              title: "Convert to cgr.dev/chainguard/jre:latest",
              output: dedent`
                FROM cgr.dev/chainguard/jre:latest AS app
                COPY target/app.jar /app.jar
                ENTRYPOINT ["java", "-jar", "/app.jar"]
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'FROM written with an ARG: reported, not rewritten',
      code: 'ARG PY=3.12\nFROM python:${PY}\nCMD ["python"]\n',
      errors: [
        {
          messageId: 'fullDistribution',
          range: [1, 5, 1, 17],
          message:
            'The final image is based on python:3.12, a full distribution: it ships a shell, a package manager and many tools the application does not need, so it is larger and has more CVEs and more to attack. Use a minimal runtime image for the final stage.',
        },
      ],
      output: null,
    },
    {
      name: 'FROM written with an ARG and RUN steps: only the split, which keeps the FROM as written',
      code: dedent`
        ARG NODE=22
        FROM node:\${NODE}
        WORKDIR /app
        COPY . .
        RUN npm ci --omit=dev
        CMD ["node", "server.js"]
      `,
      errors: [
        {
          messageId: 'fullDistribution',
          range: [1, 5, 1, 17],
          suggestions: [
            {
              messageId: 'splitStages',
              title: "Split into build and runtime stages on gcr.io/distroless/nodejs22-debian12:nonroot",
              output: dedent`
                ARG NODE=22
                FROM node:\${NODE} AS build
                WORKDIR /app
                COPY . .
                RUN npm ci --omit=dev
                CMD ["node", "server.js"]

                FROM gcr.io/distroless/nodejs22-debian12:nonroot
                WORKDIR /app
                COPY --from=build /app /app
                USER 65532:65532
                CMD ["server.js"]
              `,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'final stage FROM an earlier stage: reported where the image is named, no rewrite',
      code: dedent`
        FROM ubuntu:24.04 AS base
        RUN apt-get update && apt-get install -y --no-install-recommends curl
        FROM base AS final
        CMD ["curl", "--version"]
      `,
      errors: [{ messageId: 'fullDistribution', range: [0, 5, 0, 17] }],
      output: null,
    },
    {
      name: 'untagged operating system image: a shell as the command cannot be carried over',
      code: dedent`
        FROM debian
        CMD ["bash"]
      `,
      errors: [
        {
          messageId: 'fullDistribution',
          range: [0, 5, 0, 11],
          suggestions: [
            {
              messageId: 'useAlternative',
              title: "Use debian:bookworm-slim (Debian slim: smaller, still has a shell and apt (runs as root: add USER))",
              output: dedent`
                FROM debian:bookworm-slim
                CMD ["bash"]
              `,
            },
            {
              messageId: 'convertTo',
              title: "Convert to gcr.io/distroless/base-debian12:nonroot (bash needs a shell: review)",
              output: dedent`
                FROM gcr.io/distroless/base-debian12:nonroot
                # TODO(hardline): bash is a shell, which gcr.io/distroless/base-debian12:nonroot does not have
                CMD ["bash"]
              `,
            },
            {
              messageId: 'convertTo',
              title: "Convert to cgr.dev/chainguard/glibc-dynamic:latest (bash needs a shell: review)",
              output: dedent`
                FROM cgr.dev/chainguard/glibc-dynamic:latest
                # TODO(hardline): bash is a shell, which cgr.dev/chainguard/glibc-dynamic:latest does not have
                CMD ["bash"]
              `,
            },
          ],
        },
      ],
      output: null,
    },
  ],
});
