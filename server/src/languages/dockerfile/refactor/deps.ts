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

/** The interpreter of an ecosystem, when a build stage installed it from packages. */
const INTERPRETER: Partial<Record<Ecosystem, RegExp>> = {
  python: /^(python3?(\.\d+)?(-minimal|-dev|-distutils|-lib2to3)?|libpython3.*|py3-.*)$/,
  node: /^(nodejs|npm|yarn|nodejs-current|node)$/,
  java: /^(openjdk-\d+-jre(-headless)?|default-jre(-headless)?|openjdk\d+(-jre)?(-headless)?|temurin-\d+-jre|java-\d+-openjdk.*)$/,
  ruby: /^(ruby|ruby-full|ruby\d.*|bundler)$/,
};

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
  const needed: InstalledPackage[] = [];
  for (const p of installedPackages(model, stage)) {
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
