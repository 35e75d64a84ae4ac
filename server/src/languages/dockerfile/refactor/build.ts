import type { Env } from 'dockerfile-ast';
import { DISTROLESS_PYTHON, tagVersion } from '../../../catalog';
import { splitArgs } from '../packages';
import { basename } from '../shell';
import { runtimeDefault, runtimeVersionTag, slimVariant } from './runtime';
import type { Command, RunCommand, StageScan } from './scan';
import { basenameOf, isWithin, resolvePath } from './util';

/*
 * What a build stage produces and which runtime image can run it, per
 * ecosystem. Every path is inferred from the commands; when one is not known
 * the plan says so (`todo`) instead of guessing.
 */

export type Ecosystem = 'go' | 'rust' | 'node' | 'python' | 'java' | 'dotnet' | 'ruby' | 'web' | 'other';

/** One `COPY --from=build <from> <to>` of the runtime stage. */
export interface ArtefactCopy {
  from: string;
  to: string;
}

export interface BuildPlan {
  ecosystem: Ecosystem;
  copies: ArtefactCopy[];
  /** The artefact is not known: the reason, and the clearly marked COPY line to edit. */
  todo?: { reason: string; copy: ArtefactCopy };
  /** Extra ENV lines of the runtime stage (`PYTHONPATH=…`), as `NAME=value`. */
  env: string[];
  /** Lines appended to the build stage (`RUN npm prune --omit=dev`). */
  buildTail: string[];
  /** The runtime image chosen for this build, when the caller does not choose one. */
  runtime: { image: string; description: string };
  /** The program to start when the stage has no CMD / ENTRYPOINT (a built binary). */
  defaultEntrypoint?: string;
  /** Things the user must check, shown in the action's title. */
  caveats: string[];
  /** Requirements on a runtime image the caller may choose instead (picker, conversion). */
  needs: RuntimeNeeds;
}

/** What the runtime image must provide for this build to run. */
export interface RuntimeNeeds {
  /** `glibc`: a dynamically linked binary or native modules built against glibc; `musl` likewise; `none`: static. */
  libc?: 'glibc' | 'musl' | 'none';
  /** The interpreter and its version (`python` `3.12`, `node` `22`, `java` `21`). */
  interpreter?: { name: 'python' | 'node' | 'java' | 'dotnet' | 'ruby'; version?: string };
}

const GO_VALUE_FLAGS = new Set([
  '-o', '-ldflags', '-gcflags', '-asmflags', '-gccgoflags', '-tags', '-p', '-mod', '-modfile', '-overlay', '-pkgdir',
  '-buildmode', '-compiler', '-installsuffix', '-C', '-pgo', '-toolexec', '-covermode', '-coverpkg',
]);
const CARGO_VALUE_FLAGS = new Set([
  '--target', '--target-dir', '--bin', '--example', '-p', '--package', '--manifest-path', '--features', '-F', '-j', '--jobs',
  '--profile', '--root', '--path', '--git', '--branch', '--tag', '--rev', '--version', '--config', '-Z', '--color', '--index', '--registry',
]);
const DOTNET_VALUE_FLAGS = new Set([
  '-o', '--output', '-c', '--configuration', '-r', '--runtime', '-f', '--framework', '-a', '--arch', '--os', '-v', '--verbosity',
  '-p', '--property', '--version-suffix', '--source', '-s',
]);
const PIP_VALUE_FLAGS = new Set([
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '--trusted-host',
  '-t', '--target', '--prefix', '--root', '-f', '--find-links', '--platform', '--python-version', '--implementation', '--abi',
  '--cache-dir', '--src', '--upgrade-strategy', '--progress-bar', '--global-option', '--install-option', '--config-settings',
  '-C', '--log', '--proxy', '--retries', '--timeout', '--exists-action', '--cert', '--client-cert', '--no-binary',
  '--only-binary', '--root-user-action', '--python', '--report',
]);

const PYTHON = /^python(\d+(\.\d+)?)?$/;

/** The default PATH of distroless and most runtime images. */
export const RUNTIME_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
const PIP = /^pip(\d+(\.\d+)?)?$/;

/** The value of `-o X` / `-o=X` / `--output X` / `--output=X` among words. */
export function optionValue(words: readonly string[], ...names: string[]): string | undefined {
  for (let k = 0; k < words.length; k++) {
    const w = words[k].replace(/^--(?=[a-z]$)/, '-');
    for (const n of names) {
      if (w === n) return words[k + 1];
      if (w.startsWith(`${n}=`)) return w.slice(n.length + 1);
      // Go also accepts `--o`.
      if (n.length === 2 && w === `-${n}`) return words[k + 1];
    }
  }
  return undefined;
}

function has(words: readonly string[], ...names: string[]): boolean {
  return words.some((w) => names.includes(w) || names.some((n) => n.startsWith('--') && w.startsWith(`${n}=`)));
}

function expand(c: RunCommand, text: string | undefined): string | null {
  if (text === undefined) return null;
  if (!text.includes('$')) return text;
  let unresolved = false;
  const value = text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, a: string | undefined, b: string | undefined) => {
    const v = c.vars.get((a ?? b)!);
    if (v === undefined) unresolved = true;
    return v ?? '';
  });
  return unresolved ? null : value;
}

function toolOf(c: RunCommand): { tool: string; args: string[] } {
  let tool = basename(c.words[0] ?? '');
  let args = c.words.slice(1);
  if (PYTHON.test(tool) && args[0] === '-m' && args[1]) {
    tool = args[1] === 'pip' || PIP.test(args[1]) ? 'pip' : args[1];
    args = args.slice(2);
  }
  if (PIP.test(tool)) tool = 'pip';
  return { tool, args };
}

/** The ecosystem of a stage: its build commands, then its base image. */
export function detectEcosystem(scan: StageScan): Ecosystem {
  const found: Ecosystem[] = [];
  for (const c of scan.commands) {
    const { tool, args } = toolOf(c);
    const sub = args.find((a) => !a.startsWith('-'));
    if (tool === 'go' && (sub === 'build' || sub === 'install')) found.push('go');
    else if (tool === 'cargo' && (sub === 'build' || sub === 'install')) found.push('rust');
    else if (['mvn', 'mvnw', 'gradle', 'gradlew', 'javac'].includes(tool)) found.push('java');
    else if (tool === 'dotnet' && (sub === 'publish' || sub === 'build')) found.push('dotnet');
    else if (['npm', 'yarn', 'pnpm', 'bun'].includes(tool)) found.push('node');
    else if (tool === 'pip' || tool === 'poetry' || tool === 'pipenv' || tool === 'uv' || tool === 'virtualenv' || tool === 'venv') found.push('python');
    else if (tool === 'bundle' && (sub === 'install' || sub === undefined)) found.push('ruby');
  }
  const info = scan.stage.base?.info;
  const baseEco = info?.ecosystem;
  const language: Record<string, Ecosystem> = { go: 'go', rust: 'rust', node: 'node', python: 'python', java: 'java', dotnet: 'dotnet', ruby: 'ruby', web: 'web' };
  if (baseEco && language[baseEco] && (found.length === 0 || found.includes(language[baseEco]))) {
    // An nginx image that builds nothing serves files; a JRE image that runs a jar is Java.
    return language[baseEco];
  }
  const compiled = found.find((e) => ['go', 'rust', 'java', 'dotnet'].includes(e));
  if (compiled) return compiled;
  if (found.length > 0) return found[found.length - 1];
  if (baseEco && language[baseEco]) return language[baseEco];
  const program = (scan.entrypoint?.argv ?? scan.cmd?.argv ?? [])[0];
  if (program && PYTHON.test(basename(program))) return 'python';
  if (program && /^node(js)?$/.test(basename(program))) return 'node';
  if (program && basename(program) === 'java') return 'java';
  return 'other';
}

/** The argv the container starts with (ENTRYPOINT + CMD), when it is one. */
export function startArgv(scan: StageScan): string[] | null {
  const ep = scan.entrypoint;
  const cmd = scan.cmd;
  if (ep) {
    if (!ep.argv || !ep.exec) return ep.argv;
    return [...ep.argv, ...(cmd?.argv ?? [])];
  }
  return cmd?.argv ?? null;
}

function libcOf(scan: StageScan): 'glibc' | 'musl' | undefined {
  const libc = scan.stage.base?.info?.libc;
  return libc === 'glibc' || libc === 'musl' ? libc : undefined;
}

function installed(scan: StageScan, names: RegExp): boolean {
  for (const c of scan.commands) {
    const { tool, args } = toolOf(c);
    if (!['apt-get', 'apt', 'apk', 'yum', 'dnf', 'microdnf'].includes(tool)) continue;
    if (!args.some((a) => a === 'install' || a === 'add')) continue;
    if (args.some((a) => names.test(a))) return true;
  }
  return false;
}

/** App files copied from the build context: the WORKDIR when they all land in it, else each destination. */
function appCopies(scan: StageScan): { copies: ArtefactCopy[]; unknown: boolean } {
  const locals = scan.copies.filter((c) => c.local);
  const w = scan.workdir;
  if (locals.some((c) => c.dest === null)) return { copies: [], unknown: true };
  if (w !== null && w !== '/' && locals.every((c) => isWithin(c.dest!, w))) {
    return { copies: locals.length > 0 || scan.workdirWritten ? [{ from: w, to: w }] : [], unknown: false };
  }
  const dests = [...new Set(locals.map((c) => c.dest!))].sort();
  if (dests.includes('/')) return { copies: [], unknown: true };
  const top = dests.filter((d) => !dests.some((o) => o !== d && isWithin(d, o)));
  return { copies: top.map((d) => ({ from: d, to: d })), unknown: false };
}

function todoCopy(scan: StageScan): ArtefactCopy {
  const w = scan.workdir && scan.workdir !== '/' ? scan.workdir : '/app';
  return { from: w, to: w };
}

function plan(ecosystem: Ecosystem, runtime: { image: string; description: string }): BuildPlan {
  return { ecosystem, copies: [], env: [], buildTail: [], runtime, caveats: [], needs: {} };
}

const plans = new WeakMap<StageScan, BuildPlan>();

/** Infer the build artefacts of a stage and the runtime image that runs them (cached; read-only). */
export function planBuild(scan: StageScan): BuildPlan {
  let result = plans.get(scan);
  if (!result) plans.set(scan, (result = inferBuild(scan)));
  return result;
}

function inferBuild(scan: StageScan): BuildPlan {
  const ecosystem = detectEcosystem(scan);
  switch (ecosystem) {
    case 'go':
      return planGo(scan);
    case 'rust':
      return planRust(scan);
    case 'node':
      return planNode(scan);
    case 'python':
      return planPython(scan);
    case 'java':
      return planJava(scan);
    case 'dotnet':
      return planDotnet(scan);
    case 'ruby':
      return planRuby(scan);
    case 'web':
      return planWeb(scan);
    default:
      return planOther(scan);
  }
}

// ---- Go -------------------------------------------------------------------------------------

function planGo(scan: StageScan): BuildPlan {
  const ref = scan.stage.base?.ref ?? null;
  let output: { path: string; dir: boolean } | null = null;
  let cgo: 'on' | 'off' = 'on';
  for (const c of scan.commands) {
    const { tool, args } = toolOf(c);
    if (tool !== 'go') continue;
    const p = splitArgs(args.map((value) => ({ value, start: 0, end: 0, expands: false })), GO_VALUE_FLAGS);
    const sub = p.operands[0]?.value;
    if (sub !== 'build' && sub !== 'install') continue;
    const pkgs = p.operands.slice(1).map((w) => w.value);
    if (sub === 'build') {
      const o = expand(c, optionValue(args, '-o'));
      if (o === null) continue;
      const path = resolvePath(c.cwd, o);
      if (path === null) continue;
      output = { path, dir: o.endsWith('/') || pkgs.some((x) => x.endsWith('...')) };
    } else {
      const gobin = c.vars.get('GOBIN');
      const gopath = c.vars.get('GOPATH') ?? (scan.stage.base?.info?.family === 'golang' ? '/go' : undefined);
      const dir = gobin ?? (gopath ? `${gopath.split(':')[0]}/bin` : undefined);
      if (!dir) continue;
      output = { path: resolvePath('/', dir)!, dir: true };
    }
    const enabled = c.vars.get('CGO_ENABLED');
    const ldflags = optionValue(args, '-ldflags') ?? '';
    const alpineWithoutCompiler = libcOf(scan) === 'musl' && !installed(scan, /^(gcc|build-base|musl-dev|clang)$/);
    cgo = enabled === '0' || /-static\b/.test(ldflags) || (enabled !== '1' && alpineWithoutCompiler) ? 'off' : 'on';
  }
  const runtime = runtimeDefault(cgo === 'off' ? 'static' : 'cc', ref);
  const result = plan('go', runtime);
  result.needs.libc = cgo === 'off' ? 'none' : libcOf(scan) ?? 'glibc';
  if (cgo === 'on' && libcOf(scan) === 'musl') result.caveats.push('the binary links musl, set CGO_ENABLED=0');
  if (!output) {
    result.todo = { reason: 'no `go build -o <file>` names the binary', copy: todoCopy(scan) };
    return result;
  }
  addBinary(scan, result, output);
  return result;
}

/** Copy a built binary (or a directory of them); a bin directory off the runtime's PATH goes to /usr/local/bin. */
function addBinary(scan: StageScan, result: BuildPlan, output: { path: string; dir: boolean }) {
  if (output.dir) {
    const to = RUNTIME_PATH.includes(output.path) || !/\/bin$/.test(output.path) ? output.path : '/usr/local/bin';
    result.copies.push({ from: output.path, to });
    const program = startArgv(scan)?.[0];
    if (program && !program.includes('/')) result.defaultEntrypoint = `${to}/${program}`;
    return;
  }
  result.copies.push({ from: output.path, to: output.path });
  result.defaultEntrypoint = output.path;
}

// ---- Rust -----------------------------------------------------------------------------------

function planRust(scan: StageScan): BuildPlan {
  const ref = scan.stage.base?.ref ?? null;
  let dir: string | null = null;
  let musl = libcOf(scan) === 'musl';
  let reason = 'no `cargo build --release` or `cargo install` was found';
  for (const c of scan.commands) {
    const { tool, args } = toolOf(c);
    if (tool !== 'cargo') continue;
    const p = splitArgs(args.map((value) => ({ value, start: 0, end: 0, expands: false })), CARGO_VALUE_FLAGS);
    const sub = p.operands[0]?.value;
    const target = expand(c, optionValue(args, '--target'));
    if (target && /musl/.test(target)) musl = true;
    if (sub === 'build') {
      const targetDir = expand(c, optionValue(args, '--target-dir') ?? c.vars.get('CARGO_TARGET_DIR') ?? 'target');
      const profile = has(args, '--release', '-r') ? 'release' : optionValue(args, '--profile') ?? 'debug';
      if (targetDir === null) continue;
      const base = resolvePath(c.cwd, targetDir);
      if (base === null) continue;
      dir = `${base}${target ? `/${target}` : ''}/${profile === 'dev' ? 'debug' : profile}`;
    } else if (sub === 'install') {
      const root = expand(c, optionValue(args, '--root') ?? c.vars.get('CARGO_INSTALL_ROOT') ?? c.vars.get('CARGO_HOME') ?? (scan.stage.base?.info?.family === 'rust' ? '/usr/local/cargo' : '/root/.cargo'));
      if (root === null) continue;
      dir = `${resolvePath('/', root)}/bin`;
    }
  }
  const runtime = runtimeDefault(musl ? 'static' : 'cc', ref);
  const result = plan('rust', runtime);
  result.needs.libc = musl ? 'none' : 'glibc';
  if (dir === null) {
    result.todo = { reason, copy: todoCopy(scan) };
    return result;
  }
  // The binary's name comes from Cargo.toml, which we cannot read: the CMD tells it.
  const program = startArgv(scan)?.[0];
  const path = program ? (program.includes('/') ? resolvePath(scan.workdir, program) : `${dir}/${program}`) : null;
  if (!program || path === null || !isWithin(path, dir)) {
    reason = `the binary's name is in Cargo.toml; copy it from ${dir}`;
    result.todo = { reason, copy: { from: `${dir}/<binary>`, to: '/usr/local/bin/' } };
    return result;
  }
  // A bare name is looked up on PATH: put the binary where the runtime's PATH finds it.
  const to = program.includes('/') ? path : `/usr/local/bin/${basenameOf(path)}`;
  result.copies.push({ from: path, to });
  result.defaultEntrypoint = to;
  return result;
}

// ---- Node.js ----------------------------------------------------------------------------------

const NODE_INSTALL = new Set(['ci', 'install', 'i', 'clean-install', 'add']);

function planNode(scan: StageScan): BuildPlan {
  const info = scan.stage.base?.info;
  const distroless = info?.ecosystem === 'node' ? info.alternatives.find((a) => a.kind === 'distroless') : undefined;
  const runtime = distroless ? { image: distroless.image, description: distroless.description } : runtimeDefault('node', null);
  const result = plan('node', runtime);
  const version = info?.family === 'node' ? tagVersion(scan.stage.base?.ref?.tag).major : undefined;
  result.needs = { libc: libcOf(scan) ?? 'glibc', interpreter: { name: 'node', version } };
  let manager: 'npm' | 'yarn' | 'pnpm' | 'bun' | undefined;
  let production = false;
  let depsDir: string | null | undefined;
  for (const c of scan.commands) {
    const { tool, args } = toolOf(c);
    if (!['npm', 'yarn', 'pnpm', 'bun'].includes(tool)) continue;
    const sub = args.find((a) => !a.startsWith('-'));
    if (has(args, '-g', '--global', '--location=global')) continue;
    const env = (n: string) => c.vars.get(n) ?? c.vars.get(n.toLowerCase());
    const prodEnv = env('NODE_ENV') === 'production' || env('npm_config_omit') === 'dev' || /^(true|1)$/.test(env('npm_config_production') ?? '');
    if (tool === 'npm' && sub === 'prune' && has(args, '--omit=dev', '--production', '--omit')) production = true;
    if (tool === 'pnpm' && sub === 'prune' && has(args, '--prod')) production = true;
    const installing = (tool === 'yarn' && (sub === undefined || sub === 'install')) || (sub !== undefined && NODE_INSTALL.has(sub) && (tool !== 'yarn' || sub === 'install'));
    if (!installing || (tool !== 'yarn' && sub === 'add') || (tool === 'npm' && sub === 'add')) continue;
    manager = tool as typeof manager;
    depsDir = c.cwd;
    production = prodEnv || has(args, '--omit=dev', '--production', '--only=prod', '--only=production', '--prod', '-P') || (has(args, '--omit') && args.includes('dev'));
  }
  if (manager && !production) {
    if (manager === 'npm') result.buildTail.push('RUN npm prune --omit=dev');
    else if (manager === 'pnpm') result.buildTail.push('RUN pnpm prune --prod');
    else result.caveats.push(`devDependencies installed by ${manager} ship, install with --production`);
  }
  if (libcOf(scan) === 'musl') result.caveats.push('node_modules were built on musl, rebuild native modules on glibc');
  const app = appCopies(scan);
  const w = scan.workdir;
  if (app.unknown || w === null || w === '/' || (depsDir !== undefined && (depsDir === null || !isWithin(depsDir, w)))) {
    result.todo = { reason: 'the application is not in one WORKDIR', copy: todoCopy(scan) };
    return result;
  }
  result.copies.push({ from: w, to: w });
  return result;
}

// ---- Python -------------------------------------------------------------------------------------

type PythonInstall =
  | { kind: 'venv' | 'target' | 'prefix'; path: string }
  | { kind: 'user' | 'system' }
  | { kind: 'unknown'; reason: string };

/** The value of an ENV as written before a command (for values that refer to the unknown base PATH). */
function rawEnv(scan: StageScan, c: RunCommand, name: string): string | undefined {
  let value: string | undefined;
  for (const instr of scan.env) {
    if (instr.getRange().start.line > c.instruction.getRange().start.line) break;
    for (const p of (instr as Env).getProperties()) if (p.getName() === name) value = p.getValue() ?? undefined;
  }
  return value;
}

/** Where pip and friends put the packages. */
function pythonInstall(scan: StageScan): PythonInstall | null {
  const venvs: string[] = [];
  let result: PythonInstall | null = null;
  let activated: { instruction: unknown; path: string } | null = null;
  for (const c of scan.commands) {
    const { tool, args } = toolOf(c);
    const program = c.words[0] ?? '';
    if ((tool === '.' || tool === 'source') && /\/bin\/activate$/.test(args[0] ?? '')) {
      const p = resolvePath(c.cwd, args[0].replace(/\/bin\/activate$/, ''));
      if (p) activated = { instruction: c.instruction, path: p };
      continue;
    }
    if (tool === 'venv' || tool === 'virtualenv' || (tool === 'uv' && args[0] === 'venv')) {
      const operands = args.filter((a) => !a.startsWith('-')).filter((a) => a !== 'venv');
      const path = resolvePath(c.cwd, expand(c, operands[0] ?? '.venv') ?? '');
      if (path) venvs.push(path);
      continue;
    }
    const inVenv = (): string | undefined => {
      if (activated && activated.instruction === c.instruction) return activated.path;
      const programDir = program.includes('/') ? resolvePath(c.cwd, program.replace(/\/bin\/[^/]+$/, '')) : null;
      if (programDir && venvs.includes(programDir)) return programDir;
      const envVenv = c.vars.get('VIRTUAL_ENV') ?? rawEnv(scan, c, 'VIRTUAL_ENV');
      if (envVenv && !envVenv.includes('$')) return resolvePath('/', envVenv) ?? undefined;
      // `ENV PATH="/opt/venv/bin:$PATH"`: the base image's PATH is unknown, the venv part is enough.
      const path = c.vars.get('PATH') ?? rawEnv(scan, c, 'PATH') ?? '';
      const first = path.split(':')[0].replace(/\/+$/, '');
      return venvs.find((v) => first === `${v}/bin`);
    };
    if (tool === 'pip' || (tool === 'uv' && args[0] === 'pip')) {
      const a = tool === 'uv' ? args.slice(1) : args;
      const p = splitArgs(a.map((value) => ({ value, start: 0, end: 0, expands: false })), PIP_VALUE_FLAGS);
      if (p.operands[0]?.value !== 'install') continue;
      const target = expand(c, optionValue(a, '--target', '-t'));
      const prefix = expand(c, optionValue(a, '--prefix'));
      const venv = inVenv();
      if (target) result = { kind: 'target', path: resolvePath(c.cwd, target) ?? target };
      else if (prefix) result = { kind: 'prefix', path: resolvePath(c.cwd, prefix) ?? prefix };
      else if (has(a, '--user')) result = { kind: 'user' };
      else if (venv) result = { kind: 'venv', path: venv };
      else if (tool === 'uv' && !has(a, '--system')) result = { kind: 'unknown', reason: 'uv pip installs into a virtual environment we cannot see' };
      else result = { kind: 'system' };
    } else if (tool === 'uv' && args[0] === 'sync') {
      const env = c.vars.get('UV_PROJECT_ENVIRONMENT');
      const path = resolvePath(c.cwd, env ?? '.venv');
      result = path ? { kind: 'venv', path } : { kind: 'unknown', reason: 'uv sync into an unknown folder' };
    } else if (tool === 'poetry' && args[0] === 'install') {
      const create = c.vars.get('POETRY_VIRTUALENVS_CREATE');
      const inProject = c.vars.get('POETRY_VIRTUALENVS_IN_PROJECT');
      if (create === 'false' || create === '0') result = inVenv() ? { kind: 'venv', path: inVenv()! } : { kind: 'system' };
      else if (inProject === 'true' || inProject === '1') result = { kind: 'venv', path: resolvePath(c.cwd, '.venv') ?? '/.venv' };
      else result = { kind: 'unknown', reason: 'poetry installs into a virtual environment outside the project' };
    } else if (tool === 'pipenv' && args[0] === 'install') {
      result = has(args, '--system') ? { kind: 'system' } : { kind: 'unknown', reason: 'pipenv installs into a virtual environment outside the project' };
    }
  }
  return result;
}

/** Console scripts that are also runnable as `python -m <module>`. */
const PYTHON_MODULES: Record<string, string> = {
  gunicorn: 'gunicorn', uvicorn: 'uvicorn', flask: 'flask', celery: 'celery', streamlit: 'streamlit', hypercorn: 'hypercorn',
  'waitress-serve': 'waitress', daphne: 'daphne', pytest: 'pytest', fastapi: 'fastapi', granian: 'granian', dramatiq: 'dramatiq',
  rq: 'rq', huey_consumer: 'huey.bin.huey_consumer', locust: 'locust', jupyter: 'jupyter', mkdocs: 'mkdocs', pip: 'pip',
};

export function pythonModuleFor(program: string): string | undefined {
  return PYTHON_MODULES[basename(program)];
}

function planPython(scan: StageScan): BuildPlan {
  const base = scan.stage.base;
  const version = base?.info?.family === 'python' ? tagVersion(base.ref?.tag).minor : undefined;
  const musl = libcOf(scan) === 'musl';
  const argv = startArgv(scan);
  const program = argv?.[0] ? basename(argv[0]) : undefined;
  // Distroless runs `python3 <args>`: the program must be Python itself or a module it can run.
  const runnable = !argv || (program !== undefined && (PYTHON.test(program) || pythonModuleFor(program) !== undefined));
  const distroless = version && !musl && runnable ? DISTROLESS_PYTHON[version] : undefined;
  const official = base?.info?.family === 'python' ? base.ref : null;
  const sameRelease = slimVariant(official ?? null);
  const runtime = distroless
    ? { image: distroless, description: `Distroless Python ${version}: no shell, no pip; entrypoint is python3; UID 65532` }
    : sameRelease
      ? { image: sameRelease, description: `the ${musl ? 'Alpine' : 'slim'} image of the build's Python release` }
      : runtimeDefault(musl ? 'pythonAlpine' : 'pythonSlim', official);
  const result = plan('python', runtime);
  result.needs = { libc: musl ? 'musl' : 'glibc', interpreter: { name: 'python', version } };
  const app = appCopies(scan);
  const install = pythonInstall(scan);
  const todo = (reason: string) => {
    result.todo = { reason, copy: todoCopy(scan) };
    return result;
  };
  if (!version) return todo('the Python version of the build image is not known: copy the installed packages');
  // `python:3-alpine` names no minor version: where its site-packages are is not known.
  if (install && install.kind !== 'unknown' && !/^\d+\.\d+$/.test(version)) {
    return todo(`python:${version} names no minor version, so the site-packages folder is not known`);
  }
  if (app.unknown) return todo('the application files do not land in one known place');
  const site = `/usr/local/lib/python${version}/site-packages`;
  const pythonPath = (path: string) => {
    const existing = scan.vars.get('PYTHONPATH');
    result.env.push(`PYTHONPATH=${existing ? `${path}:${existing}` : path}`);
  };
  const shellLess = !!distroless;
  if (install) {
    switch (install.kind) {
      case 'unknown':
        return todo(install.reason);
      case 'venv':
        result.copies.push({ from: install.path, to: install.path });
        if (shellLess) pythonPath(`${install.path}/lib/python${version}/site-packages`);
        break;
      case 'target':
        result.copies.push({ from: install.path, to: install.path });
        if (shellLess && !scan.vars.has('PYTHONPATH')) pythonPath(install.path);
        break;
      case 'prefix':
        result.copies.push({ from: install.path, to: install.path });
        if (shellLess) pythonPath(`${install.path}/lib/python${version}/site-packages`);
        break;
      case 'user':
        result.copies.push({ from: `/root/.local/lib/python${version}/site-packages`, to: site });
        if (shellLess) pythonPath(site);
        else result.copies.push({ from: '/root/.local/bin', to: '/usr/local/bin' });
        break;
      case 'system':
        result.copies.push({ from: site, to: site });
        if (shellLess) pythonPath(site);
        else result.copies.push({ from: '/usr/local/bin', to: '/usr/local/bin' });
        break;
    }
  }
  const covered = (path: string) => result.copies.some((c) => isWithin(path, c.to));
  for (const copy of app.copies) if (!covered(copy.to)) result.copies.push(copy);
  if (result.copies.length === 0) return todo('nothing the program needs was found');
  return result;
}

// ---- Java -----------------------------------------------------------------------------------

function jarOf(argv: string[] | null): string | undefined {
  if (!argv) return undefined;
  const jar = optionValue(argv, '-jar') ?? optionValue(argv, '-cp', '-classpath', '--class-path');
  return jar && /\.(jar|war)$/.test(jar) && !/[*?]/.test(jar) ? jar : undefined;
}

function planJava(scan: StageScan): BuildPlan {
  const info = scan.stage.base?.info;
  const distroless = info?.ecosystem === 'java' ? info.alternatives.find((a) => a.kind === 'distroless') : undefined;
  const runtime = distroless ? { image: distroless.image, description: distroless.description } : runtimeDefault('java', null);
  const result = plan('java', runtime);
  const version = info?.ecosystem === 'java' ? tagVersion(runtimeVersionTag(scan.stage.base?.ref ?? null)).major : undefined;
  result.needs = { libc: 'glibc', interpreter: { name: 'java', version } };
  const jar = jarOf(startArgv(scan));
  const path = jar ? resolvePath(scan.workdir, jar) : null;
  if (path) {
    result.copies.push({ from: path, to: path });
    return result;
  }
  let dir: string | null = null;
  for (const c of scan.commands) {
    const { tool } = toolOf(c);
    if (tool === 'mvn' || tool === 'mvnw') dir = c.cwd && `${c.cwd === '/' ? '' : c.cwd}/target`;
    if (tool === 'gradle' || tool === 'gradlew') dir = c.cwd && `${c.cwd === '/' ? '' : c.cwd}/build/libs`;
  }
  result.todo = {
    reason: 'no `java -jar <file>` names the jar',
    copy: dir ? { from: `${dir}/*.jar`, to: `${scan.workdir && scan.workdir !== '/' ? scan.workdir : '/app'}/app.jar` } : todoCopy(scan),
  };
  return result;
}

// ---- .NET -------------------------------------------------------------------------------------

function planDotnet(scan: StageScan): BuildPlan {
  const info = scan.stage.base?.info;
  const chiseled = info?.ecosystem === 'dotnet' ? info.alternatives.find((a) => a.kind === 'distroless') : undefined;
  const runtime = chiseled ? { image: chiseled.image, description: chiseled.description } : runtimeDefault('dotnet', null);
  const result = plan('dotnet', runtime);
  const version = info?.ecosystem === 'dotnet' ? tagVersion(scan.stage.base?.ref?.tag).minor : undefined;
  result.needs = { libc: 'glibc', interpreter: { name: 'dotnet', version } };
  let output: string | null = null;
  for (const c of scan.commands) {
    const { tool, args } = toolOf(c);
    const p = splitArgs(args.map((value) => ({ value, start: 0, end: 0, expands: false })), DOTNET_VALUE_FLAGS);
    if (tool !== 'dotnet' || p.operands[0]?.value !== 'publish') continue;
    const o = expand(c, optionValue(args, '-o', '--output'));
    output = o === null ? null : resolvePath(c.cwd, o);
  }
  const argv = startArgv(scan);
  if (argv?.[0] && basename(argv[0]) === 'dotnet' && argv[1] === 'run') {
    result.todo = { reason: '`dotnet run` needs the SDK: start the published DLL', copy: output ? { from: output, to: output } : todoCopy(scan) };
    return result;
  }
  if (!output) {
    result.todo = { reason: 'no `dotnet publish -o <folder>` names the output', copy: todoCopy(scan) };
    return result;
  }
  result.copies.push({ from: output, to: output });
  return result;
}

// ---- Ruby -------------------------------------------------------------------------------------

function planRuby(scan: StageScan): BuildPlan {
  const base = scan.stage.base;
  const musl = libcOf(scan) === 'musl';
  const version = base?.info?.family === 'ruby' ? tagVersion(base.ref?.tag).minor : undefined;
  const result = plan('ruby', { image: '', description: '' });
  const official = base?.info?.family === 'ruby' ? base.ref : null;
  const sameRelease = slimVariant(official ?? null);
  const alt = runtimeDefault('ruby', official);
  result.runtime = sameRelease
    ? { image: sameRelease, description: `the ${musl ? 'Alpine' : 'slim'} image of the build's Ruby release` }
    : musl
      ? { image: alt.image.replace(/-slim$/, '-alpine'), description: alt.description.replace('slim', 'Alpine').replace('apt', 'apk') }
      : alt;
  result.needs = { libc: musl ? 'musl' : 'glibc', interpreter: { name: 'ruby', version } };
  const bundle = scan.commands.some((c) => toolOf(c).tool === 'bundle');
  const gems = scan.vars.get('BUNDLE_PATH') ?? scan.vars.get('GEM_HOME') ?? (base?.info?.family === 'ruby' ? '/usr/local/bundle' : undefined);
  const app = appCopies(scan);
  if (!version || app.unknown || (bundle && !gems)) {
    result.todo = { reason: version ? 'the installed gems or the application are not in a known place' : 'the Ruby version of the build image is not known', copy: todoCopy(scan) };
    return result;
  }
  if (bundle && gems) result.copies.push({ from: gems, to: gems });
  for (const copy of app.copies) result.copies.push(copy);
  if (result.copies.length === 0) result.todo = { reason: 'nothing the program needs was found', copy: todoCopy(scan) };
  return result;
}

// ---- Static sites on NGINX --------------------------------------------------------------------

function planWeb(scan: StageScan): BuildPlan {
  const info = scan.stage.base?.info;
  const nginx = info?.family === 'nginx';
  const alt = nginx ? info.alternatives.find((a) => a.kind === 'slim') : undefined;
  const result = plan('web', alt ? { image: alt.image, description: alt.description } : runtimeDefault('nginx', null));
  const dests = [...new Set(scan.copies.filter((c) => c.dest !== null).map((c) => c.dest!))];
  if (!nginx || scan.copies.some((c) => c.dest === null) || dests.length === 0) {
    result.todo = { reason: nginx ? 'no files are copied into the image' : 'only NGINX sites are moved automatically', copy: { from: '/usr/share/nginx/html', to: '/usr/share/nginx/html' } };
    return result;
  }
  const top = dests.filter((d) => !dests.some((o) => o !== d && isWithin(d, o)));
  for (const d of top) result.copies.push({ from: d, to: d });
  if (scan.commands.some((c) => c.words.some((w) => /^\/etc\/nginx\b/.test(w)))) {
    result.todo = { reason: 'RUN steps change files under /etc/nginx: make the same changes here', copy: { from: '/etc/nginx/conf.d', to: '/etc/nginx/conf.d' } };
  }
  return result;
}

// ---- Anything else ----------------------------------------------------------------------------

function planOther(scan: StageScan): BuildPlan {
  const base = scan.stage.base;
  const hardened = base?.info?.alternatives.find((a) => a.kind === 'distroless' || a.kind === 'chainguard' || a.kind === 'dhi');
  const runtime = hardened
    ? { image: hardened.image, description: hardened.description }
    : runtimeDefault(base?.info?.libc === 'musl' || base?.info?.libc === 'none' ? 'static' : 'base', null);
  const result = plan('other', runtime);
  result.todo = { reason: 'the build output of this stage is not known', copy: todoCopy(scan) };
  return result;
}

export type { Command };

/** The Python minor version of a stage's official python base image. */
export function pythonVersionOf(stage: StageScan['stage']): string | undefined {
  const base = stage.base;
  return base?.info?.family === 'python' ? tagVersion(base.ref?.tag).minor : undefined;
}

/** Places a build writes only for itself: caches, package metadata, headers, sources, logs. */
const BUILD_ONLY_PATHS = [
  '/tmp', '/var/tmp', '/var/cache', '/var/lib/apt', '/var/lib/dpkg', '/var/lib/apk', '/var/log', '/root/.cache', '/root/.npm',
  '/root/.m2', '/root/.gradle', '/root/.cargo/registry', '/usr/include', '/usr/local/include', '/usr/share/doc', '/usr/share/man',
  '/etc/apt', '/etc/apk', '/etc/yum.repos.d', '/usr/src', '/dev', '/proc',
];

/**
 * Files and directories RUN steps write outside what the plan copies
 * (`wget -O /bin/curl …`, `cp x /usr/local/bin/`, `tar -C /opt -x`, `git clone … /opt/x`):
 * the program may need them at run time, so the user is told instead of guessing.
 */
export function otherOutputs(scan: StageScan, copies: readonly ArtefactCopy[]): string[] {
  const found: string[] = [];
  const add = (c: RunCommand, target: string | undefined) => {
    const value = expand(c, target);
    if (!value || value === '-' || /[*?[]/.test(value)) return;
    const path = resolvePath(c.cwd, value);
    if (!path || path === '/' || BUILD_ONLY_PATHS.some((p) => isWithin(path, p))) return;
    if (copies.some((k) => isWithin(path, k.from))) return;
    if (!found.includes(path)) found.push(path);
  };
  for (const c of scan.commands) {
    if (c.command.nested) continue;
    const { tool, args } = toolOf(c);
    const operands = args.filter((a, k) => !a.startsWith('-') && !['-t', '-m', '-o', '-g', '--target-directory', '--mode', '--owner', '--group'].includes(args[k - 1] ?? ''));
    switch (tool) {
      case 'wget':
        add(c, optionValue(args, '-O', '--output-document'));
        break;
      case 'curl':
        add(c, optionValue(args, '-o', '--output'));
        break;
      case 'cp':
      case 'mv':
      case 'install':
      case 'ln': {
        const dir = optionValue(args, '-t', '--target-directory');
        if (dir) add(c, dir);
        else if (operands.length >= 2 && !(tool === 'install' && args.includes('-d'))) add(c, operands[operands.length - 1]);
        break;
      }
      case 'tar':
        if (args.some((a) => /^-?[a-zA-Z]*x/.test(a) || a === '--extract')) add(c, optionValue(args, '-C', '--directory'));
        break;
      case 'unzip':
        add(c, optionValue(args, '-d'));
        break;
      case 'git':
        if (args[0] === 'clone') {
          const rest = args.slice(1).filter((a, k, all) => !a.startsWith('-') && !['--branch', '-b', '--depth', '--origin', '-o', '--config', '-c'].includes(all[k - 1] ?? ''));
          if (rest.length >= 2) add(c, rest[1]);
        }
        break;
    }
  }
  return found;
}
