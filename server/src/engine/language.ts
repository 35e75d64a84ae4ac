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
  parse(text: string): Model;
  /** Walk the model once, calling every visitor in order. */
  traverse(model: Model, visitors: Visitor[]): void;
  comments(model: Model): SourceComment[];
  problems(model: Model): Problem[];
}

// eslint-style helper type: any rule of a language.
export type AnyRule<Model, Visitor> = Rule<Model, Visitor, string>;
