import type { LoadedConfig } from '../host/context';
import type { Alias, Severity } from '../engine/types';
import type { FileReport, ReportedFinding } from './analyse';
import type { FailOn } from './args';
import type { WalkError } from './walk';

/** Everything one `hardline check` run produced, as every format sees it. */
export interface CheckRun {
  cwd: string;
  files: FileReport[];
  /** Config files that applied, with their problems (shown, never fatal). */
  configs: { display: string; loaded: LoadedConfig }[];
  /** Missing paths, unreadable folders and configs (exit code 2). */
  walkErrors: WalkError[];
}

export interface Summary {
  /** Dockerfiles reported (including unreadable ones). */
  files: number;
  /** Rule findings. */
  findings: number;
  /** By severity, over rule findings and file problems (parse errors, internal errors). */
  errors: number;
  warnings: number;
  info: number;
  /** Findings with a safe fix (`--fix` applies them). */
  fixable: number;
}

export function aliasString(alias: Alias): string {
  return `${alias.tool}:${alias.id}`;
}

export function fixKind(finding: ReportedFinding): 'safe' | 'suggestion' | null {
  if (finding.safeFix) return 'safe';
  if (finding.suggestions.length > 0) return 'suggestion';
  return null;
}

export function summarise(run: CheckRun): Summary {
  const s: Summary = { files: run.files.length, findings: 0, errors: 0, warnings: 0, info: 0, fixable: 0 };
  const count = (severity: Severity) => {
    if (severity === 'error') s.errors++;
    else if (severity === 'warning') s.warnings++;
    else s.info++;
  };
  for (const file of run.files) {
    for (const f of file.findings) {
      s.findings++;
      count(f.severity);
      if (f.safeFix) s.fixable++;
    }
    for (const p of file.problems) count(p.severity);
  }
  return s;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** 2 for any I/O error, else 1 when something reaches the threshold, else 0. */
export function exitCode(run: CheckRun, failOn: FailOn): 0 | 1 | 2 {
  if (run.walkErrors.length > 0 || run.files.some((f) => f.ioErrors.length > 0)) return 2;
  if (failOn === 'none') return 0;
  const threshold = RANK[failOn];
  const reached = run.files.some(
    (f) => f.findings.some((x) => RANK[x.severity] >= threshold) || f.problems.some((p) => RANK[p.severity] >= threshold),
  );
  return reached ? 1 : 0;
}
