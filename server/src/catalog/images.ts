import type { Alternative, ImageFacts, ImageFamily, TagVariant } from './types';

/*
 * Base-image facts. Sources are each family's own documentation; where a fact
 * is not certain for every tag, the family is left to `unknown` rather than guessed.
 */

const DEBIAN_FULL: ImageFacts = { user: '0', userName: 'root', shell: true, packageManager: 'apt', libc: 'glibc', variant: 'full' };
const DEBIAN_SDK: ImageFacts = { ...DEBIAN_FULL, variant: 'sdk' };

/** Tags of Docker official images: `-slim` (Debian slim) and `-alpine` variants. */
const SLIM: TagVariant = { tag: '(?:.*-)?slim(?:-.*)?', facts: { variant: 'slim' } };
const ALPINE: TagVariant = { tag: '(?:.*-)?alpine.*', facts: { packageManager: 'apk', libc: 'musl', variant: 'alpine' } };

// Distroless: latest = root, nonroot = 65532, debug(-nonroot) adds a busybox shell; arch suffixes allowed.
const DISTROLESS_TAGS: TagVariant[] = [
  { tag: 'nonroot(?:-(?:amd64|arm64|arm|s390x|ppc64le))?', facts: { user: '65532', userName: 'nonroot' } },
  { tag: 'debug-nonroot(?:-(?:amd64|arm64|arm|s390x|ppc64le))?', facts: { user: '65532', userName: 'nonroot', shell: true }, note: 'debug tag: includes a busybox shell' },
  { tag: 'debug(?:-(?:amd64|arm64|arm|s390x|ppc64le))?', facts: { shell: true }, note: 'debug tag: includes a busybox shell, runs as root' },
];
const DISTROLESS_BASE: ImageFacts = { user: '0', userName: 'root', shell: false, packageManager: null, libc: 'glibc', variant: 'distroless' };

// Chainguard: `latest` runs as nonroot 65532 without shell; `-dev` tags add a shell and apk.
const CHAINGUARD_TAGS: TagVariant[] = [
  { tag: '(?:.*-)?dev', facts: { shell: true, packageManager: 'apk' }, note: '-dev tag: includes a shell and apk, meant for build stages' },
];
const CHAINGUARD_BASE: ImageFacts = { user: '65532', userName: 'nonroot', shell: false, packageManager: null, libc: 'glibc', variant: 'chainguard' };

// Docker Hardened Images: runtime tags run as 65532 without shell or package manager;
// `-dev` / `-sdk` tags are for build stages (root, shell, package manager).
const DHI_TAGS: TagVariant[] = [
  { tag: '.*alpine.*-(?:dev|sdk)|(?:.*-)?(?:dev|sdk)-.*alpine.*', facts: { user: '0', userName: 'root', shell: true, packageManager: 'apk', libc: 'musl', variant: 'sdk' }, note: 'build-stage tag: root, shell and apk' },
  { tag: '(?:.*-)?(?:dev|sdk)(?:-.*)?', facts: { user: '0', userName: 'root', shell: true, packageManager: 'apt', variant: 'sdk' }, note: 'build-stage tag: root, shell and package manager' },
  { tag: '.*alpine.*', facts: { libc: 'musl' } },
];
const DHI_BASE: ImageFacts = { user: '65532', userName: 'nonroot', shell: false, packageManager: null, libc: 'glibc', variant: 'dhi' };

/** The JDK major version inside maven/gradle tags: `3.9-eclipse-temurin-21`, `8.10-jdk21-alpine`, `3-amazoncorretto-17`. */
const JAVA_IN_TAG = '(?:temurin|jdk|corretto|openjdk|sapmachine|semeru|graalvm-community|zulu)-?(\\d+)';

const STATIC_ALTERNATIVES: Alternative[] = [
  { kind: 'distroless', image: 'gcr.io/distroless/static-debian12:nonroot', description: 'Distroless static: CA certificates, tzdata, /etc/passwd; no libc, no shell; UID 65532' },
  { kind: 'chainguard', image: 'cgr.dev/chainguard/static:latest', description: 'Chainguard static: no libc, no shell; UID 65532' },
  { kind: 'dhi', image: 'dhi.io/static:20250419', description: 'Docker Hardened static image: no libc, no shell; UID 65532' },
  { kind: 'scratch', image: 'scratch', description: 'Empty image: only for fully static binaries (bring your own CA certificates and user)' },
];

const CC_ALTERNATIVES: Alternative[] = [
  { kind: 'distroless', image: 'gcr.io/distroless/cc-debian12:nonroot', description: 'Distroless cc: glibc and libgcc/libstdc++; no shell; UID 65532' },
  { kind: 'chainguard', image: 'cgr.dev/chainguard/glibc-dynamic:latest', description: 'Chainguard glibc-dynamic: glibc runtime; no shell; UID 65532' },
];

const OS_ALTERNATIVES: Alternative[] = [
  { kind: 'slim', image: 'debian:bookworm-slim', description: 'Debian slim: smaller, still has a shell and apt (runs as root: add USER)' },
  { kind: 'distroless', image: 'gcr.io/distroless/base-debian12:nonroot', description: 'Distroless base: glibc, OpenSSL, CA certificates; no shell; UID 65532' },
  { kind: 'chainguard', image: 'cgr.dev/chainguard/glibc-dynamic:latest', description: 'Chainguard glibc-dynamic: glibc runtime; no shell; UID 65532' },
];

/** Node.js majors with -slim / -alpine tags still published (older ones get the nearest supported). */
const NODE_VERSIONS = ['18', '20', '22', '24', '25'];

const NODE_ALTERNATIVES: Alternative[] = [
  { kind: 'slim', image: 'node:{major}-slim', versions: NODE_VERSIONS, defaultVersion: '22', description: 'Node slim: Debian slim, shell and apt (runs as root: add USER)' },
  { kind: 'alpine', image: 'node:{major}-alpine', versions: NODE_VERSIONS, defaultVersion: '22', description: 'Node Alpine: musl libc, shell and apk (runs as root: add USER)' },
  { kind: 'distroless', image: 'gcr.io/distroless/nodejs{major}-debian12:nonroot', versions: ['20', '22', '24'], defaultVersion: '22', description: 'Distroless Node.js: no shell, no npm; entrypoint is node; UID 65532' },
  { kind: 'dhi', image: 'dhi.io/node:{major}', versions: ['20', '22', '24'], defaultVersion: '22', description: 'Docker Hardened Node.js: no shell, no package manager; UID 65532' },
  { kind: 'chainguard', image: 'cgr.dev/chainguard/node:latest', description: 'Chainguard Node.js: no shell; UID 65532 (latest Node only on the free tier)' },
];

const PYTHON_ALTERNATIVES: Alternative[] = [
  { kind: 'slim', image: 'python:{minor}-slim', defaultVersion: '3.12', description: 'Python slim: Debian slim, shell and apt (runs as root: add USER)' },
  { kind: 'distroless', image: 'gcr.io/distroless/python3-debian12:nonroot', description: "Distroless Python 3 (Debian 12's Python 3.11): no shell, no pip; entrypoint is python3; UID 65532" },
  { kind: 'dhi', image: 'dhi.io/python:{minor}', versions: ['3.9', '3.10', '3.11', '3.12', '3.13'], defaultVersion: '3.12', description: 'Docker Hardened Python: no shell, no package manager; UID 65532' },
  { kind: 'chainguard', image: 'cgr.dev/chainguard/python:latest', description: 'Chainguard Python: no shell, no pip; UID 65532' },
];

const JAVA_ALTERNATIVES: Alternative[] = [
  { kind: 'distroless', image: 'gcr.io/distroless/java{major}-debian12:nonroot', versions: ['17', '21'], defaultVersion: '21', description: 'Distroless Java (JRE): no shell; entrypoint is java -jar; UID 65532' },
  { kind: 'dhi', image: 'dhi.io/eclipse-temurin:{major}', versions: ['8', '11', '17', '21'], defaultVersion: '21', description: 'Docker Hardened Eclipse Temurin JRE: no shell; UID 65532' },
  { kind: 'chainguard', image: 'cgr.dev/chainguard/jre:latest', description: 'Chainguard JRE: no shell; UID 65532' },
];

const DOTNET_ALTERNATIVES: Alternative[] = [
  { kind: 'distroless', image: 'mcr.microsoft.com/dotnet/aspnet:{minor}-noble-chiseled', versions: ['8.0', '9.0', '10.0'], defaultVersion: '8.0', description: 'Ubuntu chiseled ASP.NET runtime: no shell, no package manager; non-root app user (UID 1654)' },
  { kind: 'dhi', image: 'dhi.io/aspnetcore:{minor}', versions: ['8.0', '9.0'], defaultVersion: '8.0', description: 'Docker Hardened ASP.NET Core runtime: no shell; UID 65532' },
  { kind: 'chainguard', image: 'cgr.dev/chainguard/aspnet-runtime:latest', description: 'Chainguard ASP.NET runtime: no shell; UID 65532' },
];

const NGINX_ALTERNATIVES: Alternative[] = [
  { kind: 'slim', image: 'nginxinc/nginx-unprivileged:{version}-alpine', defaultVersion: 'stable', description: 'NGINX unprivileged: listens on 8080, runs as UID 101' },
  { kind: 'dhi', image: 'dhi.io/nginx:{version}', defaultVersion: '1', description: 'Docker Hardened NGINX: no shell; UID 65532' },
  { kind: 'chainguard', image: 'cgr.dev/chainguard/nginx:latest', description: 'Chainguard NGINX: no shell; listens on 8080; UID 65532' },
];

const DISTROLESS = (id: string, names: string[], ecosystem: ImageFamily['ecosystem'], libc: ImageFacts['libc'] = 'glibc'): ImageFamily => ({
  id,
  names: names.flatMap((n) => [`gcr.io/distroless/${n}`, `gcr.io/distroless/${n}-debian11`, `gcr.io/distroless/${n}-debian12`, `gcr.io/distroless/${n}-debian13`]),
  vendor: 'distroless',
  ecosystem,
  facts: { ...DISTROLESS_BASE, libc },
  tags: DISTROLESS_TAGS,
  source: 'GoogleContainerTools/distroless README: tags latest, nonroot (65532), debug, debug-nonroot',
});

export const FAMILIES: ImageFamily[] = [
  // ---- Docker official: operating systems -------------------------------------------------
  { id: 'debian', names: ['debian'], vendor: 'docker-official', ecosystem: 'os', facts: DEBIAN_FULL, tags: [SLIM], alternatives: OS_ALTERNATIVES, source: 'docker-library/docs debian' },
  { id: 'ubuntu', names: ['ubuntu'], vendor: 'docker-official', ecosystem: 'os', facts: DEBIAN_FULL, alternatives: OS_ALTERNATIVES, source: 'docker-library/docs ubuntu' },
  { id: 'alpine', names: ['alpine'], vendor: 'docker-official', ecosystem: 'os', facts: { user: '0', userName: 'root', shell: true, packageManager: 'apk', libc: 'musl', variant: 'alpine' }, alternatives: STATIC_ALTERNATIVES, source: 'docker-library/docs alpine' },
  { id: 'busybox', names: ['busybox'], vendor: 'docker-official', ecosystem: 'os', facts: { user: '0', userName: 'root', shell: true, packageManager: null, libc: 'glibc', variant: 'slim' }, tags: [{ tag: '(?:.*-)?musl', facts: { libc: 'musl' } }], source: 'docker-library/docs busybox' },
  { id: 'fedora', names: ['fedora'], vendor: 'docker-official', ecosystem: 'os', facts: { ...DEBIAN_FULL, packageManager: 'dnf' }, alternatives: OS_ALTERNATIVES, source: 'docker-library/docs fedora' },
  { id: 'centos', names: ['centos', 'quay.io/centos/centos'], vendor: 'other', ecosystem: 'os', facts: { ...DEBIAN_FULL, packageManager: 'yum' }, alternatives: OS_ALTERNATIVES, source: 'CentOS images run as root with yum' },
  { id: 'rockylinux', names: ['rockylinux', 'rockylinux/rockylinux', 'almalinux', 'oraclelinux', 'amazonlinux'], vendor: 'docker-official', ecosystem: 'os', facts: { ...DEBIAN_FULL, packageManager: 'dnf' }, tags: [{ tag: '.*minimal.*', facts: { packageManager: 'microdnf', variant: 'slim' } }, { tag: '2', facts: { packageManager: 'yum' } }], alternatives: OS_ALTERNATIVES, source: 'docker-library/docs rockylinux, almalinux, oraclelinux, amazonlinux' },
  { id: 'ubi', names: ['registry.access.redhat.com/ubi*/ubi', 'registry.redhat.io/ubi*/ubi'], vendor: 'redhat', ecosystem: 'os', facts: { ...DEBIAN_FULL, packageManager: 'dnf' }, alternatives: OS_ALTERNATIVES, source: 'Red Hat UBI: standard image, dnf, root' },
  { id: 'ubi-minimal', names: ['registry.access.redhat.com/ubi*/ubi-minimal', 'registry.redhat.io/ubi*/ubi-minimal'], vendor: 'redhat', ecosystem: 'os', facts: { ...DEBIAN_FULL, packageManager: 'microdnf', variant: 'slim' }, source: 'Red Hat UBI minimal: microdnf, root' },
  { id: 'ubi-micro', names: ['registry.access.redhat.com/ubi*/ubi-micro', 'registry.redhat.io/ubi*/ubi-micro'], vendor: 'redhat', ecosystem: 'os', facts: { ...DEBIAN_FULL, packageManager: null, variant: 'distroless' }, source: 'Red Hat UBI micro: no package manager, runs as root' },

  // ---- Docker official: language runtimes and SDKs ---------------------------------------
  { id: 'node', names: ['node'], vendor: 'docker-official', ecosystem: 'node', facts: DEBIAN_FULL, tags: [SLIM, ALPINE], alternatives: NODE_ALTERNATIVES, source: 'docker-library/docs node: a `node` user (UID 1000) exists but the image runs as root' },
  { id: 'python', names: ['python', 'pypy'], vendor: 'docker-official', ecosystem: 'python', facts: DEBIAN_FULL, tags: [SLIM, ALPINE, { tag: '.*windowsservercore.*|.*nanoserver.*', facts: { packageManager: null, libc: 'none' } }], alternatives: PYTHON_ALTERNATIVES, source: 'docker-library/docs python' },
  { id: 'golang', names: ['golang'], vendor: 'docker-official', ecosystem: 'go', facts: DEBIAN_SDK, tags: [ALPINE], alternatives: STATIC_ALTERNATIVES, source: 'docker-library/docs golang: the full Go toolchain' },
  { id: 'rust', names: ['rust'], vendor: 'docker-official', ecosystem: 'rust', facts: DEBIAN_SDK, tags: [{ ...SLIM, facts: { variant: 'sdk' } }, { ...ALPINE, facts: { ...ALPINE.facts, variant: 'sdk' } }], alternatives: CC_ALTERNATIVES, source: 'docker-library/docs rust: the Rust toolchain' },
  { id: 'maven', names: ['maven'], vendor: 'docker-official', ecosystem: 'java', facts: DEBIAN_SDK, tags: [{ ...ALPINE, facts: { ...ALPINE.facts, variant: 'sdk' } }], alternatives: JAVA_ALTERNATIVES, versionPattern: JAVA_IN_TAG, source: 'docker-library/docs maven: tags name the JDK, e.g. 3.9-eclipse-temurin-21' },
  { id: 'gradle', names: ['gradle'], vendor: 'docker-official', ecosystem: 'java', facts: DEBIAN_SDK, tags: [{ ...ALPINE, facts: { ...ALPINE.facts, variant: 'sdk' } }], alternatives: JAVA_ALTERNATIVES, versionPattern: JAVA_IN_TAG, source: 'docker-library/docs gradle: tags name the JDK, e.g. 8.10-jdk21' },
  {
    id: 'eclipse-temurin', names: ['eclipse-temurin', 'amazoncorretto', 'openjdk', 'ibm-semeru-runtimes', 'sapmachine'], vendor: 'docker-official', ecosystem: 'java',
    facts: DEBIAN_SDK,
    tags: [
      { tag: '.*jre.*alpine.*|.*alpine.*jre.*', facts: { packageManager: 'apk', libc: 'musl', variant: 'alpine' } },
      { tag: '.*jre.*', facts: { variant: 'full' }, note: 'JRE tag: no compiler' },
      ALPINE,
    ],
    alternatives: JAVA_ALTERNATIVES,
    source: 'docker-library/docs eclipse-temurin: JDK tags include javac; -jre tags do not',
  },
  { id: 'ruby', names: ['ruby'], vendor: 'docker-official', ecosystem: 'ruby', facts: DEBIAN_FULL, tags: [SLIM, ALPINE], alternatives: [{ kind: 'slim', image: 'ruby:{minor}-slim', defaultVersion: '3.3', description: 'Ruby slim: shell and apt (runs as root: add USER)' }, { kind: 'chainguard', image: 'cgr.dev/chainguard/ruby:latest', description: 'Chainguard Ruby: no shell; UID 65532' }], source: 'docker-library/docs ruby' },
  { id: 'php', names: ['php'], vendor: 'docker-official', ecosystem: 'php', facts: DEBIAN_FULL, tags: [ALPINE], alternatives: [{ kind: 'chainguard', image: 'cgr.dev/chainguard/php:latest', description: 'Chainguard PHP: no shell; UID 65532' }], source: 'docker-library/docs php' },
  { id: 'nginx', names: ['nginx'], vendor: 'docker-official', ecosystem: 'web', facts: DEBIAN_FULL, tags: [ALPINE, { tag: '(?:.*-)?perl', facts: {} }], alternatives: NGINX_ALTERNATIVES, source: 'docker-library/docs nginx: master process runs as root' },
  { id: 'nginx-unprivileged', names: ['nginxinc/nginx-unprivileged'], vendor: 'other', ecosystem: 'web', facts: { ...DEBIAN_FULL, user: '101', userName: 'nginx' }, tags: [{ ...ALPINE, facts: { ...ALPINE.facts } }], source: 'nginxinc/docker-nginx-unprivileged: UID 101, port 8080' },
  { id: 'httpd', names: ['httpd'], vendor: 'docker-official', ecosystem: 'web', facts: DEBIAN_FULL, tags: [ALPINE], source: 'docker-library/docs httpd' },

  // ---- Microsoft .NET ---------------------------------------------------------------------
  { id: 'dotnet-sdk', names: ['mcr.microsoft.com/dotnet/sdk'], vendor: 'microsoft', ecosystem: 'dotnet', facts: DEBIAN_SDK, tags: [{ ...ALPINE, facts: { ...ALPINE.facts, variant: 'sdk' } }], alternatives: DOTNET_ALTERNATIVES, source: 'dotnet/dotnet-docker: SDK image' },
  {
    id: 'dotnet-runtime', names: ['mcr.microsoft.com/dotnet/aspnet', 'mcr.microsoft.com/dotnet/runtime', 'mcr.microsoft.com/dotnet/runtime-deps'], vendor: 'microsoft', ecosystem: 'dotnet',
    facts: DEBIAN_FULL,
    tags: [
      { tag: '.*(?:chiseled|distroless).*', facts: { user: '1654', userName: 'app', shell: false, packageManager: null, variant: 'distroless' }, note: 'chiseled / distroless: no shell, no package manager, non-root app user' },
      ALPINE,
    ],
    alternatives: DOTNET_ALTERNATIVES,
    source: 'dotnet/dotnet-docker: runtime images run as root by default (an app user, UID 1654, exists); chiseled images run as app',
  },

  // ---- Distroless --------------------------------------------------------------------------
  DISTROLESS('distroless-static', ['static'], 'static', 'none'),
  DISTROLESS('distroless-base', ['base', 'base-nossl'], 'cc'),
  DISTROLESS('distroless-cc', ['cc'], 'cc'),
  DISTROLESS('distroless-python', ['python3'], 'python'),
  DISTROLESS('distroless-nodejs', ['nodejs', 'nodejs18', 'nodejs20', 'nodejs22', 'nodejs24'], 'node'),
  DISTROLESS('distroless-java', ['java', 'java-base', 'java11', 'java17', 'java21', 'java25'], 'java'),

  // ---- Chainguard --------------------------------------------------------------------------
  { id: 'chainguard-wolfi-base', names: ['cgr.dev/chainguard/wolfi-base'], vendor: 'chainguard', ecosystem: 'os', facts: { ...CHAINGUARD_BASE, user: '0', userName: 'root', shell: true, packageManager: 'apk' }, source: 'Chainguard wolfi-base: shell and apk, runs as root' },
  { id: 'chainguard-static', names: ['cgr.dev/chainguard/static'], vendor: 'chainguard', ecosystem: 'static', facts: { ...CHAINGUARD_BASE, libc: 'none' }, source: 'Chainguard static' },
  { id: 'chainguard', names: ['cgr.dev/chainguard/*', 'cgr.dev/*/*'], vendor: 'chainguard', ecosystem: 'os', facts: CHAINGUARD_BASE, tags: CHAINGUARD_TAGS, source: 'Chainguard images: latest = nonroot 65532 without shell; -dev adds shell and apk' },

  // ---- Docker Hardened Images ----------------------------------------------------------------
  { id: 'dhi', names: ['dhi.io/*'], vendor: 'dhi', ecosystem: 'os', facts: DHI_BASE, tags: DHI_TAGS, source: 'Docker Hardened Images: runtime 65532, no shell, no package manager; -dev/-sdk for builds' },
];
