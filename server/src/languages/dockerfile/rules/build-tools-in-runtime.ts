import type { Instruction } from 'dockerfile-ast';
import { defineRule } from '../language';
import type { DockerfileModel, Stage } from '../model';
import {
  environmentAt,
  installedPackages,
  orderedCommands,
  spanRange,
  splitArgs,
  stageChain,
  type InstalledPackage,
} from '../packages';
import { canSplit, splitStage, type RefactorResult } from '../refactor/split';
import { basename, effectiveWords, type ShellCommand } from '../shell';

/** Operating-system packages that are compilers, build systems, headers or SDKs. */
const BUILD_PACKAGES = new Set([
  // C/C++ compilers and toolchain meta-packages
  'gcc', 'g++', 'gcc-c++', 'cc', 'c++', 'clang', 'build-essential', 'build-base', 'alpine-sdk', 'base-devel',
  'development tools', '@development-tools', 'gfortran', 'ccache', 'musl-dev', 'libc-dev', 'linux-headers', 'kernel-headers',
  // build systems and generators
  'make', 'cmake', 'ninja', 'ninja-build', 'meson', 'autoconf', 'automake', 'libtool', 'pkg-config', 'pkgconf',
  'pkgconfig', 'bison', 'flex', 'yasm', 'nasm', 'node-gyp',
  // source control
  'git', 'git-all',
  // language toolchains
  'golang', 'golang-go', 'go', 'rustc', 'rust', 'cargo', 'rustup', 'maven', 'gradle', 'ant', 'default-jdk',
  'default-jdk-headless',
]);

const BUILD_PATTERNS: RegExp[] = [
  /^(gcc|g\+\+|clang|cpp)-\d+(\.\d+)?$/, // gcc-12, clang-16
  /^(gcc|g\+\+)-[a-z0-9_-]+-linux-gnu[a-z0-9]*$/, // cross compilers
  /-dev$/, // Debian/Alpine headers: libssl-dev, python3-dev, zlib-dev
  /-devel$/, // RPM headers: openssl-devel, glibc-devel
  /^golang-\d+(\.\d+)?(-go)?$/,
  /^openjdk-\d+-jdk(-headless)?$/, // Debian/Ubuntu JDKs
  /^openjdk\d+(-jdk)?$/, // Alpine: openjdk17, openjdk17-jdk
  /^temurin-\d+-jdk$/,
];

/** Globally installed npm packages that only build or scaffold code. */
const BUILD_NPM_GLOBAL = new Set([
  'node-gyp', 'typescript', 'webpack', 'webpack-cli', 'vite', 'parcel', '@angular/cli', '@vue/cli', '@nestjs/cli',
  'gulp-cli', 'grunt-cli',
]);

export function isBuildPackage(p: Pick<InstalledPackage, 'name' | 'manager'>): boolean {
  if (p.manager === 'npm-global') return BUILD_NPM_GLOBAL.has(p.name);
  if (p.manager === 'pip' || p.manager === 'gem') return false;
  return BUILD_PACKAGES.has(p.name) || BUILD_PATTERNS.some((re) => re.test(p.name));
}

const BUILD_SUBCOMMANDS: Record<string, ReadonlySet<string>> = {
  go: new Set(['build', 'install']),
  cargo: new Set(['build', 'install']),
  mvn: new Set(['package', 'install', 'verify']),
  mvnw: new Set(['package', 'install', 'verify']),
  gradle: new Set(['build', 'assemble', 'bootJar', 'installDist', 'shadowJar']),
  gradlew: new Set(['build', 'assemble', 'bootJar', 'installDist', 'shadowJar']),
};

const PRODUCTION_FLAGS = /^(--production|--omit=dev|--only=prod(uction)?)$/;

/** `npm ci` / `npm install` that leaves out devDependencies (flag, inline or ENV setting). */
function omitsDev(model: DockerfileModel, instruction: Instruction, cmd: ShellCommand, args: string[]): boolean {
  for (let k = 0; k < args.length; k++) {
    if (PRODUCTION_FLAGS.test(args[k])) return true;
    if ((args[k] === '--omit' || args[k] === '--only') && /^(dev|prod(uction)?)$/.test(args[k + 1] ?? '')) return true;
  }
  const env = environmentAt(model, instruction);
  for (const a of [...cmd.assignments, ...cmd.words.slice(0, 3)]) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(a.value);
    if (m) env.set(m[1], m[2]);
  }
  const get = (name: string) => env.get(name) ?? env.get(name.toLowerCase()) ?? env.get(name.toUpperCase());
  return (
    get('NODE_ENV') === 'production' ||
    get('npm_config_omit') === 'dev' ||
    /^(true|1)$/.test(get('npm_config_production') ?? '')
  );
}

/** A later `npm prune --omit=dev` / `--production` in the stage chain removes the devDependencies again. */
function prunedLater(model: DockerfileModel, stage: Stage, after: number): boolean {
  let stages = lastPrunes.get(model);
  if (!stages) lastPrunes.set(model, (stages = new Map()));
  let last = stages.get(stage);
  if (last === undefined) stages.set(stage, (last = lastPrune(model, stage)));
  return last > after;
}

/** Per model and stage: the offset of the last production `npm prune` (-1: none), found once, not at every npm install. */
const lastPrunes = new WeakMap<DockerfileModel, Map<Stage, number>>();

function lastPrune(model: DockerfileModel, stage: Stage): number {
  let last = -1;
  for (const s of stageChain(stage)) {
    for (const instr of s.instructions) {
      if (instr.getKeyword() !== 'RUN') continue;
      for (const cmd of orderedCommands(model, instr)) {
        const w = effectiveWords(cmd).map((x) => x.value);
        const at = cmd.words[0]?.start ?? 0;
        if (basename(w[0] ?? '') !== 'npm' || w[1] !== 'prune' || at <= last) continue;
        if (w.slice(2).some((x, k, all) => PRODUCTION_FLAGS.test(x) || (x === '--omit' && all[k + 1] === 'dev')) || omitsDev(model, instr, cmd, [])) last = at;
      }
    }
  }
  return last;
}

const NPM_VALUE_FLAGS = new Set(['--prefix', '--registry', '--cache', '-w', '--workspace', '--omit', '--only', '--include', '--loglevel']);
const BUILD_VALUE_FLAGS = new Set(['-C', '-f', '-p', '-s', '-x', '--file', '--settings', '--project-dir', '-b', '--build-file', '--exclude-task']);

const NPM_INSTALL = new Set(['ci', 'install', 'i', 'clean-install', 'isntall', 'add']);

export default defineRule({
  meta: {
    id: 'dockerfile/build-tools-in-runtime',
    category: 'size',
    defaultSeverity: 'warning',
    description: 'Compilers, headers, SDKs and build commands belong in a build stage, not in the image that ships.',
    messages: {
      buildPackage:
        '{{name}} is a build tool installed in the final image and never removed: it belongs in a build stage of a multi-stage build, with only the build output copied into the runtime stage.',
      buildCommand:
        '`{{command}}` runs in the final image, so its toolchain ships with the application: run it in a build stage of a multi-stage build and copy only the result.',
      devDependencies:
        '`{{command}}` installs devDependencies into the final image: add --omit=dev (or set ENV NODE_ENV=production), or install and build in a build stage of a multi-stage build.',
      splitStages: 'Split into build and runtime stages on {{image}}{{notes}}',
    },
    aliases: [],
    fixable: false,
    hasSuggestions: true,
  },
  create(context) {
    const { model } = context;
    // One split of the final stage serves every finding (computed once, when the first is reported).
    let split: RefactorResult | null | undefined;
    const suggest = () => {
      const final = model.finalStage;
      if (split === undefined) split = final && canSplit(model, final) ? splitStage(model, final) : null;
      const s = split;
      if (!s) return [];
      const notes = s.caveats.length > 0 ? ` (${s.caveats.join('; ')}: review)` : '';
      return [{ messageId: 'splitStages' as const, data: { image: s.runtimeImage, notes }, fix: () => s.edits }];
    };
    return {
      RUN(instruction, stage) {
        if (!stage?.inFinalImage) return;
        for (const cmd of orderedCommands(model, instruction)) {
          const words = effectiveWords(cmd);
          if (words.length < 2) continue;
          const tool = basename(words[0].value);
          const p = splitArgs(words.slice(1), tool === 'npm' ? NPM_VALUE_FLAGS : BUILD_VALUE_FLAGS);
          if (tool === 'npm') {
            const sub = p.operands[0];
            if (!sub || !NPM_INSTALL.has(sub.value)) continue;
            const args = words.slice(1).map((w) => w.value);
            if (args.some((a) => a === '-g' || a === '--global' || a === '--location=global')) continue;
            if (omitsDev(model, instruction, cmd, args)) continue;
            if (prunedLater(model, stage, words[0].start)) continue;
            context.report({
              range: spanRange(model, words[0], sub),
              messageId: 'devDependencies',
              data: { command: `npm ${sub.value}` },
              suggest: suggest(),
            });
            continue;
          }
          const subs = BUILD_SUBCOMMANDS[tool];
          if (!subs) continue;
          // Maven and Gradle take several goals/tasks; Go and Cargo take one subcommand.
          const candidates = tool === 'go' || tool === 'cargo' ? p.operands.slice(0, 1) : p.operands;
          const sub = candidates.find((w) => subs.has(w.value) || subs.has(w.value.replace(/^:/, '')));
          if (!sub) continue;
          context.report({
            range: spanRange(model, words[0], sub),
            messageId: 'buildCommand',
            data: { command: `${tool} ${sub.value}` },
            suggest: suggest(),
          });
        }
      },
      end() {
        const stage = model.finalStage;
        if (!stage) return;
        for (const p of installedPackages(model, stage)) {
          if (p.removed || !isBuildPackage(p)) continue;
          // rpm groups keep their spelling: "Development Tools".
          context.report({ range: p.range, messageId: 'buildPackage', data: { name: p.name.includes(' ') ? p.written : p.name }, suggest: suggest() });
        }
      },
    };
  },
});
