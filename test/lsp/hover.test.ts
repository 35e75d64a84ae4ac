import { describe, expect, it } from 'vitest';
import { range } from '../../server/src/engine/positions';
import { code, imageHoverAt } from '../../server/src/languages/dockerfile/hover';
import { parseDockerfile } from '../../server/src/languages/dockerfile/model';

function hover(text: string, line: number, character: number) {
  return imageHoverAt(parseDockerfile(text), { line, character });
}

const NODE_FACTS = [
  '- **Family:** `node` (Docker Official Image)',
  '- **Default user:** `root`, UID 0',
  '- **Shell:** yes',
  '- **Package manager:** apt',
  '- **libc:** glibc',
];

describe('FROM image hover', () => {
  it('shows the catalogue facts and the hardened alternatives', () => {
    const h = hover('FROM node:22 AS app\nCMD ["node", "server.js"]\n', 0, 8);
    expect(h?.range).toEqual(range(0, 5, 0, 12));
    expect(h?.markdown).toBe(
      [
        '**Base image** `node:22`',
        '',
        ...NODE_FACTS,
        '- **Variant:** full',
        '',
        '**Hardened alternatives**',
        '',
        '- `node:22-slim` (slim): Node slim: Debian slim, shell and apt (runs as root: add USER)',
        '- `node:22-alpine` (alpine): Node Alpine: musl libc, shell and apk (runs as root: add USER)',
        '- `gcr.io/distroless/nodejs22-debian12:nonroot` (distroless): Distroless Node.js: no shell, no npm; entrypoint is node; UID 65532',
        '- `dhi.io/node:22` (dhi): Docker Hardened Node.js: no shell, no package manager; UID 65532',
        '- `cgr.dev/chainguard/node:latest` (chainguard): Chainguard Node.js: no shell; UID 65532 (latest Node only on the free tier)',
      ].join('\n'),
    );
  });

  it('shows the resolved ARG value and leaves out the image already in use', () => {
    const h = hover('ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}-slim AS app\n', 1, 30);
    expect(h?.range).toEqual(range(1, 5, 1, 30));
    expect(h?.markdown).toBe(
      [
        '**Base image** `node:22-slim`',
        '',
        'Resolved from `node:${NODE_VERSION}-slim` with the global ARG defaults.',
        '',
        '- `ARG NODE_VERSION`: `22`',
        '',
        ...NODE_FACTS,
        '- **Variant:** slim',
        '',
        '**Hardened alternatives**',
        '',
        '- `node:22-alpine` (alpine): Node Alpine: musl libc, shell and apk (runs as root: add USER)',
        '- `gcr.io/distroless/nodejs22-debian12:nonroot` (distroless): Distroless Node.js: no shell, no npm; entrypoint is node; UID 65532',
        '- `dhi.io/node:22` (dhi): Docker Hardened Node.js: no shell, no package manager; UID 65532',
        '- `cgr.dev/chainguard/node:latest` (chainguard): Chainguard Node.js: no shell; UID 65532 (latest Node only on the free tier)',
      ].join('\n'),
    );
  });

  it('does not guess an ARG without a default', () => {
    expect(hover('ARG BASE\nFROM $BASE\n', 1, 6)?.markdown).toBe(
      ['**Base image** `$BASE`', '', '`$BASE` cannot be resolved: Hardline does not guess build arguments.', '', '- `ARG BASE`: no default'].join('\n'),
    );
  });

  it('says so for an image outside the catalogue', () => {
    expect(hover('FROM registry.example.com/team/app:1.2\n', 0, 5)?.markdown).toBe(
      [
        '**Base image** `registry.example.com/team/app:1.2`',
        '',
        "**Unknown image: Hardline does not guess.** `registry.example.com/team/app:1.2` is not in Hardline's catalogue, so its default user, shell and package manager are unknown.",
      ].join('\n'),
    );
  });

  it('describes scratch', () => {
    expect(hover('FROM scratch\n', 0, 6)?.markdown).toBe(
      '**Base image** `scratch`\n\nThe empty image: no shell, no package manager, no libc, no users. Processes run as UID 0 unless USER is set.',
    );
  });

  it('follows a FROM of an earlier stage to its base image', () => {
    const h = hover('FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM build AS test\n', 2, 7);
    expect(h?.range).toEqual(range(2, 5, 2, 10));
    expect(h?.markdown.split('\n').slice(0, 5)).toEqual([
      '**Stage** `build`: built FROM the stage on line 1.',
      '',
      'Its base image is `golang:1.22`.',
      '',
      '- **Family:** `golang` (Docker Official Image)',
    ]);
    expect(h?.markdown).toContain('\n- **Variant:** sdk\n\n**Hardened alternatives**\n\n- `gcr.io/distroless/static-debian12:nonroot` (distroless)');
  });

  it('shows a hardened image with its digest, tag note and no alternatives', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(hover(`FROM gcr.io/distroless/static-debian12:nonroot@${digest}\n`, 0, 5)?.markdown).toBe(
      [
        `**Base image** \`gcr.io/distroless/static-debian12:nonroot@${digest}\``,
        '',
        `Pinned to digest \`${digest}\`.`,
        '',
        '- **Family:** `distroless-static` (Google distroless)',
        '- **Default user:** `nonroot`, UID 65532',
        '- **Shell:** no',
        '- **Package manager:** none',
        '- **libc:** none',
        '- **Variant:** distroless',
      ].join('\n'),
    );
    expect(hover('FROM cgr.dev/chainguard/node:latest-dev\n', 0, 6)?.markdown).toContain(
      '- **Shell:** yes\n- **Package manager:** apk\n- **libc:** glibc\n- **Variant:** chainguard\n- **Note:** -dev tag: includes a shell and apk, meant for build stages',
    );
  });

  it('is null off the image: on FROM, on AS, on other instructions', () => {
    const text = 'FROM node:22 AS app\nRUN npm ci\n';
    expect(hover(text, 0, 2)).toBeNull();
    expect(hover(text, 0, 14)).toBeNull();
    expect(hover(text, 1, 5)).toBeNull();
    expect(hover('FROM\n', 0, 4)).toBeNull();
  });

  it('writes inline code that survives backticks', () => {
    expect(code('a`b')).toBe('``a`b``');
    expect(code('`x')).toBe('`` `x ``');
  });
});
