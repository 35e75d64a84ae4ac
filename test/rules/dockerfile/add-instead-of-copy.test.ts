import rule from '../../../server/src/languages/dockerfile/rules/add-instead-of-copy';
import { dedent, ruleTester } from '../../support/ruleTester';

const SHA = '9d5a0e2c6b4f1e3d8a7c5b2f0e1d3c4b5a6f7e8d';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nADD app.tar.gz /\n',
    'FROM alpine:3.13\nUSER mike\nADD "/target/resources.tar.gz" "resources"\n',
    'FROM eclipse-temurin:21-jre\nADD jdk-21_linux-x64_bin.tgz rootfs.tar.xz /opt/\n',
    { name: 'mixed archive and file: ADD still unpacks the archive', code: 'FROM alpine:3.20\nADD vendor.tar.zst notes.txt /opt/\n' },
    'FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /tmp/\n',
    `FROM alpine:3.20\nADD https://github.com/moby/buildkit.git#${SHA} /src\n`,
    { name: 'ADD of a here-document is a COPY already', code: 'FROM alpine:3.20\nADD <<EOF /etc/motd\nWelcome\nEOF\n' },
    { name: 'COPY is fine', code: 'FROM alpine:3.20\nCOPY --chown=1000:1000 . /app\n' },
    { name: 'unresolved build argument: may be a URL or an archive', code: 'FROM alpine:3.20\nARG SRC\nADD ${SRC} /opt/\n' },
    { name: 'ADD in a comment', code: 'FROM alpine:3.20\n# ADD app.jar /app.jar\nCOPY app.jar /app.jar\n' },
  ],
  invalid: [
    {
      name: 'Trivy DS005 example: the jar, not the tarball',
      code: 'FROM alpine:3.13\nUSER mike\nADD "/target/resources.tar.gz" "resources.jar"\nADD "/target/app.jar" "app.jar"\n',
      errors: [
        {
          messageId: 'useCopy',
          range: [3, 0, 3, 3],
          message:
            'ADD of local files: use COPY, which only copies. ADD also fetches URLs and unpacks archives, so a reader has to check which one happens here.',
        },
      ],
      output: 'FROM alpine:3.13\nUSER mike\nADD "/target/resources.tar.gz" "resources.jar"\nCOPY "/target/app.jar" "app.jar"\n',
    },
    {
      name: 'lower-case keyword stays lower-case',
      code: 'from alpine:3.20\nadd requirements.txt /app/\n',
      errors: [{ messageId: 'useCopy', range: [1, 0, 1, 3] }],
      output: 'from alpine:3.20\ncopy requirements.txt /app/\n',
    },
    {
      name: 'mixed-case keyword',
      code: 'FROM alpine:3.20\nAdd config.yaml /etc/app/\n',
      errors: [{ messageId: 'useCopy', range: [1, 0, 1, 3] }],
      output: 'FROM alpine:3.20\nCopy config.yaml /etc/app/\n',
    },
    {
      name: 'flags shared with COPY are kept; continuation lines and a comment',
      code: dedent`
        FROM node:22-slim AS build
        WORKDIR /src
        ADD --chown=node:node --chmod=644 --link \\
        # sources
            package.json package-lock.json \\
            ./
        RUN npm ci
        FROM gcr.io/distroless/nodejs22-debian12:nonroot
        COPY --from=build /src /app
      `,
      errors: [{ messageId: 'useCopy', range: [2, 0, 2, 3] }],
      output: dedent`
        FROM node:22-slim AS build
        WORKDIR /src
        COPY --chown=node:node --chmod=644 --link \\
        # sources
            package.json package-lock.json \\
            ./
        RUN npm ci
        FROM gcr.io/distroless/nodejs22-debian12:nonroot
        COPY --from=build /src /app
      `,
    },
    {
      name: 'JSON form',
      code: 'FROM alpine:3.20\nADD ["my dir/", "/srv/my dir/"]\n',
      errors: [{ messageId: 'useCopy', range: [1, 0, 1, 3] }],
      output: 'FROM alpine:3.20\nCOPY ["my dir/", "/srv/my dir/"]\n',
    },
    {
      name: 'a wildcard with a fixed extension is safe',
      code: 'FROM alpine:3.20\nADD *.json /app/config/\n',
      errors: [{ messageId: 'useCopy', range: [1, 0, 1, 3] }],
      output: 'FROM alpine:3.20\nCOPY *.json /app/config/\n',
    },
    {
      name: 'a wildcard that may match an archive: reported, not fixed',
      code: 'FROM alpine:3.20\nADD dist/* /app/\n',
      errors: [
        {
          messageId: 'useCopyWildcard',
          range: [1, 0, 1, 3],
          message:
            'ADD of local files: use COPY, which only copies. Not changed automatically: ADD would unpack a tar archive that dist/* happens to match.',
        },
      ],
      output: null,
    },
    {
      name: 'an ADD-only flag: reported, not fixed',
      code: 'FROM alpine:3.20\nADD --unpack=true data.bin /data/\n',
      errors: [{ messageId: 'useCopy', range: [1, 0, 1, 3] }],
      output: null,
    },
    {
      name: 'a resolved build argument naming a plain file',
      code: 'FROM nginx:1.27\nARG CONF=nginx.conf\nADD ${CONF} /etc/nginx/\n',
      errors: [{ messageId: 'useCopy', range: [2, 0, 2, 3] }],
      output: 'FROM nginx:1.27\nARG CONF=nginx.conf\nCOPY ${CONF} /etc/nginx/\n',
    },
    {
      name: 'a URL without checksum',
      code: 'FROM alpine:3.20\nADD https://example.com/install.sh /usr/local/bin/install.sh\n',
      errors: [
        {
          messageId: 'remoteNoChecksum',
          range: [1, 4, 1, 34],
          message:
            'ADD https://example.com/install.sh downloads without a checksum, so whatever the server returns goes into the image: use `ADD --checksum=sha256:…` (for git, pin a commit), or download with `RUN curl` and verify the file.',
        },
      ],
      output: null,
    },
    {
      name: 'a git source at a tag, in a build stage',
      code: dedent`
        FROM golang:1.23 AS build
        ADD --keep-git-dir=true git@github.com:moby/buildkit.git#v0.16.0 /src
        RUN cd /src && go build ./cmd/buildctl
        FROM alpine:3.20
        COPY --from=build /go/bin/buildctl /usr/local/bin/
      `,
      errors: [{ messageId: 'remoteNoChecksum', range: [1, 24, 1, 64] }],
      output: null,
    },
    {
      name: 'a URL from a build argument default',
      code: 'FROM alpine:3.20\nARG URL=http://example.com/app.jar\nADD $URL /app.jar\n',
      errors: [
        {
          messageId: 'remoteNoChecksum',
          range: [2, 4, 2, 8],
          message:
            'ADD http://example.com/app.jar downloads without a checksum, so whatever the server returns goes into the image: use `ADD --checksum=sha256:…` (for git, pin a commit), or download with `RUN curl` and verify the file.',
        },
      ],
      output: null,
    },
  ],
});
