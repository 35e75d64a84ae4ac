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
}

// eslint-style helper type: any rule of a language.
export type AnyRule<Model, Visitor> = Rule<Model, Visitor, string>;
