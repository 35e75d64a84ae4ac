import type { AnyRule, IncrementalRules, Language } from './language';
import { DEFAULT_TIME_BUDGET_MS, timeBudgetProblem } from './limits';
import { interpolate } from './messages';
import { isSuppressed, parseSuppressions } from './suppressions';
import type {
  Environment,
  Finding,
  Problem,
  Range,
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
  const active: Entry<Model, Visitor>[] = [];
  const visitors: Visitor[] = [];
  const failed = new Set<string>();
  /** The unit being walked (incremental languages), -1 outside units. */
  const walking = { unit: -1 };
  let createFailed = false;
  const budgetMs = settings.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const budget: Budget = { deadline: performance.now() + budgetMs, exceeded: false, stopped: new Set() };

  for (const rule of rules) {
    if (rule.meta.language !== language.id) continue;
    const severity = effectiveSeverity(rule.meta, settings);
    if (!severity) continue;
    const entry: Entry<Model, Visitor> = { rule, severity, reports: [], unitOf: [], visitor: undefined as unknown as Visitor, keep: false };
    const context: RuleContext<Model> = {
      model,
      env,
      options: settings.options ?? {},
      report(report: Report) {
        validateReport(rule.meta, report);
        entry.reports.push(report);
        entry.unitOf.push(walking.unit);
      },
    };
    try {
      const visitor = rule.create(context);
      entry.visitor = guardVisitor(visitor, rule.meta, failed, problems, budget);
      entry.keep = !language.incremental?.wholeModel.some((key) => typeof (visitor as Record<string, unknown>)[key] === 'function');
      visitors.push(entry.visitor);
      active.push(entry);
    } catch (error) {
      createFailed = true;
      problems.push(internalError(rule.meta, error));
    }
  }

  if (language.incremental) {
    const incremental = language.incremental;
    const store = traverseUnits(incremental, model, rules, settings, env, active, visitors, walking);
    // Only a complete run is kept: no rule stopped by the budget or failing (its reports elsewhere would be missing).
    if (!budget.exceeded && failed.size === 0 && !createFailed) store();
    else incremental.cache(model).value = undefined;
  } else {
    language.traverse(model, visitors);
  }
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
      // A kept report's texts were interpolated when it was kept.
      const texts = (report as { [KEPT_TEXTS]?: KeptTexts })[KEPT_TEXTS];
      try {
        findings.push({
          ruleId: rule.meta.id,
          messageId: report.messageId,
          severity: configured ? severity : report.severity ?? severity,
          message: texts?.message ?? interpolate(rule.meta.messages[report.messageId], report.data),
          range: report.range,
          fix: report.fix,
          suggestions: (report.suggest ?? []).map((s, i) => ({
            messageId: s.messageId,
            title: texts?.titles[i] ?? interpolate(rule.meta.messages[s.messageId], s.data),
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

interface Entry<Model, Visitor> {
  rule: AnyRule<Model, Visitor>;
  severity: Severity;
  reports: Report[];
  /** The unit each report was made in (-1: outside units). */
  unitOf: number[];
  visitor: Visitor;
  /** Its reports may be kept per unit (its visitor sees units only). */
  keep: boolean;
}

/** A report kept for its unit: everything but the fixes, lines relative to the unit's first line. */
interface KeptReport {
  messageId: string;
  range: Range;
  data?: Record<string, string>;
  severity?: Severity;
  fix: boolean;
  suggest: { messageId: string; data?: Record<string, string> }[];
  /** Its message and suggestion titles, interpolated (undefined when interpolating failed). */
  texts?: KeptTexts;
}

interface KeptTexts {
  message: string;
  titles: string[];
}

/** Where a report made from a kept one carries its texts. */
const KEPT_TEXTS = Symbol('keptTexts');

function textsOf(meta: RuleMeta, report: Report): KeptTexts | undefined {
  try {
    return {
      message: interpolate(meta.messages[report.messageId], report.data),
      titles: (report.suggest ?? []).map((s) => interpolate(meta.messages[s.messageId], s.data)),
    };
  } catch {
    return undefined;
  }
}

/** The reports of every kept rule on one unit, by rule id (absent: none). */
type KeptUnit = Map<string, KeptReport[]>;

interface RunCache {
  rules: readonly unknown[];
  /** Settings, environment and the language's facts the reports were made with. */
  key: string;
  /** The kept reports by unit key, built on first use (a model that is never edited, as in the CLI, never pays for it). */
  units(): Map<string, KeptUnit>;
}

function moveRange(range: Range, lines: number): Range {
  return {
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/**
 * Walk an incremental language's units: a unit whose reports are kept (same
 * key, same rules, settings, environment and facts) gets them back without its
 * rules being called (rules that see the whole model still walk it). Returns
 * the function that keeps this run's reports for the next version.
 */
function traverseUnits<Model, Visitor extends object>(
  incremental: IncrementalRules<Model, Visitor>,
  model: Model,
  rules: readonly AnyRule<Model, Visitor>[],
  settings: EngineSettings,
  env: Environment,
  active: Entry<Model, Visitor>[],
  visitors: Visitor[],
  walking: { unit: number },
): () => void {
  const units = incremental.units(model);
  const key = `${JSON.stringify([settings.rules ?? {}, settings.options ?? {}, settings.timeBudgetMs ?? null, env])}\u0000${incremental.factsKey(model)}`;
  const slot = incremental.cache(model);
  const old = slot.value as RunCache | undefined;
  const reuse = old !== undefined && old.rules === rules && old.key === key;
  const kept = active.filter((e) => e.keep);
  const others = active.filter((e) => !e.keep).map((e) => e.visitor);
  const reused: (KeptUnit | undefined)[] = [];
  /** Reports of one rule on one unit of this model, computed again (with their fixes) when a kept report's fix is asked for. */
  const recomputed = new Map<string, Report[]>();
  const recompute = (rule: AnyRule<Model, Visitor>, u: number): Report[] => {
    const id = `${u}\u0000${rule.meta.id}`;
    let reports = recomputed.get(id);
    if (!reports) {
      const list: Report[] = [];
      const visitor = rule.create({ model, env, options: settings.options ?? {}, report: (r: Report) => list.push(r) });
      incremental.traverseUnit(model, units[u], [visitor]);
      reports = list;
      recomputed.set(id, reports);
    }
    return reports;
  };
  const materialize = (k: KeptReport, rule: AnyRule<Model, Visitor>, u: number, ordinal: number): Report => {
    const range = moveRange(k.range, units[u].line);
    const again = (): Report | undefined => {
      const reports = recompute(rule, u);
      const same = (r: Report | undefined) => r !== undefined && r.messageId === k.messageId && sameRange(r.range, range);
      return same(reports[ordinal]) ? reports[ordinal] : reports.find(same);
    };
    const report: Report & { [KEPT_TEXTS]?: KeptTexts } = {
      range,
      messageId: k.messageId,
      data: k.data,
      severity: k.severity,
      fix: k.fix ? () => again()?.fix?.() ?? null : undefined,
      suggest: k.suggest.map((s, i) => ({ messageId: s.messageId, data: s.data, fix: () => again()?.suggest?.[i]?.fix() ?? null })),
    };
    if (k.texts) report[KEPT_TEXTS] = k.texts;
    return report;
  };

  for (let u = 0; u < units.length; u++) {
    const unit = units[u];
    const hit = reuse ? old.units().get(unit.key) : undefined;
    reused.push(hit);
    walking.unit = u;
    if (!hit) {
      incremental.traverseUnit(model, unit, visitors);
      continue;
    }
    for (const e of kept) {
      const list = hit.get(e.rule.meta.id);
      if (!list) continue;
      for (let i = 0; i < list.length; i++) {
        e.reports.push(materialize(list[i], e.rule, u, i));
        e.unitOf.push(u);
      }
    }
    if (others.length > 0) incremental.traverseUnit(model, unit, others);
  }
  walking.unit = -1;
  incremental.traverseEnd(model, visitors);

  return () => {
    let built: Map<string, KeptUnit> | undefined;
    const cache: RunCache = { rules, key, units: () => (built ??= build()) };
    slot.value = cache;
  };

  function build(): Map<string, KeptUnit> {
    const byUnit = new Map<string, KeptUnit>();
    const fresh: KeptUnit[] = units.map((unit, u) => {
      const m: KeptUnit = reused[u] ?? new Map();
      byUnit.set(unit.key, m);
      return m;
    });
    for (const e of kept) {
      e.reports.forEach((r, i) => {
        const u = e.unitOf[i];
        if (u < 0 || reused[u]) return;
        const list = fresh[u].get(e.rule.meta.id) ?? [];
        list.push({
          messageId: r.messageId,
          range: moveRange(r.range, -units[u].line),
          data: r.data,
          severity: r.severity,
          fix: r.fix !== undefined,
          suggest: (r.suggest ?? []).map((s) => ({ messageId: s.messageId, data: s.data })),
          texts: textsOf(e.rule.meta, r),
        });
        fresh[u].set(e.rule.meta.id, list);
      });
    }
    return byUnit;
  }
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
