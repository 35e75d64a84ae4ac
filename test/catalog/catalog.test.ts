import { describe, expect, it } from 'vitest';
import { FAMILIES, lookupImage, tagVersion } from '../../server/src/catalog';
import { parseImageRef } from '../../server/src/languages/dockerfile/imageRef';

const info = (image: string) => {
  const ref = parseImageRef(image);
  if (!ref) throw new Error(`bad ref ${image}`);
  return lookupImage(ref);
};
const facts = (image: string) => {
  const i = info(image);
  return i && { user: i.user, shell: i.shell, pm: i.packageManager, libc: i.libc, variant: i.variant };
};

describe('base-image catalogue', () => {
  it.each([
    ['gcr.io/distroless/static-debian12', { user: '0', shell: false, pm: null, libc: 'none', variant: 'distroless' }],
    ['gcr.io/distroless/static-debian12:nonroot', { user: '65532', shell: false, pm: null, libc: 'none', variant: 'distroless' }],
    ['gcr.io/distroless/base-debian12:debug', { user: '0', shell: true, pm: null, libc: 'glibc', variant: 'distroless' }],
    ['gcr.io/distroless/nodejs22-debian12:debug-nonroot', { user: '65532', shell: true, pm: null, libc: 'glibc', variant: 'distroless' }],
    ['gcr.io/distroless/java21-debian13:nonroot-arm64', { user: '65532', shell: false, pm: null, libc: 'glibc', variant: 'distroless' }],
    ['cgr.dev/chainguard/python:latest', { user: '65532', shell: false, pm: null, libc: 'glibc', variant: 'chainguard' }],
    ['cgr.dev/chainguard/python:latest-dev', { user: '65532', shell: true, pm: 'apk', libc: 'glibc', variant: 'chainguard' }],
    ['cgr.dev/chainguard/static', { user: '65532', shell: false, pm: null, libc: 'none', variant: 'chainguard' }],
    ['dhi.io/node:22', { user: '65532', shell: false, pm: null, libc: 'glibc', variant: 'dhi' }],
    ['dhi.io/node:22-dev', { user: '0', shell: true, pm: 'apt', libc: 'glibc', variant: 'sdk' }],
    ['dhi.io/python:3.13-alpine3.21-dev', { user: '0', shell: true, pm: 'apk', libc: 'musl', variant: 'sdk' }],
    ['dhi.io/python:3.13-alpine3.21', { user: '65532', shell: false, pm: null, libc: 'musl', variant: 'dhi' }],
    ['node:22', { user: '0', shell: true, pm: 'apt', libc: 'glibc', variant: 'full' }],
    ['node:22-slim', { user: '0', shell: true, pm: 'apt', libc: 'glibc', variant: 'slim' }],
    ['node:22-alpine3.20', { user: '0', shell: true, pm: 'apk', libc: 'musl', variant: 'alpine' }],
    ['python:3.12-slim-bookworm', { user: '0', shell: true, pm: 'apt', libc: 'glibc', variant: 'slim' }],
    ['golang:1.23', { user: '0', shell: true, pm: 'apt', libc: 'glibc', variant: 'sdk' }],
    ['debian:bookworm-slim', { user: '0', shell: true, pm: 'apt', libc: 'glibc', variant: 'slim' }],
    ['ubuntu:24.04', { user: '0', shell: true, pm: 'apt', libc: 'glibc', variant: 'full' }],
    ['alpine:3.20', { user: '0', shell: true, pm: 'apk', libc: 'musl', variant: 'alpine' }],
    ['mcr.microsoft.com/dotnet/runtime:9.0-azurelinux3.0-distroless', { user: '1654', shell: false, pm: null, libc: 'glibc', variant: 'distroless' }],
    ['mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled', { user: '1654', shell: false, pm: null, libc: 'glibc', variant: 'distroless' }],
    ['eclipse-temurin:21-jre', { user: '0', shell: true, pm: 'apt', libc: 'glibc', variant: 'full' }],
    ['eclipse-temurin:21-jdk', { user: '0', shell: true, pm: 'apt', libc: 'glibc', variant: 'sdk' }],
  ])('%s', (image, expected) => {
    expect(facts(image)).toEqual(expected);
  });

  it('does not guess unknown images', () => {
    expect(info('registry.example.com/team/base:1')).toBeNull();
    expect(info('myorg/node:22')).toBeNull();
  });

  it('fills alternatives from the current version', () => {
    expect(info('node:20.11-bookworm')!.alternatives.map((a) => a.image)).toEqual([
      'node:20-slim',
      'node:20-alpine',
      'gcr.io/distroless/nodejs20-debian12:nonroot',
      'dhi.io/node:20',
      'cgr.dev/chainguard/node:latest',
    ]);
    expect(info('node:23')!.alternatives.find((a) => a.kind === 'distroless')!.image).toBe('gcr.io/distroless/nodejs22-debian12:nonroot');
    expect(info('node')!.alternatives.find((a) => a.kind === 'distroless')!.image).toBe('gcr.io/distroless/nodejs22-debian12:nonroot');
    expect(info('python:3.12')!.alternatives.map((a) => a.image)).toEqual([
      'python:3.12-slim',
      'gcr.io/distroless/python3-debian12:nonroot',
      'dhi.io/python:3.12',
      'cgr.dev/chainguard/python:latest',
    ]);
    expect(info('maven:3.9-eclipse-temurin-21')!.alternatives.find((a) => a.kind === 'distroless')!.image).toBe('gcr.io/distroless/java21-debian12:nonroot');
    expect(info('gradle:8.10-jdk17-alpine')!.alternatives.find((a) => a.kind === 'distroless')!.image).toBe('gcr.io/distroless/java17-debian12:nonroot');
    expect(info('node:0.10')!.alternatives.find((a) => a.kind === 'slim')!.image).toBe('node:18-slim');
    expect(info('eclipse-temurin:17-jdk')!.alternatives.find((a) => a.kind === 'distroless')!.image).toBe('gcr.io/distroless/java17-debian12:nonroot');
  });

  it('parses tag versions', () => {
    expect(tagVersion('3.12.4-slim')).toEqual({ version: '3.12.4', major: '3', minor: '3.12' });
    expect(tagVersion('v1.2')).toEqual({ version: '1.2', major: '1', minor: '1.2' });
    expect(tagVersion('bookworm')).toEqual({});
  });

  it('has unique family ids and a source for every family', () => {
    const ids = FAMILIES.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of FAMILIES) expect(f.source.length, f.id).toBeGreaterThan(5);
  });
});
