import type { Instruction } from 'dockerfile-ast';
import { commandForm } from '../commandForm';
import { joinContinuations } from '../model';
import { basename, parseShell } from '../shell';
import { pythonModuleFor, RUNTIME_PATH, type ArtefactCopy } from './build';
import { runtimeEcosystem } from './compat';
import type { Runtime } from './runtime';
import { needsShellProgram, type StageScan } from './scan';
import { basenameOf, execForm, isWithin, resolvePath } from './util';

/*
 * How the container starts on the runtime image: the stage's ENTRYPOINT and
 * CMD, in exec form, adapted to the interpreter ENTRYPOINT of distroless
 * language images. What cannot run there (a shell script, shell syntax,
 * `npm start`, a program the image lacks) is reported, never rewritten blindly.
 */

export interface StartPlan {
  /** Exec-form ENTRYPOINT to write; undefined: none. */
  entrypoint?: string[];
  /** Exec-form CMD to write; undefined: none. */
  cmd?: string[];
  /** Keep the original instructions as written (the runtime has a shell and they need it). */
  verbatim?: boolean;
  /** Cannot be carried over: a short caveat for the title and a sentence for the TODO comment. */
  blocked?: { caveat: string; reason: string };
  caveats: string[];
}

const NODE = /^node(js)?$/;
const PYTHON = /^python(\d+(\.\d+)?)?$/;

export function interpreterOf(program: string): 'node' | 'python' | 'java' | undefined {
  const name = basename(program);
  if (NODE.test(name)) return 'node';
  if (PYTHON.test(name)) return 'python';
  if (name === 'java') return 'java';
  return undefined;
}

/** Does `program` exist in the runtime stage: copied there by the plan, or a runtime tool? */
export function existsInRuntime(program: string, workdir: string | null, copies: readonly ArtefactCopy[], runtime: Runtime): boolean {
  const path = program.includes('/') ? resolvePath(workdir, program) : null;
  if (path) return copies.some((c) => isWithin(path, c.to));
  // A bare name is found on PATH: a copied file of that name, or a copied bin directory on PATH.
  if (copies.some((c) => basenameOf(c.to) === program && RUNTIME_PATH.includes(c.to.slice(0, c.to.lastIndexOf('/'))))) return true;
  if (copies.some((c) => RUNTIME_PATH.includes(c.to) && c.from !== c.to)) return true;
  // The language runtime of the image itself, on PATH (distroless Node.js keeps node in /nodejs/bin).
  const eco = runtimeEcosystem(runtime);
  const name = basename(program);
  if (eco === 'dotnet' && name === 'dotnet') return true;
  const interpreter = interpreterOf(name);
  if (interpreter && interpreter === eco && !(runtime.entrypoint?.interpreter === 'node')) return true;
  if (runtime.info?.family === 'nginx-unprivileged' && name === 'nginx') return true;
  return false;
}

/** Chainguard and DHI language images: the interpreter is on PATH, the ENTRYPOINT is not known for sure. */
function interpreterOnPath(runtime: Runtime, interpreter: string): boolean {
  const vendor = runtime.info?.vendor;
  if (vendor !== 'chainguard' && vendor !== 'dhi') return false;
  const path = runtime.ref?.path ?? '';
  if (interpreter === 'node') return /(^|\/)node$/.test(path);
  if (interpreter === 'python') return /(^|\/)python$/.test(path);
  return /(^|\/)(jre|jdk|eclipse-temurin|openjdk|java)$/.test(path);
}

function blocked(caveat: string, reason: string): StartPlan {
  return { blocked: { caveat, reason }, caveats: [caveat] };
}

/**
 * The start of the container on `runtime`. `copies` are the artefacts the
 * runtime stage receives (paths the program may live at); `defaultProgram`
 * starts a built binary when the stage names no command.
 */
export function planStart(scan: StageScan, runtime: Runtime, copies: readonly ArtefactCopy[], defaultProgram?: string): StartPlan {
  const ep = scan.entrypoint;
  const cmd = scan.cmd;
  const caveats: string[] = [];
  if (!ep && !cmd) return defaultProgram ? { entrypoint: [defaultProgram], caveats } : { caveats };
  const image = runtime.image;

  if (runtime.shell) {
    // A shell is there: keep what needs it, write the rest in exec form with the same meaning.
    if ((ep && !ep.argv) || (cmd && !cmd.argv)) return { verbatim: true, caveats };
    // A shell-form CMD after an exec ENTRYPOINT is `/bin/sh -c …` appended: keep it as written.
    if (ep?.exec && cmd && !cmd.exec) return { verbatim: true, caveats };
    // A shell-form ENTRYPOINT ignores CMD.
    if (ep && !ep.exec) return { entrypoint: ep.argv!, caveats };
    return { entrypoint: ep?.argv ?? undefined, cmd: cmd?.argv ?? undefined, caveats };
  }

  if (ep && !ep.argv) return blocked(`ENTRYPOINT needs a shell (${ep.needsShell})`, `ENTRYPOINT needs a shell (${ep.needsShell}), which ${image} does not have`);
  const cmdUsed = !ep || ep.exec;
  if (cmdUsed && cmd && !cmd.argv) return blocked(`CMD needs a shell (${cmd.needsShell})`, `CMD needs a shell (${cmd.needsShell}), which ${image} does not have`);
  const epArgv = ep?.argv ?? [];
  const cmdArgv = cmdUsed ? cmd?.argv ?? [] : [];
  const full = [...epArgv, ...cmdArgv];
  const program = full[0];
  if (program === undefined) return { entrypoint: ep ? [] : undefined, cmd: cmd ? [] : undefined, caveats };
  const shellProgram = needsShellProgram(program);
  if (shellProgram) return blocked(`${basename(program)} needs a shell`, `${shellProgram}, which ${image} does not have`);

  const interpreter = interpreterOf(program);
  const E = runtime.entrypoint;
  if (E) {
    let args: string[] | undefined;
    if (interpreter === E.interpreter) {
      args = full.slice(1);
      const version = /python(\d+\.\d+)$/.exec(basename(program))?.[1];
      if (E.version && version && version !== E.version) caveats.push(`${basename(program)} but ${image} has Python ${E.version}`);
    } else if (E.interpreter === 'python' && pythonModuleFor(program)) {
      args = ['-m', pythonModuleFor(program)!, ...full.slice(1)];
    }
    if (args) {
      const prefix = E.entrypoint.slice(1);
      const fitsPrefix = prefix.every((p, k) => args![k] === p);
      if (!ep && fitsPrefix) return { cmd: args.slice(prefix.length), caveats };
      // Keep the ENTRYPOINT / CMD split, with the image's interpreter by its absolute path.
      if (ep && epArgv.length > 0 && interpreter === E.interpreter) {
        return { entrypoint: [E.entrypoint[0], ...epArgv.slice(1)], cmd: cmd && cmdUsed ? cmdArgv : undefined, caveats };
      }
      return { entrypoint: [E.entrypoint[0], ...args], caveats };
    }
    if (E.interpreter === 'node' && ['npm', 'npx', 'yarn', 'pnpm', 'bun'].includes(basename(program))) {
      const what = [basename(program), ...full.slice(1, 2)].join(' ');
      return blocked(`${what} needs npm`, `\`${what}\` needs ${basename(program)}, which ${image} does not have: start the program with node directly`);
    }
    if (existsInRuntime(program, scan.workdir, copies, runtime)) {
      // Replace the image's interpreter ENTRYPOINT with the program.
      return ep ? { entrypoint: epArgv, cmd: cmd && cmdUsed ? cmdArgv : undefined, caveats } : { entrypoint: [program], cmd: full.length > 1 ? full.slice(1) : undefined, caveats };
    }
    return blocked(`${basename(program)} is not in the runtime`, `${basename(program)} is not in ${image}`);
  }

  if (interpreter && interpreterOnPath(runtime, interpreter)) {
    // The ENTRYPOINT of these images may be the interpreter itself: set it, so CMD means the same.
    if (ep) return { entrypoint: epArgv, cmd: cmd && cmdUsed ? cmdArgv : undefined, caveats };
    return { entrypoint: [program], cmd: full.length > 1 ? full.slice(1) : undefined, caveats };
  }
  if (existsInRuntime(program, scan.workdir, copies, runtime)) {
    return { entrypoint: ep ? epArgv : undefined, cmd: cmd && cmdUsed ? cmdArgv : undefined, caveats };
  }
  return blocked(`${basename(program)} is not in the runtime`, `${basename(program)} is not in ${image}`);
}

/** A HEALTHCHECK on the runtime: as written, adapted (interpreter path), or blocked. */
export function planHealthcheck(
  scan: StageScan,
  instruction: Instruction,
  runtime: Runtime,
  copies: readonly ArtefactCopy[],
): { text?: string; blocked?: { caveat: string; reason: string } } {
  const model = scan.model;
  const range = instruction.getRange();
  const original = model.text.slice(model.index.offsetAt(range.start), model.index.offsetAt(range.end));
  if (/^\s*NONE\s*$/i.test(instruction.getArgumentsContent() ?? '')) return { text: original };
  const form = commandForm(model, instruction);
  if (!form) return { text: original };
  if (runtime.shell) return { text: original };
  let argv = form.argv;
  let first: string | undefined;
  if (!form.exec) {
    const { script, offsets } = joinContinuations(model.text, form.start, form.end, model.escapeChar, false);
    const parsed = parseShell(script, offsets);
    const simple = !parsed.hasShellSyntax && parsed.commands.length === 1 && parsed.commands[0].words.every((w) => !w.expands);
    argv = simple ? parsed.commands[0].words.map((w) => w.value) : undefined;
    first = parsed.commands.find((c) => !c.nested && c.words.length > 0)?.words[0]?.value;
  }
  const program = argv?.[0];
  const tool = program ? basename(program) : undefined;
  if (!argv || !program || !tool) {
    const probe = first ? basename(first) : undefined;
    const uses = probe === 'curl' || probe === 'wget' ? ` uses ${probe} and` : '';
    return { blocked: { caveat: `HEALTHCHECK${uses} needs a shell`, reason: `HEALTHCHECK${uses} needs a shell, which ${runtime.image} does not have: check health from the orchestrator (Kubernetes probes) or with a small check built into the program` } };
  }
  if (tool === 'curl' || tool === 'wget') {
    return {
      blocked: {
        caveat: `HEALTHCHECK uses ${tool}`,
        reason: `HEALTHCHECK uses ${tool}, which ${runtime.image} does not have: check health from the orchestrator (Kubernetes probes) or with a small check built into the program`,
      },
    };
  }
  const prefix = model.text.slice(model.index.offsetAt(range.start), form.start);
  const E = runtime.entrypoint;
  if (E && interpreterOf(program) === E.interpreter && E.interpreter !== 'java') {
    return { text: `${prefix}${execForm([E.entrypoint[0], ...argv.slice(1)])}` };
  }
  if (existsInRuntime(program, scan.workdir, copies, runtime)) return { text: form.exec ? original : `${prefix}${execForm(argv)}` };
  return { blocked: { caveat: `HEALTHCHECK runs ${tool}, which is not in the runtime`, reason: `HEALTHCHECK runs ${tool}, which is not in ${runtime.image}` } };
}
