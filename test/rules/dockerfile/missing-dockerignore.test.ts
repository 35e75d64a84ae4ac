import rule from '../../../server/src/languages/dockerfile/rules/missing-dockerignore';
import { dedent, ruleTester } from '../../support/ruleTester';

const NONE = { dockerignore: null };
const ignore = (content: string) => ({ dockerignore: { path: '/work/app/.dockerignore', content } });

ruleTester(rule, {
  valid: [
    { name: 'unknown build context: silent', code: 'FROM node:22\nWORKDIR /app\nCOPY . .\n' },
    { name: 'no whole-context copy', code: 'FROM node:22\nCOPY package.json package-lock.json /app/\n', env: NONE },
    { name: 'a sub-directory is not the whole context', code: 'FROM node:22\nCOPY ./src ./src\n', env: NONE },
    {
      name: 'COPY --from copies from a stage, not the context',
      code: 'FROM golang:1.23 AS build\nCOPY go.mod go.sum ./\nFROM alpine:3.20\nCOPY --from=build . /app\n',
      env: NONE,
    },
    { name: 'remote ADD', code: 'FROM alpine:3.20\nADD https://example.com/site.tar.gz /srv/\n', env: NONE },
    { name: 'here-document', code: 'FROM alpine:3.20\nCOPY <<EOF /etc/app.conf\nkey=value\nEOF\n', env: NONE },
    { name: 'excludes both', code: 'FROM node:22\nCOPY . /app\n', env: ignore('.git\n.env\nnode_modules\n') },
    { name: 'anchored forms and wildcards', code: 'FROM node:22\nCOPY . /app\n', env: ignore('# build context\n/.git/\n.env*\n') },
    { name: 'recursive patterns', code: 'FROM node:22\nCOPY ./ /app\n', env: ignore('**/.git\n**/.env\n') },
    {
      name: 'exclude everything, then allow-list',
      code: 'FROM node:22\nCOPY . /app\n',
      env: ignore('*\n!src\n!package.json\n!package-lock.json\n'),
    },
    { name: '** then allow-list', code: 'FROM python:3.12\nCOPY * /app/\n', env: ignore('**\n!app/**\n!requirements.txt\n') },
    { name: 'an invalid .dockerignore fails the build by itself', code: 'FROM node:22\nCOPY . /app\n', env: ignore('[\n') },
  ],
  invalid: [
    {
      name: 'no .dockerignore',
      code: 'FROM node:22\nWORKDIR /app\nCOPY . .\n',
      env: NONE,
      errors: [
        {
          messageId: 'noDockerignore',
          range: [2, 5, 2, 6],
          message:
            'No .dockerignore: COPY . sends and copies everything, including .git and .env files. Add a .dockerignore next to the build context that excludes at least .git and .env*.',
        },
      ],
      output: null,
    },
    {
      name: 'a .dockerignore that excludes neither',
      code: 'FROM node:22\nCOPY --chown=node:node ./ /home/node/app/\n',
      env: ignore('node_modules\nnpm-debug.log\n'),
      errors: [
        {
          messageId: 'notExcluded',
          range: [1, 23, 1, 25],
          message:
            'The .dockerignore does not exclude .git (the whole repository history) and .env (which usually holds secrets): COPY ./ sends them to the builder and copies them into the image.',
        },
      ],
      output: null,
    },
    {
      name: 'a commented-out pattern does not count',
      code: 'FROM python:3.12-slim\nCOPY . /srv\n',
      env: ignore('.git\n# .env\n__pycache__/\n'),
      errors: [
        {
          messageId: 'notExcluded',
          range: [1, 5, 1, 6],
          message:
            'The .dockerignore does not exclude .env (which usually holds secrets): COPY . sends it to the builder and copies it into the image.',
        },
      ],
      output: null,
    },
    {
      name: 'an allow-list that re-includes .env',
      code: 'FROM node:22\nCOPY . /app\n',
      env: ignore('*\n!src\n!.env\n'),
      errors: [{ messageId: 'notExcluded', range: [1, 5, 1, 6] }],
      output: null,
    },
    {
      name: 'only .env in a sub-folder is excluded (patterns are anchored at the context root)',
      code: 'FROM node:22\nCOPY . /app\n',
      env: ignore('.git\nconfig/.env\n'),
      errors: [{ messageId: 'notExcluded', range: [1, 5, 1, 6] }],
      output: null,
    },
    {
      name: 'one finding per Dockerfile, on the first whole-context copy',
      code: dedent`
        FROM node:22 AS build
        WORKDIR /src
        COPY . .
        RUN npm ci && npm run build
        FROM nginx:1.27
        COPY --from=build /src/dist /usr/share/nginx/html
        COPY ./ /usr/share/nginx/html/
      `,
      env: NONE,
      errors: [{ messageId: 'noDockerignore', range: [2, 5, 2, 6] }],
      output: null,
    },
    {
      name: 'ADD . and a continuation',
      code: 'FROM alpine:3.20\nADD --chown=1000:1000 \\\n    . /app\n',
      env: NONE,
      errors: [{ messageId: 'noDockerignore', range: [2, 4, 2, 5] }],
      output: null,
    },
    {
      name: 'JSON form',
      code: 'FROM alpine:3.20\nCOPY [".", "/app"]\n',
      env: ignore('.env\n'),
      errors: [{ messageId: 'notExcluded', range: [1, 6, 1, 9] }],
      output: null,
    },
  ],
});
