import {
  CodeActionKind,
  CodeActionTriggerKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextDocuments,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, rangesEqual } from '../engine/positions';
import type { Finding, TextEdit } from '../engine/types';
import type { Analyzer } from './analysis';
import { copyRange, SOURCE } from './diagnostics';
import { selectAfterEditCommand } from './selectAfterEdit';
import { isHandledDocument } from './uri';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.hardline`;
export const FIX_ALL_TITLE = 'Fix all safe Hardline problems';

/** Does an action of `kind` pass the client's `context.only` filter? */
export function kindMatches(kind: string, only: readonly string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  return only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

function quote(text: string): string {
  return /\s/.test(text) ? `"${text}"` : text;
}

function firstSentence(message: string): string {
  const m = /^(.*?)\.(\s|$)/.exec(message);
  return m ? m[1] : message;
}

/**
 * A clear title for a safe fix from what it does: "Replace ADD with COPY",
 * "Insert --no-install-recommends", "Remove sudo". Falls back to the finding's
 * message when the edit is too large to describe.
 */
export function fixTitle(text: string, edits: TextEdit[], message: string): string {
  const fallback = `Fix: ${firstSentence(message)}`;
  const index = new LineIndex(text);
  const described = new Set<string>();
  for (const edit of edits) {
    let before = index.rangeText(edit.range).split(/(\s+)/);
    let after = edit.newText.split(/(\s+)/);
    while (before.length > 0 && after.length > 0 && before[0] === after[0]) {
      before = before.slice(1);
      after = after.slice(1);
    }
    while (before.length > 0 && after.length > 0 && before[before.length - 1] === after[after.length - 1]) {
      before = before.slice(0, -1);
      after = after.slice(0, -1);
    }
    const old = before.join('').trim();
    const now = after.join('').trim();
    if (/[\r\n]/.test(old + now) || old.length > 60 || now.length > 60) return fallback;
    if (old === '' && now === '') continue;
    if (old === '') described.add(`Insert ${quote(now)}`);
    else if (now === '') described.add(`Remove ${quote(old)}`);
    else described.add(`Replace ${quote(old)} with ${quote(now)}`);
  }
  return described.size === 1 ? `Fix: ${[...described][0]}` : fallback;
}

export interface CodeActionDeps {
  documents: TextDocuments<TextDocument>;
  analyzer: Analyzer;
  /** The client applies `documentChanges` (versioned) edits. */
  documentChanges: () => boolean;
  /** The client supports `window/showDocument`: actions that leave a TODO line select it afterwards. */
  selectAfterEdit?: () => boolean;
  logError: (message: string, error: unknown) => void;
}

function ruleIdOf(diagnostic: Diagnostic): string | undefined {
  if (diagnostic.source !== SOURCE) return undefined;
  const data = diagnostic.data as { ruleId?: unknown } | undefined;
  if (data && typeof data.ruleId === 'string') return data.ruleId;
  return typeof diagnostic.code === 'string' ? diagnostic.code : undefined;
}

/**
 * Quick fixes for Hardline diagnostics, from the cached check of the current
 * version: the safe fix, the suggestions, the two ignore comments, then one
 * fix-all. Every action carries its WorkspaceEdit. A request about an older
 * version than the server's gets nothing (its ranges would be wrong).
 */
export async function provideCodeActions(params: CodeActionParams, deps: CodeActionDeps): Promise<CodeAction[]> {
  const uri = params.textDocument.uri;
  const doc = deps.documents.get(uri);
  if (!doc || !isHandledDocument(doc.languageId, uri)) return [];
  const requestedVersion = doc.version;
  const analysis = await deps.analyzer.analyse(doc);
  const current = deps.documents.get(uri);
  if (!analysis.result || !current || analysis.version !== requestedVersion || current.version !== requestedVersion) return [];
  const { findings, document } = analysis.result;
  const version = analysis.version;
  const only = params.context.only;

  const toEdit = (computed: TextEdit[]): WorkspaceEdit => {
    // Copies: the model's position objects move in place when the next version is parsed.
    const edits = computed.map((e) => ({ range: copyRange(e.range), newText: e.newText }));
    return deps.documentChanges() ? { documentChanges: [{ textDocument: { uri, version }, edits }] } : { changes: { [uri]: edits } };
  };
  const evaluate = (what: string, fix: () => TextEdit[] | null): TextEdit[] | null => {
    try {
      const edits = fix();
      return edits && edits.length > 0 ? edits : null;
    } catch (error) {
      deps.logError(`${what} failed`, error);
      return null;
    }
  };

  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  const push = (action: CodeAction, edits: TextEdit[]) => {
    const key = `${action.kind}\u0000${action.title}\u0000${JSON.stringify(edits)}`;
    if (seen.has(key)) return;
    seen.add(key);
    actions.push({ ...action, edit: toEdit(edits) });
  };
  /** A rewrite that leaves a TODO line also selects it once applied (when the client can be asked to). */
  const withSelection = (action: CodeAction, edits: TextEdit[]): CodeAction => {
    if (!deps.selectAfterEdit?.() || !document.selectionAfter) return action;
    try {
      const selection = document.selectionAfter(edits);
      return selection ? { ...action, command: selectAfterEditCommand(uri, selection) } : action;
    } catch (error) {
      deps.logError('Selection after the edit failed', error);
      return action;
    }
  };

  if (kindMatches(CodeActionKind.QuickFix, only)) {
    for (const diagnostic of params.context.diagnostics) {
      const ruleId = ruleIdOf(diagnostic);
      if (!ruleId) continue;
      const finding: Finding | undefined = findings.find((f) => f.ruleId === ruleId && rangesEqual(f.range, diagnostic.range));
      if (!finding) continue; // stale or foreign diagnostic
      const base = { kind: CodeActionKind.QuickFix, diagnostics: [diagnostic] };
      if (finding.fix) {
        const edits = evaluate(`The fix of ${ruleId}`, finding.fix);
        if (edits) push({ ...base, title: fixTitle(document.text, edits, finding.message), isPreferred: true }, edits);
      }
      for (const s of finding.suggestions) {
        const edits = evaluate(`The suggestion "${s.title}" of ${ruleId}`, s.fix);
        if (edits) push(withSelection({ ...base, title: s.title }, edits), edits);
      }
      const line = evaluate(`Ignore for this ${document.itemName}`, () => {
        const e = document.ignoreForItemEdit(finding.range, ruleId);
        return e ? [e] : null;
      });
      if (line) push({ ...base, title: `Ignore ${ruleId} for this ${document.itemName}` }, line);
      const file = evaluate('Ignore in this file', () => {
        const e = document.ignoreForFileEdit(ruleId);
        return e ? [e] : null;
      });
      if (file) push({ ...base, title: `Ignore ${ruleId} in this file` }, file);
    }
  }

  // Rewrites that need no finding ("Split into build and runtime stages" on a single-stage Dockerfile).
  if (kindMatches(CodeActionKind.RefactorRewrite, only) && document.refactorings) {
    const refactorings = (() => {
      try {
        return document.refactorings(params.range, params.context.triggerKind !== CodeActionTriggerKind.Automatic);
      } catch (error) {
        deps.logError('Refactorings failed', error);
        return [];
      }
    })();
    // A rewrite already offered as a quick fix of a finding is not listed twice.
    const offered = new Set(actions.map((a) => `${a.title}\u0000${JSON.stringify(a.edit)}`));
    for (const r of refactorings) {
      if (r.edits.length === 0 || !kindMatches(r.kind, only) || offered.has(`${r.title}\u0000${JSON.stringify(toEdit(r.edits))}`)) continue;
      push(withSelection({ title: r.title, kind: r.kind }, r.edits), r.edits);
    }
  }

  if (kindMatches(FIX_ALL_KIND, only) && findings.some((f) => f.fix)) {
    const result = evaluate('Fix all', () => {
      const edit = document.fixAll(analysis.engineSettings, analysis.env).edit;
      return edit ? [edit] : null;
    });
    if (result) push({ title: FIX_ALL_TITLE, kind: FIX_ALL_KIND }, result);
  }
  return actions;
}
