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
  const resolve = (text: string): string | undefined => {
    const { value, unresolved } = substituteArgs(text, lookup());
    return unresolved ? undefined : value;
  };
  for (const s of stageLineage(stage)) {
    args = new Map();
    for (const instr of s.instructions) {
      if (s === stage && instr === until) break;
      if (instr instanceof Arg) {
        for (const p of instr.getProperties()) {
          const v = p.getValue();
          if (v !== null) args.set(p.getName(), resolve(v));
          else args.set(p.getName(), model.globalArgs.has(p.getName()) ? model.globalArgs.get(p.getName()) : undefined);
        }
      } else if (instr instanceof Env) {
        for (const p of instr.getProperties()) env.set(p.getName(), resolve(p.getValue() ?? ''));
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
