/**
 * "Split into build and runtime stages", per ecosystem: the exact resulting
 * Dockerfile, which re-parses cleanly, keeps every original line byte for byte
 * (the FROM line only gains ` AS build`), is one set of pure insertions, and no
 * longer has the findings the split fixes (minimal-base, build-tools-in-runtime,
 * no-root-user, a shell-form CMD on a shell-less base). Each case also runs
 * with CRLF line endings and with `# escape=\``.
 */
import { describe, expect, it } from 'vitest';
import { splitStage } from '../../server/src/languages/dockerfile/refactor';
import { dedent } from '../support/ruleTester';
import { apply, expectCleanParse, expectKeepsLines, findingIds, parse, textAt, variantsFor } from './support';

interface SplitCase {
  name: string;
  code: string;
  title: string;
  output: string;
}

/** Findings the split removes: none of these may remain. */
const FIXED = ['dockerfile/minimal-base', 'dockerfile/build-tools-in-runtime', 'dockerfile/no-root-user'];

const cases: SplitCase[] = [
  {
    name: 'go-static',
    code: dedent`
      # syntax=docker/dockerfile:1
      FROM golang:1.23
      WORKDIR /src
      COPY go.mod go.sum ./
      RUN go mod download
      COPY . .
      # a static binary
      RUN CGO_ENABLED=0 go build -trimpath -o /out/server ./cmd/server
      EXPOSE 8080
      ENTRYPOINT ["/out/server"]
    `,
    title: "Split into build and runtime stages on gcr.io/distroless/static-debian12:nonroot",
    output: dedent`
      # syntax=docker/dockerfile:1
      FROM golang:1.23 AS build
      WORKDIR /src
      COPY go.mod go.sum ./
      RUN go mod download
      COPY . .
      # a static binary
      RUN CGO_ENABLED=0 go build -trimpath -o /out/server ./cmd/server
      EXPOSE 8080
      ENTRYPOINT ["/out/server"]

      FROM gcr.io/distroless/static-debian12:nonroot
      WORKDIR /src
      COPY --from=build /out/server /out/server
      EXPOSE 8080
      USER 65532:65532
      ENTRYPOINT ["/out/server"]
    `,
  },
  {
    name: 'go-cgo',
    code: dedent`
      FROM golang:1.23-bookworm
      WORKDIR /src
      COPY . .
      RUN go build -o app . && \\
          go vet ./...
      ENV GIN_MODE=release GOFLAGS=-mod=vendor
      CMD ./app -port 8080
    `,
    title: "Split into build and runtime stages on gcr.io/distroless/cc-debian12:nonroot",
    output: dedent`
      FROM golang:1.23-bookworm AS build
      WORKDIR /src
      COPY . .
      RUN go build -o app . && \\
          go vet ./...
      ENV GIN_MODE=release GOFLAGS=-mod=vendor
      CMD ./app -port 8080

      FROM gcr.io/distroless/cc-debian12:nonroot
      WORKDIR /src
      ENV GIN_MODE=release GOFLAGS=-mod=vendor
      COPY --from=build /src/app /src/app
      USER 65532:65532
      CMD ["./app", "-port", "8080"]
    `,
  },
  {
    name: 'node-omit',
    code: dedent`
      FROM node:22
      ENV NODE_ENV=production
      WORKDIR /usr/src/app
      COPY package*.json ./
      RUN npm ci --omit=dev
      COPY . .
      EXPOSE 3000
      CMD ["node", "server.js"]
    `,
    title: "Split into build and runtime stages on gcr.io/distroless/nodejs22-debian12:nonroot",
    output: dedent`
      FROM node:22 AS build
      ENV NODE_ENV=production
      WORKDIR /usr/src/app
      COPY package*.json ./
      RUN npm ci --omit=dev
      COPY . .
      EXPOSE 3000
      CMD ["node", "server.js"]

      FROM gcr.io/distroless/nodejs22-debian12:nonroot
      WORKDIR /usr/src/app
      ENV NODE_ENV=production
      COPY --from=build /usr/src/app /usr/src/app
      EXPOSE 3000
      USER 65532:65532
      CMD ["server.js"]
    `,
  },
  {
    name: 'node-dev',
    code: dedent`
      FROM node:20-bookworm
      WORKDIR /app
      COPY package.json package-lock.json ./
      RUN npm ci
      COPY . .
      RUN npm run build
      USER node
      EXPOSE 80
      HEALTHCHECK --interval=30s CMD curl -fsS http://localhost/health || exit 1
      CMD npm start
    `,
    title: "Split into build and runtime stages on gcr.io/distroless/nodejs20-debian12:nonroot (port 80 needs root, listen on 8080; HEALTHCHECK uses curl and needs a shell; npm start needs npm: review)",
    output: dedent`
      FROM node:20-bookworm AS build
      WORKDIR /app
      COPY package.json package-lock.json ./
      RUN npm ci
      COPY . .
      RUN npm run build
      RUN npm prune --omit=dev
      USER node
      EXPOSE 80
      HEALTHCHECK --interval=30s CMD curl -fsS http://localhost/health || exit 1
      CMD npm start

      FROM gcr.io/distroless/nodejs20-debian12:nonroot
      WORKDIR /app
      COPY --from=build /app /app
      EXPOSE 80
      # TODO(hardline): HEALTHCHECK uses curl and needs a shell, which gcr.io/distroless/nodejs20-debian12:nonroot does not have: check health from the orchestrator (Kubernetes probes) or with a small check built into the program
      HEALTHCHECK --interval=30s CMD curl -fsS http://localhost/health || exit 1
      USER 65532:65532
      # TODO(hardline): \`npm start\` needs npm, which gcr.io/distroless/nodejs20-debian12:nonroot does not have: start the program with node directly
      CMD npm start
    `,
  },
  {
    name: 'node-packages',
    code: dedent`
      FROM node:22-bookworm
      RUN apt-get update && apt-get install -y --no-install-recommends ghostscript python3 g++ make \\
       && rm -rf /var/lib/apt/lists/*
      WORKDIR /app
      COPY package.json package-lock.json ./
      RUN npm ci --omit=dev
      COPY . .
      CMD ["node", "index.js"]
    `,
    title: "Split into build and runtime stages on gcr.io/distroless/nodejs22-debian12:nonroot (ghostscript is not in the runtime: review)",
    output: dedent`
      FROM node:22-bookworm AS build
      RUN apt-get update && apt-get install -y --no-install-recommends ghostscript python3 g++ make \\
       && rm -rf /var/lib/apt/lists/*
      WORKDIR /app
      COPY package.json package-lock.json ./
      RUN npm ci --omit=dev
      COPY . .
      CMD ["node", "index.js"]

      FROM gcr.io/distroless/nodejs22-debian12:nonroot
      WORKDIR /app
      # TODO(hardline): the build stage installed ghostscript; gcr.io/distroless/nodejs22-debian12:nonroot has no package manager: copy the files the program needs from the build stage, or choose an image that has them
      COPY --from=build /app /app
      USER 65532:65532
      CMD ["index.js"]
    `,
  },
  {
    name: 'py-venv',
    code: dedent`
      FROM python:3.11-slim-bookworm
      WORKDIR /app
      RUN python -m venv /opt/venv
      ENV PATH="/opt/venv/bin:$PATH" PYTHONUNBUFFERED=1
      COPY requirements.txt .
      RUN pip install --no-cache-dir -r requirements.txt
      COPY . .
      CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
    `,
    title: "Split into build and runtime stages on gcr.io/distroless/python3-debian12:nonroot",
    output: dedent`
      FROM python:3.11-slim-bookworm AS build
      WORKDIR /app
      RUN python -m venv /opt/venv
      ENV PATH="/opt/venv/bin:$PATH" PYTHONUNBUFFERED=1
      COPY requirements.txt .
      RUN pip install --no-cache-dir -r requirements.txt
      COPY . .
      CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]

      FROM gcr.io/distroless/python3-debian12:nonroot
      WORKDIR /app
      ENV PATH="/opt/venv/bin:$PATH" PYTHONUNBUFFERED=1
      ENV PYTHONPATH=/opt/venv/lib/python3.11/site-packages
      COPY --from=build /opt/venv /opt/venv
      COPY --from=build /app /app
      USER 65532:65532
      CMD ["-m", "gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
    `,
  },
  {
    name: 'py-system',
    code: dedent`
      FROM python:3.12-bookworm
      ARG APP_VERSION=1.0
      WORKDIR /srv
      RUN apt-get update \\
       && apt-get install -y --no-install-recommends build-essential libpq-dev libpq5 \\
       && rm -rf /var/lib/apt/lists/*
      COPY requirements.txt .
      RUN pip install -r requirements.txt
      COPY . .
      LABEL org.opencontainers.image.version=$APP_VERSION
      VOLUME /srv/uploads
      RUN mkdir -p /srv/uploads && chmod 775 /srv/uploads
      CMD ["python", "-m", "app"]
    `,
    title: "Split into build and runtime stages on python:3.12-slim-bookworm",
    output: dedent`
      FROM python:3.12-bookworm AS build
      ARG APP_VERSION=1.0
      WORKDIR /srv
      RUN apt-get update \\
       && apt-get install -y --no-install-recommends build-essential libpq-dev libpq5 \\
       && rm -rf /var/lib/apt/lists/*
      COPY requirements.txt .
      RUN pip install -r requirements.txt
      COPY . .
      LABEL org.opencontainers.image.version=$APP_VERSION
      VOLUME /srv/uploads
      RUN mkdir -p /srv/uploads && chmod 775 /srv/uploads
      CMD ["python", "-m", "app"]

      FROM python:3.12-slim-bookworm
      ARG APP_VERSION=1.0
      WORKDIR /srv
      RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
      COPY --from=build /usr/local/lib/python3.12/site-packages /usr/local/lib/python3.12/site-packages
      COPY --from=build /usr/local/bin /usr/local/bin
      COPY --from=build /srv /srv
      COPY --from=build --chown=65532:65532 /srv/uploads /srv/uploads
      LABEL org.opencontainers.image.version=$APP_VERSION
      VOLUME /srv/uploads
      USER 65532:65532
      CMD ["python", "-m", "app"]
    `,
  },
  {
    name: 'java-maven',
    code: dedent`
      FROM maven:3.9-eclipse-temurin-21 AS app
      WORKDIR /build
      COPY pom.xml .
      RUN mvn -B dependency:go-offline
      COPY src ./src
      RUN mvn -B package -DskipTests
      EXPOSE 8080
      ENTRYPOINT ["java", "-jar", "target/app.jar"]
    `,
    title: "Split into build and runtime stages on gcr.io/distroless/java21-debian12:nonroot",
    output: dedent`
      FROM maven:3.9-eclipse-temurin-21 AS app
      WORKDIR /build
      COPY pom.xml .
      RUN mvn -B dependency:go-offline
      COPY src ./src
      RUN mvn -B package -DskipTests
      EXPOSE 8080
      ENTRYPOINT ["java", "-jar", "target/app.jar"]

      FROM gcr.io/distroless/java21-debian12:nonroot
      WORKDIR /build
      COPY --from=app /build/target/app.jar /build/target/app.jar
      EXPOSE 8080
      USER 65532:65532
      ENTRYPOINT ["/usr/bin/java", "-jar", "target/app.jar"]
    `,
  },
  {
    name: 'java-unknown',
    code: dedent`
      FROM gradle:8.10-jdk17
      WORKDIR /home/gradle/project
      COPY . .
      RUN gradle bootJar --no-daemon
      CMD ["gradle", "bootRun"]
    `,
    title: "Split into build and runtime stages on gcr.io/distroless/java17-debian12:nonroot (build output not known; gradle is not in the runtime: review)",
    output: dedent`
      FROM gradle:8.10-jdk17 AS build
      WORKDIR /home/gradle/project
      COPY . .
      RUN gradle bootJar --no-daemon
      CMD ["gradle", "bootRun"]

      FROM gcr.io/distroless/java17-debian12:nonroot
      WORKDIR /home/gradle/project
      # TODO(hardline): copy your build output (no \`java -jar <file>\` names the jar)
      COPY --from=build /home/gradle/project/build/libs/*.jar /home/gradle/project/app.jar
      USER 65532:65532
      # TODO(hardline): gradle is not in gcr.io/distroless/java17-debian12:nonroot
      CMD ["gradle", "bootRun"]
    `,
  },
  {
    name: 'rust',
    code: dedent`
      FROM rust:1.81
      WORKDIR /usr/src/app
      COPY . .
      RUN cargo build --release --locked
      CMD ["./target/release/hello"]
    `,
    title: "Split into build and runtime stages on gcr.io/distroless/cc-debian12:nonroot",
    output: dedent`
      FROM rust:1.81 AS build
      WORKDIR /usr/src/app
      COPY . .
      RUN cargo build --release --locked
      CMD ["./target/release/hello"]

      FROM gcr.io/distroless/cc-debian12:nonroot
      WORKDIR /usr/src/app
      COPY --from=build /usr/src/app/target/release/hello /usr/src/app/target/release/hello
      USER 65532:65532
      CMD ["./target/release/hello"]
    `,
  },
  {
    name: 'dotnet',
    code: dedent`
      FROM mcr.microsoft.com/dotnet/sdk:8.0
      WORKDIR /source
      COPY . .
      RUN dotnet publish -c Release -o /app
      WORKDIR /app
      ENTRYPOINT ["dotnet", "MyApi.dll"]
    `,
    title: "Split into build and runtime stages on mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled",
    output: dedent`
      FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
      WORKDIR /source
      COPY . .
      RUN dotnet publish -c Release -o /app
      WORKDIR /app
      ENTRYPOINT ["dotnet", "MyApi.dll"]

      FROM mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled
      WORKDIR /app
      COPY --from=build /app /app
      ENTRYPOINT ["dotnet", "MyApi.dll"]
    `,
  },
  {
    name: 'nginx',
    code: dedent`
      FROM nginx:1.27
      RUN rm /etc/nginx/conf.d/default.conf
      COPY site.conf /etc/nginx/conf.d/
      COPY public /usr/share/nginx/html
      EXPOSE 80
    `,
    title: "Split into build and runtime stages on nginxinc/nginx-unprivileged:1.27-alpine (build output not known; port 80 needs root, listen on 8080: review)",
    output: dedent`
      FROM nginx:1.27 AS build
      RUN rm /etc/nginx/conf.d/default.conf
      COPY site.conf /etc/nginx/conf.d/
      COPY public /usr/share/nginx/html
      EXPOSE 80

      FROM nginxinc/nginx-unprivileged:1.27-alpine
      COPY --from=build /etc/nginx/conf.d /etc/nginx/conf.d
      COPY --from=build /usr/share/nginx/html /usr/share/nginx/html
      # TODO(hardline): copy your build output (RUN steps change files under /etc/nginx: make the same changes here)
      EXPOSE 80
    `,
  },
  {
    name: 'unknown',
    code: dedent`
      FROM ubuntu:24.04
      RUN apt-get update && apt-get install -y --no-install-recommends make gcc libssl3 ca-certificates \\
          && rm -rf /var/lib/apt/lists/*
      COPY . /src
      RUN make -C /src install
      ENTRYPOINT ["/usr/local/bin/tool"]
    `,
    title: "Split into build and runtime stages on gcr.io/distroless/base-debian12:nonroot (build output not known; tool is not in the runtime: review)",
    output: dedent`
      FROM ubuntu:24.04 AS build
      RUN apt-get update && apt-get install -y --no-install-recommends make gcc libssl3 ca-certificates \\
          && rm -rf /var/lib/apt/lists/*
      COPY . /src
      RUN make -C /src install
      ENTRYPOINT ["/usr/local/bin/tool"]

      FROM gcr.io/distroless/base-debian12:nonroot
      # TODO(hardline): copy your build output (the build output of this stage is not known)
      COPY --from=build /app /app
      USER 65532:65532
      # TODO(hardline): tool is not in gcr.io/distroless/base-debian12:nonroot
      ENTRYPOINT ["/usr/local/bin/tool"]
    `,
  },
  {
    name: 'script-entry',
    code: dedent`
      FROM python:3.11
      WORKDIR /app
      COPY . .
      RUN pip install --target /app/deps -r requirements.txt
      ENV PYTHONPATH=/app/deps
      ENTRYPOINT ["./entrypoint.sh"]
    `,
    title: "Split into build and runtime stages on python:3.11-slim",
    output: dedent`
      FROM python:3.11 AS build
      WORKDIR /app
      COPY . .
      RUN pip install --target /app/deps -r requirements.txt
      ENV PYTHONPATH=/app/deps
      ENTRYPOINT ["./entrypoint.sh"]

      FROM python:3.11-slim
      WORKDIR /app
      ENV PYTHONPATH=/app/deps
      COPY --from=build /app/deps /app/deps
      COPY --from=build /app /app
      USER 65532:65532
      ENTRYPOINT ["./entrypoint.sh"]
    `,
  },
  {
    name: 'no line ending at the end of the file; Rust for musl is static',
    code: 'FROM rust:1.81-alpine\nWORKDIR /build\nCOPY . .\nRUN cargo install --path . --root /opt/app\nENTRYPOINT ["/opt/app/bin/hello"]',
    title: 'Split into build and runtime stages on gcr.io/distroless/static-debian12:nonroot',
    output: dedent`
      FROM rust:1.81-alpine AS build
      WORKDIR /build
      COPY . .
      RUN cargo install --path . --root /opt/app
      ENTRYPOINT ["/opt/app/bin/hello"]

      FROM gcr.io/distroless/static-debian12:nonroot
      WORKDIR /build
      COPY --from=build /opt/app/bin/hello /opt/app/bin/hello
      USER 65532:65532
      ENTRYPOINT ["/opt/app/bin/hello"]
    `,
  },
];

describe('split into build and runtime stages', () => {
  for (const c of cases) {
    for (const v of variantsFor(c.code)) {
      it(`${c.name} [${v.label}]`, () => {
        const code = v.code(c.code);
        const model = parse(code);
        const result = splitStage(model, model.stages[model.stages.length - 1]);
        expect(result).not.toBeNull();
        const r = result!;
        expect(r.title).toBe(c.title);
        // One WorkspaceEdit of insertions: nothing of the original is replaced.
        for (const e of r.edits) expect(e.range.start).toEqual(e.range.end);
        const output = apply(code, r.edits);
        expect(output).toBe(v.code(c.output));
        expectCleanParse(output);
        const fromLine = model.stages[0].from.getRange().start.line;
        expectKeepsLines(code, output, [fromLine]);
        const originalFrom = code.split(/\r?\n/)[fromLine];
        const newFrom = output.split(/\r?\n/)[fromLine];
        expect(newFrom === originalFrom || newFrom === `${originalFrom} AS build`).toBe(true);
        const after = findingIds(output);
        for (const id of FIXED) expect(after, `${id} after the split`).not.toContain(id);
        // The TODO marker is there exactly when the result says so, and it is what gets selected.
        expect(r.todo).toBe(/# TODO\(hardline\)/.test(output) && !/# TODO\(hardline\)/.test(code));
        if (r.todo) {
          expect(r.selection).toBeDefined();
          expect(textAt(output, r.selection!)).toMatch(/^# TODO\(hardline\): /);
        } else {
          expect(r.selection).toBeUndefined();
        }
        expect(r.runtimeImage).toBe(/^FROM (\S+)/m.exec(output.slice(output.lastIndexOf('\nFROM ') + 1))![1]);
      });
    }
  }
});

describe('when the split is not offered', () => {
  const final = (code: string) => {
    const model = parse(code);
    return splitStage(model, model.stages[model.stages.length - 1]);
  };

  it('a file that ends inside a line continuation, a here-document or uses lone CR line endings', () => {
    // Text appended there would join the last instruction (or, with lone CRs, Docker sees one line).
    expect(final('FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci \\\n')).toBeNull();
    expect(final('FROM node:22\nCOPY . /app\nRUN <<EOF\nnpm ci\n')).toBeNull();
    expect(final('FROM node:22\rCOPY . /app\rRUN npm ci\r')).toBeNull();
    // A terminated here-document is fine.
    expect(final('FROM node:22\nWORKDIR /app\nCOPY . .\nRUN <<EOF\nnpm ci --omit=dev\nEOF\nCMD ["node", "a.js"]\n')).not.toBeNull();
  });

  it('a stage other than the final one, FROM scratch, or a FROM with nothing after it', () => {
    const multi = parse('FROM node:22 AS deps\nRUN npm ci\nFROM gcr.io/distroless/nodejs22-debian12:nonroot\nCOPY --from=deps /app /app\n');
    expect(splitStage(multi, multi.stages[0])).toBeNull();
    expect(final('FROM scratch\nCOPY app /app\n')).toBeNull();
    expect(final('FROM node:22\n')).toBeNull();
  });

  it('picks a free name when the stage has none and `build` is taken', () => {
    const code = 'FROM golang:1.23 AS build\nRUN go version\nFROM golang:1.23\nCOPY --from=build /x /x\nRUN CGO_ENABLED=0 go build -o /app .\nCMD ["/app"]\n';
    const r = final(code)!;
    expect(apply(code, r.edits)).toBe(
      code.replace('FROM golang:1.23\nCOPY', 'FROM golang:1.23 AS build-stage\nCOPY') +
        '\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build-stage /app /app\nUSER 65532:65532\nCMD ["/app"]\n',
    );
  });

  it('says what a chosen runtime image cannot run', () => {
    const code = 'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "server.js"]\n';
    const model = parse(code);
    const r = splitStage(model, model.stages[0], { runtimeImage: 'gcr.io/distroless/python3-debian12:nonroot' })!;
    expect(r.title).toBe(
      'Split into build and runtime stages on gcr.io/distroless/python3-debian12:nonroot (a node program on a python image; node is not in the runtime: review)',
    );
    expect(r.todo).toBe(true);
  });
});
