import type { Instruction } from 'dockerfile-ast';
import type { TextEdit } from '../../../engine/types';
import { commandForm, shellAvailability, shellLessImage, type CommandForm } from '../commandForm';
import { replace } from '../edits';
import { defineRule } from '../language';
import type { DockerfileModel, Stage } from '../model';

/** Shell builtins and keywords: they are not programs, exec form cannot run them. */
const BUILTINS = new Set([
  '.', ':', 'source', 'cd', 'export', 'set', 'unset', 'ulimit', 'umask', 'eval', 'trap', 'wait', 'read',
  'alias', 'shift', 'exit', 'return', 'exec', 'readonly', 'local', 'if', 'for', 'while', 'until', 'case',
  'function', 'select', '{', '}', '!', '[[', 'time', 'coproc', 'builtin', 'command', 'type', 'hash', 'jobs',
]);

const INTERPRETER_ENTRYPOINT_VENDORS = new Set(['distroless', 'chainguard', 'dhi']);

/**
 * The exec-form text for a shell-form command that means the same, or null
 * when the conversion could change what runs.
 */
function execFormEdit(model: DockerfileModel, instr: Instruction, form: CommandForm, chain: Stage[]): TextEdit[] | null {
  const script = model.shell(instr);
  if (!script || script.hasShellSyntax || script.commands.length !== 1) return null;
  const cmd = script.commands[0];
  if (cmd.nested || cmd.assignments.length > 0 || cmd.heredocs.length > 0 || cmd.words.length === 0) return null;
  // A keyword the tokenizer dropped (`! cmd`, `time cmd`) sits before the first word.
  if (cmd.words[0].start !== form.start) return null;
  let words = cmd.words;
  if (words.some((w) => w.expands)) return null;
  // Backslashes are escapes for /bin/sh but path separators for Windows' cmd: do not guess.
  if (words.some((w) => model.text.slice(w.start, w.end).includes('\\'))) return null;
  // `exec prog args` in a shell is `prog args` in exec form.
  if (words[0].value === 'exec' && words.length > 1 && !words[1].value.startsWith('-')) words = words.slice(1);
  if (BUILTINS.has(words[0].value) || words.some((w) => w.value === '')) return null;
  // Comment lines inside a continuation would be lost by the rewrite.
  for (let line = form.range.start.line + 1; line <= form.range.end.line; line++) {
    if (/^\s*#/.test(model.index.lineText(line))) return null;
  }
  const keyword = instr.getKeyword();
  const later = (k: string) => chainInstructions(chain).filter((i) => i.getKeyword() === k);
  if (keyword === 'ENTRYPOINT') {
    // An exec-form ENTRYPOINT takes CMD as arguments; a shell-form one ignores it.
    if (later('CMD').some((c) => c !== instr && sameOrLaterStage(model, c, instr))) return null;
  } else {
    // With an exec-form ENTRYPOINT, CMD is its argument list: converting changes what it receives.
    const entrypoints = later('ENTRYPOINT');
    const effective = entrypoints[entrypoints.length - 1];
    if (effective && commandForm(model, effective)?.exec) return null;
    // Distroless, Chainguard and DHI language images set the interpreter as ENTRYPOINT:
    // there CMD holds only its arguments (`["server.js"]`), which we do not guess.
    const info = chain[0]?.base?.info;
    if (!effective && info && INTERPRETER_ENTRYPOINT_VENDORS.has(info.vendor) && ['node', 'python', 'java'].includes(info.ecosystem)) {
      return null;
    }
  }
  const json = `[${words.map((w) => JSON.stringify(w.value)).join(', ')}]`;
  return [replace(form.range, json)];
}

function chainInstructions(chain: Stage[]): Instruction[] {
  return chain.flatMap((s) => s.instructions);
}

function sameOrLaterStage(model: DockerfileModel, a: Instruction, b: Instruction): boolean {
  return (model.stageOf(a)?.index ?? -1) >= (model.stageOf(b)?.index ?? 0);
}

export default defineRule({
  meta: {
    id: 'dockerfile/exec-form-cmd',
    category: 'correctness',
    defaultSeverity: 'warning',
    description: 'CMD and ENTRYPOINT of the final image should use exec form (a JSON array) so the program is PID 1 and receives signals.',
    messages: {
      shellForm:
        '{{keyword}} uses shell form, so Docker runs it as /bin/sh -c "…": the shell is PID 1, and SIGTERM from docker stop or Kubernetes may never reach your program, which is then killed after the grace period. Use exec form (a JSON array).',
      shellSyntax:
        '{{keyword}} uses shell form with shell syntax (variables, operators, redirections or globs), so /bin/sh is PID 1 and SIGTERM may never reach your program. No automatic fix: use exec form with a shell that execs the program (["/bin/sh", "-c", "exec …"]) or move the logic into an entrypoint script.',
      noShell:
        '{{keyword}} uses shell form, but {{image}} has no shell: the container cannot start ("/bin/sh: no such file or directory"). Use exec form (a JSON array).',
      brokenJson:
        '{{keyword}} looks like exec form but is not valid JSON (strings need double quotes), so Docker treats it as shell form and runs it with /bin/sh -c. Write a valid JSON array.',
    },
    aliases: [
      { tool: 'hadolint', id: 'DL3025' },
      { tool: 'buildkit', id: 'JSONArgsRecommended' },
    ],
    fixable: true,
    hasSuggestions: false,
  },
  create(context) {
    const { model } = context;
    const check = (instr: Instruction, stage: Stage | undefined) => {
      if (!stage?.inFinalImage) return;
      const form = commandForm(model, instr);
      if (!form || form.exec) return;
      const keyword = instr.getKeyword();
      const chain = model.stages.filter((s) => s.inFinalImage);
      const range = form.range;
      if (form.brokenJson) {
        context.report({ range, messageId: 'brokenJson', data: { keyword } });
        return;
      }
      const fix = () => execFormEdit(model, instr, form, chain);
      if (shellAvailability(stage, instr) === 'none') {
        // Not a style issue there: the container cannot start.
        context.report({ range, messageId: 'noShell', data: { keyword, image: shellLessImage(stage).image }, severity: 'error', fix });
        return;
      }
      const script = model.shell(instr);
      const messageId = script && !script.hasShellSyntax ? 'shellForm' : 'shellSyntax';
      context.report({ range, messageId, data: { keyword }, fix: messageId === 'shellForm' ? fix : undefined });
    };
    return { CMD: check, ENTRYPOINT: check };
  },
});
