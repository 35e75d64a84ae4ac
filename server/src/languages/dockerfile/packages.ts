/**
 * Package installs and removals in a stage's RUN instructions, with the exact
 * document range of each package word. Shared by the rules that ask "what does
 * the final image contain?" (build tools, debug tools, sudo).
 *
 * Pure and cached per model. Only literal package words are reported: a word
 * with a variable or a substitution (`$PHPIZE_DEPS`, `"postgresql-$PG_MAJOR"`)
 * is never guessed.
 */
import { Arg, Env, type Instruction } from 'dockerfile-ast';
import type { Range } from '../../engine/types';
import type { DockerfileModel, Stage } from './model';
import { basename, effectiveWords, remembered, type ShellCommand, type ShellWord } from './shell';

/**
 * The package namespace: `apt` (apt-get, apt, aptitude), `apk`, `rpm` (yum, dnf,
 * microdnf, tdnf), `zypper`, `pacman`, `pip`, `npm-global` (`npm install -g`), `gem`.
 */
export type PackageManager = 'apt' | 'apk' | 'rpm' | 'zypper' | 'pacman' | 'pip' | 'npm-global' | 'gem';

/** The operating-system package managers (their packages share distribution names). */
export const SYSTEM_MANAGERS: ReadonlySet<PackageManager> = new Set(['apt', 'apk', 'rpm', 'zypper', 'pacman']);

export interface InstalledPackage {
  /** Normalised name: version, release, architecture and extras stripped (`b=1.2` → `b`). */
  name: string;
  /** The word as the shell sees it (quotes removed). */
  written: string;
  manager: PackageManager;
  /** The command that installed it: `apt-get`, `apk`, `dnf`, `pip3`, … */
  tool: string;
  /** The package word in the document (quotes included when quoted). */
  range: Range;
  /** The RUN instruction that installs it. */
  instruction: Instruction;
  /** The stage of that RUN (the stage itself or one of its FROM ancestors). */
  stage: Stage;
  /** `apk add --virtual NAME`: the group it was installed in. */
  group?: string;
  /** Removed later in the same stage chain (same RUN or a later one). */
  removed: boolean;
  /** The RUN that removes it. */
  removedBy?: Instruction;
}

interface Install {
  name: string;
  written: string;
  manager: PackageManager;
  tool: string;
  word: ShellWord;
  group?: string;
}

interface Removal {
  manager: PackageManager;
  names: Set<string>;
  offset: number;
}

/** `apt-mark auto '.*'` … `apt-get purge --auto-remove`: apt packages installed before `at` go. */
interface AutoRemoval {
  at: number;
  /** Packages installed before this offset were restored with `apt-mark manual $savedAptMark`. */
  keepUntil?: number;
}

interface RunPackages {
  installs: Install[];
  removals: Removal[];
  autoRemovals: AutoRemoval[];
}

/** The options of a command that take a separate value word, per tool family. */
const VALUE_FLAGS: Record<string, ReadonlySet<string>> = {
  apt: new Set(['-o', '-c', '-t', '-a', '--option', '--config-file', '--target-release', '--default-release', '--host-architecture']),
  apk: new Set([
    '--virtual', '-t', '--repository', '-X', '--root', '-p', '--arch', '--keys-dir', '--cache-dir',
    '--repositories-file', '--cache-max-age', '--timeout', '--progress-fd',
  ]),
  rpm: new Set([
    '--setopt', '--enablerepo', '--disablerepo', '--releasever', '--installroot', '-c', '--config', '--repo',
    '--repoid', '-x', '--exclude', '--forcearch', '--downloaddir', '--destdir', '-d', '--debuglevel', '-e',
    '--errorlevel', '--rpmverbosity', '--color', '--repofrompath', '--disableplugin', '--enableplugin',
  ]),
  zypper: new Set(['-r', '--repo', '--from', '-t', '--type', '--root', '-R', '-c', '--config', '-D', '--reposd-dir', '-C', '--cache-dir']),
  pacman: new Set([
    '-r', '--root', '-b', '--dbpath', '--cachedir', '--config', '--arch', '--ignore', '--ignoregroup',
    '--assume-installed', '--overwrite', '--gpgdir', '--hookdir', '--logfile',
  ]),
  pip: new Set([
    '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url',
    '--trusted-host', '-t', '--target', '--prefix', '--root', '-f', '--find-links', '--platform',
    '--python-version', '--implementation', '--abi', '--cache-dir', '--src', '--upgrade-strategy',
    '--progress-bar', '--global-option', '--install-option', '--config-settings', '-C', '--log', '--proxy',
    '--retries', '--timeout', '--exists-action', '--cert', '--client-cert', '--no-binary', '--only-binary',
    '--root-user-action', '--python', '--report', '--keyring-provider', '--use-feature', '--use-deprecated',
  ]),
  npm: new Set(['--prefix', '--registry', '--location', '--tag', '--cache', '--userconfig', '--globalconfig', '-w', '--workspace']),
  gem: new Set([
    '-v', '--version', '-s', '--source', '-i', '--install-dir', '-n', '--bindir', '--platform', '-P',
    '--trust-policy', '--build-root', '--document',
  ]),
};

export interface Parsed {
  /** Words that are not options (nor option values), in order. */
  operands: ShellWord[];
  /** Option words (`-y`, `--x=y`; a separate option value is skipped, not listed). */
  flags: ShellWord[];
}

/** Split arguments into options and operands; `--` ends the options. */
export function splitArgs(words: ShellWord[], valueFlags: ReadonlySet<string>): Parsed {
  const operands: ShellWord[] = [];
  const flags: ShellWord[] = [];
  let ended = false;
  for (let k = 0; k < words.length; k++) {
    const v = words[k].value;
    if (!ended && v === '--') {
      ended = true;
      continue;
    }
    if (!ended && v.startsWith('-') && v.length > 1) {
      flags.push(words[k]);
      if (valueFlags.has(v)) k++;
      continue;
    }
    operands.push(words[k]);
  }
  return { operands, flags };
}

function hasFlag(p: Parsed, ...names: string[]): boolean {
  return p.flags.some((f) => names.includes(f.value) || names.some((n) => n.startsWith('--') && f.value.startsWith(`${n}=`)));
}

/** The value of `--name VALUE` or `--name=VALUE` among raw words. */
function flagValue(words: ShellWord[], ...names: string[]): string | undefined {
  for (let k = 0; k < words.length; k++) {
    const v = words[k].value;
    if (v === '--') return undefined;
    for (const n of names) {
      if (v === n) return words[k + 1]?.value;
      if (n.startsWith('--') && v.startsWith(`${n}=`)) return v.slice(n.length + 1);
    }
  }
  return undefined;
}

/** A word that names a package literally (no expansion, not a path, file or URL). */
function literal(word: ShellWord): boolean {
  const v = word.value;
  if (word.expands || v.length === 0) return false;
  if (/[$`*?[\]{}]/.test(v) && !/^[A-Za-z0-9._+-]+\[[A-Za-z0-9_,.-]+\]/.test(v)) return false;
  if (v.includes('://') || v.startsWith('.') || v.startsWith('/') || v.startsWith('~')) return false;
  return true;
}

function aptName(v: string): string | null {
  if (/\.deb$/.test(v)) return null;
  const name = v.split('=')[0].split('/')[0].split(':')[0].toLowerCase();
  return /^[a-z0-9][a-z0-9.+-]*$/.test(name) ? name : null;
}

function apkName(v: string): string | null {
  if (/\.apk$/.test(v)) return null;
  const name = v.split('@')[0].split(/[=~<>]/)[0].toLowerCase();
  return /^[a-z0-9][a-z0-9._+-]*$/.test(name) ? name : null;
}

function rpmName(v: string): string | null {
  if (/\.rpm$/.test(v)) return null;
  if (v.startsWith('@')) return v.toLowerCase();
  const name = v.replace(/\.(x86_64|aarch64|noarch|i686|ppc64le|s390x)$/, '').toLowerCase();
  return /^[a-z0-9][a-z0-9._+-]*$/.test(name) ? name : null;
}

function plainName(v: string): string | null {
  const name = v.toLowerCase();
  return /^[a-z0-9][a-z0-9._+-]*$/.test(name) ? name : null;
}

function pipName(v: string): string | null {
  if (/\.(whl|zip|tar\.gz|tgz)$/.test(v) || v.startsWith('git+') || v.includes(' @ ')) return null;
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(?:[=<>!~;@].*)?$/.exec(v.trim());
  return m ? m[1].toLowerCase().replace(/[._]+/g, '-') : null;
}

function npmName(v: string): string | null {
  if (/\.(tgz|tar\.gz)$/.test(v) || /^(git|github|http|file):/.test(v) || (v.includes('/') && !v.startsWith('@'))) return null;
  const m = /^((?:@[a-z0-9._-]+\/)?[a-z0-9._-]+)(?:@.*)?$/i.exec(v);
  return m ? m[1].toLowerCase() : null;
}

function gemName(v: string): string | null {
  const name = v.split(':')[0].toLowerCase();
  return /^[a-z0-9][a-z0-9._-]*$/.test(name) ? name : null;
}

/** A package install or removal: the manager, the package operand words, the `apk --virtual` group. */
export interface PackageOperation {
  kind: 'install' | 'remove';
  manager: PackageManager;
  words: ShellWord[];
  group?: string;
}

const PIP = /^pip(\d+(\.\d+)?)?$/;
const PYTHON = /^python(\d+(\.\d+)?)?$/;

/** What a simple command does to packages, if anything (remembered on the command: callers must not change it). */
export function packageOperation(cmd: ShellCommand): PackageOperation | null {
  return remembered(cmd, 'hardlinePackageOperation', () => computePackageOperation(cmd));
}

function computePackageOperation(cmd: ShellCommand): PackageOperation | null {
  const words = effectiveWords(cmd);
  if (words.length < 2) return null;
  let tool = basename(words[0].value);
  let args = words.slice(1);
  if (PYTHON.test(tool) && args[0]?.value === '-m' && args[1] && PIP.test(args[1].value)) {
    tool = 'pip';
    args = args.slice(2);
  }
  switch (tool) {
    case 'apt-get':
    case 'apt':
    case 'aptitude': {
      const p = splitArgs(args, VALUE_FLAGS.apt);
      const sub = p.operands[0]?.value;
      if (sub === 'install') return { kind: 'install', manager: 'apt', words: p.operands.slice(1) };
      if (sub === 'purge' || sub === 'remove' || sub === 'autoremove') return { kind: 'remove', manager: 'apt', words: p.operands.slice(1) };
      return null;
    }
    case 'apk': {
      const p = splitArgs(args, VALUE_FLAGS.apk);
      const sub = p.operands[0]?.value;
      if (sub === 'add') {
        return { kind: 'install', manager: 'apk', words: p.operands.slice(1), group: flagValue(args, '--virtual', '-t') };
      }
      if (sub === 'del') return { kind: 'remove', manager: 'apk', words: p.operands.slice(1) };
      return null;
    }
    case 'yum':
    case 'dnf':
    case 'dnf5':
    case 'microdnf':
    case 'tdnf': {
      const p = splitArgs(args, VALUE_FLAGS.rpm);
      const [sub, sub2] = p.operands.map((w) => w.value);
      if (sub === 'install' || sub === 'reinstall' || sub === 'localinstall' || sub === 'groupinstall') {
        return { kind: 'install', manager: 'rpm', words: p.operands.slice(1) };
      }
      if (sub === 'group' && sub2 === 'install') return { kind: 'install', manager: 'rpm', words: p.operands.slice(2) };
      if (sub === 'remove' || sub === 'erase' || sub === 'autoremove' || sub === 'groupremove') {
        return { kind: 'remove', manager: 'rpm', words: p.operands.slice(1) };
      }
      if (sub === 'group' && sub2 === 'remove') return { kind: 'remove', manager: 'rpm', words: p.operands.slice(2) };
      return null;
    }
    case 'zypper': {
      const p = splitArgs(args, VALUE_FLAGS.zypper);
      const sub = p.operands[0]?.value;
      if (sub === 'install' || sub === 'in') return { kind: 'install', manager: 'zypper', words: p.operands.slice(1) };
      if (sub === 'remove' || sub === 'rm') return { kind: 'remove', manager: 'zypper', words: p.operands.slice(1) };
      return null;
    }
    case 'pacman': {
      const p = splitArgs(args, VALUE_FLAGS.pacman);
      const op = p.flags.find((f) => /^-[A-Z]/.test(f.value) || f.value === '--sync' || f.value === '--remove');
      if (!op) return null;
      if (op.value === '--sync' || /^-S[yu]*$/.test(op.value)) {
        return { kind: 'install', manager: 'pacman', words: p.operands };
      }
      if (op.value === '--remove' || /^-R[nsucd]*$/.test(op.value)) return { kind: 'remove', manager: 'pacman', words: p.operands };
      return null;
    }
    case 'npm': {
      const p = splitArgs(args, VALUE_FLAGS.npm);
      const sub = p.operands[0]?.value;
      const global = hasFlag(p, '-g', '--global') || flagValue(args, '--location') === 'global';
      if (!global) return null;
      if (sub === 'install' || sub === 'i' || sub === 'add') return { kind: 'install', manager: 'npm-global', words: p.operands.slice(1) };
      if (sub === 'uninstall' || sub === 'un' || sub === 'remove' || sub === 'rm' || sub === 'r') {
        return { kind: 'remove', manager: 'npm-global', words: p.operands.slice(1) };
      }
      return null;
    }
    case 'gem': {
      const p = splitArgs(args, VALUE_FLAGS.gem);
      const sub = p.operands[0]?.value;
      if (sub === 'install' || sub === 'i') return { kind: 'install', manager: 'gem', words: p.operands.slice(1) };
      if (sub === 'uninstall') return { kind: 'remove', manager: 'gem', words: p.operands.slice(1) };
      return null;
    }
    default: {
      if (!PIP.test(tool)) return null;
      const p = splitArgs(args, VALUE_FLAGS.pip);
      const sub = p.operands[0]?.value;
      if (sub === 'install') return { kind: 'install', manager: 'pip', words: p.operands.slice(1) };
      if (sub === 'uninstall') return { kind: 'remove', manager: 'pip', words: p.operands.slice(1) };
      return null;
    }
  }
}

const NAMERS: Record<PackageManager, (v: string) => string | null> = {
  apt: aptName,
  apk: apkName,
  rpm: rpmName,
  zypper: rpmName,
  pacman: plainName,
  pip: pipName,
  'npm-global': npmName,
  gem: gemName,
};

/** Normalised package name of a word for a manager, or null when it is not a literal name. */
export function packageName(manager: PackageManager, word: ShellWord): string | null {
  if (word.expands) return null;
  // rpm groups: `@development-tools`, `"Development Tools"`.
  if (manager === 'rpm' && /^@?[A-Za-z0-9][A-Za-z0-9 ._-]*$/.test(word.value) && (word.value.startsWith('@') || word.value.includes(' '))) {
    return word.value.toLowerCase();
  }
  if (!literal(word)) return null;
  return NAMERS[manager](word.value);
}

const NO_COMMANDS: readonly ShellCommand[] = Object.freeze([]);

/**
 * Commands in document order (nested ones are emitted out of order by the
 * tokenizer). Remembered on the script (a moved script keeps its order):
 * callers must not change the array.
 */
export function orderedCommands(model: DockerfileModel, instruction: Instruction): readonly ShellCommand[] {
  const script = model.shell(instruction);
  if (!script) return NO_COMMANDS;
  return remembered(script, 'hardlineOrderedCommands', () => {
    const start = (c: ShellCommand) => (c.assignments[0] ?? c.words[0])?.start ?? 0;
    return [...script.commands].sort((a, b) => start(a) - start(b));
  });
}

function commandStart(c: ShellCommand): number {
  return (c.assignments[0] ?? c.words[0])?.start ?? 0;
}

function analyseRun(model: DockerfileModel, instruction: Instruction): RunPackages {
  const commands = orderedCommands(model, instruction);
  const installs: Install[] = [];
  const removals: Removal[] = [];
  for (const cmd of commands) {
    const op = packageOperation(cmd);
    if (!op) continue;
    const tool = basename(effectiveWords(cmd)[0].value);
    if (op.kind === 'install') {
      for (const word of op.words) {
        const name = packageName(op.manager, word);
        if (name) installs.push({ name, written: word.value, manager: op.manager, tool, word, group: op.group });
      }
      // `apk add --virtual .name` installs a group that `apk del .name` removes.
    } else {
      const names = new Set<string>();
      for (const word of op.words) {
        if (word.expands) continue;
        const name = op.manager === 'apk' ? word.value.toLowerCase() : packageName(op.manager, word);
        if (name) names.add(name);
      }
      if (names.size > 0) removals.push({ manager: op.manager, names, offset: commandStart(cmd) });
    }
  }
  return { installs, removals, autoRemovals: autoRemovals(commands) };
}

/**
 * The docker-library idiom `apt-mark auto '.*'` (or `apt-mark showmanual | xargs
 * apt-mark auto`) followed by `apt-get purge -y --auto-remove`: every apt
 * package installed before the marking is removed again, except the ones a
 * `savedAptMark="$(apt-mark showmanual)"` taken earlier in the RUN restores
 * with `apt-mark manual $savedAptMark` (then only the packages installed
 * after that snapshot go).
 */
function autoRemovals(commands: readonly ShellCommand[]): AutoRemoval[] {
  const result: AutoRemoval[] = [];
  const snapshots: { variable: string; at: number }[] = [];
  for (const cmd of commands) {
    for (const a of cmd.assignments) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=.*apt-mark\s+showmanual/.exec(a.value);
      if (m) snapshots.push({ variable: m[1], at: a.start });
    }
  }
  const info = commands.map((c) => {
    const w = effectiveWords(c).map((x) => x.value);
    return { at: commandStart(c), tool: basename(w[0] ?? ''), args: w.slice(1), prev: c.prev };
  });
  for (const mark of info) {
    if (mark.tool !== 'apt-mark' || mark.args[0] !== 'auto') continue;
    const all = mark.args.slice(1).some((x) => x === '.*' || x === '^.*' || x === '.*$') || (mark.args.length === 1 && mark.prev === '|');
    if (!all) continue;
    const purge = info.find((c) => {
      if (c.at <= mark.at || (c.tool !== 'apt-get' && c.tool !== 'apt')) return false;
      const sub = c.args.find((x) => !x.startsWith('-'));
      return sub === 'autoremove' || ((sub === 'purge' || sub === 'remove') && c.args.some((x) => x === '--auto-remove' || x === '--autoremove'));
    });
    if (!purge) continue;
    // A snapshot taken before the marking and restored after it keeps what was installed before the snapshot.
    const restored = snapshots
      .filter((s) => s.at < mark.at)
      .filter((s) =>
        info.some(
          (c) =>
            c.at > mark.at &&
            c.at < purge.at &&
            c.tool === 'apt-mark' &&
            c.args[0] === 'manual' &&
            c.args.slice(1).some((x) => x === `$${s.variable}` || x === `\${${s.variable}}`),
        ),
      );
    const keepUntil = restored.length > 0 ? Math.max(...restored.map((s) => s.at)) : undefined;
    result.push({ at: mark.at, keepUntil });
  }
  return result;
}

const runCache = new WeakMap<DockerfileModel, Map<Instruction, RunPackages>>();
const stageCache = new WeakMap<DockerfileModel, Map<Stage, InstalledPackage[]>>();

function runPackages(model: DockerfileModel, instruction: Instruction): RunPackages {
  let map = runCache.get(model);
  if (!map) runCache.set(model, (map = new Map()));
  let result = map.get(instruction);
  if (!result) map.set(instruction, (result = analyseRun(model, instruction)));
  return result;
}

/** The stage and its FROM ancestors, root first. */
export function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.parent) chain.unshift(s);
  return chain;
}

/**
 * Packages installed by the RUN instructions of a stage and its FROM
 * ancestors, in document order, each marked `removed` when a later command of
 * the same chain removes it (`apt-get purge`, `apk del` of the package or of
 * its `--virtual` group, `dnf remove`, `pip uninstall`, the `savedAptMark` idiom, …).
 */
export function installedPackages(model: DockerfileModel, stage: Stage): InstalledPackage[] {
  let map = stageCache.get(model);
  if (!map) stageCache.set(model, (map = new Map()));
  const cached = map.get(stage);
  if (cached) return cached;

  const runs: { instruction: Instruction; stage: Stage; packages: RunPackages }[] = [];
  for (const s of stageChain(stage)) {
    for (const instruction of s.instructions) {
      if (instruction.getKeyword() === 'RUN') runs.push({ instruction, stage: s, packages: runPackages(model, instruction) });
    }
  }
  // Removals indexed by manager and name, in document order (the chain is in document order):
  // the first removal after an install is the one that removes it.
  const removals = new Map<string, { offset: number; instruction: Instruction }[]>();
  const aptAutoRemovals: { at: number; keepUntil?: number; instruction: Instruction }[] = [];
  for (const run of runs) {
    for (const r of run.packages.removals) {
      for (const name of r.names) {
        const key = `${r.manager}\u0000${name}`;
        let list = removals.get(key);
        if (!list) removals.set(key, (list = []));
        list.push({ offset: r.offset, instruction: run.instruction });
      }
    }
    for (const r of run.packages.autoRemovals) aptAutoRemovals.push({ ...r, instruction: run.instruction });
  }
  for (const list of removals.values()) list.sort((a, b) => a.offset - b.offset);
  const firstAfter = (list: { offset: number; instruction: Instruction }[] | undefined, at: number) => {
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].offset > at) hi = mid;
      else lo = mid + 1;
    }
    return list[lo];
  };
  const result: InstalledPackage[] = [];
  for (const run of runs) {
    for (const i of run.packages.installs) {
      const at = i.word.start;
      const auto = i.manager === 'apt' ? aptAutoRemovals.find((r) => r.at > at && (r.keepUntil === undefined || at > r.keepUntil)) : undefined;
      const hits = [
        firstAfter(removals.get(`${i.manager}\u0000${i.name}`), at),
        i.group !== undefined ? firstAfter(removals.get(`${i.manager}\u0000${i.group.toLowerCase()}`), at) : undefined,
        auto && { offset: auto.at, instruction: auto.instruction },
      ].filter((h) => h !== undefined);
      const removedBy = hits.length > 0 ? hits.reduce((a, b) => (b.offset < a.offset ? b : a)).instruction : undefined;
      result.push({
        name: i.name,
        written: i.written,
        manager: i.manager,
        tool: i.tool,
        range: { start: model.index.positionAt(i.word.start), end: model.index.positionAt(i.word.end) },
        instruction: run.instruction,
        stage: run.stage,
        group: i.group,
        removed: removedBy !== undefined,
        removedBy,
      });
    }
  }
  map.set(stage, result);
  return result;
}

/** The document range of a shell word. */
export function wordRange(model: DockerfileModel, word: ShellWord): Range {
  return { start: model.index.positionAt(word.start), end: model.index.positionAt(word.end) };
}

/**
 * From the start of `first` to the end of `last` when both sit on one line,
 * else just `first` (a span across continuation lines would underline too much).
 */
export function spanRange(model: DockerfileModel, first: ShellWord, last: ShellWord): Range {
  const a = wordRange(model, first);
  const b = wordRange(model, last);
  return a.start.line === b.end.line && b.end.character >= a.start.character ? { start: a.start, end: b.end } : a;
}

/**
 * ENV and ARG values in effect at an instruction: those declared before it in
 * its stage and the stage's FROM ancestors (later declarations win). A fresh
 * map the caller may change. One table per model: rules ask at every RUN, and
 * walking the stage each time made a file of many instructions quadratic.
 */
export function environmentAt(model: DockerfileModel, instruction: Instruction): Map<string, string> {
  if (!model.stageOf(instruction)) return new Map();
  let table = environments.get(model);
  if (!table) {
    table = environmentTable(model);
    environments.set(model, table);
  }
  return new Map(table.get(instruction));
}

const environments = new WeakMap<DockerfileModel, Map<Instruction, ReadonlyMap<string, string>>>();

/** The environment before each instruction (a FROM: at the end of its stage); snapshots are shared until an ENV/ARG changes them. */
function environmentTable(model: DockerfileModel): Map<Instruction, ReadonlyMap<string, string>> {
  const table = new Map<Instruction, ReadonlyMap<string, string>>();
  const ends = new Map<Stage, ReadonlyMap<string, string>>();
  for (const stage of model.stages) {
    // A parent is always an earlier stage (FROM can only name a stage defined before it).
    let env: ReadonlyMap<string, string> = (stage.parent && ends.get(stage.parent)) || new Map();
    for (const instr of stage.instructions) {
      table.set(instr, env);
      if (!(instr instanceof Env) && !(instr instanceof Arg)) continue;
      const next = new Map(env);
      for (const p of instr.getProperties()) {
        const value = p.getValue();
        if (value !== null || instr instanceof Env) next.set(p.getName(), value ?? '');
      }
      env = next;
    }
    ends.set(stage, env);
    table.set(stage.from, env);
  }
  return table;
}
