/**
 * Core types of the Hardline engine. Pure data: no LSP, no file system.
 * Positions are 0-based line/character (UTF-16), like LSP, so an engine
 * `Range` or `TextEdit` is structurally an LSP one.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** Severities as users write them in settings and `.hardline.yaml`. */
export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export type LanguageId = 'dockerfile' | 'k8s';
export type Category = 'security' | 'supply-chain' | 'size' | 'correctness';

/** Tools whose rule ids we accept as aliases (for suppression comments and reports). */
export type AliasTool = 'hadolint' | 'trivy' | 'checkov' | 'buildkit' | 'kube-linter' | 'psa' | 'polaris';

export interface Alias {
  tool: AliasTool;
  /** The id exactly as the other tool writes it: `DL3002`, `DS-0002`, `CKV_DOCKER_3`, `SecretsUsedInArgOrEnv`. */
  id: string;
}

export interface RuleMeta<MessageId extends string = string> {
  /** `dockerfile/<kebab-name>`; becomes the diagnostic code and the suppression key. */
  id: string;
  language: LanguageId;
  category: Category;
  defaultSeverity: Severity;
  /** One line, used in settings schema, docs index and `hardline rules`. */
  description: string;
  /** Repository-relative path of the rule's documentation page. */
  docs: string;
  /** Message templates, `{{name}}` placeholders filled from report data. */
  messages: Record<MessageId, string>;
  /** Equivalent rule ids of other tools; only where they mean the same thing. */
  aliases: Alias[];
  /** Has a meaning-preserving fix that may be applied in bulk (fix-all, `--fix`). */
  fixable: boolean;
  /** Offers behaviour-changing suggestions, applied one at a time by the user. */
  hasSuggestions: boolean;
  /**
   * Rules that only make sense once configured (e.g. `trusted-registry` needs a
   * registry list) are off until their options are given.
   */
  requiresOption?: keyof RuleOptions;
}

export interface Suggestion<MessageId extends string = string> {
  messageId: MessageId;
  data?: Record<string, string>;
  fix: () => TextEdit[] | null;
}

export interface Report<MessageId extends string = string> {
  range: Range;
  messageId: MessageId;
  data?: Record<string, string>;
  /**
   * This finding is more serious than the rule's default (e.g. a shell-form CMD
   * on a base without a shell cannot start). A severity the user configured wins.
   */
  severity?: Severity;
  /** Safe fix; only allowed when `meta.fixable`. */
  fix?: () => TextEdit[] | null;
  /** Behaviour-changing alternatives; only allowed when `meta.hasSuggestions`. */
  suggest?: Suggestion<MessageId>[];
}

/** Facts about the world outside the document, gathered by the host (LSP or CLI), never by rules. */
export interface Environment {
  /**
   * The `.dockerignore` of the build context: `null` when the folder is known
   * and has none, `undefined` when unknown (untitled buffer, no file system).
   */
  dockerignore?: { path: string; content: string } | null;
}

/** Options that configure rules (not severities: those are applied by the runner). */
export interface RuleOptions {
  trustedRegistries?: string[];
  /** Pod Security Standards profile for Kubernetes objects whose Namespace is not in the same file (default `restricted`). */
  kubernetesProfile?: 'baseline' | 'restricted';
}

export interface RuleContext<Model, MessageId extends string = string> {
  readonly model: Model;
  readonly env: Environment;
  readonly options: RuleOptions;
  report(report: Report<MessageId>): void;
}

export interface Rule<Model, Visitor, MessageId extends string = string> {
  meta: RuleMeta<MessageId>;
  create(context: RuleContext<Model, MessageId>): Visitor;
}

/** A finding after the runner applied settings: what the server and the CLI present. */
export interface Finding {
  ruleId: string;
  messageId: string;
  severity: Severity;
  message: string;
  range: Range;
  /** Computes the safe fix lazily (null when the rule declined). */
  fix?: () => TextEdit[] | null;
  suggestions: { messageId: string; title: string; fix: () => TextEdit[] | null }[];
}

/** A problem of the input itself (parse error, bad config), not of a rule. */
export interface Problem {
  severity: Severity;
  message: string;
  range: Range;
  /** Stable code: `parse-error`, `config-error`, `internal-error`, … */
  code: string;
}
