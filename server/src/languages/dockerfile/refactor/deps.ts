import { runtimePackages } from '../../../catalog';
import type { DockerfileModel, Stage } from '../model';
import { installedPackages, SYSTEM_MANAGERS, type InstalledPackage } from '../packages';
import { isBuildPackage } from '../rules/build-tools-in-runtime';
import type { Ecosystem } from './build';
import type { Runtime } from './runtime';

/*
 * Operating-system packages of a build stage, sorted for the runtime stage:
 * build tools stay behind (the point of the split), packages that only help
 * to download or install stay behind, packages the runtime image already has
 * need nothing, and the rest — libraries and tools the program may need at run
 * time — are reinstalled when the runtime has the same package manager, or
 * flagged when it has none.
 */

/** Tools used to fetch, unpack or install during the build. */
const SETUP_PACKAGES = new Set([
  'curl', 'wget', 'gnupg', 'gnupg2', 'gpg', 'gpg-agent', 'dirmngr', 'software-properties-common', 'apt-transport-https',
  'apt-utils', 'lsb-release', 'unzip', 'zip', 'xz-utils', 'xz', 'bzip2', 'gzip', 'tar', 'patch', 'file', 'sudo', 'less',
  'procps', 'nano', 'vim', 'vim-tiny', 'ca-certificates', 'openssl', 'bash', 'coreutils', 'findutils', 'grep', 'sed', 'gawk',
  'jq', 'tini', 'dumb-init', 'gosu', 'su-exec', 'shadow', 'passwd', 'locales', 'apt', 'dpkg', 'debconf', 'python3-pip',
  'python3-venv', 'python3-setuptools', 'python3-wheel', 'py3-pip', 'py3-setuptools', 'py3-wheel', 'py-pip', 'pipx',
]);

/**
 * The interpreter of an ecosystem, when a build stage installed it from
 * packages, and what its package builds need (node-gyp runs Python).
 */
const INTERPRETER: Partial<Record<Ecosystem, RegExp>> = {
  python: /^(python3?(\.\d+)?(-minimal|-dev|-distutils|-lib2to3)?|libpython3.*)$/,
  node: /^(nodejs|npm|yarn|nodejs-current|node|python3?|python-is-python3)$/,
  java: /^(openjdk-\d+-jre(-headless)?|default-jre(-headless)?|openjdk\d+(-jre)?(-headless)?|temurin-\d+-jre|java-\d+-openjdk.*)$/,
  ruby: /^(ruby|ruby-full|ruby\d.*|bundler)$/,
};

/**
 * The shared library a program compiled against a header package needs at run
 * time (`libpq-dev` → `libpq5`): native extensions built in the build stage
 * load it in the runtime stage. Debian 12 / Ubuntu and Alpine names.
 */
const APT_RUNTIME: Record<string, string> = {
  'libpq-dev': 'libpq5', 'default-libmysqlclient-dev': 'libmariadb3', 'libmariadb-dev': 'libmariadb3',
  'libmysqlclient-dev': 'libmysqlclient21', 'libxml2-dev': 'libxml2', 'libxslt1-dev': 'libxslt1.1',
  'libjpeg-dev': 'libjpeg62-turbo', 'libjpeg62-turbo-dev': 'libjpeg62-turbo', 'libpng-dev': 'libpng16-16',
  'libwebp-dev': 'libwebp7', 'libtiff-dev': 'libtiff6', 'libfreetype6-dev': 'libfreetype6', 'libfreetype-dev': 'libfreetype6',
  'liblcms2-dev': 'liblcms2-2', 'libopenjp2-7-dev': 'libopenjp2-7', 'libcairo2-dev': 'libcairo2', 'libpango1.0-dev': 'libpango-1.0-0',
  'libyaml-dev': 'libyaml-0-2', 'libgeos-dev': 'libgeos-c1v5', 'libmagic-dev': 'libmagic1', 'libldap2-dev': 'libldap-2.5-0',
  'libsasl2-dev': 'libsasl2-2', 'libcurl4-openssl-dev': 'libcurl4', 'libsnappy-dev': 'libsnappy1v5', 'libzstd-dev': 'libzstd1',
  'liblz4-dev': 'liblz4-1', 'libgmp-dev': 'libgmp10', 'libsodium-dev': 'libsodium23', 'libzmq3-dev': 'libzmq5',
  'libopenblas-dev': 'libopenblas0', 'libsqlite3-dev': 'libsqlite3-0', 'libffi-dev': 'libffi8', 'libssl-dev': 'libssl3',
  'zlib1g-dev': 'zlib1g', 'libbz2-dev': 'libbz2-1.0', 'liblzma-dev': 'liblzma5', 'libreadline-dev': 'libreadline8',
  'libncurses-dev': 'libncursesw6', 'libncurses5-dev': 'libncursesw6',
};
const APK_RUNTIME: Record<string, string> = {
  'postgresql-dev': 'libpq', 'libpq-dev': 'libpq', 'mariadb-dev': 'mariadb-connector-c', 'mariadb-connector-c-dev': 'mariadb-connector-c',
  'libxml2-dev': 'libxml2', 'libxslt-dev': 'libxslt', 'jpeg-dev': 'libjpeg-turbo', 'libjpeg-turbo-dev': 'libjpeg-turbo',
  'libpng-dev': 'libpng', 'libwebp-dev': 'libwebp', 'freetype-dev': 'freetype', 'yaml-dev': 'yaml', 'geos-dev': 'geos',
  'libffi-dev': 'libffi', 'openssl-dev': 'libssl3', 'zlib-dev': 'zlib', 'libsodium-dev': 'libsodium', 'zeromq-dev': 'libzmq',
  'librdkafka-dev': 'librdkafka', 'sqlite-dev': 'sqlite-libs',
};

function runtimeLibraryOf(p: InstalledPackage): string | undefined {
  if (p.manager === 'apk') return APK_RUNTIME[p.name];
  return p.manager === 'apt' ? APT_RUNTIME[p.name] : undefined;
}

export interface RuntimeDeps {
  /** Packages to install in the runtime stage (same package manager). */
  install: string[];
  /** Packages the runtime lacks and cannot install (no package manager, or a different one). */
  missing: string[];
  manager?: InstalledPackage['manager'];
}

export function runtimeDeps(
  model: DockerfileModel,
  stage: Stage,
  runtime: Runtime,
  ecosystem: Ecosystem,
  programs: readonly string[],
): RuntimeDeps {
  const provided = new Set(runtime.ref ? runtimePackages(runtime.ref.name) : []);
  const needed: { name: string; manager: InstalledPackage['manager'] }[] = [];
  for (const p of installedPackages(model, stage)) {
    // Headers stay in the build stage; the library they link against is needed where the program runs.
    const library = SYSTEM_MANAGERS.has(p.manager) ? runtimeLibraryOf(p) : undefined;
    if (library && !provided.has(library) && !needed.some((n) => n.name === library)) needed.push({ name: library, manager: p.manager });
    if (p.removed || !SYSTEM_MANAGERS.has(p.manager) || isBuildPackage(p)) continue;
    if (provided.has(p.name) || INTERPRETER[ecosystem]?.test(p.name)) continue;
    // A setup tool matters only when the program, an ENTRYPOINT or a HEALTHCHECK calls it.
    if (SETUP_PACKAGES.has(p.name) && !programs.includes(p.name)) continue;
    if (needed.some((n) => n.name === p.name)) continue;
    needed.push(p);
  }
  const names = needed.map((p) => p.name);
  const manager = needed[0]?.manager;
  const runtimeManager = runtime.packageManager;
  const same = (manager === 'apt' && runtimeManager === 'apt') || (manager === 'apk' && runtimeManager === 'apk');
  return same ? { install: names, missing: [], manager } : { install: [], missing: names, manager };
}

/** The RUN line that installs packages on a runtime with a package manager. */
export function installLine(deps: RuntimeDeps): string | null {
  if (deps.install.length === 0) return null;
  const list = deps.install.join(' ');
  if (deps.manager === 'apk') return `RUN apk add --no-cache ${list}`;
  return `RUN apt-get update && apt-get install -y --no-install-recommends ${list} && rm -rf /var/lib/apt/lists/*`;
}
