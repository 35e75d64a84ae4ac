/**
 * Property violations found by the fuzzer in code another change is still
 * working on, reported to its owner and not yet fixed. The fuzz run counts a
 * case that hits one of these as known (and says so) instead of failing;
 * regressions.test.ts keeps each example as an expected failure, so the
 * entry must be deleted here as soon as the bug is fixed (that test then
 * fails until it is). Keep this list empty whenever possible.
 */
import type { LanguageId } from '../../server/src/engine/types';
import type { PropertyViolation } from './properties';

export interface KnownIssue {
  language: LanguageId;
  property: string;
  ruleId?: string;
  /** Narrows the match to violations whose message matches (e.g. one suggestion of the rule). */
  detail?: RegExp;
  /** Narrows the match to inputs of this shape. */
  input?: RegExp;
  /** Not a bug to fix but a limitation of the format (explained in `note`); it stays listed. */
  limitation?: true;
  /** What is wrong and where (for the report to the owner). */
  note: string;
  /** A minimal input that shows it. */
  example: string;
}

export const KNOWN_ISSUES: KnownIssue[] = [
  {
    language: 'dockerfile',
    property: 'does-not-recreate-finding',
    detail: /the suggestion "Split into build and runtime stages/,
    note:
      'refactor/split (canSplit): a file that ends inside a line continuation whose last line is a comment (`RUN \\` then `#`) is not recognised as such, so the appended runtime stage becomes part of the RUN and the finding stays',
    example: 'FROM ubuntu:4\nRUN \\\n#',
  },
  {
    language: 'dockerfile',
    property: 'does-not-recreate-finding',
    detail: /the suggestion "Add USER /,
    input: /\\\\[ \t]*((\r?\n|\r)[ \t]*(#[^\r\n]*)?)*$/,
    limitation: true,
    note:
      'A file whose last line ends with two escape characters (`FROM \\\\`): Docker reads the last one as a continuation into the end of the file and the first as text, and a line cannot end with a literal escape character, so nothing can be appended after that line without joining it',
    example: 'FROM \\\\\n#',
  },
  {
    language: 'k8s',
    property: 'no-new-problems',
    input: /^[ \t]*\? /m,
    note:
      'k8s/edits and k8s/suppressionEdits: in a map with an entry in explicit-key form (`? key`), an added key (`annotations:` by "Ignore … for this object", `automountServiceAccountToken:` by its suggestion, …) is indented after the `?` entry and the result is not valid YAML (all mapping items must start at the same column)',
    example: 'apiVersion: batch/v1\nkind: Job\nspec:\n template:\n  spec:\n   ? []\n    e',
  },
  {
    language: 'k8s',
    property: 'does-not-recreate-finding',
    input: /^[ \t]*\? /m,
    note: 'k8s/edits: the same explicit-key maps: the added key lands inside the `? key` entry, so the finding stays',
    example: 'apiVersion: v1\nkind: Pod\nspec:\n ? []',
  },
  {
    language: 'k8s',
    property: 'no-new-problems',
    detail: /"Ignore k8s\/[^"]+ for this object"/,
    input: /^\uFEFF/,
    note:
      'k8s/suppressionEdits: in a file that starts with a byte order mark, "Ignore … for this object" takes the BOM for indentation and inserts `metadata:` one column to the right of the other top-level keys (invalid YAML)',
    example: '\uFEFFapiVersion: v\nkind: Pod\nspec:\n  :',
  },
  {
    language: 'k8s',
    property: 'does-not-recreate-finding',
    input: /:[ \t]*!/,
    note:
      'k8s/edits (setScalar): a suggestion that sets a value keeps the tag written before the old one, so `runAsNonRoot: !!str false` becomes the string `!!str true` and `runAsNonRoot: !` becomes `!true`, and the finding stays; the tag should go with the value',
    example: 'apiVersion: apps/v1\nkind: Deployment\nspec:\n template:\n  spec:\n   securityContext:\n    runAsNonRoot: !!str false',
  },
];

export function knownIssue(language: LanguageId, violation: PropertyViolation, text: string): KnownIssue | undefined {
  return KNOWN_ISSUES.find(
    (k) =>
      k.language === language &&
      k.property === violation.property &&
      (k.ruleId === undefined || k.ruleId === violation.ruleId) &&
      (k.detail === undefined || k.detail.test(violation.message)) &&
      (k.input === undefined || k.input.test(text)),
  );
}
