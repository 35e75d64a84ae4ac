/**
 * The refactorings never throw and never make a Dockerfile worse to parse,
 * whatever the input: random Dockerfiles from a pool of ordinary and odd
 * instructions (no argument, variables, heredocs, continuations, broken JSON,
 * CRLF, `# escape=\``), split, converted to every kind of image, and given a USER.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addUser, convertBaseImage, splitStage } from '../../server/src/languages/dockerfile/refactor';
import { runRules } from '../../server/src/engine/run';
import { dockerfileLanguage } from '../../server/src/languages/dockerfile/language';
import { sortedDockerfileRules } from '../../server/src/languages/dockerfile/service';
import { apply, parse } from './support';

const FROMS = [
  'node:22', 'node:20-alpine', 'python:3.12', 'python:3.11-slim', 'python:3.13-alpine', 'golang:1.23', 'golang:1.22-alpine',
  'rust:1.81', 'maven:3.9-eclipse-temurin-21', 'mcr.microsoft.com/dotnet/sdk:8.0', 'nginx:1.27', 'ubuntu:24.04', 'alpine:3.20',
  'debian', 'scratch', 'gcr.io/distroless/static-debian12:nonroot', '${BASE}', 'registry.example.com/x/y:1', 'ruby:3.3',
];

const LINES = [
  'WORKDIR /app', 'WORKDIR src', 'WORKDIR $HOME', 'WORKDIR', 'COPY . .', 'COPY --chown=node:node . /app', 'COPY --chown . .',
  'COPY --from=builder /out /out', 'ADD https://example.com/a.tgz /tmp/', 'COPY ["a b", "/c/"]', 'COPY <<EOF /etc/x\nhello\nEOF',
  'RUN npm ci', 'RUN npm ci --omit=dev', 'RUN npm run build', 'RUN pip install -r requirements.txt', 'RUN python -m venv /venv',
  'RUN /venv/bin/pip install flask', 'RUN pip install --target /deps x', 'RUN CGO_ENABLED=0 go build -o /bin/app .', 'RUN go build ./...',
  'RUN go install ./cmd/...', 'RUN cargo build --release', 'RUN mvn -B package', 'RUN ./gradlew bootJar', 'RUN dotnet publish -o /out',
  'RUN apt-get update && apt-get install -y gcc libpq-dev libpq5 curl', 'RUN apk add --no-cache build-base ca-certificates',
  'RUN cd /src && make && make install', 'RUN mkdir -p /data && chown -R app /data', 'RUN chmod 777 /tmp/x', 'RUN <<EOF\nset -e\nnpm ci\nEOF',
  'RUN echo a \\\n  && echo b', 'RUN', 'RUN ["npm", "ci"]', 'RUN bundle install', 'ENV A=1 B="two words"', 'ENV PATH=/venv/bin:$PATH',
  'ENV NODE_ENV production', 'ENV', 'ARG V=1', 'ARG X', 'LABEL a=b', 'EXPOSE 80', 'EXPOSE 8080/tcp 443', 'EXPOSE $PORT', 'VOLUME /data',
  'VOLUME ["/a", "/b"]', 'USER node', 'USER 1000:1000', 'USER root', 'USER', 'USER ${UID}', 'STOPSIGNAL SIGTERM', 'SHELL ["/bin/bash", "-c"]',
  'HEALTHCHECK CMD curl -f http://localhost/ || exit 1', 'HEALTHCHECK --interval=5s CMD ["node", "hc.js"]', 'HEALTHCHECK NONE', 'HEALTHCHECK',
  'CMD node server.js', 'CMD ["node", "server.js"]', 'CMD ["python", "-m", "app"]', 'CMD gunicorn app:app', 'CMD ["/bin/app"]',
  'CMD npm start', 'CMD [node, server.js]', 'CMD', 'CMD []', 'CMD echo $HOME && sleep 1', 'ENTRYPOINT ["./entrypoint.sh"]',
  'ENTRYPOINT ["java", "-Xmx1g", "-jar", "target/app.jar"]', 'ENTRYPOINT exec /bin/app', 'ENTRYPOINT ["dotnet", "App.dll"]',
  'ONBUILD RUN echo', '# a comment', '', 'MAINTAINER someone', 'ENV A=1 \\\n# hardline-ignore x\n  B=2', 'CMD cat <<EOF > /x\nhello\nEOF',
  'RUN apt-get install -y \\', 'LABEL a=b \\\n# note\n  c=d',
];

const TARGETS = [
  'gcr.io/distroless/nodejs22-debian12:nonroot', 'gcr.io/distroless/python3-debian12:nonroot', 'gcr.io/distroless/static-debian12',
  'gcr.io/distroless/java21-debian12:nonroot', 'cgr.dev/chainguard/node:latest', 'dhi.io/python:3.12', 'node:22-slim', 'python:3.12-alpine',
  'scratch', 'mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled', 'registry.example.com/unknown:1', 'not an image',
];

const dockerfile = fc
  .record({
    stages: fc.array(fc.record({ from: fc.constantFrom(...FROMS), named: fc.boolean(), lines: fc.array(fc.constantFrom(...LINES), { maxLength: 12 }) }), {
      minLength: 1,
      maxLength: 2,
    }),
    crlf: fc.boolean(),
    backtick: fc.boolean(),
    trailingNewline: fc.boolean(),
  })
  .map(({ stages, crlf, backtick, trailingNewline }) => {
    let text = stages.map((s, k) => [`FROM ${s.from}${s.named ? ` AS s${k}` : ''}`, ...s.lines].join('\n')).join('\n');
    if (backtick) text = '# escape=`\n' + text.replace(/\\\n/g, '`\n');
    if (trailingNewline) text += '\n';
    return crlf ? text.replace(/\n/g, '\r\n') : text;
  });

/** Parse problems and the problems of the check itself (suppression comments). */
function problemCount(text: string): number {
  return runRules(dockerfileLanguage, dockerfileLanguage.parse(text), sortedDockerfileRules, {}, {}).problems.length;
}

describe('refactorings on arbitrary Dockerfiles', () => {
  it('never throw, apply cleanly and add no parse problem', () => {
    fc.assert(
      fc.property(dockerfile, fc.constantFrom(...TARGETS), (text, target) => {
        const model = parse(text);
        const before = problemCount(text);
        const final = model.stages[model.stages.length - 1];
        if (!final) return;
        const results = [
          splitStage(model, final),
          ...model.stages.map((s) => convertBaseImage(model, s, target)),
          addUser(model, final),
        ];
        for (const r of results) {
          if (!r) continue;
          const out = apply(text, r.edits);
          expect(problemCount(out), `${text}\n---\n${out}`).toBeLessThanOrEqual(before);
          // The file keeps one kind of line ending.
          if (/\r\n/.test(text)) expect(out.replace(/\r\n/g, '')).not.toMatch(/\n/);
        }
      }),
      { numRuns: 300, seed: 4242 },
    );
  }, 60_000);
});
