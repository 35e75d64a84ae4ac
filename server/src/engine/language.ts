import type { AliasTool, LanguageId, Problem, Range, Rule } from './types';

/** A comment that may carry a suppression directive. */
export interface SourceComment {
  /** Comment text without the leading `#` and surrounding blanks. */
  text: string;
  range: Range;
  /**
   * The range of the item this comment annotates (the next instruction or YAML
   * node), or null when nothing follows it.
   */
  target: Range | null;
  /** True for comments before the first instruction (parser-directive position). */
  header: boolean;
  /**
   * A suppression written in another form than a comment (a Kubernetes
   * annotation such as `ignore-check.kube-linter.io/<check>`), already
   * parsed by the language: the ids of `tool` it silences for `target`
   * (`*`: every rule with an alias of that tool). `text` is then only shown.
   */
  directive?: { tool: AliasTool; ids: string[] };
}

/**
 * What the engine needs from a language: parse once, walk once with every
 * rule's visitor, and expose comments and parse problems.
 */
export interface Language<Model, Visitor> {
  id: LanguageId;
  /**
   * Parse a text. `previous` is the model of an earlier version of the same
   * document (the editor's last version), handed over for reuse: the language
   * may keep what the edit did not touch, and may change `previous` while
   * doing so, so the caller must not use it (or anything found on it) again.
   */
  parse(text: string, previous?: Model): Model;
  /** Walk the model once, calling every visitor in order. */
  traverse(model: Model, visitors: Visitor[]): void;
  comments(model: Model): SourceComment[];
  problems(model: Model): Problem[];
  /** Optional: lets the runner re-run the rules only on the parts of a model an edit changed. */
  incremental?: IncrementalRules<Model, Visitor>;
}

/**
 * A model made of units the rules check independently (the YAML documents of a
 * manifest). The runner keeps each unit's reports in `cache(model)` (a slot the
 * language hands from one version's model to the next) and, under the same
 * rules, settings, environment and `factsKey`, reuses them for a unit whose key
 * is unchanged instead of calling the rules on it, moved to the unit's new line.
 *
 * The language promises: what a rule reports while `traverseUnit` walks a unit
 * follows from that unit (as its key identifies it), the facts `factsKey`
 * identifies, the settings and the environment; and it lies on the unit's lines,
 * so a unit moved by n lines has its reports moved by n lines. Kept reports keep
 * no fix: asking for one re-runs the rule on that unit of the current model.
 */
export interface IncrementalRules<Model, Visitor> {
  /** The units in the order `traverse` visits them. */
  units(model: Model): readonly RuleUnit[];
  /** What `traverse` does for one unit. */
  traverseUnit(model: Model, unit: RuleUnit, visitors: Visitor[]): void;
  /** What `traverse` does after the last unit. */
  traverseEnd(model: Model, visitors: Visitor[]): void;
  /** Visitor functions that see the whole model (called by `traverseEnd`): a rule whose visitor has one is never kept. */
  wholeModel: readonly string[];
  /** Identifies everything outside a unit that rules read (equal strings: equal facts). */
  factsKey(model: Model): string;
  cache(model: Model): { value?: unknown };
}

export interface RuleUnit {
  /** Equal keys in two versions: the unit reads the same to every rule. */
  key: string;
  /** The unit's first line. */
  line: number;
}

// eslint-style helper type: any rule of a language.
export type AnyRule<Model, Visitor> = Rule<Model, Visitor, string>;
