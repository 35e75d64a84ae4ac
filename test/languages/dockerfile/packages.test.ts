import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../server/src/languages/dockerfile/model';
import { installedPackages } from '../../../server/src/languages/dockerfile/packages';
import { dedent } from '../../support/ruleTester';

type Row = [name: string, manager: string, range: [number, number, number, number], text: string, removed: boolean];

/** Packages of the final stage (or the given stage) as compact rows, with the text under each range. */
function rows(code: string, stageIndex?: number): Row[] {
  const model = parseDockerfile(code);
  const stage = stageIndex === undefined ? model.finalStage! : model.stages[stageIndex];
  return installedPackages(model, stage).map((p) => [
    p.name,
    p.manager,
    [p.range.start.line, p.range.start.character, p.range.end.line, p.range.end.character],
    model.index.rangeText(p.range),
    p.removed,
  ]);
}

describe('installedPackages', () => {
  it('apt-get with an inline assignment, options, =version and /release', () => {
    const code = 'FROM debian:12\nRUN DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends a b=1.2 c/bookworm\n';
    expect(rows(code)).toEqual([
      ['a', 'apt', [1, 78, 1, 79], 'a', false],
      ['b', 'apt', [1, 80, 1, 85], 'b=1.2', false],
      ['c', 'apt', [1, 86, 1, 96], 'c/bookworm', false],
    ]);
  });

  it('continuations, a comment line inside them, && chains and sudo', () => {
    const code = dedent`
      FROM debian:12
      RUN apt-get update \\
       && apt-get -o Dpkg::Options::=--force-confold install -y -t bookworm-backports \\
            curl \\
            # the compiler
            gcc \\
       && sudo apt-get install -y make
    `;
    expect(rows(code)).toEqual([
      ['curl', 'apt', [3, 6, 3, 10], 'curl', false],
      ['gcc', 'apt', [5, 6, 5, 9], 'gcc', false],
      ['make', 'apt', [6, 28, 6, 32], 'make', false],
    ]);
  });

  it('the same ranges with CRLF line endings and the backtick escape', () => {
    const code = '# escape=`\r\nFROM debian:12\r\nRUN apt-get install -y `\r\n    curl `\r\n    gcc\r\n';
    expect(rows(code)).toEqual([
      ['curl', 'apt', [3, 4, 3, 8], 'curl', false],
      ['gcc', 'apt', [4, 4, 4, 7], 'gcc', false],
    ]);
  });

  it('a heredoc: apk --virtual group removed with apk del, pip specifiers', () => {
    const code = dedent`
      FROM python:3.12-alpine
      RUN --mount=type=cache,target=/root/.cache <<EOF
      apk add --no-cache --virtual .build-deps gcc musl-dev
      pip install --no-cache-dir Flask==3.0 'requests[socks]>=2' -r requirements.txt .
      apk del --no-network .build-deps
      EOF
    `;
    expect(rows(code)).toEqual([
      ['gcc', 'apk', [2, 41, 2, 44], 'gcc', true],
      ['musl-dev', 'apk', [2, 45, 2, 53], 'musl-dev', true],
      ['flask', 'pip', [3, 27, 3, 37], 'Flask==3.0', false],
      ['requests', 'pip', [3, 38, 3, 58], "'requests[socks]>=2'", false],
    ]);
  });

  it('apk options with values before and after the applet; apk del of a package in a later RUN', () => {
    const code = dedent`
      FROM alpine:3.20
      RUN apk --no-cache add -X https://dl-cdn.alpinelinux.org/alpine/edge/testing curl tini@edge
      RUN apk del curl
    `;
    expect(rows(code)).toEqual([
      ['curl', 'apk', [1, 77, 1, 81], 'curl', true],
      ['tini', 'apk', [1, 82, 1, 91], 'tini@edge', false],
    ]);
  });

  it('apt-get purge in the same chain removes; a removal before the install does not', () => {
    const code = dedent`
      FROM debian:12
      RUN apt-get purge -y wget
      RUN apt-get install -y curl wget && curl -fsSLo /x https://example.com/x && apt-get purge -y --auto-remove curl
    `;
    expect(rows(code).map((r) => [r[0], r[4]])).toEqual([
      ['curl', true],
      ['wget', false],
    ]);
  });

  it('the docker-library savedAptMark idiom removes only what was installed after the snapshot', () => {
    const code = dedent`
      FROM debian:12-slim
      RUN set -eux; \\
      	apt-get update; \\
      	apt-get install -y --no-install-recommends ca-certificates; \\
      	savedAptMark="$(apt-mark showmanual)"; \\
      	apt-get install -y --no-install-recommends gcc make wget; \\
      	make install; \\
      	apt-mark auto '.*' > /dev/null; \\
      	[ -z "$savedAptMark" ] || apt-mark manual $savedAptMark; \\
      	apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \\
      	apt-get install -y --no-install-recommends tzdata
    `;
    expect(rows(code).map((r) => [r[0], r[4]])).toEqual([
      ['ca-certificates', false],
      ['gcc', true],
      ['make', true],
      ['wget', true],
      ['tzdata', false],
    ]);
  });

  it('apt-mark auto without a snapshot (node images) removes every earlier apt package, also from earlier RUNs', () => {
    const code = dedent`
      FROM debian:12-slim
      RUN apt-get update && apt-get install -y curl xz-utils
      RUN curl -fsSLO https://example.com/node.tar.xz \\
          && apt-mark auto '.*' > /dev/null \\
          && find /usr/local -type f -executable -exec ldd '{}' ';' | awk '{print $3}' | xargs -r apt-mark manual \\
          && apt-get purge -y --auto-remove
    `;
    expect(rows(code).map((r) => [r[0], r[4]])).toEqual([
      ['curl', true],
      ['xz-utils', true],
    ]);
  });

  it('apt-mark auto without a purge removes nothing', () => {
    const code = "FROM debian:12\nRUN apt-get install -y curl && apt-mark auto '.*'\n";
    expect(rows(code).map((r) => r[4])).toEqual([false]);
  });

  it('rpm, zypper and pacman managers', () => {
    const code = dedent`
      FROM rockylinux:9
      RUN dnf install -y --setopt=install_weak_deps=False --enablerepo crb gcc-c++ openssl-devel.x86_64 && dnf clean all
      RUN yum -y groupinstall "Development Tools" && microdnf install -y tar
      RUN zypper --non-interactive in -y --no-recommends git && pacman -Syu --noconfirm base-devel && pacman -Ss vim
      RUN dnf remove -y gcc-c++
    `;
    expect(rows(code)).toEqual([
      ['gcc-c++', 'rpm', [1, 69, 1, 76], 'gcc-c++', true],
      ['openssl-devel', 'rpm', [1, 77, 1, 97], 'openssl-devel.x86_64', false],
      ['development tools', 'rpm', [2, 24, 2, 43], '"Development Tools"', false],
      ['tar', 'rpm', [2, 67, 2, 70], 'tar', false],
      ['git', 'zypper', [3, 51, 3, 54], 'git', false],
      ['base-devel', 'pacman', [3, 82, 3, 92], 'base-devel', false],
    ]);
  });

  it('pip via python -m pip, npm -g and gem; npm without -g is not a package install', () => {
    const code = dedent`
      FROM node:22
      RUN python3 -m pip install --index-url https://pypi.example/simple black==24.1 \\
       && npm install -g @angular/cli@17 typescript \\
       && npm install express \\
       && gem install -N bundler:2.5 \\
       && pip uninstall -y black
    `;
    expect(rows(code)).toEqual([
      ['black', 'pip', [1, 67, 1, 78], 'black==24.1', true],
      ['@angular/cli', 'npm-global', [2, 19, 2, 34], '@angular/cli@17', false],
      ['typescript', 'npm-global', [2, 35, 2, 45], 'typescript', false],
      ['bundler', 'gem', [4, 19, 4, 30], 'bundler:2.5', false],
    ]);
  });

  it('exec-form RUN and nested sh -c scripts', () => {
    const code = dedent`
      FROM debian:12
      RUN ["apt-get", "install", "-y", "curl"]
      RUN sh -c 'apt-get install -y wget'
    `;
    expect(rows(code)).toEqual([
      ['curl', 'apt', [1, 33, 1, 39], '"curl"', false],
      ['wget', 'apt', [2, 30, 2, 34], 'wget', false],
    ]);
  });

  it('never guesses words with variables, substitutions, files or URLs', () => {
    const code = dedent`
      FROM debian:12
      ENV BUILD_DEPS="gcc make"
      RUN apt-get install -y $BUILD_DEPS "postgresql-$PG_MAJOR" $(cat pkgs.txt) ./local.deb \\
       && pip install git+https://github.com/x/y.git ./wheels/a.whl
    `;
    expect(rows(code)).toEqual([]);
  });

  it('words inside a quoted string are not commands', () => {
    expect(rows('FROM debian:12\nRUN echo "apt-get install -y curl" > /notes.txt\n')).toEqual([]);
  });

  it('covers the FROM ancestors of the stage, not other stages', () => {
    const code = dedent`
      FROM debian:12 AS base
      RUN apt-get install -y ca-certificates
      FROM golang:1.23 AS build
      RUN apt-get install -y gcc
      FROM base AS final
      RUN apt-get install -y tini
    `;
    const model = parseDockerfile(code);
    const final = installedPackages(model, model.finalStage!);
    expect(final.map((p) => [p.name, p.stage.name])).toEqual([
      ['ca-certificates', 'base'],
      ['tini', 'final'],
    ]);
    expect(rows(code, 1).map((r) => r[0])).toEqual(['gcc']);
    // Cached per model and stage.
    expect(installedPackages(model, model.finalStage!)).toBe(final);
    expect(final[0].instruction.getKeyword()).toBe('RUN');
  });

  it('a removal in a later stage of the chain counts; one in an unrelated stage does not', () => {
    const code = dedent`
      FROM debian:12 AS base
      RUN apt-get install -y curl git
      FROM base AS other
      RUN apt-get purge -y git
      FROM base
      RUN apt-get purge -y curl
    `;
    const model = parseDockerfile(code);
    const packages = installedPackages(model, model.finalStage!);
    expect(packages.map((p) => [p.name, p.removed, p.removedBy?.getRange().start.line])).toEqual([
      ['curl', true, 5],
      ['git', false, undefined],
    ]);
  });
});
