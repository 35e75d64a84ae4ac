import rule from '../../../server/src/languages/dockerfile/rules/expose-ssh';
import { dedent, ruleTester } from '../../support/ruleTester';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nEXPOSE 2222\n',
    'FROM alpine:3.20\nEXPOSE 8022\n',
    'FROM nginx:1.27\nEXPOSE 80 443/tcp\n',
    'FROM alpine:3.20\nEXPOSE 220 10022/tcp\n',
    'FROM alpine:3.20\nEXPOSE 23-80\n',
    { name: 'a variable without a known value is not guessed', code: 'FROM alpine:3.20\nARG PORT\nEXPOSE ${PORT}\n' },
    { name: 'a variable that resolves to another port', code: 'FROM alpine:3.20\nARG SSH_PORT=2222\nEXPOSE $SSH_PORT\n' },
    {
      name: 'EXPOSE 22 in a build-only stage does not ship',
      code: dedent`
        FROM debian:12 AS test-sshd
        RUN apt-get update && apt-get install -y openssh-server
        EXPOSE 22
        FROM gcr.io/distroless/static-debian12:nonroot
        COPY app /app
      `,
    },
    { name: 'a port in a comment', code: 'FROM alpine:3.20\n# EXPOSE 22\nEXPOSE 8080\n' },
  ],
  invalid: [
    {
      name: 'EXPOSE 22',
      code: 'FROM alpine:3.13\nUSER mike\nEXPOSE 22\n',
      errors: [
        {
          messageId: 'exposeSsh',
          range: [2, 7, 2, 9],
          message:
            'EXPOSE 22 advertises port 22 (SSH): an SSH daemon in a container is one more service to patch and another way in. Use `docker exec` / `kubectl exec` (or `kubectl debug`) for access instead.',
        },
      ],
      output: null,
    },
    {
      name: 'among other ports, with a protocol',
      code: 'FROM alpine:3.20\nEXPOSE 80 22/tcp 443\n',
      errors: [{ messageId: 'exposeSsh', range: [1, 10, 1, 16] }],
      output: null,
    },
    {
      name: 'udp is the SSH port too',
      code: 'FROM alpine:3.20\nexpose 22/udp\n',
      errors: [{ messageId: 'exposeSsh', range: [1, 7, 1, 13] }],
      output: null,
    },
    {
      name: 'a range that contains 22',
      code: 'FROM alpine:3.20\nEXPOSE 20-25\n',
      errors: [
        {
          messageId: 'exposeSshRange',
          range: [1, 7, 1, 12],
          message:
            'EXPOSE 20-25 includes port 22 (SSH): an SSH daemon in a container is one more service to patch and another way in. Narrow the range, and use `docker exec` / `kubectl exec` for access instead.',
        },
      ],
      output: null,
    },
    {
      name: 'an ARG default resolves to 22',
      code: 'FROM alpine:3.20\nARG SSH_PORT=22\nEXPOSE ${SSH_PORT}\n',
      errors: [
        {
          messageId: 'exposeSsh',
          range: [2, 7, 2, 18],
          message:
            'EXPOSE ${SSH_PORT} (= 22) advertises port 22 (SSH): an SSH daemon in a container is one more service to patch and another way in. Use `docker exec` / `kubectl exec` (or `kubectl debug`) for access instead.',
        },
      ],
      output: null,
    },
    {
      name: 'ENV inherited from a parent stage',
      code: dedent`
        FROM alpine:3.20 AS base
        ENV SSH_PORT=22
        FROM base
        EXPOSE 8080 $SSH_PORT
      `,
      errors: [{ messageId: 'exposeSsh', range: [3, 12, 3, 21] }],
      output: null,
    },
    {
      name: 'a global ARG redeclared in the stage',
      code: 'ARG PORT=22\nFROM alpine:3.20\nARG PORT\nEXPOSE $PORT/tcp\n',
      errors: [{ messageId: 'exposeSsh', range: [3, 7, 3, 16] }],
      output: null,
    },
    {
      name: 'continuation with a comment line inside',
      code: dedent`
        FROM alpine:3.20
        EXPOSE 8080 \\
        # ssh for debugging
            22
      `,
      errors: [{ messageId: 'exposeSsh', range: [3, 4, 3, 6] }],
      output: null,
    },
  ],
});
