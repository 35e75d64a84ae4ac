import { describe, expect, it } from 'vitest';
import { parseImageRef } from '../../../server/src/languages/dockerfile/imageRef';
import { parseDockerfile, substituteArgs } from '../../../server/src/languages/dockerfile/model';

const shellWords = (code: string, n = 1) => {
  const m = parseDockerfile(code);
  const instr = m.instructions[n];
  return m.shell(instr)!.commands.map((c) => c.words.map((w) => `${w.value}=${m.index.rangeText({ start: m.index.positionAt(w.start), end: m.index.positionAt(w.end) })}`));
};

describe('Dockerfile model', () => {
  it('splits stages and resolves global ARGs in FROM', () => {
    const m = parseDockerfile('ARG GO=1.23\nARG BASE\nFROM golang:${GO}-alpine AS build\nRUN go build\nFROM ${BASE:-gcr.io/distroless/static-debian12}:nonroot\nCOPY --from=build /app /app\n');
    expect(m.stages.map((s) => [s.name, s.base?.resolved, s.base?.unresolved, s.isFinal, s.inFinalImage, s.usedByFinal])).toEqual([
      ['build', 'golang:1.23-alpine', false, false, false, true],
      [undefined, 'gcr.io/distroless/static-debian12:nonroot', false, true, true, true],
    ]);
    expect(m.stages[1].dependsOn.map((s) => s.name)).toEqual(['build']);
    expect(m.stages[0].base?.info?.family).toBe('golang');
    expect(m.stages[1].user).toEqual({ value: '65532', source: 'base-image' });
  });

  it('follows FROM <stage> chains, case-insensitively, for users and the final image', () => {
    const m = parseDockerfile('FROM node:22 AS Base\nUSER node\nFROM base AS app\nFROM alpine AS unused\nFROM app\n');
    expect(m.stages.map((s) => [s.inFinalImage, s.usedByFinal, s.parent?.index])).toEqual([
      [true, true, undefined],
      [true, true, 0],
      [false, false, undefined],
      [true, true, 1],
    ]);
    expect(m.finalStage?.user.value).toBe('node');
    expect(m.finalStage?.base?.resolved).toBe('node:22');
  });

  it('marks unresolvable variables instead of guessing', () => {
    const m = parseDockerfile('ARG REGISTRY\nFROM ${REGISTRY}/app:1\n');
    expect(m.stages[0].base).toMatchObject({ unresolved: true, ref: null, info: null });
  });

  it('RUN --mount=from= and COPY --from=<index> are dependencies', () => {
    const m = parseDockerfile('FROM alpine AS a\nFROM alpine AS b\nFROM alpine\nRUN --mount=type=bind,from=a,target=/x true\nCOPY --from=1 /y /y\n');
    expect(m.finalStage?.dependsOn.map((s) => s.name)).toEqual(['a', 'b']);
  });

  it('reports parse problems instead of throwing', () => {
    const codes = (t: string) => parseDockerfile(t).problems.map((p) => `${p.code}@${p.range.start.line}`);
    expect(codes('RUN echo hi\n')).toEqual(['instruction-before-from@0', 'no-from@0']);
    expect(codes('FROM alpine\nFROBNICATE x\nUSER\n')).toEqual(['unknown-instruction@1', 'missing-argument@2']);
    expect(codes('FROM\n')).toEqual(['from-without-image@0']);
    expect(codes('\u0000\u0001ELF')).toEqual(['binary-file@0']);
    expect(codes('')).toEqual([]);
    expect(codes('# just a comment\n')).toEqual([]);
  });

  it('joins continuations, drops comment lines inside them, maps offsets (LF, CRLF, backtick)', () => {
    const lf = 'FROM alpine\nRUN apk add \\\n  # the compiler\n  gcc \\\n\n  make\n';
    expect(shellWords(lf)).toEqual([['apk=apk', 'add=add', 'gcc=gcc', 'make=make']]);
    expect(shellWords(lf.replace(/\n/g, '\r\n'))).toEqual([['apk=apk', 'add=add', 'gcc=gcc', 'make=make']]);
    const bt = '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN setx PATH C:\\tools `\n  && echo done\n';
    expect(shellWords(bt)).toEqual([['setx=setx', 'PATH=PATH', 'C:tools=C:\\tools'], ['echo=echo', 'done=done']]);
  });

  it('analyses heredoc RUNs and exec form, with flags skipped', () => {
    expect(shellWords('FROM alpine\nRUN --mount=type=cache,target=/var/cache/apk <<EOF\napk add curl\nEOF\n')).toEqual([
      ['apk=apk', 'add=add', 'curl=curl'],
    ]);
    expect(shellWords('FROM alpine\nRUN ["sh", "-c", "apk add git && make"]\n')).toEqual([
      ['sh="sh"', '-c="-c"', 'apk add git && make="apk add git && make"'],
      ['apk=apk', 'add=add', 'git=git'],
      ['make=make'],
    ]);
  });

  it('keeps EOL and escape character', () => {
    expect(parseDockerfile('FROM a\r\n').eol).toBe('\r\n');
    expect(parseDockerfile('# escape=`\nFROM a\n').escapeChar).toBe('`');
  });
});

describe('substituteArgs', () => {
  const args = new Map<string, string | undefined>([['A', '1'], ['E', ''], ['U', undefined]]);
  it.each([
    ['x:$A', 'x:1', false],
    ['x:${A}', 'x:1', false],
    ['${E:-d}', 'd', false],
    ['${E-d}', '', false],
    ['${N:-d}', 'd', false],
    ['${A:+alt}', 'alt', false],
    ['${N:+alt}', '', false],
    ['${U}', '', true],
    ['$N', '', true],
  ])('%s → %s', (input, value, unresolved) => {
    expect(substituteArgs(input, args)).toEqual({ value, unresolved });
  });
});

describe('image references', () => {
  it.each([
    ['node', { registry: 'docker.io', path: 'node', name: 'node', tag: undefined }],
    ['docker.io/library/node:22-slim', { registry: 'docker.io', path: 'node', name: 'node', tag: '22-slim', explicitRegistry: true }],
    ['localhost:5000/team/app:1.2', { registry: 'localhost:5000', path: 'team/app', name: 'localhost:5000/team/app', tag: '1.2' }],
    ['gcr.io/distroless/static-debian12:nonroot', { registry: 'gcr.io', name: 'gcr.io/distroless/static-debian12', tag: 'nonroot' }],
    [`alpine@sha256:${'a'.repeat(64)}`, { name: 'alpine', tag: undefined, digest: `sha256:${'a'.repeat(64)}` }],
    [`alpine:3.20@sha256:${'b'.repeat(64)}`, { name: 'alpine', tag: '3.20', digest: `sha256:${'b'.repeat(64)}` }],
  ])('%s', (text, expected) => {
    expect(parseImageRef(text)).toMatchObject(expected);
  });

  it.each(['', 'UPPER/case', 'a b', 'alpine@sha256:short', 'alpine:bad tag', 'x:'])('rejects %j', (text) => {
    expect(parseImageRef(text)).toBeNull();
  });
});
