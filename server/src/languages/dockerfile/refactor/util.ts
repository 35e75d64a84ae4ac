import type { Instruction } from 'dockerfile-ast';
import { applyEdits } from '../../../engine/positions';
import type { Position, Range, TextEdit } from '../../../engine/types';
import type { DockerfileModel } from '../model';

/** The marker of every line a refactoring leaves for the user to finish. */
export const TODO = 'TODO(hardline)';

/** The non-root UID:GID of distroless, Chainguard and Docker Hardened Images. */
export const NON_ROOT = '65532:65532';

/** Collapse `.`, `..` and repeated slashes of an absolute POSIX path; no trailing slash except `/`. */
export function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** `path` against a directory (null when the directory is unknown and the path relative). */
export function resolvePath(dir: string | null, path: string): string | null {
  if (path.startsWith('/')) return normalizePath(path);
  if (dir === null || path.startsWith('~')) return null;
  return normalizePath(`${dir}/${path}`);
}

/** `child` is `parent` or inside it. */
export function isWithin(child: string, parent: string): boolean {
  if (parent === '/') return true;
  return child === parent || child.startsWith(`${parent}/`);
}

export function basenameOf(path: string): string {
  const p = path.replace(/\/+$/, '');
  return p.slice(p.lastIndexOf('/') + 1);
}

/** An exec-form JSON array, as Docker reads it. */
export function execForm(argv: readonly string[]): string {
  return `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;
}

/**
 * The text of an instruction as written (continuation lines included), to copy
 * elsewhere: comment lines inside its continuation are left out (Docker drops
 * them; a copied `# hardline-ignore` would act twice), and so is a dangling line
 * continuation at its end (the file ended there), which would swallow the next line.
 */
export function instructionText(model: DockerfileModel, instruction: Instruction): string {
  const range = instruction.getRange();
  const raw = model.text.slice(model.index.offsetAt(range.start), model.index.offsetAt(range.end));
  const text = raw
    .split(/(?<=\n)/)
    .filter((line, k) => k === 0 || !/^[ \t]*#/.test(line))
    .join('');
  return text.replace(danglingContinuation(model), '');
}

/** Every line of `text` turned into a comment (`# ` prefix), with the file's line ending. */
export function commentOut(text: string, eol: string): string[] {
  return text.split(/\r?\n/).map((line) => `# ${line}`.trimEnd()).join(eol).split(eol);
}

/** The document position at the end of the text. */
export function endOfDocument(model: DockerfileModel): Position {
  return model.index.positionAt(model.text.length);
}

/**
 * Append lines after everything in the document, separated by one blank line
 * (whatever the file ends with), in the file's line ending.
 */
export function appendLines(model: DockerfileModel, lines: string[]): TextEdit {
  const { text, eol } = model;
  const end = endOfDocument(model);
  let prefix: string;
  if (text.length === 0) prefix = '';
  else if (/(\r?\n)[ \t]*\r?\n[ \t]*$/.test(text)) prefix = '';
  else if (/\r?\n[ \t]*$/.test(text)) prefix = eol;
  else prefix = eol + eol;
  return { range: { start: end, end }, newText: `${prefix}${lines.join(eol)}${eol}` };
}

/** Insert whole lines after an instruction (after its continuation lines), in the file's line ending. */
export function insertLinesAfter(model: DockerfileModel, instruction: Instruction, lines: string[]): TextEdit {
  const end = instruction.getRange().end;
  const at = { line: end.line, character: model.index.lineText(end.line).length };
  return { range: { start: at, end: at }, newText: lines.map((l) => `${model.eol}${l}`).join('') };
}

/** Ports of an EXPOSE argument: `80`, `80/tcp`, `8000-8010/udp` (a range gives its first port). */
export function exposedPort(value: string): number | null {
  const m = /^(\d+)(?:-(\d+))?(?:\/(?:tcp|udp|sctp))?$/i.exec(value.trim());
  return m ? Number(m[1]) : null;
}

/** A port a non-root process can bind, for a privileged one: 80 → 8080, 443 → 8443. */
export function unprivilegedPort(port: number): number {
  return port + 8000;
}

/** The first `# TODO(hardline)` line the edits add, as a range of the edited document (to select it). */
export function todoSelection(model: DockerfileModel, edits: readonly TextEdit[]): Range | undefined {
  const before = new Map<string, number>();
  for (const line of model.text.split(/\r?\n/)) before.set(line, (before.get(line) ?? 0) + 1);
  const after = applyEdits(model.text, [...edits]).split(/\r?\n/);
  for (let k = 0; k < after.length; k++) {
    const line = after[k];
    const seen = before.get(line) ?? 0;
    if (seen > 0) {
      before.set(line, seen - 1);
      continue;
    }
    if (line.trimStart().startsWith(`# ${TODO}`)) {
      const indent = line.length - line.trimStart().length;
      return { start: { line: k, character: indent }, end: { line: k, character: line.length } };
    }
  }
  return undefined;
}

interface HeredocLike {
  getName(): string | null;
  getDelimiterRange(): unknown;
}

/**
 * Text added at the end of this file would not start a new instruction: the
 * file ends inside a line continuation or an unterminated here-document (which
 * swallow what follows), or uses lone CR line endings (which Docker does not
 * read as line breaks). Refactorings are not offered for such files.
 */
export function endsOpen(model: DockerfileModel): boolean {
  if (/\r(?!\n)/.test(model.text)) return true;
  for (const instr of model.instructions) {
    const heredocs = (instr as unknown as { getHeredocs?: () => HeredocLike[] }).getHeredocs?.() ?? [];
    if (heredocs.some((h) => !!h.getName() && !h.getDelimiterRange())) return true;
  }
  const last = model.instructions[model.instructions.length - 1];
  if (!last) return false;
  const range = last.getRange();
  const raw = model.text.slice(model.index.offsetAt(range.start), model.index.offsetAt(range.end));
  return danglingContinuation(model).test(raw);
}

/** A line continuation with nothing after it: the escape character, then only blank lines to the end. */
function danglingContinuation(model: DockerfileModel): RegExp {
  const escape = model.escapeChar.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`[ \\t]*${escape}[ \\t]*(\\r?\\n[ \\t]*)*$`);
}

/** An instruction with a here-document: its body lines are not safe to copy as text. */
export function hasHeredoc(model: DockerfileModel, instruction: Instruction): boolean {
  const heredocs = (instruction as unknown as { getHeredocs?: () => HeredocLike[] }).getHeredocs?.() ?? [];
  return heredocs.length > 0 || /<<-?\s*['"]?[A-Za-z_]/.test(instructionText(model, instruction));
}
