import { describe, expect, it } from 'vitest';
import { runRules } from '../../../server/src/engine/run';
import { dockerfileLanguage } from '../../../server/src/languages/dockerfile/language';
import rule from '../../../server/src/languages/dockerfile/rules/exec-form-cmd';
import { dedent, ruleTester } from '../../support/ruleTester';

describe('dockerfile/exec-form-cmd severity', () => {
  const severities = (code: string, rules?: Record<string, 'info' | 'warning' | 'error' | 'off'>) =>
    runRules(dockerfileLanguage, dockerfileLanguage.parse(code), [rule], { rules }).findings.map((f) => f.severity);

  it('is a warning where the shell exists', () => {
    expect(severities('FROM node:22-slim\nCMD node server.js\n')).toEqual(['warning']);
  });
  it('is an error on a base without a shell', () => {
    expect(severities('FROM scratch\nCOPY app /app\nCMD /app\n')).toEqual(['error']);
  });
  it('a configured severity wins', () => {
    expect(severities('FROM scratch\nCOPY app /app\nCMD /app\n', { 'dockerfile/exec-form-cmd': 'info' })).toEqual(['info']);
  });
});

ruleTester(rule, {
  valid: [
    'FROM node:22-slim\nCMD ["node", "server.js"]\n',
    { name: 'exec ENTRYPOINT and CMD', code: 'FROM python:3.12-slim\nENTRYPOINT ["python", "-m", "app"]\nCMD ["--port", "8080"]\n' },
    { name: 'empty exec form', code: 'FROM alpine:3.20\nENTRYPOINT ["/bin/app"]\nCMD []\n' },
    { name: 'exec form over continuation lines', code: 'FROM node:22-slim\nCMD ["node", \\\n     "server.js"]\n' },
    { name: 'explicit shell in exec form', code: 'FROM alpine:3.20\nCMD ["/bin/sh", "-c", "exec /app --port \\"$PORT\\""]\n' },
    {
      name: 'shell form only in a build stage',
      code: dedent`
        FROM golang:1.23 AS test
        CMD go test ./...
        FROM gcr.io/distroless/static-debian12:nonroot
        ENTRYPOINT ["/app"]
      `,
    },
    { name: 'RUN and HEALTHCHECK are not CMD', code: 'FROM alpine:3.20\nRUN echo hi\nHEALTHCHECK CMD wget -q -O- localhost:8080\nCMD ["/app"]\n' },
  ],
  invalid: [
    {
      name: 'plain command',
      code: 'FROM --platform=$TARGETPLATFORM node:22-slim\nWORKDIR /app\nCMD node server.js\n',
      errors: [
        {
          messageId: 'shellForm',
          range: [2, 4, 2, 18],
          message:
            'CMD uses shell form, so Docker runs it as /bin/sh -c "…": the shell is PID 1, and SIGTERM from docker stop or Kubernetes may never reach your program, which is then killed after the grace period. Use exec form (a JSON array).',
        },
      ],
      output: 'FROM --platform=$TARGETPLATFORM node:22-slim\nWORKDIR /app\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'shell syntax: no fix',
      code: 'FROM python:3.12-slim\nCMD gunicorn -b 0.0.0.0:$PORT app:app\n',
      errors: [
        {
          messageId: 'shellSyntax',
          range: [1, 4, 1, 37],
          message:
            'CMD uses shell form with shell syntax (variables, operators, redirections or globs), so /bin/sh is PID 1 and SIGTERM may never reach your program. No automatic fix: use exec form with a shell that execs the program (["/bin/sh", "-c", "exec …"]) or move the logic into an entrypoint script.',
        },
      ],
      output: null,
    },
    {
      name: 'shell-less base: ENTRYPOINT cannot start',
      code: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nENTRYPOINT /app --port 8080\n',
      errors: [
        {
          messageId: 'noShell',
          range: [2, 11, 2, 27],
          message:
            'ENTRYPOINT uses shell form, but gcr.io/distroless/static-debian12:nonroot has no shell: the container cannot start ("/bin/sh: no such file or directory"). Use exec form (a JSON array).',
        },
      ],
      output: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nENTRYPOINT ["/app", "--port", "8080"]\n',
    },
    {
      name: 'scratch with a redirection: no fix',
      code: 'FROM scratch\nCOPY app /app\nCMD /app > /log\n',
      errors: [{ messageId: 'noShell', range: [2, 4, 2, 15] }],
      output: null,
    },
    {
      name: 'quotes are JSON-escaped',
      code: "FROM alpine:3.20\nCMD printf '%s \"quoted\"'\n",
      errors: [{ messageId: 'shellForm', range: [1, 4, 1, 24] }],
      output: 'FROM alpine:3.20\nCMD ["printf", "%s \\"quoted\\""]\n',
    },
    {
      name: 'continuation lines',
      code: 'FROM node:22-slim\nCMD node \\\n    --enable-source-maps \\\n    server.js\n',
      errors: [{ messageId: 'shellForm', range: [1, 4, 3, 13] }],
      output: 'FROM node:22-slim\nCMD ["node", "--enable-source-maps", "server.js"]\n',
    },
    {
      name: 'comment inside the continuation: no fix',
      code: 'FROM node:22-slim\nCMD node \\\n# the server\n    server.js\n',
      errors: [{ messageId: 'shellForm', range: [1, 4, 3, 13] }],
      output: null,
    },
    {
      name: 'exec prefix is dropped',
      code: 'FROM redis:7.4\nCMD exec redis-server --appendonly yes\n',
      errors: [{ messageId: 'shellForm', range: [1, 4, 1, 38] }],
      output: 'FROM redis:7.4\nCMD ["redis-server", "--appendonly", "yes"]\n',
    },
    {
      name: 'shell-form ENTRYPOINT ignores the CMD after it: no fix',
      code: 'FROM python:3.12-slim\nENTRYPOINT python app.py\nCMD ["--port", "8080"]\n',
      errors: [{ messageId: 'shellForm', range: [1, 11, 1, 24] }],
      output: null,
    },
    {
      name: 'CMD is the argument list of an exec ENTRYPOINT: no fix',
      code: 'FROM node:22-slim\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD node server.js\n',
      errors: [{ messageId: 'shellForm', range: [2, 4, 2, 18] }],
      output: null,
    },
    {
      name: 'distroless Node.js: the image ENTRYPOINT is node, so no fix',
      code: 'FROM gcr.io/distroless/nodejs22-debian12:nonroot\nCOPY . /app\nCMD node /app/server.js\n',
      errors: [{ messageId: 'noShell', range: [2, 4, 2, 23] }],
      output: null,
    },
    {
      name: 'not valid JSON',
      code: "FROM node:22-slim\nCMD ['node', 'server.js']\n",
      errors: [
        {
          messageId: 'brokenJson',
          range: [1, 4, 1, 25],
          message:
            'CMD looks like exec form but is not valid JSON (strings need double quotes), so Docker treats it as shell form and runs it with /bin/sh -c. Write a valid JSON array.',
        },
      ],
      output: null,
    },
    {
      name: 'every shell-form CMD of the final image chain',
      code: dedent`
        FROM node:22-slim AS base
        CMD node index.js
        FROM base
        CMD node server.js
      `,
      errors: [
        { messageId: 'shellForm', range: [1, 4, 1, 17] },
        { messageId: 'shellForm', range: [3, 4, 3, 18] },
      ],
      output: 'FROM node:22-slim AS base\nCMD ["node", "index.js"]\nFROM base\nCMD ["node", "server.js"]\n',
    },
  ],
});
