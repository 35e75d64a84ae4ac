import type { LanguageId, Problem, Range } from '../../engine/types';
import type { FileReport } from '../analyse';
import { aliasString, fixKind, summarise, type CheckRun, type Summary } from '../summary';
import { ruleById } from '../../engine/registry';
import { comparePaths } from '../walk';

/**
 * `--format json`, version 1. Stable: field names, order and meaning only
 * change with a new `version`. Ranges are 0-based (line, UTF-16 character)
 * like LSP; paths are relative to the working folder with `/` separators.
 */

export interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  range: Range;
  aliases: string[];
  fix: 'safe' | 'suggestion' | null;
}

export type JsonError = { code: string; severity: string; message: string; range: Range } | { code: 'io-error'; message: string };

export interface JsonFile {
  path: string;
  /** `dockerfile`, or `config` for a `.hardline.yaml` with problems. */
  language: LanguageId | 'config';
  findings: JsonFinding[];
  errors: JsonError[];
}

export interface JsonReport {
  version: 1;
  files: JsonFile[];
  summary: Summary;
}

const range = (r: Range): Range => ({
  start: { line: r.start.line, character: r.start.character },
  end: { line: r.end.line, character: r.end.character },
});

const problem = (p: Problem): JsonError => ({ code: p.code, severity: p.severity, message: p.message, range: range(p.range) });

function fileEntry(file: FileReport): JsonFile {
  return {
    path: file.display,
    language: file.language,
    findings: file.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      range: range(f.range),
      aliases: (ruleById.get(f.ruleId)?.meta.aliases ?? []).map(aliasString),
      fix: fixKind(f),
    })),
    errors: [...file.problems.map(problem), ...file.ioErrors.map((message) => ({ code: 'io-error' as const, message }))],
  };
}

export function toJsonReport(run: CheckRun): JsonReport {
  const files: JsonFile[] = run.files.map(fileEntry);
  for (const e of run.walkErrors) {
    files.push({ path: e.display, language: e.kind === 'config' ? 'config' : 'dockerfile', findings: [], errors: [{ code: 'io-error', message: e.message }] });
  }
  for (const c of run.configs) {
    if (c.loaded.problems.length === 0) continue;
    files.push({ path: c.display, language: 'config', findings: [], errors: c.loaded.problems.map(problem) });
  }
  files.sort((a, b) => comparePaths(a.path, b.path));
  return { version: 1, files, summary: summarise(run) };
}

export function formatJson(run: CheckRun): string {
  return `${JSON.stringify(toJsonReport(run), null, 2)}\n`;
}
