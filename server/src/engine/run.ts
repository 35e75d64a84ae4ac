import type { AnyRule, Language } from './language';
import { DEFAULT_TIME_BUDGET_MS, timeBudgetProblem } from './limits';
import { interpolate } from './messages';
import { isSuppressed, parseSuppressions } from './suppressions';
import type {
  Environment,
  Finding,
  Problem,
  Report,
  RuleContext,
  RuleMeta,
  RuleOptions,
  Severity,
  SeveritySetting,
} from './types';

/** Settings the host resolved (VS Code settings over `.hardline.yaml`). Rules never see them. */
export interface EngineSettings {
  /** Per-rule severity override or `off`. */
  rules?: Record<string, SeveritySetting>;
  options?: RuleOptions;
  /** Milliseconds the rules may take on this document (default DEFAULT_TIME_BUDGET_MS); then the rest are skipped and a `time-budget` problem says so. */
  timeBudgetMs?: number;
}

export interface RunResult {
  findings: Finding[];
  problems: Problem[];
}

/** Is the rule on under these settings, and with which severity? */
export function effectiveSeverity(meta: RuleMeta, settings: EngineSettings): Severity | undefined {
  const configured = settings.rules?.[meta.id];
  if (configured === 'off') return undefined;
  if (meta.requiresOption && !optionPresent(settings.options?.[meta.requiresOption])) return undefined;
  return configured ?? meta.defaultSeverity;
}

function optionPresent(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : value !== undefined;
}

function validateReport(meta: RuleMeta, report: Report): void {
  if (!(report.messageId in meta.messages)) {
    throw new Error(`rule ${meta.id} reported unknown messageId "${report.messageId}"`);
  }
  if (report.fix && !meta.fixable) throw new Error(`rule ${meta.id} reported a fix but meta.fixable is false`);
  if (report.suggest && report.suggest.length > 0 && !meta.hasSuggestions) {
    throw new Error(`rule ${meta.id} reported suggestions but meta.hasSuggestions is false`);
  }
  for (const s of report.suggest ?? []) {
    if (!(s.messageId in meta.messages)) {
      throw new Error(`rule ${meta.id} suggested unknown messageId "${s.messageId}"`);
    }
  }
}

function internalError(meta: RuleMeta, error: unknown): Problem {
  const message = error instanceof Error ? error.message : String(error);
  return {
    severity: 'error',
    code: 'internal-error',
    message: `Internal error in rule ${meta.id}: ${message}. Other rules still ran; please report this.`,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  };
}

/**
 * Run every enabled rule of the language over one parsed model in a single
 * traversal, then apply settings: severities, `off`, suppression comments.
 * A rule that throws is reported as an internal error and does not stop the others.
 */
export function runRules<Model, Visitor extends object>(
  language: Language<Model, Visitor>,
  model: Model,
  rules: readonly AnyRule<Model, Visitor>[],
  settings: EngineSettings = {},
  env: Environment = {},
): RunResult {
  const problems: Problem[] = [...language.problems(model)];
  const active: { rule: AnyRule<Model, Visitor>; severity: Severity; reports: Report[] }[] = [];
  const visitors: Visitor[] = [];
  const failed = new Set<string>();
  const budgetMs = settings.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const budget: Budget = { deadline: performance.now() + budgetMs, exceeded: false, stopped: new Set() };

  for (const rule of rules) {
    if (rule.meta.language !== language.id) continue;
    const severity = effectiveSeverity(rule.meta, settings);
    if (!severity) continue;
    const entry = { rule, severity, reports: [] as Report[] };
    const context: RuleContext<Model> = {
      model,
      env,
      options: settings.options ?? {},
      report(report: Report) {
        validateReport(rule.meta, report);
        entry.reports.push(report);
      },
    };
    try {
      visitors.push(guardVisitor(rule.create(context), rule.meta, failed, problems, budget));
      active.push(entry);
    } catch (error) {
      problems.push(internalError(rule.meta, error));
    }
  }

  language.traverse(model, visitors);
  // Findings of the stopped rules are still true; only the ones they would have found later are missing.
  if (budget.exceeded) problems.push(timeBudgetProblem(budgetMs, [...budget.stopped].sort()));

  const knownIds = new Set(rules.map((r) => r.meta.id));
  const parsed = parseSuppressions(language.comments(model), knownIds);
  problems.push(...parsed.problems);

  const findings: Finding[] = [];
  for (const { rule, severity, reports } of active) {
    if (failed.has(rule.meta.id)) continue;
    const configured = settings.rules?.[rule.meta.id] !== undefined;
    for (const report of reports) {
      if (isSuppressed(parsed.suppressions, rule.meta, report.range)) continue;
      try {
        findings.push({
          ruleId: rule.meta.id,
          messageId: report.messageId,
          severity: configured ? severity : report.severity ?? severity,
          message: interpolate(rule.meta.messages[report.messageId], report.data),
          range: report.range,
          fix: report.fix,
          suggestions: (report.suggest ?? []).map((s) => ({
            messageId: s.messageId,
            title: interpolate(rule.meta.messages[s.messageId], s.data),
            fix: s.fix,
          })),
        });
      } catch (error) {
        problems.push(internalError(rule.meta, error));
      }
    }
  }
  findings.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.ruleId.localeCompare(b.ruleId),
  );
  return { findings, problems };
}

/** The time the rules of one run may take; once exceeded, every further visitor call is skipped. */
interface Budget {
  deadline: number;
  exceeded: boolean;
  /** Rules that had calls skipped. */
  stopped: Set<string>;
}

/**
 * Wrap every visitor function so a throwing rule is isolated from the others,
 * and a run that exceeds its time budget stops calling rules.
 */
function guardVisitor<Visitor extends object>(
  visitor: Visitor,
  meta: RuleMeta,
  failed: Set<string>,
  problems: Problem[],
  budget: Budget,
): Visitor {
  const guarded: Record<string, unknown> = {};
  for (const [key, fn] of Object.entries(visitor)) {
    if (typeof fn !== 'function') continue;
    guarded[key] = (...args: unknown[]) => {
      if (failed.has(meta.id)) return;
      if (budget.exceeded || performance.now() > budget.deadline) {
        budget.exceeded = true;
        budget.stopped.add(meta.id);
        return;
      }
      try {
        fn(...args);
      } catch (error) {
        failed.add(meta.id);
        problems.push(internalError(meta, error));
      }
    };
  }
  return guarded as Visitor;
}
