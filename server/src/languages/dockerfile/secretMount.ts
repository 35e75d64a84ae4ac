import { Arg, Env, ModifiableInstruction, Run, type Instruction } from 'dockerfile-ast';
import type { Range, TextEdit } from '../../engine/types';
import { unquote } from './copyArgs';
import type { DockerfileModel } from './model';
import { nameTokens } from './secrets';

/**
 * "Use a build secret": rewrite an ARG / ENV that carries a secret into a
 * BuildKit secret mount on the RUN steps that see the variable
 * (`RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN …`), remove the
 * declarations, and make sure the Dockerfile syntax understands `env=`
 * (Dockerfile frontend 1.10 or newer). Minimal edits: one inserted flag per RUN,
 * one removed instruction or name/value pair per declaration, one directive line.
 */

/** One name/value pair of an ARG or ENV. */
export interface Pair {
  name: string;
  nameRange: Range;
  value: string | null;
  valueRange: Range | null;
}

/**
 * The name/value pairs of an ARG or ENV. dockerfile-ast reads `ARG A B` like the
 * legacy `ENV A B` (A = "B"); BuildKit reads two ARGs, A and B.
 */
export function pairs(instruction: Instruction): Pair[] {
  if (instruction instanceof Env) {
    return instruction.getProperties().map((p) => ({ name: p.getName(), nameRange: p.getNameRange(), value: p.getValue(), valueRange: p.getValueRange() }));
  }
  if (!(instruction instanceof Arg)) return [];
  const properties = instruction.getProperties();
  if (!properties.some((p) => p.getValue() !== null && p.getAssignmentOperator() === null)) {
    return properties.map((p) => ({ name: p.getName(), nameRange: p.getNameRange(), value: p.getValue(), valueRange: p.getValueRange() }));
  }
  return instruction.getArguments().map((a) => {
    const word = a.getValue();
    const { start, end } = a.getRange();
    const eq = word.indexOf('=');
    if (eq < 0) return { name: word, nameRange: a.getRange(), value: null, valueRange: null };
    return {
      name: word.slice(0, eq),
      nameRange: { start, end: { line: start.line, character: start.character + eq } },
      value: unquote(word.slice(eq + 1)),
      valueRange: { start: { line: start.line, character: start.character + eq + 1 }, end },
    };
  });
}

/** The secret id for a variable: `NPM_TOKEN` → `npm_token`, `dbPassword` → `db_password`. */
export function secretId(name: string): string {
  const tokens = nameTokens(name);
  return tokens.length > 0 ? tokens.join('_') : name.toLowerCase();
}

/** The Dockerfile syntax that introduced `RUN --mount=type=secret,env=…`. */
export const SECRET_ENV_MIN_MINOR = 10;
/** The directive the rewrite adds: the `1` tag always names the newest 1.x frontend (1.10 or later since September 2024). */
export const SYNTAX_DIRECTIVE = '# syntax=docker/dockerfile:1';

const DIRECTIVE = /^[ \t]*#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.*?)[ \t]*$/;
const DIRECTIVE_NAMES = new Set(['syntax', 'escape', 'check']);

interface Directive {
  name: string;
  value: string;
  line: number;
  /** Offset of the value in the document. */
  valueStart: number;
}

/**
 * The parser directives at the top of the file, as BuildKit reads them: they
 * stop at the first line that is not a known directive (a comment, a blank
 * line, an instruction, or a directive already seen).
 */
export function parserDirectives(model: DockerfileModel): Directive[] {
  const found: Directive[] = [];
  for (let line = 0; line < model.index.lineCount; line++) {
    let text = model.index.lineText(line);
    const bom = line === 0 && text.startsWith('\uFEFF') ? 1 : 0;
    text = text.slice(bom);
    const m = DIRECTIVE.exec(text);
    if (!m) break;
    const name = m[1].toLowerCase();
    if (!DIRECTIVE_NAMES.has(name) || found.some((d) => d.name === name)) break;
    const valueStart = model.index.starts[line] + bom + text.indexOf(m[2], text.indexOf('=') + 1);
    found.push({ name, value: m[2], line, valueStart });
  }
  return found;
}

/**
 * The edit that makes `env=` in a secret mount valid: none when the syntax
 * directive already names a frontend that has it, a new directive line when
 * there is none, a version bump of an older `docker/dockerfile:1.N` pin; null
 * when the frontend cannot be changed safely (a digest pin, another frontend).
 */
export function syntaxEdit(model: DockerfileModel): TextEdit[] | null {
  const directives = parserDirectives(model);
  const syntax = directives.find((d) => d.name === 'syntax');
  if (!syntax) {
    const last = directives[directives.length - 1];
    let pos = { line: last ? last.line + 1 : 0, character: 0 };
    if (last && last.line + 1 >= model.index.lineCount) {
      // The directives are the whole file (no instruction yet): append after the last line.
      pos = { line: last.line, character: model.index.lineText(last.line).length };
      return [{ range: { start: pos, end: pos }, newText: `${model.eol}${SYNTAX_DIRECTIVE}` }];
    }
    if (!last && model.text.startsWith('\uFEFF')) pos = { line: 0, character: 1 };
    return [{ range: { start: pos, end: pos }, newText: `${SYNTAX_DIRECTIVE}${model.eol}` }];
  }
  const m = /^(?:docker\.io\/)?docker\/(dockerfile|dockerfile-upstream):([^@\s]+)(@\S+)?$/.exec(syntax.value);
  if (!m) return null;
  const [, image, tag, digest] = m;
  if (image === 'dockerfile-upstream') return [];
  const version = /^1(?:\.(\d+)(?:\.\d+)?)?((?:-labs)?)$/.exec(tag);
  if (!version) return ['latest', 'labs'].includes(tag) ? [] : null;
  if (version[1] === undefined || Number(version[1]) >= SECRET_ENV_MIN_MINOR) return [];
  if (digest) return null;
  // `1.7` → `1.10`, `1.7.1-labs` → `1.10-labs`: the oldest frontend with secret `env=`, keeping the pin style.
  const start = model.index.positionAt(syntax.valueStart + syntax.value.indexOf(':') + 1);
  const end = model.index.positionAt(syntax.valueStart + syntax.value.indexOf(':') + 1 + tag.length);
  return [{ range: { start, end }, newText: `1.${SECRET_ENV_MIN_MINOR}${version[2]}` }];
}

/** `$NAME`, `${NAME}`, `${NAME:-x}`, … in a piece of Dockerfile text. */
function referencePattern(name: string): RegExp {
  const n = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\$(?:\\{${n}(?=[}:+\\-?=])|${n}(?![A-Za-z0-9_]))`);
}

function hasSecretEnvMount(instruction: Instruction, name: string): boolean {
  if (!(instruction instanceof ModifiableInstruction)) return false;
  return instruction.getFlags().some(
    (f) => f.getName().toLowerCase() === 'mount' && f.getOption('type')?.getValue() === 'secret' && f.getOption('env')?.getValue() === name,
  );
}

interface Declaration {
  instruction: Instruction;
  pair: Pair;
  /** All pairs of the instruction. */
  all: Pair[];
}

export interface SecretMountPlan {
  id: string;
  name: string;
  /** The RUN steps that get the mount (1-based lines); empty when those that use it already mount it. */
  runLines: number[];
  /** What is removed, for the title: `the ARG`, `the ARG and the ENV`, `the 2 ENVs`. */
  removed: string;
  /** Some declaration is an ENV of a stage that ships: the program may read it at run time. */
  shippedEnv: boolean;
  edits: TextEdit[];
}

/** Remove one pair of a multi-pair ARG / ENV, or the whole instruction line(s). */
function removalEdit(model: DockerfileModel, d: Declaration): TextEdit {
  const { index } = model;
  const range = d.instruction.getRange();
  const remaining = d.all.filter((p) => p.name !== d.pair.name);
  if (remaining.length === 0) {
    if (range.end.line + 1 < index.lineCount) {
      return { range: { start: { line: range.start.line, character: 0 }, end: { line: range.end.line + 1, character: 0 } }, newText: '' };
    }
    const start = range.start.line > 0 ? { line: range.start.line - 1, character: index.lineText(range.start.line - 1).length } : { line: 0, character: 0 };
    return { range: { start, end: { line: range.end.line, character: index.lineText(range.end.line).length } }, newText: '' };
  }
  const k = d.all.indexOf(d.pair);
  const pairStart = index.offsetAt(d.pair.nameRange.start);
  const pairEnd = index.offsetAt((d.pair.valueRange ?? d.pair.nameRange).end);
  const next = d.all[k + 1];
  if (next) {
    const nextStart = index.offsetAt(next.nameRange.start);
    if (next.nameRange.start.line === d.pair.nameRange.start.line) {
      // `ENV A=1 B=2`: remove `A=1 ` up to the next pair.
      return { range: { start: index.positionAt(pairStart), end: index.positionAt(nextStart) }, newText: '' };
    }
    // The next pair is on a continuation line: remove the pair and the blanks after it (`ENV \`).
    let end = pairEnd;
    while (end < nextStart && (model.text[end] === ' ' || model.text[end] === '\t')) end++;
    return { range: { start: index.positionAt(pairStart), end: index.positionAt(end) }, newText: '' };
  }
  // The last pair: remove from the end of the previous pair.
  const prev = d.all[k - 1];
  const prevEnd = index.offsetAt((prev.valueRange ?? prev.nameRange).end);
  return { range: { start: index.positionAt(prevEnd), end: index.positionAt(pairEnd) }, newText: '' };
}

/**
 * The plan for moving variable `name` to a build secret, or null when it cannot
 * be done without changing more than the secret: the variable is used outside
 * RUN (FROM, COPY, LABEL, a shell-form CMD at run time, another ENV's value), no
 * RUN sees it, or the syntax directive cannot be made to support `env=`.
 */
export function planSecretMount(model: DockerfileModel, name: string): SecretMountPlan | null {
  const ref = referencePattern(name);
  const declarations: Declaration[] = [];
  const declared = new Set<Instruction>();
  for (const instruction of model.instructions) {
    if (!(instruction instanceof Arg || instruction instanceof Env)) continue;
    const all = pairs(instruction);
    for (const pair of all) if (pair.name === name) declarations.push({ instruction, pair, all });
    if (all.some((p) => p.name === name)) declared.add(instruction);
  }
  if (declarations.length === 0) return null;

  // Every other use must be a RUN: a build secret exists only while a RUN runs.
  for (const instruction of model.instructions) {
    if (instruction instanceof Run) continue;
    const text = model.index.rangeText(instruction.getRange());
    if (declared.has(instruction)) {
      const others = pairs(instruction).filter((p) => p.name !== name);
      if (others.some((p) => p.valueRange && ref.test(model.index.rangeText(p.valueRange)))) return null;
      // Same name twice in one instruction (`ENV A=1 A=2`): not rewritten.
      if (pairs(instruction).filter((p) => p.name === name).length > 1) return null;
      continue;
    }
    if (ref.test(text)) return null;
  }

  // Which RUN steps see the variable: after an ARG or ENV of it in the stage, or an ENV in a FROM ancestor.
  const visible: Run[] = [];
  const envAtEnd = new Map<number, boolean>();
  let shippedEnv = false;
  for (const stage of model.stages) {
    let env = stage.parent ? envAtEnd.get(stage.parent.index) ?? false : false;
    let arg = false;
    for (const instruction of stage.instructions) {
      if (declared.has(instruction)) {
        if (instruction instanceof Env) {
          env = true;
          if (stage.inFinalImage) shippedEnv = true;
        } else arg = true;
      } else if (instruction instanceof Run && (env || arg)) {
        visible.push(instruction);
      }
    }
    envAtEnd.set(stage.index, env);
  }
  if (visible.length === 0) return null;

  // The RUN steps that name it; when none does, the programs read it from the environment: all of them.
  const explicit = visible.filter((run) => ref.test(model.index.rangeText(run.getRange())) || hasSecretEnvMount(run, name));
  const targets = (explicit.length > 0 ? explicit : visible).filter((run) => !hasSecretEnvMount(run, name));

  const syntax = syntaxEdit(model);
  if (syntax === null) return null;

  const id = secretId(name);
  const flag = `--mount=type=secret,id=${id},env=${name}`;
  const edits: TextEdit[] = [...syntax];
  for (const run of targets) {
    const keyword = run.getInstructionRange();
    const line = model.index.lineText(keyword.end.line);
    let character = keyword.end.character;
    const blank = /^[ \t]+/.exec(line.slice(character));
    if (blank) character += blank[0].length;
    const pos = { line: keyword.end.line, character };
    edits.push({ range: { start: pos, end: pos }, newText: blank ? `${flag} ` : ` ${flag} ` });
  }
  for (const d of declarations) edits.push(removalEdit(model, d));
  return {
    id,
    name,
    runLines: targets.map((r) => r.getRange().start.line + 1),
    removed: describeRemoved(declarations),
    shippedEnv,
    edits: mergeInsertions(edits),
  };
}

function describeRemoved(declarations: Declaration[]): string {
  const parts: string[] = [];
  for (const keyword of ['ARG', 'ENV']) {
    const n = declarations.filter((d) => d.instruction.getKeyword() === keyword).length;
    if (n === 1) parts.push(`the ${keyword}`);
    else if (n > 1) parts.push(`the ${n} ${keyword}s`);
  }
  return parts.join(' and ');
}

/**
 * An insertion at the start of a removed range (the directive line before an ARG
 * on the next line) joins that edit: the two must not touch.
 */
function mergeInsertions(edits: TextEdit[]): TextEdit[] {
  const same = (a: TextEdit['range']['start'], b: TextEdit['range']['start']) => a.line === b.line && a.character === b.character;
  const out = [...edits];
  for (let i = 0; i < out.length; i++) {
    const insert = out[i];
    if (!same(insert.range.start, insert.range.end)) continue;
    const j = out.findIndex((e, k) => k !== i && same(e.range.start, insert.range.start) && !same(e.range.start, e.range.end));
    if (j < 0) continue;
    out[j] = { range: out[j].range, newText: insert.newText + out[j].newText };
    out.splice(i, 1);
    i--;
  }
  return out;
}
