import rule from '../../../server/src/languages/dockerfile/rules/build-tools-in-runtime';
import { dedent, ruleTester } from '../../support/ruleTester';

/**
 * Every finding offers the same suggestion: split the final stage into a build
 * stage (the stage as written) and a runtime stage on the catalogue's hardened
 * runtime for the ecosystem. The per-ecosystem outputs are tested in test/refactor.
 */
const split = (title: string, output: string) => ({ messageId: 'splitStages', title, output });

const SPLIT_GCC = split(
  "Split into build and runtime stages on python:3.12-slim",
  dedent`
    FROM python:3.12-slim AS build
    RUN apt-get update \\
     && apt-get install -y --no-install-recommends gcc libpq-dev \\
     && pip install --no-cache-dir psycopg2==2.9.9
    CMD ["python", "app.py"]

    FROM python:3.12-slim
    RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
    COPY --from=build /usr/local/lib/python3.12/site-packages /usr/local/lib/python3.12/site-packages
    COPY --from=build /usr/local/bin /usr/local/bin
    USER 65532:65532
    CMD ["python", "app.py"]
  `,
);

const SPLIT_APK_VIRTUAL = split(
  "Split into build and runtime stages on gcr.io/distroless/static-debian12:nonroot (build output not known: review)",
  dedent`
    FROM alpine:3.20 AS build
    RUN apk add --no-cache --virtual .build-deps build-base=0.5-r3 cmake

    FROM gcr.io/distroless/static-debian12:nonroot
    # TODO(hardline): copy your build output (the build output of this stage is not known)
    COPY --from=build /app /app
    USER 65532:65532
  `,
);

const SPLIT_ANCESTOR = split(
  "Split into build and runtime stages on gcr.io/distroless/base-debian12:nonroot (build output not known: review)",
  dedent`
    FROM debian:12 AS base
    RUN apt-get install -y --no-install-recommends git ca-certificates
    FROM base AS build
    RUN apt-get install -y make
    FROM base AS build-stage
    COPY --from=build /out /app

    FROM gcr.io/distroless/base-debian12:nonroot
    # TODO(hardline): copy your build output (the build output of this stage is not known)
    COPY --from=build-stage /app /app
    USER 65532:65532
  `,
);

const SPLIT_HEREDOC = split(
  "Split into build and runtime stages on gcr.io/distroless/base-debian12:nonroot (build output not known: review)",
  dedent`
    FROM ubuntu:24.04 AS build
    RUN <<EOF
    set -e
    DEBIAN_FRONTEND=noninteractive sudo apt-get install -y build-essential openjdk-21-jdk-headless
    EOF

    FROM gcr.io/distroless/base-debian12:nonroot
    # TODO(hardline): copy your build output (the build output of this stage is not known)
    COPY --from=build /app /app
    USER 65532:65532
  `,
);

const SPLIT_GO_BUILD = split(
  "Split into build and runtime stages on gcr.io/distroless/cc-debian12:nonroot",
  dedent`
    FROM golang:1.23 AS build
    WORKDIR /src
    COPY . .
    RUN --mount=type=cache,target=/root/.cache/go-build go build -o /usr/local/bin/app ./cmd/app
    ENTRYPOINT ["app"]

    FROM gcr.io/distroless/cc-debian12:nonroot
    WORKDIR /src
    COPY --from=build /usr/local/bin/app /usr/local/bin/app
    USER 65532:65532
    ENTRYPOINT ["app"]
  `,
);

const SPLIT_JAVA_RUST = split(
  "Split into build and runtime stages on gcr.io/distroless/java21-debian12:nonroot (build output not known: review)",
  dedent`
    FROM eclipse-temurin:21-jdk AS build
    RUN mvn -B -f /src/pom.xml \\
          clean package -DskipTests
    RUN ./gradlew build --no-daemon && cargo build --release

    FROM gcr.io/distroless/java21-debian12:nonroot
    # TODO(hardline): copy your build output (no \`java -jar <file>\` names the jar)
    COPY --from=build /build/libs/*.jar /app/app.jar
    USER 65532:65532
  `,
);

const SPLIT_NPM_CI = split(
  "Split into build and runtime stages on gcr.io/distroless/nodejs22-debian12:nonroot (build output not known: review)",
  dedent`
    FROM node:22-slim AS build
    COPY package*.json ./
    RUN npm ci
    RUN npm prune --omit=dev
    ENV NODE_ENV=production
    CMD ["node", "server.js"]

    FROM gcr.io/distroless/nodejs22-debian12:nonroot
    ENV NODE_ENV=production
    # TODO(hardline): copy your build output (the application is not in one WORKDIR)
    COPY --from=build /app /app
    USER 65532:65532
    CMD ["server.js"]
  `,
);

const SPLIT_RPM_GROUP = split(
  "Split into build and runtime stages on gcr.io/distroless/nodejs22-debian12:nonroot (build output not known: review)",
  dedent`
    FROM rockylinux:9 AS build
    RUN yum -y groupinstall "Development Tools" && yum -y install pkgconfig
    RUN npm install -g typescript@5

    FROM gcr.io/distroless/nodejs22-debian12:nonroot
    # TODO(hardline): copy your build output (the application is not in one WORKDIR)
    COPY --from=build /app /app
    USER 65532:65532
  `,
);

const SPLIT_OTHER_STAGE = split(
  "Split into build and runtime stages on gcr.io/distroless/base-debian12:nonroot (build output not known; app is not in the runtime: review)",
  dedent`
    FROM debian:12 AS base
    RUN apt-get install -y golang-go
    FROM base AS slim
    RUN apt-get purge -y golang-go
    FROM base AS build
    CMD ["/app"]

    FROM gcr.io/distroless/base-debian12:nonroot
    # TODO(hardline): copy your build output (the build output of this stage is not known)
    COPY --from=build /app /app
    USER 65532:65532
    # TODO(hardline): app is not in gcr.io/distroless/base-debian12:nonroot
    CMD ["/app"]
  `,
);

ruleTester(rule, {
  valid: [
    {
      name: 'compilers only in a build stage; the runtime stage copies the result',
      code: dedent`
        FROM debian:12 AS build
        RUN apt-get update && apt-get install -y --no-install-recommends gcc make libc6-dev
        COPY . /src
        RUN make -C /src
        FROM gcr.io/distroless/cc-debian12:nonroot
        COPY --from=build /src/app /app
      `,
    },
    {
      name: 'installed and purged in the same RUN',
      code: dedent`
        FROM python:3.12-slim
        RUN apt-get update \\
         && apt-get install -y --no-install-recommends gcc libpq-dev \\
         && pip install --no-cache-dir psycopg2==2.9.9 \\
         && apt-get purge -y --auto-remove gcc libpq-dev \\
         && rm -rf /var/lib/apt/lists/*
      `,
    },
    {
      name: 'apk --virtual group deleted with apk del',
      code: dedent`
        FROM python:3.12-alpine
        RUN apk add --no-cache --virtual .build-deps gcc musl-dev libffi-dev \\
         && pip install --no-cache-dir cffi \\
         && apk del .build-deps
      `,
    },
    {
      name: 'the docker-library savedAptMark idiom',
      code: dedent`
        FROM debian:12-slim
        RUN set -eux; \\
        	savedAptMark="$(apt-mark showmanual)"; \\
        	apt-get update; \\
        	apt-get install -y --no-install-recommends dpkg-dev gcc make wget; \\
        	make -j "$(nproc)" install; \\
        	apt-mark auto '.*' > /dev/null; \\
        	apt-mark manual $savedAptMark; \\
        	apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false
      `,
    },
    {
      name: 'npm ci without devDependencies: flag, inline NODE_ENV, ENV before, prune after',
      code: dedent`
        FROM node:22-slim
        RUN npm ci --omit=dev
        RUN NODE_ENV=production npm ci
        RUN npm install --production
        ENV NODE_ENV=production
        RUN npm ci
      `,
    },
    {
      name: 'npm ci, build, then npm prune --omit=dev',
      code: dedent`
        FROM node:22-slim
        COPY . /app
        RUN npm ci && npm run build && npm prune --omit=dev
      `,
    },
    {
      name: 'go build only in the build stage, with a cache mount before the script',
      code: dedent`
        FROM golang:1.23 AS build
        RUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/app ./cmd/app
        FROM gcr.io/distroless/static-debian12:nonroot
        COPY --from=build /out/app /app
      `,
    },
    {
      name: 'words in a quoted string, runtime libraries, global runtime tools and go subcommands that build nothing',
      code: dedent`
        FROM node:22-slim
        RUN echo "apt-get install -y gcc && go build" > /notes.txt
        RUN apt-get install -y --no-install-recommends libpq5 libgcc-s1 tini && npm install -g pm2
        RUN go version && npm --version
      `,
    },
    { name: 'package list from a variable is not guessed', code: 'FROM debian:12\nENV DEPS="gcc make"\nRUN apt-get install -y $DEPS\n' },
  ],
  invalid: [
    {
      name: 'gcc and headers stay in a single-stage image',
      code: dedent`
        FROM python:3.12-slim
        RUN apt-get update \\
         && apt-get install -y --no-install-recommends gcc libpq-dev \\
         && pip install --no-cache-dir psycopg2==2.9.9
        CMD ["python", "app.py"]
      `,
      errors: [
        {
          messageId: 'buildPackage',
          range: [2, 47, 2, 50],
          message:
            'gcc is a build tool installed in the final image and never removed: it belongs in a build stage of a multi-stage build, with only the build output copied into the runtime stage.',
          suggestions: [SPLIT_GCC],
        },
        { messageId: 'buildPackage', range: [2, 51, 2, 60], suggestions: [SPLIT_GCC] },
      ],
      output: null,
    },
    {
      name: 'apk --virtual group that is never deleted',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps build-base=0.5-r3 cmake\n',
      errors: [
        { messageId: 'buildPackage', range: [1, 45, 1, 62], suggestions: [SPLIT_APK_VIRTUAL] },
        { messageId: 'buildPackage', range: [1, 63, 1, 68], suggestions: [SPLIT_APK_VIRTUAL] },
      ],
      output: null,
    },
    {
      name: 'installed in a FROM ancestor of the final stage; the build stage is not reported',
      code: dedent`
        FROM debian:12 AS base
        RUN apt-get install -y --no-install-recommends git ca-certificates
        FROM base AS build
        RUN apt-get install -y make
        FROM base
        COPY --from=build /out /app
      `,
      errors: [{ messageId: 'buildPackage', range: [1, 47, 1, 50], suggestions: [SPLIT_ANCESTOR] }],
      output: null,
    },
    {
      name: 'heredoc with sudo and an inline assignment',
      code: dedent`
        FROM ubuntu:24.04
        RUN <<EOF
        set -e
        DEBIAN_FRONTEND=noninteractive sudo apt-get install -y build-essential openjdk-21-jdk-headless
        EOF
      `,
      errors: [
        { messageId: 'buildPackage', range: [3, 55, 3, 70], suggestions: [SPLIT_HEREDOC] },
        { messageId: 'buildPackage', range: [3, 71, 3, 94], suggestions: [SPLIT_HEREDOC] },
      ],
      output: null,
    },
    {
      name: 'go build in the final stage',
      code: dedent`
        FROM golang:1.23
        WORKDIR /src
        COPY . .
        RUN --mount=type=cache,target=/root/.cache/go-build go build -o /usr/local/bin/app ./cmd/app
        ENTRYPOINT ["app"]
      `,
      errors: [
        {
          messageId: 'buildCommand',
          range: [3, 52, 3, 60],
          message:
            '`go build` runs in the final image, so its toolchain ships with the application: run it in a build stage of a multi-stage build and copy only the result.',
          suggestions: [SPLIT_GO_BUILD],
        },
      ],
      output: null,
    },
    {
      name: 'maven goals across a continuation, gradle wrapper and cargo',
      code: dedent`
        FROM eclipse-temurin:21-jdk
        RUN mvn -B -f /src/pom.xml \\
              clean package -DskipTests
        RUN ./gradlew build --no-daemon && cargo build --release
      `,
      errors: [
        { messageId: 'buildCommand', range: [1, 4, 1, 7], suggestions: [SPLIT_JAVA_RUST] },
        { messageId: 'buildCommand', range: [3, 4, 3, 19], suggestions: [SPLIT_JAVA_RUST] },
        { messageId: 'buildCommand', range: [3, 35, 3, 46], suggestions: [SPLIT_JAVA_RUST] },
      ],
      output: null,
    },
    {
      name: 'npm ci with devDependencies; NODE_ENV set only after it',
      code: dedent`
        FROM node:22-slim
        COPY package*.json ./
        RUN npm ci
        ENV NODE_ENV=production
        CMD ["node", "server.js"]
      `,
      errors: [
        {
          messageId: 'devDependencies',
          range: [2, 4, 2, 10],
          message:
            '`npm ci` installs devDependencies into the final image: add --omit=dev (or set ENV NODE_ENV=production), or install and build in a build stage of a multi-stage build.',
          suggestions: [SPLIT_NPM_CI],
        },
      ],
      output: null,
    },
    {
      name: 'rpm group, pkgconfig and a global TypeScript compiler',
      code: dedent`
        FROM rockylinux:9
        RUN yum -y groupinstall "Development Tools" && yum -y install pkgconfig
        RUN npm install -g typescript@5
      `,
      errors: [
        {
          messageId: 'buildPackage',
          range: [1, 24, 1, 43],
          message:
            'Development Tools is a build tool installed in the final image and never removed: it belongs in a build stage of a multi-stage build, with only the build output copied into the runtime stage.',
          suggestions: [SPLIT_RPM_GROUP],
        },
        { messageId: 'buildPackage', range: [1, 62, 1, 71], suggestions: [SPLIT_RPM_GROUP] },
        { messageId: 'buildPackage', range: [2, 19, 2, 31], suggestions: [SPLIT_RPM_GROUP] },
      ],
      output: null,
    },
    {
      name: 'purged in a different stage does not count',
      code: dedent`
        FROM debian:12 AS base
        RUN apt-get install -y golang-go
        FROM base AS slim
        RUN apt-get purge -y golang-go
        FROM base
        CMD ["/app"]
      `,
      errors: [{ messageId: 'buildPackage', range: [1, 23, 1, 32], suggestions: [SPLIT_OTHER_STAGE] }],
      output: null,
    },
  ],
});
