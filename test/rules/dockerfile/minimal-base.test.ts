import rule from '../../../server/src/languages/dockerfile/rules/minimal-base';
import { dedent, ruleTester } from '../../support/ruleTester';

/** One suggestion per catalogue alternative: only the image reference changes. */
function alternatives(code: string, image: string, alts: [string, string][]) {
  return alts.map(([alt, description]) => ({
    messageId: 'useAlternative',
    title: `Use ${alt} (${description})`,
    output: code.replace(image, alt),
  }));
}

const NODE_APP = 'FROM node:22\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n';
const GO_APP = dedent`
  FROM golang:1.23
  WORKDIR /src
  COPY . .
  RUN go build -o /app . # one stage: the toolchain ships
  CMD ["/app"]
`;
const PY_APP = 'FROM --platform=linux/amd64 python:3.12 As runtime\nCOPY app.py /app.py\nCMD ["python", "/app.py"]\n';
const JAVA_APP = dedent`
  FROM eclipse-temurin:21-jdk AS app
  COPY target/app.jar /app.jar
  ENTRYPOINT ["java", "-jar", "/app.jar"]
`;

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
      name: 'full distribution language image',
      code: NODE_APP,
      errors: [
        {
          messageId: 'fullDistribution',
          range: [0, 5, 0, 12],
          message:
            'The final image is based on node:22, a full distribution: it ships a shell, a package manager and many tools the application does not need, so it is larger and has more CVEs and more to attack. Use a minimal runtime image for the final stage.',
          suggestions: alternatives(NODE_APP, 'node:22', [
            ['node:22-slim', 'Node slim: Debian slim, shell and apt (runs as root: add USER)'],
            ['node:22-alpine', 'Node Alpine: musl libc, shell and apk (runs as root: add USER)'],
            ['gcr.io/distroless/nodejs22-debian12:nonroot', 'Distroless Node.js: no shell, no npm; entrypoint is node; UID 65532'],
            ['dhi.io/node:22', 'Docker Hardened Node.js: no shell, no package manager; UID 65532'],
            ['cgr.dev/chainguard/node:latest', 'Chainguard Node.js: no shell; UID 65532 (latest Node only on the free tier)'],
          ]),
        },
      ],
      output: null,
    },
    {
      name: 'SDK image as the final stage',
      code: GO_APP,
      errors: [
        {
          messageId: 'sdkImage',
          range: [0, 5, 0, 16],
          message:
            'The final image is based on golang:1.23, an SDK image: it ships compilers and build tools that belong in a build stage, so it is much larger and has more CVEs and more to attack. Build in a stage FROM golang:1.23 and copy the result into a minimal runtime image.',
          suggestions: alternatives(GO_APP, 'golang:1.23', [
            ['gcr.io/distroless/static-debian12:nonroot', 'Distroless static: CA certificates, tzdata, /etc/passwd; no libc, no shell; UID 65532'],
            ['cgr.dev/chainguard/static:latest', 'Chainguard static: no libc, no shell; UID 65532'],
            ['dhi.io/static:20250419', 'Docker Hardened static image: no libc, no shell; UID 65532'],
            ['scratch', 'Empty image: only for fully static binaries (bring your own CA certificates and user)'],
          ]),
        },
      ],
      output: null,
    },
    {
      name: '--platform and AS are kept',
      code: PY_APP,
      errors: [
        {
          messageId: 'fullDistribution',
          range: [0, 28, 0, 39],
          suggestions: alternatives(PY_APP, 'python:3.12', [
            ['python:3.12-slim', 'Python slim: Debian slim, shell and apt (runs as root: add USER)'],
            ['gcr.io/distroless/python3-debian12:nonroot', "Distroless Python 3 (Debian 12's Python 3.11): no shell, no pip; entrypoint is python3; UID 65532"],
            ['dhi.io/python:3.12', 'Docker Hardened Python: no shell, no package manager; UID 65532'],
            ['cgr.dev/chainguard/python:latest', 'Chainguard Python: no shell, no pip; UID 65532'],
          ]),
        },
      ],
      output: null,
    },
    {
      name: 'JDK image ships javac',
      code: JAVA_APP,
      errors: [
        {
          messageId: 'sdkImage',
          range: [0, 5, 0, 27],
          suggestions: alternatives(JAVA_APP, 'eclipse-temurin:21-jdk', [
            ['gcr.io/distroless/java21-debian12:nonroot', 'Distroless Java (JRE): no shell; entrypoint is java -jar; UID 65532'],
            ['dhi.io/eclipse-temurin:21', 'Docker Hardened Eclipse Temurin JRE: no shell; UID 65532'],
            ['cgr.dev/chainguard/jre:latest', 'Chainguard JRE: no shell; UID 65532'],
          ]),
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
      name: 'untagged operating system image',
      code: 'FROM debian\nCMD ["bash"]\n',
      errors: [
        {
          messageId: 'fullDistribution',
          range: [0, 5, 0, 11],
          suggestions: alternatives('FROM debian\nCMD ["bash"]\n', 'debian', [
            ['debian:bookworm-slim', 'Debian slim: smaller, still has a shell and apt (runs as root: add USER)'],
            ['gcr.io/distroless/base-debian12:nonroot', 'Distroless base: glibc, OpenSSL, CA certificates; no shell; UID 65532'],
            ['cgr.dev/chainguard/glibc-dynamic:latest', 'Chainguard glibc-dynamic: glibc runtime; no shell; UID 65532'],
          ]),
        },
      ],
      output: null,
    },
  ],
});
