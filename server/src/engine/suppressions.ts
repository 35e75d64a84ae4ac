import type { SourceComment } from './language';
import type { Alias, AliasTool, Problem, Range, RuleMeta } from './types';

/**
 * Suppression comments, applied by the runner after the rules ran.
 *
 *   # hardline-ignore <id>[,<id>] [-- reason]   next instruction (no ids: every rule)
 *   # hardline-ignore-file <id>[,<id>] [-- reason]
 *   # hadolint ignore=DL3002,DL3008              next instruction
 *   # hadolint global ignore=DL3002               whole file
 *   # check=skip=SecretsUsedInArgOrEnv[,…]|all    whole file (BuildKit; header only)
 *   # trivy:ignore:DS002                          next instruction
 *   directives from the language (annotations)    their target
 *
 * Foreign ids are honoured through the rules' `aliases`.
 */

export interface SuppressionKey {
  /** `hardline` for our own rule ids. */
  tool: AliasTool | 'hardline';
  id: string; // normalised, see normaliseId
}

export interface Suppression {
  scope: 'next' | 'file';
  /** Empty means every rule. */
  keys: SuppressionKey[];
  /** Where the suppression applies when scope is `next`. */
  target: Range | null;
  comment: SourceComment;
  reason?: string;
}

const HARDLINE = /^hardline-ignore(-file)?(?=\s|$)\s*(.*)$/;
const HADOLINT = /^hadolint\s+(global\s+)?ignore\s*=\s*(\S+)/;
const BUILDKIT = /^check\s*=\s*(.*)$/;
const TRIVY = /^trivy:ignore:(\S+)/;

export function normaliseId(tool: SuppressionKey['tool'], id: string): string {
  if (tool === 'trivy') {
    // DS002, DS-0002, AVD-DS-0002, ds002 → DS-0002
    const m = /^(?:AVD-)?([A-Z]+)-?0*(\d+)$/i.exec(id.trim());
    if (m) return `${m[1].toUpperCase()}-${m[2].padStart(4, '0')}`;
    return id.trim().toUpperCase();
  }
  if (tool === 'buildkit') return id.trim().toLowerCase();
  if (tool === 'hardline') return id.trim();
  return id.trim().toUpperCase();
}

function splitIds(list: string): string[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export interface ParsedSuppressions {
  suppressions: Suppression[];
  problems: Problem[];
}

export function parseSuppressions(comments: SourceComment[], knownIds: ReadonlySet<string>): ParsedSuppressions {
  const suppressions: Suppression[] = [];
  const problems: Problem[] = [];
  for (const comment of comments) {
    if (comment.directive) {
      const { tool, ids } = comment.directive;
      suppressions.push({
        scope: 'next',
        keys: ids.map((id) => ({ tool, id: id === '*' ? '*' : normaliseId(tool, id) })),
        target: comment.target,
        comment,
      });
      continue;
    }
    const text = comment.text.trim();
    let m: RegExpExecArray | null;
    if ((m = HARDLINE.exec(text))) {
      const scope = m[1] ? 'file' : 'next';
      const [idPart, ...reasonParts] = m[2].split(/\s+--\s*|^--\s*/);
      const ids = splitIds(idPart.trim().split(/\s+/)[0] ?? '');
      const reason = reasonParts.join(' -- ').trim() || undefined;
      for (const id of ids) {
        if (!knownIds.has(id)) {
          problems.push({
            severity: 'warning',
            code: 'unknown-rule',
            message: `Unknown rule id "${id}" in ${scope === 'file' ? 'hardline-ignore-file' : 'hardline-ignore'} comment.`,
            range: comment.range,
          });
        }
      }
      if (scope === 'file' && ids.length === 0) {
        problems.push({
          severity: 'warning',
          code: 'suppression-without-ids',
          message: 'hardline-ignore-file needs the rule ids to ignore, e.g. "# hardline-ignore-file dockerfile/pin-digest".',
          range: comment.range,
        });
        continue;
      }
      suppressions.push({
        scope,
        keys: ids.map((id) => ({ tool: 'hardline', id: normaliseId('hardline', id) })),
        target: comment.target,
        comment,
        reason,
      });
    } else if ((m = HADOLINT.exec(text))) {
      suppressions.push({
        scope: m[1] ? 'file' : 'next',
        keys: splitIds(m[2]).map((id) => ({ tool: 'hadolint', id: normaliseId('hadolint', id) })),
        target: comment.target,
        comment,
      });
    } else if (comment.header && (m = BUILDKIT.exec(text))) {
      // BuildKit check directive: `check=skip=A,B;error=true`
      for (const part of m[1].split(';')) {
        const kv = /^\s*skip\s*=\s*(.*)$/.exec(part);
        if (!kv) continue;
        const ids = splitIds(kv[1]);
        if (ids.some((id) => id.toLowerCase() === 'all')) {
          // `skip=all` turns off every BuildKit check; honour it for the rules that alias one.
          suppressions.push({ scope: 'file', keys: [{ tool: 'buildkit', id: '*' }], target: null, comment });
        } else {
          suppressions.push({
            scope: 'file',
            keys: ids.map((id) => ({ tool: 'buildkit', id: normaliseId('buildkit', id) })),
            target: null,
            comment,
          });
        }
      }
    } else if ((m = TRIVY.exec(text))) {
      suppressions.push({
        scope: 'next',
        keys: [{ tool: 'trivy', id: normaliseId('trivy', m[1]) }],
        target: comment.target,
        comment,
      });
    }
  }
  return { suppressions, problems };
}

function keyMatches(key: SuppressionKey, meta: RuleMeta): boolean {
  if (key.tool === 'hardline') return key.id === meta.id;
  return meta.aliases.some(
    (a: Alias) => a.tool === key.tool && (key.id === '*' || normaliseId(a.tool, a.id) === key.id),
  );
}

function inTarget(target: Range | null, range: Range): boolean {
  if (!target) return false;
  const line = range.start.line;
  return line >= target.start.line && line <= target.end.line;
}

/** Is a finding of `meta` at `range` suppressed? */
export function isSuppressed(suppressions: Suppression[], meta: RuleMeta, range: Range): boolean {
  for (const s of suppressions) {
    const matches = s.keys.length === 0 || s.keys.some((k) => keyMatches(k, meta));
    if (!matches) continue;
    if (s.scope === 'file' || inTarget(s.target, range)) return true;
  }
  return false;
}
