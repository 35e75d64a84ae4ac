import rule from '../../../server/src/languages/dockerfile/rules/curl-pipe-shell';
import { dedent, ruleTester } from '../../support/ruleTester';

ruleTester(rule, {
  valid: [
    {
      name: 'download, verify the checksum, then run',
      code: dedent`
        FROM debian:12
        RUN curl -fsSLo /tmp/install.sh https://example.com/install-1.2.3.sh \\
         && echo "9f2c4a1e6b3d8f0a7c5e2b1d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a  /tmp/install.sh" | sha256sum -c - \\
         && sh /tmp/install.sh
      `,
    },
    {
      name: 'piped into an interpreter that runs given code, stdin is data',
      code: dedent`
        FROM python:3.12-slim
        RUN curl -fsSL https://api.github.com/repos/org/tool/releases/latest | python3 -c 'import json,sys; print(json.load(sys.stdin)["tag_name"])' > /version
      `,
    },
    {
      name: 'piped into tar, gpg and jq',
      code: dedent`
        FROM debian:12
        RUN curl -fsSL https://go.dev/dl/go1.23.0.linux-amd64.tar.gz | tar -xz -C /usr/local \\
         && curl -fsSL https://download.docker.com/linux/debian/gpg | gpg --dearmor -o /usr/share/keyrings/docker.gpg \\
         && wget -qO- https://example.com/meta.json | jq -r .version
      `,
    },
    { name: 'a pipeline inside a quoted string', code: 'FROM alpine:3.20\nRUN echo "curl -fsSL https://get.example.sh | sh" >> /README\n' },
    {
      name: 'a substitution that is only part of the script',
      code: 'FROM alpine:3.20\nRUN sh -c "echo version $(curl -fsSL https://example.com/VERSION)"\n',
    },
    {
      name: 'cache mount flags before a plain download',
      code: 'FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt curl -fsSLo /tmp/x.deb https://example.com/x.deb && dpkg -i /tmp/x.deb\n',
    },
    { name: 'a script file as the interpreter argument reads stdin as data', code: 'FROM debian:12\nRUN curl -fsSL https://example.com/list.txt | bash /opt/import.sh\n' },
  ],
  invalid: [
    {
      name: 'the NodeSource installer',
      code: 'FROM debian:12\nRUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash - && apt-get install -y nodejs\n',
      errors: [
        {
          messageId: 'pipeToShell',
          range: [1, 4, 1, 59],
          message:
            '`curl … | bash` runs whatever the server sends, unverified, as the build user. Download to a file, check its SHA-256 checksum or signature, then run it (or install the tool with a package manager).',
        },
      ],
      output: null,
    },
    {
      name: 'wget -qO- into sudo sh -s, in a build stage',
      code: dedent`
        FROM debian:12 AS build
        RUN wget -qO- https://get.example.sh | sudo sh -s -- --version 1.2.3
        FROM gcr.io/distroless/static-debian12:nonroot
        COPY --from=build /usr/local/bin/tool /tool
      `,
      errors: [{ messageId: 'pipeToShell', range: [1, 4, 1, 46] }],
      output: null,
    },
    {
      name: 'pipe continued on the next line: only the curl word',
      code: dedent`
        FROM golang:1.23
        RUN curl -sSfL https://raw.githubusercontent.com/golangci/golangci-lint/master/install.sh | \\
          sh -s -- -b $(go env GOPATH)/bin v1.52.2
      `,
      errors: [{ messageId: 'pipeToShell', range: [1, 4, 1, 8] }],
      output: null,
    },
    {
      name: 'sh -c "$(curl …)"',
      code: 'FROM debian:12\nRUN sh -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"\n',
      errors: [
        {
          messageId: 'substitution',
          range: [1, 4, 1, 99],
          message:
            '`sh` runs a script fetched by curl without any verification. Download to a file, check its SHA-256 checksum or signature, then run it (or install the tool with a package manager).',
        },
      ],
      output: null,
    },
    {
      name: 'process substitution with bash and with the dot command',
      code: dedent`
        FROM debian:12
        RUN bash <(curl -s https://example.com/install.sh) \\
         && . <(wget -qO- https://example.com/env.sh)
      `,
      errors: [
        { messageId: 'substitution', range: [1, 4, 1, 15] },
        { messageId: 'substitution', range: [2, 4, 2, 12] },
      ],
      output: null,
    },
    {
      name: 'python installer, through tee, in a heredoc',
      code: dedent`
        FROM python:3.12-slim
        RUN <<EOF
        set -e
        curl -sSL https://install.python-poetry.org | tee /tmp/install.log | python3 -
        EOF
      `,
      errors: [{ messageId: 'pipeToShell', range: [3, 0, 3, 76] }],
      output: null,
    },
    {
      name: 'eval of a download and an exec-form sh -c script',
      code: dedent`
        FROM alpine:3.20
        RUN eval "$(wget -qO- https://example.com/env)"
        RUN ["sh", "-c", "curl -fsSL https://get.docker.com | sh"]
      `,
      errors: [
        { messageId: 'substitution', range: [1, 4, 1, 47] },
        { messageId: 'pipeToShell', range: [2, 18, 2, 56] },
      ],
      output: null,
    },
  ],
});
