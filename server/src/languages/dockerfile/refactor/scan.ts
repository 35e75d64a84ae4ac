import { Arg, Env, JSONInstruction, type Instruction } from 'dockerfile-ast';
import { commandForm } from '../commandForm';
import { copyArgs, fromFlag, isRemoteSource } from '../copyArgs';
import { joinContinuations, substituteArgs, type DockerfileModel, type Stage } from '../model';
import { orderedCommands } from '../packages';
import { basename, effectiveWords, isShell, parseShell, type ShellCommand } from '../shell';
import { variablesAt } from '../variables';
import { exposedPort, resolvePath } from './util';

/** One simple command of a RUN, with where and with which variables it runs. */
export interface RunCommand {
  instruction: Instruction;
  command: ShellCommand;
  /** Words after wrappers (`sudo`, `env A=b`), quotes removed. */
  words: string[];
  /** Working directory when it runs (`WORKDIR`, then `cd` earlier in the same RUN); null when unknown. */
  cwd: string | null;
  /** Variables in scope: ENV/ARG, then `export`s and inline `A=b` of the RUN. */
  vars: Map<string, string | undefined>;
}

/** A COPY / ADD and where it puts files. */
export interface CopyStep {
  instruction: Instruction;
  /** Absolute destination, null when it uses an unknown variable or the WORKDIR is unknown. */
  dest: string | null;
  /** `--from=<stage|image>`. */
  from?: string;
  /** The `--chown` flag, when present. */
  chown?: { value: string; range: import('../../../engine/types').Range };
  /** From the build context (not `--from`, not a URL). */
  local: boolean;
}

/** A CMD / ENTRYPOINT / HEALTHCHECK command as it would run. */
export interface Command {
  instruction: Instruction;
  /** Exec form, or shell form simple enough to be exec form (`exec` dropped): the argv. */
  argv: string[] | null;
  /** Written in exec form. */
  exec: boolean;
  /** Why it needs a shell, when `argv` is null. */
  needsShell?: string;
}

export interface StageScan {
  model: DockerfileModel;
  stage: Stage;
  /** WORKDIR at the end of the stage (`/` when none; null when a variable hides it). */
  workdir: string | null;
  /** Whether a WORKDIR instruction was written. */
  workdirWritten: boolean;
  runs: Instruction[];
  commands: RunCommand[];
  copies: CopyStep[];
  env: Instruction[];
  args: Instruction[];
  labels: Instruction[];
  exposes: { instruction: Instruction; ports: number[] }[];
  volumes: { instruction: Instruction; paths: string[] }[];
  /** Other metadata carried to a runtime stage as written: STOPSIGNAL, MAINTAINER. */
  metadata: Instruction[];
  users: Instruction[];
  healthcheck?: Instruction;
  entrypoint?: Command;
  cmd?: Command;
  /** Variables at the end of the stage. */
  vars: Map<string, string | undefined>;
}

function resolve(text: string, vars: Map<string, string | undefined>): string | null {
  if (!text.includes('$')) return text;
  const { value, unresolved } = substituteArgs(text, vars);
  return unresolved ? null : value;
}

const scans = new WeakMap<Stage, StageScan>();

/** Walk a stage once: what it runs, copies, declares and starts (cached per parsed stage; read-only). */
export function scanStage(model: DockerfileModel, stage: Stage): StageScan {
  let scan = scans.get(stage);
  if (!scan || scan.model !== model) scans.set(stage, (scan = walkStage(model, stage)));
  return scan;
}

function walkStage(model: DockerfileModel, stage: Stage): StageScan {
  const scan: StageScan = {
    model,
    stage,
    workdir: '/',
    workdirWritten: false,
    runs: [],
    commands: [],
    copies: [],
    env: [],
    args: [],
    labels: [],
    exposes: [],
    volumes: [],
    metadata: [],
    users: [],
    vars: variablesAt(model, stage),
  };
  // WORKDIR is inherited from parent stages.
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.parent) chain.unshift(s);
  let workdir: string | null = '/';
  for (const s of chain.slice(0, -1)) {
    for (const instr of s.instructions) {
      if (instr.getKeyword() === 'WORKDIR') {
        const value = resolve((instr.getArgumentsContent() ?? '').trim(), variablesAt(model, s, instr));
        workdir = value === null ? null : resolvePath(workdir, value);
      }
    }
  }

  for (const instr of stage.instructions) {
    const keyword = instr.getKeyword();
    // An instruction without argument is a build error of its own: nothing to carry or rewrite.
    if (keyword !== 'RUN' && instr.getArguments().length === 0) continue;
    switch (keyword) {
      case 'WORKDIR': {
        const value = resolve((instr.getArgumentsContent() ?? '').trim(), variablesAt(model, stage, instr));
        workdir = value === null ? null : resolvePath(workdir, value.replace(/^["']|["']$/g, ''));
        scan.workdirWritten = true;
        break;
      }
      case 'RUN':
        scan.runs.push(instr);
        scan.commands.push(...runCommands(model, stage, instr, workdir));
        break;
      case 'COPY':
      case 'ADD': {
        const args = copyArgs(instr);
        if (!args || !args.dest) break;
        const vars = variablesAt(model, stage, instr);
        const destText = resolve(args.dest.value, vars);
        const dest = destText === null ? null : resolvePath(workdir, destText);
        const from = fromFlag(args)?.getValue() ?? undefined;
        const chownFlag = args.flags.find((f) => f.getName() === 'chown');
        const chown = chownFlag && chownFlag.getValue() !== null ? { value: chownFlag.getValue()!, range: chownFlag.getRange() } : undefined;
        const local = !from && !args.sources.some((s) => isRemoteSource(s.value));
        scan.copies.push({ instruction: instr, dest, from, chown, local });
        break;
      }
      case 'ENV':
        scan.env.push(instr);
        break;
      case 'ARG':
        scan.args.push(instr);
        break;
      case 'LABEL':
        scan.labels.push(instr);
        break;
      case 'EXPOSE': {
        const vars = variablesAt(model, stage, instr);
        const ports = instr
          .getArguments()
          .map((a) => resolve(a.getValue(), vars))
          .map((v) => (v === null ? null : exposedPort(v)))
          .filter((p): p is number => p !== null);
        scan.exposes.push({ instruction: instr, ports });
        break;
      }
      case 'VOLUME': {
        const vars = variablesAt(model, stage, instr);
        const raw =
          instr instanceof JSONInstruction && instr.getOpeningBracket()
            ? instr.getJSONStrings().map((s) => s.getValue().replace(/^"|"$/g, ''))
            : instr.getArguments().map((a) => a.getValue());
        const paths = raw
          .map((p) => resolve(p, vars))
          .map((p) => (p === null ? null : resolvePath(workdir, p)))
          .filter((p): p is string => p !== null);
        scan.volumes.push({ instruction: instr, paths });
        break;
      }
      case 'STOPSIGNAL':
      case 'MAINTAINER':
        scan.metadata.push(instr);
        break;
      case 'USER':
        scan.users.push(instr);
        break;
      case 'HEALTHCHECK':
        scan.healthcheck = instr;
        break;
      case 'ENTRYPOINT':
        scan.entrypoint = commandOf(model, instr);
        break;
      case 'CMD':
        scan.cmd = commandOf(model, instr);
        break;
    }
  }
  scan.workdir = workdir;
  return scan;
}

/** The simple commands of a RUN, each with its working directory and variables. */
function runCommands(model: DockerfileModel, stage: Stage, instruction: Instruction, workdir: string | null): RunCommand[] {
  const result: RunCommand[] = [];
  const vars = variablesAt(model, stage, instruction);
  let cwd = workdir;
  for (const command of orderedCommands(model, instruction)) {
    const localVars = new Map(vars);
    for (const a of command.assignments) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(a.value);
      if (m) localVars.set(m[1], m[2]);
    }
    // `env A=b cmd` assignments before the program.
    for (const w of command.words) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w.value);
      if (m) localVars.set(m[1], m[2]);
    }
    const words = effectiveWords(command).map((w) => w.value);
    result.push({ instruction, command, words, cwd, vars: localVars });
    if (command.nested) continue;
    const tool = basename(words[0] ?? '');
    if (tool === 'cd' && command.words.length <= 2) {
      const target = words[1] === undefined ? '/root' : resolve(words[1], localVars);
      cwd = target === null || target === '-' ? null : resolvePath(cwd, target);
    } else if (tool === 'export') {
      for (const w of words.slice(1)) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w);
        if (m) vars.set(m[1], resolve(m[2], vars) ?? undefined);
      }
    } else if (command.assignments.length > 0 && command.words.length === 0) {
      // `A=b` alone sets a shell variable for the rest of the RUN.
      for (const a of command.assignments) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(a.value);
        if (m) vars.set(m[1], resolve(m[2], vars) ?? undefined);
      }
    }
  }
  return result;
}

/** CMD / ENTRYPOINT as an argv when it can be one. */
export function commandOf(model: DockerfileModel, instruction: Instruction): Command {
  const form = commandForm(model, instruction);
  if (!form) return { instruction, argv: [], exec: true };
  if (form.exec) return { instruction, argv: form.argv ?? [], exec: true };
  if (form.brokenJson) return { instruction, argv: null, exec: false, needsShell: 'it is not valid JSON, so it runs in a shell' };
  const { script, offsets } = joinContinuations(model.text, form.start, form.end, model.escapeChar, false);
  const parsed = parseShell(script, offsets);
  if (parsed.hasShellSyntax) return { instruction, argv: null, exec: false, needsShell: 'it uses shell syntax' };
  const commands = parsed.commands.filter((c) => !c.nested);
  if (commands.length !== 1 || commands[0].assignments.length > 0 || commands[0].words.length === 0) {
    return { instruction, argv: null, exec: false, needsShell: 'it uses shell syntax' };
  }
  let words = commands[0].words;
  if (words.some((w) => w.expands)) return { instruction, argv: null, exec: false, needsShell: 'it uses shell variables' };
  if (model.text.slice(words[0].start, words[words.length - 1].end).includes('\\') && model.escapeChar !== '\\') {
    return { instruction, argv: null, exec: false, needsShell: 'it uses backslashes' };
  }
  if (words[0].value === 'exec' && words.length > 1) words = words.slice(1);
  return { instruction, argv: words.map((w) => w.value), exec: false };
}

/** A program that is a shell, or a script that needs one. */
export function needsShellProgram(program: string): string | undefined {
  const name = basename(program);
  if (isShell(name)) return `${name} is a shell`;
  if (/\.(sh|bash)$/.test(name) || /^docker-[a-z-]*entrypoint/.test(name) || name === 'entrypoint' || name === 'start') {
    return `${name} needs a shell`;
  }
  return undefined;
}

/** ENV / ARG values declared by an instruction. */
export function declaredNames(instr: Instruction): string[] {
  if (instr instanceof Env || instr instanceof Arg) return instr.getProperties().map((p) => p.getName());
  return [];
}
