import { readFileSync, statSync, writeFileSync } from 'node:fs';
import type { FixAllResult } from '../engine/fixes';
import { toEngineSettings } from '../engine/config';
import { tooLargeProblem } from '../engine/limits';
import { serviceById } from '../engine/registry';
import type { EngineSettings, RunResult } from '../engine/run';
import type { Environment, Finding, LanguageId, Problem, TextEdit } from '../engine/types';
import { dockerignoreFor } from '../host/context';
import type { Target } from './walk';

/**
 * One file through the engine: read it (keeping its BOM and bytes), resolve
 * settings and host facts, apply or preview the safe fixes, check it. Errors
 * stay with the file; nothing here throws.
 */

/**
 * The engine as the CLI uses it; tests may substitute rules. `relevant: false`
 * means the file is not for us after all (YAML without Kubernetes objects): it is skipped silently.
 */
export interface Engine {
  check(text: string, settings: EngineSettings, env: Environment, languageId: LanguageId): RunResult & { relevant?: boolean };
  fix(text: string, settings: EngineSettings, env: Environment, languageId: LanguageId): FixAllResult;
}

function service(languageId: LanguageId) {
  const s = serviceById(languageId);
  if (!s) throw new Error(`no language service for ${languageId}`);
  return s;
}

export const defaultEngine: Engine = {
  check: (text, settings, env, languageId) => {
    const document = service(languageId).parse(text);
    return { relevant: document.relevant, ...document.run(settings, env) };
  },
  fix: (text, settings, env, languageId) => service(languageId).parse(text).fixAll(settings, env),
};

/** A finding with its safe fix evaluated once (null: none, or the rule declined). */
export interface ReportedFinding extends Finding {
  safeFix: TextEdit[] | null;
}

export interface FileReport {
  path: string;
  display: string;
  language: LanguageId;
  /** Not for us after all (e.g. YAML that holds no Kubernetes object): left out of every report. */
  skipped?: boolean;
  /** The text the findings refer to (after `--fix`), without a BOM; '' when unread. */
  text: string;
  findings: ReportedFinding[];
  problems: Problem[];
  /** Read/write failures: exit code 2. */
  ioErrors: string[];
  /** Safe fixes applied (`--fix`) or that would be applied (`--fix-dry-run`). */
  fixed: number;
  /** `--fix-dry-run`: the text `--fix` would write (without BOM); undefined when unchanged. */
  fixedText?: string;
}

export type FixMode = 'none' | 'write' | 'dry-run';

/** Beyond this we do not even read the file (the services refuse anything over MAX_DOCUMENT_BYTES with the same problem). */
export const MAX_READ_BYTES = 64 * 1024 * 1024;

const BOM = '\uFEFF';
const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function ioMessage(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'no such file or directory';
  if (e?.code === 'EACCES') return 'permission denied';
  if (e?.code === 'EISDIR') return 'is a directory';
  if (e?.code === 'ELOOP') return 'too many levels of symbolic links';
  return e?.message ?? String(error);
}

function internalError(what: string, error: unknown): Problem {
  return {
    severity: 'error',
    code: 'internal-error',
    message: `Internal error while ${what}: ${error instanceof Error ? error.message : String(error)}. Please report this.`,
    range: ZERO,
  };
}

function withSafeFix(finding: Finding, failed: (message: string) => void): ReportedFinding {
  let safeFix: TextEdit[] | null = null;
  if (finding.fix) {
    try {
      const edits = finding.fix();
      safeFix = edits && edits.length > 0 ? edits : null;
    } catch (error) {
      safeFix = null; // a broken fix is no fix; fixAll skips it too
      failed(`Internal error in the fix of ${finding.ruleId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { ...finding, safeFix };
}

/** A fix that threw: an internal error of this file only, naming the rule (the other fixes still apply). */
function fixFailure(message: string): Problem {
  return { severity: 'error', code: 'internal-error', message: `${message}. The file's other fixes still apply; please report this.`, range: ZERO };
}

export function analyseFile(target: Target, mode: FixMode, engine: Engine = defaultEngine): FileReport {
  const report: FileReport = {
    path: target.path,
    display: target.display,
    language: target.languageId,
    text: '',
    findings: [],
    problems: [],
    ioErrors: [],
    fixed: 0,
  };

  let bytes: Buffer;
  try {
    const stats = statSync(target.path);
    if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!stats.isFile()) {
      report.ioErrors.push('not a regular file');
      return report;
    }
    if (stats.size > MAX_READ_BYTES) {
      // The same information problem the services give a text over the limit.
      report.problems.push(tooLargeProblem(stats.size));
      return report;
    }
    bytes = readFileSync(target.path);
  } catch (error) {
    report.ioErrors.push(`cannot read: ${ioMessage(error)}`);
    return report;
  }

  const decoded = bytes.toString('utf8');
  const hasBom = decoded.startsWith(BOM);
  let text = hasBom ? decoded.slice(1) : decoded;
  // Text that does not survive a UTF-8 round trip (invalid bytes) is checked but never rewritten.
  const lossless = Buffer.from(decoded, 'utf8').equals(bytes);

  const settings = toEngineSettings(target.config.config);
  let env: Environment = {};
  if (target.languageId === 'dockerfile') {
    try {
      env = { dockerignore: dockerignoreFor(target.path) };
    } catch {
      env = {};
    }
  }

  const failures = new Set<string>();
  if (mode !== 'none') {
    let result: FixAllResult | null = null;
    try {
      result = engine.fix(text, settings, env, target.languageId);
    } catch (error) {
      report.problems.push(internalError('applying fixes', error));
    }
    for (const failure of result?.failures ?? []) failures.add(failure);
    if (result && result.output !== text) {
      if (!lossless) {
        report.problems.push({
          severity: 'warning',
          code: 'not-fixed',
          message: 'This file is not valid UTF-8; its fixes were not applied.',
          range: ZERO,
        });
      } else if (mode === 'write') {
        try {
          writeFileSync(target.path, (hasBom ? BOM : '') + result.output, 'utf8');
          report.fixed = result.fixed;
          text = result.output;
        } catch (error) {
          report.ioErrors.push(`cannot write: ${ioMessage(error)}`);
        }
      } else {
        report.fixed = result.fixed;
        report.fixedText = result.output;
      }
    }
  }

  report.text = text;
  try {
    const { findings, problems, relevant } = engine.check(text, settings, env, target.languageId);
    if (relevant === false) return { ...report, skipped: true };
    report.findings = findings.map((f) => withSafeFix(f, (message) => failures.add(message)));
    report.problems.push(...problems);
  } catch (error) {
    report.problems.push(internalError('checking this file', error));
  }
  report.problems.push(...[...failures].map(fixFailure));
  return report;
}
