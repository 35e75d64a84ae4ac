/**
 * "Convert to <image>": the exact resulting Dockerfile for a plain image swap
 * (slim, Alpine), an in-place conversion to a shell-less non-root image
 * (distroless, Chainguard) and a conversion that needs a build stage; every
 * result re-parses cleanly, keeps the lines it did not mean to change, and no
 * longer has the findings it fixes. Each case also runs with CRLF line
 * endings and with `# escape=\``.
 */
import { describe, expect, it } from 'vitest';
import { convertBaseImage } from '../../server/src/languages/dockerfile/refactor';
import { dedent } from '../support/ruleTester';
import { apply, expectCleanParse, expectKeepsLines, findingIds, parse, textAt, variantsFor } from './support';

interface ConvertCase {
  name: string;
  target: string;
  code: string;
  title: string;
  kind: 'swap' | 'convert' | 'split';
  /** Lines of the original the conversion rewrites (0-based); every other line is kept. */
  changed: number[];
  /** Rules that must not report on the result. */
  fixes: string[];
  output: string;
}

const cases: ConvertCase[] = [
  {
    name: 'c-slim',
    target: 'node:22-slim',
    code: dedent`
      FROM node:22
      WORKDIR /app
      COPY . .
      RUN npm ci --omit=dev
      CMD ["node", "server.js"]
    `,
    title: "Use node:22-slim",
    kind: 'swap',
    changed: [0],
    fixes: ['dockerfile/minimal-base'],
    output: dedent`
      FROM node:22-slim
      WORKDIR /app
      COPY . .
      RUN npm ci --omit=dev
      CMD ["node", "server.js"]
    `,
  },
  {
    name: 'c-alpine',
    target: 'python:3.12-alpine',
    code: dedent`
      FROM python:3.12
      RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
      COPY . /app
      CMD ["python", "/app/main.py"]
    `,
    title: "Use python:3.12-alpine (apt-get steps need apk; musl libc, so native code built for glibc does not run: review)",
    kind: 'swap',
    changed: [0],
    fixes: ['dockerfile/minimal-base'],
    output: dedent`
      FROM python:3.12-alpine
      RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
      COPY . /app
      CMD ["python", "/app/main.py"]
    `,
  },
  {
    name: 'c-node',
    target: 'gcr.io/distroless/nodejs20-debian12:nonroot',
    code: dedent`
      FROM node:20
      WORKDIR /app
      COPY --chown=node:node . .
      USER node
      EXPOSE 3000
      HEALTHCHECK --interval=30s CMD ["node", "healthcheck.js"]
      CMD node server.js
    `,
    title: "Convert to gcr.io/distroless/nodejs20-debian12:nonroot",
    kind: 'convert',
    changed: [0, 2, 3, 5, 6],
    fixes: ['dockerfile/minimal-base', 'dockerfile/no-root-user', 'dockerfile/exec-form-cmd'],
    output: dedent`
      FROM gcr.io/distroless/nodejs20-debian12:nonroot
      WORKDIR /app
      COPY --chown=65532:65532 . .
      USER 65532:65532
      EXPOSE 3000
      HEALTHCHECK --interval=30s CMD ["/nodejs/bin/node", "healthcheck.js"]
      CMD ["server.js"]
    `,
  },
  {
    name: 'c-script',
    target: 'gcr.io/distroless/python3-debian12:nonroot',
    code: dedent`
      FROM python:3.11
      WORKDIR /app
      COPY . .
      ENTRYPOINT ["/app/entrypoint.sh"]
    `,
    title: "Convert to gcr.io/distroless/python3-debian12:nonroot (entrypoint.sh needs a shell: review)",
    kind: 'convert',
    changed: [0],
    fixes: ['dockerfile/minimal-base', 'dockerfile/no-root-user'],
    output: dedent`
      FROM gcr.io/distroless/python3-debian12:nonroot
      WORKDIR /app
      COPY . .
      # TODO(hardline): entrypoint.sh needs a shell, which gcr.io/distroless/python3-debian12:nonroot does not have
      ENTRYPOINT ["/app/entrypoint.sh"]
    `,
  },
  {
    name: 'c-go',
    target: 'gcr.io/distroless/static-debian12',
    code: dedent`
      FROM golang:1.23
      COPY bin/server /usr/local/bin/server
      VOLUME /data
      COPY seed/ /data/
      EXPOSE 443
      HEALTHCHECK CMD curl -f https://localhost/healthz
      ENTRYPOINT ["server"]
    `,
    title: "Convert to gcr.io/distroless/static-debian12 (HEALTHCHECK uses curl; port 443 needs root, listen on 8443: review)",
    kind: 'convert',
    changed: [0, 3],
    fixes: ['dockerfile/minimal-base', 'dockerfile/no-root-user', 'dockerfile/exec-form-cmd'],
    output: dedent`
      FROM gcr.io/distroless/static-debian12
      COPY bin/server /usr/local/bin/server
      VOLUME /data
      COPY --chown=65532:65532 seed/ /data/
      EXPOSE 443
      # TODO(hardline): HEALTHCHECK uses curl, which gcr.io/distroless/static-debian12 does not have: check health from the orchestrator (Kubernetes probes) or with a small check built into the program
      HEALTHCHECK CMD curl -f https://localhost/healthz
      USER 65532:65532
      ENTRYPOINT ["server"]
    `,
  },
  {
    name: 'c-chainguard',
    target: 'cgr.dev/chainguard/python:latest',
    code: dedent`
      FROM python:3.12-bookworm
      WORKDIR /srv
      COPY app.py .
      CMD python -u app.py
    `,
    title: "Convert to cgr.dev/chainguard/python:latest",
    kind: 'convert',
    changed: [0, 3],
    fixes: ['dockerfile/minimal-base', 'dockerfile/no-root-user', 'dockerfile/exec-form-cmd'],
    output: dedent`
      FROM cgr.dev/chainguard/python:latest
      WORKDIR /srv
      COPY app.py .
      ENTRYPOINT ["python"]
      CMD ["-u", "app.py"]
    `,
  },
  {
    name: 'c-slim',
    target: 'gcr.io/distroless/nodejs22-debian12:nonroot',
    code: dedent`
      FROM node:22
      WORKDIR /app
      COPY . .
      RUN npm ci --omit=dev
      CMD ["node", "server.js"]
    `,
    title: "Convert to gcr.io/distroless/nodejs22-debian12:nonroot, moving RUN steps to a build stage",
    kind: 'split',
    changed: [0],
    fixes: ['dockerfile/minimal-base', 'dockerfile/no-root-user', 'dockerfile/build-tools-in-runtime'],
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
    name: 'c-chainguard',
    target: 'gcr.io/distroless/python3-debian12:nonroot',
    code: dedent`
      FROM python:3.12-bookworm
      WORKDIR /srv
      COPY app.py .
      CMD python -u app.py
    `,
    title: "Convert to gcr.io/distroless/python3-debian12:nonroot (python 3.12 build, python 3.11 runtime: review)",
    kind: 'convert',
    changed: [0, 3],
    fixes: ['dockerfile/minimal-base', 'dockerfile/no-root-user', 'dockerfile/exec-form-cmd'],
    output: dedent`
      FROM gcr.io/distroless/python3-debian12:nonroot
      WORKDIR /srv
      COPY app.py .
      CMD ["-u", "app.py"]
    `,
  },
  {
    name: 'c-slim',
    target: 'gcr.io/distroless/python3-debian12:nonroot',
    code: dedent`
      FROM node:22
      WORKDIR /app
      COPY . .
      RUN npm ci --omit=dev
      CMD ["node", "server.js"]
    `,
    title: "Convert to gcr.io/distroless/python3-debian12:nonroot, moving RUN steps to a build stage (a node program on a python image; node is not in the runtime: review)",
    kind: 'split',
    changed: [0],
    fixes: ['dockerfile/minimal-base', 'dockerfile/no-root-user'],
    output: dedent`
      FROM node:22 AS build
      WORKDIR /app
      COPY . .
      RUN npm ci --omit=dev
      CMD ["node", "server.js"]

      FROM gcr.io/distroless/python3-debian12:nonroot
      WORKDIR /app
      COPY --from=build /app /app
      USER 65532:65532
      # TODO(hardline): node is not in gcr.io/distroless/python3-debian12:nonroot
      CMD ["node", "server.js"]
    `,
  },
  {
    name: 'c-dotnet',
    target: 'mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled',
    code: dedent`
      FROM mcr.microsoft.com/dotnet/aspnet:8.0
      WORKDIR /app
      COPY --chown=app:app publish/ .
      EXPOSE 8080
      ENTRYPOINT ["dotnet", "Api.dll"]
    `,
    title: "Convert to mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled",
    kind: 'convert',
    changed: [0, 2],
    fixes: ['dockerfile/minimal-base', 'dockerfile/no-root-user'],
    output: dedent`
      FROM mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled
      WORKDIR /app
      COPY --chown=1654:1654 publish/ .
      EXPOSE 8080
      ENTRYPOINT ["dotnet", "Api.dll"]
    `,
  },
  {
    name: 'c-java',
    target: 'gcr.io/distroless/java21-debian12:nonroot',
    code: dedent`
      FROM eclipse-temurin:21-jre
      WORKDIR /opt/app
      COPY target/service.jar service.jar
      CMD java -XX:MaxRAMPercentage=75 -jar service.jar
    `,
    title: "Convert to gcr.io/distroless/java21-debian12:nonroot",
    kind: 'convert',
    changed: [0, 3],
    fixes: ['dockerfile/minimal-base', 'dockerfile/no-root-user', 'dockerfile/exec-form-cmd'],
    output: dedent`
      FROM gcr.io/distroless/java21-debian12:nonroot
      WORKDIR /opt/app
      COPY target/service.jar service.jar
      ENTRYPOINT ["/usr/bin/java", "-XX:MaxRAMPercentage=75", "-jar", "service.jar"]
    `,
  },
];

describe('convert to a hardened base image', () => {
  for (const c of cases) {
    for (const v of variantsFor(c.code)) {
      it(`${c.name} → ${c.target} [${v.label}]`, () => {
        const code = v.code(c.code);
        const model = parse(code);
        const result = convertBaseImage(model, model.stages[model.stages.length - 1], c.target);
        expect(result).not.toBeNull();
        const r = result!;
        expect(r.title).toBe(c.title);
        expect(r.kind).toBe(c.kind);
        expect(r.runtimeImage).toBe(c.target);
        const output = apply(code, r.edits);
        expect(output).toBe(v.code(c.output));
        expectCleanParse(output);
        expectKeepsLines(code, output, c.changed.map(v.line));
        const after = findingIds(output);
        for (const id of c.fixes) expect(after, `${id} after the conversion`).not.toContain(id);
        expect(r.todo).toBe(/# TODO\(hardline\)/.test(output));
        if (r.todo) expect(textAt(output, r.selection!)).toMatch(/^# TODO\(hardline\): /);
        // Every caveat is in the title, so the user reads it before applying.
        for (const caveat of r.caveats) expect(r.title).toContain(caveat);
      });
    }
  }

  it('is null when there is nothing to do or no way to do it', () => {
    const same = parse('FROM node:22-slim\nCMD ["node", "a.js"]\n');
    expect(convertBaseImage(same, same.stages[0], 'node:22-slim')).toBeNull();
    const bad = parse('FROM node:22\nCMD ["node", "a.js"]\n');
    expect(convertBaseImage(bad, bad.stages[0], 'not an image!')).toBeNull();
    // A stage other than the final one, with RUN steps, would need a build stage of its own.
    const multi = parse('FROM node:22 AS deps\nRUN npm ci\nFROM gcr.io/distroless/nodejs22-debian12:nonroot\nCOPY --from=deps /app /app\n');
    expect(convertBaseImage(multi, multi.stages[0], 'gcr.io/distroless/nodejs22-debian12:nonroot')).toBeNull();
  });

  it('says that stages built FROM the converted one change too', () => {
    const model = parse('FROM node:22 AS base\nRUN npm ci\nFROM base\nCMD ["node", "a.js"]\n');
    const r = convertBaseImage(model, model.stages[0], 'node:22-slim')!;
    expect(r.kind).toBe('swap');
    expect(r.title).toBe('Use node:22-slim (the stage built FROM base changes too: review)');
    expect(apply(model.text, r.edits)).toBe('FROM node:22-slim AS base\nRUN npm ci\nFROM base\nCMD ["node", "a.js"]\n');
  });

  it('gives names the target image does not have a UID it has, and keeps numeric ones', () => {
    const code = 'FROM node:22\nCOPY --chown=1000:1000 a /a\nCOPY --chown=app b /b\nUSER app:app\nCMD ["node", "/a/x.js"]\n';
    const model = parse(code);
    const r = convertBaseImage(model, model.stages[0], 'cgr.dev/chainguard/node:latest')!;
    expect(apply(code, r.edits)).toBe(
      'FROM cgr.dev/chainguard/node:latest\nCOPY --chown=1000:1000 a /a\nCOPY --chown=65532:65532 b /b\nUSER 65532:65532\nENTRYPOINT ["node"]\nCMD ["/a/x.js"]\n',
    );
  });
});
