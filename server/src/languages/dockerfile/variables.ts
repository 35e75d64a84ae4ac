import { Arg, Env, type Instruction } from 'dockerfile-ast';
import { substituteArgs, type DockerfileModel, type Stage } from './model';

/** The stage and its FROM ancestors, root first. */
export function stageLineage(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.parent) chain.unshift(s);
  return chain;
}

/**
 * The variables in scope just before `until` in `stage` (or at the end of the
 * stage without `until`), with their default values: ENV of the stage and its
 * FROM ancestors (ENV is inherited through the image), ARG of the stage itself
 * (an ARG ends with its stage; a bare `ARG NAME` takes the global default).
 * `undefined` marks a variable that is declared but has no known value.
 * ENV wins over ARG of the same name, as in BuildKit.
 */
export function variablesAt(model: DockerfileModel, stage: Stage, until?: Instruction): Map<string, string | undefined> {
  const env = new Map<string, string | undefined>();
  let args = new Map<string, string | undefined>();
  const lookup = () => new Map<string, string | undefined>([...args, ...env]);
  // What a `$NAME` means so far (ENV over ARG), kept up to date rather than rebuilt at every
  // declaration: rebuilding made a stage of many ENV lines quadratic.
  let scope = new Map<string, string | undefined>();
  const resolve = (text: string): string | undefined => {
    if (!text.includes('$')) return text;
    const { value, unresolved } = substituteArgs(text, scope);
    return unresolved ? undefined : value;
  };
  for (const s of stageLineage(stage)) {
    args = new Map();
    scope = new Map(env);
    for (const instr of s.instructions) {
      if (s === stage && instr === until) break;
      if (instr instanceof Arg) {
        for (const p of instr.getProperties()) {
          const v = p.getValue();
          const name = p.getName();
          const value = v !== null ? resolve(v) : model.globalArgs.has(name) ? model.globalArgs.get(name) : undefined;
          args.set(name, value);
          if (!env.has(name)) scope.set(name, value);
        }
      } else if (instr instanceof Env) {
        for (const p of instr.getProperties()) {
          const value = resolve(p.getValue() ?? '');
          env.set(p.getName(), value);
          scope.set(p.getName(), value);
        }
      }
    }
  }
  return lookup();
}

/** Substitute the variables in scope; null when some variable has no known value. */
export function resolveAt(model: DockerfileModel, stage: Stage, instruction: Instruction, text: string): string | null {
  if (!text.includes('$')) return text;
  const { value, unresolved } = substituteArgs(text, variablesAt(model, stage, instruction));
  return unresolved ? null : value;
}
