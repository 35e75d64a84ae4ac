import type { Alternative } from './types';

/*
 * Runtime images as the hardening refactorings need them: which image a build
 * of each ecosystem is copied into, which interpreter ENTRYPOINT a runtime
 * image sets, and which packages it already contains. Sources: the image
 * definitions (GoogleContainerTools/distroless `*.bzl`, Chainguard and Docker
 * Hardened Images docs); where a fact is not certain it is left out.
 */

/** An interpreter ENTRYPOINT a runtime image sets: CMD then holds only the interpreter's arguments. */
export interface ImageEntrypoint {
  /** Image names without tag; `*` matches within a path segment. */
  names: string[];
  interpreter: 'node' | 'python' | 'java';
  /** The ENTRYPOINT, exec form. */
  entrypoint: string[];
  /** The interpreter version fixed by the image name (Python of a Debian release). */
  version?: string;
  source: string;
}

const distroless = (n: string) => [`gcr.io/distroless/${n}`];

export const IMAGE_ENTRYPOINTS: ImageEntrypoint[] = [
  {
    names: [...distroless('nodejs*-debian12'), ...distroless('nodejs*-debian13')],
    interpreter: 'node',
    entrypoint: ['/nodejs/bin/node'],
    source: 'distroless nodejs/nodejs.bzl: entrypoint = ["/nodejs/bin/node"]',
  },
  {
    names: distroless('python3-debian12'),
    interpreter: 'python',
    entrypoint: ['/usr/bin/python3.11'],
    version: '3.11',
    source: 'distroless python3/python.bzl: Debian 12 ships Python 3.11, entrypoint /usr/bin/python3.11',
  },
  {
    names: distroless('python3-debian13'),
    interpreter: 'python',
    entrypoint: ['/usr/bin/python3.13'],
    version: '3.13',
    source: 'distroless python3/python.bzl: Debian 13 ships Python 3.13',
  },
  {
    names: [...distroless('java*-debian12'), ...distroless('java*-debian13')],
    interpreter: 'java',
    entrypoint: ['/usr/bin/java', '-jar'],
    source: 'distroless java/java.bzl: entrypoint = ["/usr/bin/java", "-jar"] (not java-base)',
  },
];

/** Distroless Python images by the Python minor version they ship. */
export const DISTROLESS_PYTHON: Readonly<Record<string, string>> = {
  '3.11': 'gcr.io/distroless/python3-debian12:nonroot',
  '3.13': 'gcr.io/distroless/python3-debian13:nonroot',
};

/**
 * The runtime image "Split into build and runtime stages" copies a build into,
 * per kind of artefact, when the build image's own catalogue entry has no
 * better alternative. `{major}` / `{minor}` / `{version}` are filled from the build image's tag.
 */
export type RuntimeKey = 'static' | 'cc' | 'node' | 'java' | 'dotnet' | 'pythonSlim' | 'pythonAlpine' | 'ruby' | 'nginx' | 'base';

export const RUNTIME_DEFAULTS: Readonly<Record<RuntimeKey, Alternative>> = {
  /** A static binary (Go with CGO_ENABLED=0, Rust for musl). */
  static: { kind: 'distroless', image: 'gcr.io/distroless/static-debian12:nonroot', description: 'Distroless static: CA certificates, tzdata, /etc/passwd; no libc, no shell; UID 65532' },
  /** A binary linked against glibc (Go with cgo, Rust, C/C++). */
  cc: { kind: 'distroless', image: 'gcr.io/distroless/cc-debian12:nonroot', description: 'Distroless cc: glibc and libgcc/libstdc++; no shell; UID 65532' },
  node: { kind: 'distroless', image: 'gcr.io/distroless/nodejs{major}-debian12:nonroot', versions: ['20', '22', '24'], defaultVersion: '22', description: 'Distroless Node.js: no shell, no npm; entrypoint is node; UID 65532' },
  java: { kind: 'distroless', image: 'gcr.io/distroless/java{major}-debian12:nonroot', versions: ['17', '21'], defaultVersion: '21', description: 'Distroless Java (JRE): no shell; entrypoint is java -jar; UID 65532' },
  dotnet: { kind: 'distroless', image: 'mcr.microsoft.com/dotnet/aspnet:{minor}-noble-chiseled', versions: ['8.0', '9.0', '10.0'], defaultVersion: '8.0', description: 'Ubuntu chiseled ASP.NET runtime: no shell, no package manager; non-root app user (UID 1654)' },
  /** Python whose version has no distroless image: the same version's slim image. */
  pythonSlim: { kind: 'slim', image: 'python:{minor}-slim', defaultVersion: '3.12', description: 'Python slim: same Python as the build, shell and apt' },
  pythonAlpine: { kind: 'alpine', image: 'python:{minor}-alpine', defaultVersion: '3.12', description: 'Python Alpine: same Python and musl libc as the build, shell and apk' },
  ruby: { kind: 'slim', image: 'ruby:{minor}-slim', defaultVersion: '3.3', description: 'Ruby slim: same Ruby as the build, shell and apt' },
  nginx: { kind: 'slim', image: 'nginxinc/nginx-unprivileged:{version}-alpine', defaultVersion: 'stable', description: 'NGINX unprivileged: listens on 8080, runs as UID 101' },
  /** Anything else on glibc: libc, OpenSSL and CA certificates. */
  base: { kind: 'distroless', image: 'gcr.io/distroless/base-debian12:nonroot', description: 'Distroless base: glibc, OpenSSL, CA certificates; no shell; UID 65532' },
};

/**
 * Packages a runtime image already contains (so a build stage that installed
 * them needs nothing more), by image name pattern; the first match wins.
 */
export const RUNTIME_PACKAGES: { names: string[]; packages: string[] }[] = [
  { names: ['gcr.io/distroless/static*'], packages: ['ca-certificates', 'tzdata', 'netbase', 'base-files'] },
  { names: ['gcr.io/distroless/base-nossl*'], packages: ['ca-certificates', 'tzdata', 'netbase', 'base-files', 'libc6'] },
  { names: ['gcr.io/distroless/base*'], packages: ['ca-certificates', 'tzdata', 'netbase', 'base-files', 'libc6', 'libssl3', 'openssl'] },
  {
    names: ['gcr.io/distroless/*'],
    packages: ['ca-certificates', 'tzdata', 'netbase', 'base-files', 'libc6', 'libssl3', 'openssl', 'libgcc-s1', 'libstdc++6', 'libgomp1', 'zlib1g', 'libffi8', 'libsqlite3-0', 'libexpat1', 'liblzma5', 'libbz2-1.0'],
  },
  { names: ['cgr.dev/*/*', 'dhi.io/*', 'mcr.microsoft.com/dotnet/*'], packages: ['ca-certificates', 'ca-certificates-bundle', 'tzdata'] },
];

function nameMatches(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
  return re.test(name);
}

/** The interpreter ENTRYPOINT an image sets, when the catalogue knows it. */
export function imageEntrypoint(name: string): ImageEntrypoint | undefined {
  return IMAGE_ENTRYPOINTS.find((e) => e.names.some((n) => nameMatches(n, name)));
}

/** Packages an image is known to contain already. */
export function runtimePackages(name: string): readonly string[] {
  return RUNTIME_PACKAGES.find((e) => e.names.some((n) => nameMatches(n, name)))?.packages ?? [];
}
