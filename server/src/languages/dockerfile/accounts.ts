import { Arg, Env, type Instruction } from 'dockerfile-ast';
import { tagVersion } from '../../catalog';
import type { DockerfileModel, Stage } from './model';
import { basename, effectiveWords, type ShellWord } from './shell';

/**
 * User and group accounts: the ones a Dockerfile creates with an explicit
 * numeric id (`useradd -u`, `adduser --uid` / busybox `adduser -u`,
 * `groupadd -g`, `addgroup -g` / `--gid`) and the ones well-known base images ship.
 */

/** An id as written: a number, or a variable (`${UID}`) whose value is known only at build time. */
export type AccountId = { literal: string } | { variable: string };

export interface CreatedAccount {
  kind: 'user' | 'group';
  name: string;
  id: AccountId;
  /** The command that creates it (`useradd`, `adduser`, …). */
  command: string;
  instruction: Instruction;
  stage: Stage;
}

interface OptionSpec {
  /** Short options that take a value. */
  short: string;
  /** Long options that take a value. */
  long: string[];
}

const SPECS: Record<string, OptionSpec> = {
  useradd: { short: 'bcdefgGkKpPRsuZ', long: ['base-dir', 'comment', 'home-dir', 'home', 'expiredate', 'inactive', 'gid', 'groups', 'skel', 'key', 'password', 'prefix', 'root', 'shell', 'uid', 'selinux-user', 'selinux-range'] },
  // Debian's adduser (long options) and BusyBox's adduser (-h -g -s -G -u -k).
  adduser: { short: 'hgsGuk', long: ['home', 'shell', 'ingroup', 'gid', 'uid', 'firstuid', 'lastuid', 'firstgid', 'lastgid', 'gecos', 'comment', 'conf', 'add-extra-groups'] },
  groupadd: { short: 'gKpPRU', long: ['gid', 'key', 'password', 'prefix', 'root', 'users'] },
  addgroup: { short: 'g', long: ['gid', 'conf', 'firstgid', 'lastgid'] },
};

interface ParsedCommand {
  options: Map<string, string>;
  flags: Set<string>;
  positionals: string[];
}

function parseOptions(words: ShellWord[], spec: OptionSpec): ParsedCommand | null {
  const options = new Map<string, string>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  for (let k = 0; k < words.length; k++) {
    const w = words[k].value;
    if (w === '--') {
      positionals.push(...words.slice(k + 1).map((x) => x.value));
      break;
    }
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      const name = eq >= 0 ? w.slice(2, eq) : w.slice(2);
      if (eq >= 0) options.set(name, w.slice(eq + 1));
      else if (spec.long.includes(name)) {
        if (k + 1 >= words.length) return null;
        options.set(name, words[++k].value);
      } else flags.add(name);
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      for (let c = 1; c < w.length; c++) {
        const letter = w[c];
        if (spec.short.includes(letter)) {
          const rest = w.slice(c + 1);
          if (rest) options.set(letter, rest);
          else if (k + 1 < words.length) options.set(letter, words[++k].value);
          else return null;
          break;
        }
        flags.add(letter);
      }
      continue;
    }
    positionals.push(w);
  }
  return { options, flags, positionals };
}

function accountId(value: string | undefined): AccountId | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value)) return { literal: value };
  const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(value);
  return m ? { variable: (m[1] ?? m[2])! } : undefined;
}

const NAME = /^[a-z_][a-z0-9_.-]*\$?$/i;

/** Accounts created with an explicit id by the RUN instructions of the given stages, in order. */
export function createdAccounts(model: DockerfileModel, stages: readonly Stage[]): CreatedAccount[] {
  const out: CreatedAccount[] = [];
  for (const stage of stages) {
    for (const instr of stage.instructions) {
      if (instr.getKeyword() !== 'RUN') continue;
      for (const cmd of model.shell(instr)?.commands ?? []) {
        const words = effectiveWords(cmd);
        if (words.length === 0) continue;
        const command = basename(words[0].value);
        const spec = SPECS[command];
        if (!spec) continue;
        const parsed = parseOptions(words.slice(1), spec);
        if (!parsed) continue;
        const { options, flags, positionals } = parsed;
        const push = (kind: CreatedAccount['kind'], name: string, id: AccountId | undefined) => {
          if (id && NAME.test(name)) out.push({ kind, name, id, command, instruction: instr, stage });
        };
        if (command === 'useradd') {
          const name = positionals[positionals.length - 1];
          if (name && positionals.length === 1) push('user', name, accountId(options.get('u') ?? options.get('uid')));
        } else if (command === 'groupadd') {
          const name = positionals[positionals.length - 1];
          if (name && positionals.length === 1) push('group', name, accountId(options.get('g') ?? options.get('gid')));
        } else if (command === 'adduser') {
          // `adduser USER GROUP` adds an existing user to a group: not a creation.
          if (positionals.length !== 1) continue;
          const name = positionals[0];
          if (flags.has('group') && !flags.has('system')) {
            push('group', name, accountId(options.get('gid')));
          } else {
            push('user', name, accountId(options.get('u') ?? options.get('uid')));
            // Debian `adduser --system --group --gid N name` also creates the group.
            if (flags.has('group')) push('group', name, accountId(options.get('gid')));
          }
        } else if (command === 'addgroup') {
          if (positionals.length !== 1) continue;
          push('group', positionals[0], accountId(options.get('g') ?? options.get('gid')));
        }
      }
    }
  }
  return out;
}

export interface KnownAccount {
  id: string;
  /** Where the id comes from, for messages. */
  source: string;
}

const NOBODY_FAMILIES = new Set(['debian', 'ubuntu', 'alpine', 'busybox', 'node', 'python', 'golang', 'ruby', 'php', 'rust', 'nginx', 'httpd']);

/**
 * Users (and same-named groups) that a catalogue base image ships with a
 * documented numeric id. Only families whose images are known to carry them.
 */
export function imageAccount(family: string, tag: string | undefined, name: string, kind: 'user' | 'group'): KnownAccount | undefined {
  // Debian's nobody group is `nogroup`: only the user is the same everywhere.
  if (name === 'nobody' && kind === 'group') return undefined;
  const known = (id: string, source: string): KnownAccount => ({ id, source });
  if (family === 'node' && name === 'node') return known('1000', 'the official node images create the node user and group with id 1000');
  if ((family.startsWith('distroless-') || family.startsWith('chainguard') || family === 'dhi') && name === 'nonroot') {
    return known('65532', 'the nonroot user and group of distroless, Chainguard and Docker Hardened Images have id 65532');
  }
  if (family.startsWith('distroless-') && name === 'nobody') return known('65534', 'the nobody user of distroless images has id 65534');
  if ((family === 'dotnet-runtime' || family === 'dotnet-sdk') && name === 'app') {
    const major = Number(tagVersion(tag).major);
    if (major >= 8) return known('1654', 'the .NET 8+ images create the app user and group with id 1654');
  }
  if ((family === 'nginx' || family === 'nginx-unprivileged') && name === 'nginx') {
    return known('101', 'the nginx images create the nginx user and group with id 101');
  }
  if (NOBODY_FAMILIES.has(family) && name === 'nobody') return known('65534', 'the nobody user has id 65534 on Debian, Ubuntu and Alpine');
  return undefined;
}

/** Is a variable in scope (and build-time constant) at an instruction: ARG/ENV of its stage before it, or ENV of an ancestor. */
export function variableInScope(stage: Stage, instruction: Instruction, name: string): boolean {
  for (const instr of stage.instructions) {
    if (instr === instruction) break;
    if ((instr instanceof Arg || instr instanceof Env) && instr.getProperties().some((p) => p.getName() === name)) return true;
  }
  for (let s = stage.parent; s; s = s.parent) {
    if (s.instructions.some((i) => i instanceof Env && i.getProperties().some((p) => p.getName() === name))) return true;
  }
  return false;
}
