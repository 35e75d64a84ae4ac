import type { Problem, Severity } from '../../engine/types';
import type { FileReport } from '../analyse';
import { unifiedDiff, type DiffStyle } from '../diff';
import { summarise, type CheckRun } from '../summary';

/**
 * `--format text`: per file a header and aligned rows
 * `line:col  severity  message  rule-id` (1-based line and column), then a
 * summary line. Colours only when asked for (a TTY without NO_COLOR / --no-color).
 */

export interface Colors {
  bold(t: string): string;
  dim(t: string): string;
  underline(t: string): string;
  red(t: string): string;
  yellow(t: string): string;
  cyan(t: string): string;
  green(t: string): string;
}

const sgr = (open: number, close: number) => (t: string) => `\u001b[${open}m${t}\u001b[${close}m`;

export const ANSI: Colors = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  underline: sgr(4, 24),
  red: sgr(31, 39),
  yellow: sgr(33, 39),
  cyan: sgr(36, 39),
  green: sgr(32, 39),
};

const id = (t: string) => t;
export const NO_COLORS: Colors = { bold: id, dim: id, underline: id, red: id, yellow: id, cyan: id, green: id };

/** Colours when writing to a terminal, unless `--no-color` or a non-empty `NO_COLOR`. */
export function useColor(stream: { isTTY?: boolean }, flag: boolean, env: NodeJS.ProcessEnv): boolean {
  return flag && stream.isTTY === true && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
}

/** Messages are padded to align the rule ids up to this width. */
const MAX_MESSAGE_PAD = 80;

interface Row {
  pos: string;
  severity: Severity;
  message: string;
  code: string;
  sort: [number, number];
}

function paintSeverity(c: Colors, severity: Severity, text: string): string {
  return severity === 'error' ? c.red(text) : severity === 'warning' ? c.yellow(text) : c.cyan(text);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function problemRow(p: Problem): Row {
  return {
    pos: `${p.range.start.line + 1}:${p.range.start.character + 1}`,
    severity: p.severity,
    message: p.message,
    code: p.code,
    sort: [p.range.start.line, p.range.start.character],
  };
}

/** The rows of one file, aligned; '' when the file has nothing to show. */
export function formatFileRows(file: FileReport, c: Colors = NO_COLORS): string {
  const rows: Row[] = [
    ...file.problems.map(problemRow),
    ...file.findings.map((f) => ({
      pos: `${f.range.start.line + 1}:${f.range.start.character + 1}`,
      severity: f.severity,
      message: f.safeFix ? `${f.message} (fixable)` : f.message,
      code: f.ruleId,
      sort: [f.range.start.line, f.range.start.character] as [number, number],
    })),
  ].sort((a, b) => a.sort[0] - b.sort[0] || a.sort[1] - b.sort[1]);
  if (rows.length === 0) return '';
  const posWidth = Math.max(...rows.map((r) => r.pos.length));
  const sevWidth = Math.max(...rows.map((r) => r.severity.length));
  // Rule ids line up after the messages, unless that would push them far right: long
  // messages (most of ours) are followed by the id directly.
  const msgWidth = Math.min(MAX_MESSAGE_PAD, Math.max(...rows.map((r) => r.message.length)));
  return rows
    .map((r) => {
      const pos = c.dim(r.pos.padStart(posWidth));
      const sev = paintSeverity(c, r.severity, r.severity.padEnd(sevWidth));
      return `  ${pos}  ${sev}  ${r.message.padEnd(msgWidth)}  ${c.dim(r.code)}`.trimEnd();
    })
    .join('\n');
}

function diffStyle(c: Colors): DiffStyle {
  return { header: c.bold, hunk: c.cyan, removed: c.red, added: c.green };
}

export interface TextOptions {
  colors: Colors;
  /** `--fix` ran: say how many fixes were applied. */
  fixed?: boolean;
  /** `--fix-dry-run`: print the diff after each file's rows. */
  dryRun?: boolean;
}

/** The report for standard output. I/O errors and config problems go to standard error (see `formatTextErrors`). */
export function formatText(run: CheckRun, options: TextOptions): string {
  const c = options.colors;
  const parts: string[] = [];
  for (const file of run.files) {
    const rows = formatFileRows(file, c);
    const diff = options.dryRun && file.fixedText !== undefined ? unifiedDiff(file.display, file.text, file.fixedText, { style: diffStyle(c) }) : '';
    if (!rows && !diff) continue;
    let block = c.underline(file.display);
    if (options.fixed && file.fixed > 0) block += c.dim(` (${plural(file.fixed, 'fix')} applied)`);
    if (rows) block += `\n${rows}`;
    if (diff) block += `\n\n${diff.replace(/\n$/, '')}`;
    parts.push(block);
  }
  const s = summarise(run);
  const total = s.errors + s.warnings + s.info;
  const fixedTotal = run.files.reduce((n, f) => n + f.fixed, 0);
  const fixedFiles = run.files.filter((f) => f.fixed > 0).length;
  let summary = `${plural(total, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.info} info) in ${plural(s.files, 'file')}; ${s.fixable} fixable with --fix`;
  summary = s.errors > 0 ? c.red(c.bold(summary)) : s.warnings > 0 ? c.yellow(c.bold(summary)) : c.bold(summary);
  const lines = [summary];
  if (options.fixed) lines.unshift(`Fixed ${plural(fixedTotal, 'problem')} in ${plural(fixedFiles, 'file')}.`);
  if (options.dryRun) {
    lines.unshift(
      fixedTotal > 0 ? `--fix would apply ${plural(fixedTotal, 'fix', 'fixes')} in ${plural(fixedFiles, 'file')} (diff above); nothing was written.` : '--fix would change nothing.',
    );
  }
  return `${parts.length > 0 ? `${parts.join('\n\n')}\n\n` : ''}${lines.join('\n')}\n`;
}

/** Lines for standard error: I/O errors (exit code 2) and config problems (warnings, not fatal). */
export function formatTextErrors(run: CheckRun): string {
  const lines: string[] = [];
  for (const e of run.walkErrors) lines.push(`hardline: ${e.display}: ${e.message}`);
  for (const f of run.files) for (const m of f.ioErrors) lines.push(`hardline: ${f.display}: ${m}`);
  for (const { display, loaded } of run.configs) {
    for (const p of loaded.problems) {
      lines.push(`${display}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.severity}: ${p.message} (${p.code}; ignored)`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
