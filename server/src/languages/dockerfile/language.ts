import type { Instruction } from 'dockerfile-ast';
import type { Language, SourceComment } from '../../engine/language';
import type { Rule, RuleMeta } from '../../engine/types';
import { parseDockerfile, type DockerfileModel, type Stage } from './model';

type Keyword =
  | 'ADD' | 'ARG' | 'CMD' | 'COPY' | 'ENTRYPOINT' | 'ENV' | 'EXPOSE' | 'FROM' | 'HEALTHCHECK' | 'LABEL'
  | 'MAINTAINER' | 'ONBUILD' | 'RUN' | 'SHELL' | 'STOPSIGNAL' | 'USER' | 'VOLUME' | 'WORKDIR';

/**
 * A Dockerfile rule's visitor. Instructions are visited in document order;
 * `stage` is called at each FROM before that stage's instructions, and the
 * instruction handlers receive the stage they belong to (undefined before the first FROM).
 */
export type DockerfileVisitor = {
  [K in Keyword]?: (instruction: Instruction, stage: Stage | undefined) => void;
} & {
  instruction?: (instruction: Instruction, stage: Stage | undefined) => void;
  stage?: (stage: Stage) => void;
  end?: () => void;
};

export type DockerfileRule<MessageId extends string = string> = Rule<DockerfileModel, DockerfileVisitor, MessageId>;

/** Define a Dockerfile rule with typed message ids; `docs` is derived from the id. */
export function defineRule<MessageId extends string>(rule: {
  meta: Omit<RuleMeta<MessageId>, 'language' | 'docs'>;
  create: DockerfileRule<MessageId>['create'];
}): DockerfileRule<MessageId> {
  return {
    meta: { ...rule.meta, language: 'dockerfile', docs: `docs/rules/${rule.meta.id}.md` },
    create: rule.create,
  };
}

export const dockerfileLanguage: Language<DockerfileModel, DockerfileVisitor> = {
  id: 'dockerfile',
  parse: parseDockerfile,
  traverse(model, visitors) {
    const stageStarts = new Map(model.stages.map((s) => [s.from, s] as const));
    // The handlers each keyword calls, in the visitors' order (`instruction`, then the keyword's
    // own, visitor by visitor), found once per run rather than asked of every visitor per instruction.
    type Handler = { visitor: DockerfileVisitor; key: 'instruction' | Keyword };
    const byKeyword = new Map<string, Handler[]>();
    const handlersOf = (keyword: Keyword): Handler[] => {
      let handlers = byKeyword.get(keyword);
      if (!handlers) {
        handlers = [];
        for (const visitor of visitors) {
          if (visitor.instruction) handlers.push({ visitor, key: 'instruction' });
          if (visitor[keyword]) handlers.push({ visitor, key: keyword });
        }
        byKeyword.set(keyword, handlers);
      }
      return handlers;
    };
    for (const instruction of model.instructions) {
      const stage = model.stageOf(instruction);
      const starting = stageStarts.get(instruction as never);
      if (starting) for (const v of visitors) v.stage?.(starting);
      for (const { visitor, key } of handlersOf(instruction.getKeyword() as Keyword)) visitor[key]?.(instruction, stage);
    }
    for (const v of visitors) v.end?.();
  },
  comments(model) {
    const firstInstructionLine = model.instructions[0]?.getRange().start.line ?? Number.MAX_SAFE_INTEGER;
    const sorted = model.instructions;
    const result: SourceComment[] = [];
    let k = 0;
    for (const c of model.comments) {
      // The next instruction that starts after the comment (comments inside a
      // continuation annotate the instruction they sit in).
      while (k < sorted.length && sorted[k].getRange().end.line < c.range.start.line) k++;
      const target = sorted[k] ? sorted[k].getRange() : null;
      result.push({ text: c.text, range: c.range, target, header: c.range.start.line < firstInstructionLine });
    }
    // Parser directives (`# escape=`, `# syntax=`, `# check=`) are not comments to dockerfile-ast.
    // Use the raw line: dockerfile-ast reads `# hadolint global ignore=X` as a directive too.
    for (const d of model.ast.getDirectives()) {
      const text = model.index.lineText(d.getRange().start.line).replace(/^\s*#\s*/, '');
      const target = model.instructions[0]?.getRange() ?? null;
      result.push({ text, range: d.getRange(), target, header: true });
    }
    return result;
  },
  problems(model) {
    return model.problems;
  },
};
