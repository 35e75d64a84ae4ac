import { fixAll, keepLeadingBom, type FixAllResult } from './fixes';
import type { AnyRule, Language } from './language';
import { inputLimitProblem } from './limits';
import { runRules, type EngineSettings, type RunResult } from './run';
import type { Environment, LanguageId, Position, Range, TextEdit } from './types';

/**
 * A language as the hosts (LSP server, CLI) see it: one opaque model type,
 * parse once, run, fix, and the editor features that depend on the syntax
 * (suppression comments, hover). The hosts never branch on the language.
 */
export interface LanguageService {
  id: LanguageId;
  /**
   * Is this file a candidate? `languageId` is the editor's (undefined in the
   * CLI). Content-detected languages also check `isRelevant` after parsing.
   */
  accepts(fileName: string, languageId: string | undefined): boolean;
  /**
   * Parse one version of a document. `previous`: the parsed previous version of
   * the same document (an editor's last version), handed over so the language can
   * re-parse only what changed. It must not be used afterwards: its model may
   * have been reused and changed.
   */
  parse(text: string, previous?: ParsedDocument): ParsedDocument;
}

/** One parsed version of a document, with everything the hosts can ask of it. */
export interface ParsedDocument {
  languageId: LanguageId;
  text: string;
  /**
   * False when the text is not for us after all (a YAML file that holds no
   * Kubernetes object): hosts then report nothing at all for it.
   */
  relevant: boolean;
  run(settings: EngineSettings, env: Environment): RunResult;
  fixAll(settings: EngineSettings, env: Environment): FixAllResult;
  /** "Ignore <id> for this instruction / object": one edit, or null when there is no place for it. */
  ignoreForItemEdit(findingRange: Range, ruleId: string): TextEdit | null;
  /** "Ignore <id> in this file". */
  ignoreForFileEdit(ruleId: string): TextEdit | null;
  /** Markdown hover at a position, or null. */
  hover(position: Position): { markdown: string; range: Range } | null;
  /** Words for the "Ignore … for this <item>" title: `instruction`, `object`. */
  readonly itemName: string;
  /**
   * Rewrites offered at a range (LSP `refactor.rewrite`), each one set of edits.
   * `invoked`: the user asked for actions (not the editor's automatic request as the cursor moves).
   */
  refactorings?(range: Range, invoked?: boolean): Refactoring[];
  /**
   * Where the user should edit after applying `edits` (a `TODO(hardline)` line an
   * edit left), as a range of the edited text; null when there is none.
   */
  selectionAfter?(edits: TextEdit[]): Range | null;
}

/** A rewrite of the document offered as a code action of `kind` (`refactor.rewrite`). */
export interface Refactoring {
  title: string;
  kind: string;
  edits: TextEdit[];
}

export interface LanguageHooks<Model> {
  accepts(fileName: string, languageId: string | undefined): boolean;
  relevant?(model: Model): boolean;
  ignoreForItemEdit(model: Model, findingRange: Range, ruleId: string): TextEdit | null;
  ignoreForFileEdit(model: Model, ruleId: string): TextEdit | null;
  hover?(model: Model, position: Position): { markdown: string; range: Range } | null;
  itemName: string;
  refactorings?(model: Model, range: Range, invoked: boolean): Refactoring[];
  selectionAfter?(model: Model, edits: TextEdit[]): Range | null;
  /**
   * Is a file Hardline refuses to parse (too large, binary: see limits.ts) still
   * for us, so that it gets its one information problem? Default: yes.
   */
  relevantUnparsed?(text: string): boolean;
}

/**
 * A document whose check result is fixed in advance: one that is not analysed
 * (too large, binary: its one limit problem) or one checked elsewhere (a worker
 * thread). It offers no edits, hover or refactorings.
 */
export function inertDocument(id: LanguageId, text: string, itemName: string, result: RunResult, relevant = true): ParsedDocument {
  return {
    languageId: id,
    text,
    relevant,
    run: () => result,
    fixAll: () => ({ output: text, fixed: 0, passes: 0, edit: null }),
    ignoreForItemEdit: () => null,
    ignoreForFileEdit: () => null,
    hover: () => null,
    itemName,
    refactorings: () => [],
    selectionAfter: () => null,
  };
}

/** Bind a language, its rules and its editor hooks into a service (the model type is erased here). */
export function createService<Model, Visitor extends object>(
  language: Language<Model, Visitor>,
  rules: readonly AnyRule<Model, Visitor>[],
  hooks: LanguageHooks<Model>,
): LanguageService {
  /** The model behind each document this service parsed (for `previous`). */
  const models = new WeakMap<ParsedDocument, Model>();
  return {
    id: language.id,
    accepts: hooks.accepts,
    parse(text, previous) {
      // The same limits for every language, before its parser sees the text.
      const refused = inputLimitProblem(text);
      if (refused) return inertDocument(language.id, text, hooks.itemName, { findings: [], problems: [refused] }, hooks.relevantUnparsed?.(text) ?? true);
      const previousModel = previous ? models.get(previous) : undefined;
      if (previous) models.delete(previous);
      const model = language.parse(text, previousModel);
      const document: ParsedDocument = {
        languageId: language.id,
        text,
        relevant: hooks.relevant ? hooks.relevant(model) : true,
        run: (settings, env) => {
          const result = runRules(language, model, rules, settings, env);
          if (!text.startsWith('\uFEFF')) return result;
          const keep = (fix: () => TextEdit[] | null) => () => keepLeadingBom(text, fix());
          const findings = result.findings.map((f) => ({
            ...f,
            fix: f.fix && keep(f.fix),
            suggestions: f.suggestions.map((s) => ({ ...s, fix: keep(s.fix) })),
          }));
          return { ...result, findings };
        },
        // Fix-all re-parses after each pass, starting from this text.
        fixAll: (settings, env) => fixAll(language, text, rules, settings, env),
        ignoreForItemEdit: (range, ruleId) => keepLeadingBom(text, [hooks.ignoreForItemEdit(model, range, ruleId)].filter((e) => e !== null))?.[0] ?? null,
        ignoreForFileEdit: (ruleId) => keepLeadingBom(text, [hooks.ignoreForFileEdit(model, ruleId)].filter((e) => e !== null))?.[0] ?? null,
        hover: (position) => hooks.hover?.(model, position) ?? null,
        itemName: hooks.itemName,
        refactorings: (range, invoked = true) =>
          (hooks.refactorings?.(model, range, invoked) ?? []).map((r) => ({ ...r, edits: keepLeadingBom(text, r.edits)! })),
        selectionAfter: (edits) => hooks.selectionAfter?.(model, edits) ?? null,
      };
      models.set(document, model);
      return document;
    },
  };
}
