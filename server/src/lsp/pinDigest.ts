import {
  CodeActionKind,
  MessageType,
  ShowMessageNotification,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type TextDocuments,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { rangesEqual } from '../engine/positions';
import { serviceFor } from '../engine/registry';
import type { Position, Range, TextEdit } from '../engine/types';
import { parseDockerfile, type DockerfileModel } from '../languages/dockerfile/model';
import { pinEdit, pinTargets, type PinTarget } from '../languages/dockerfile/pinTargets';
import { PIN_DIGEST_COMMAND, type PinDigestParams, type PinDigestResult, type ProtocolWorkspaceEdit } from '../protocol';
import { RegistryError, resolveDigest } from '../registry/client';
import { manifestLocation } from '../registry/reference';
import { SOURCE } from './diagnostics';
import type { FeatureSettingsStore } from './featureSettings';
import { uriBaseName } from './uri';

/**
 * "Pin digest": resolve `image:tag` to `image:tag@sha256:…` through the
 * registry, only when the user asks and `hardline.network.allow` is true.
 * The quick fix on `dockerfile/pin-digest` carries no edit until
 * `codeAction/resolve` (that is when the registry is asked); clients without
 * resolve support get the `hardline.pinDigest` command, which applies the
 * edit with `workspace/applyEdit`. A failure is a message, never an edit.
 */

export const PIN_RULE = 'dockerfile/pin-digest';

export const NETWORK_DISABLED_MESSAGE =
  'Pinning a digest asks the image registry, and Hardline only goes online when you allow it: set "hardline.network.allow": true (VS Code: Settings › Hardline › Network: Allow; in Restricted Mode, trust the workspace first).';

export interface PinDigestDeps {
  documents: TextDocuments<TextDocument>;
  features: FeatureSettingsStore;
  /** The client applies versioned `documentChanges`. */
  documentChanges: () => boolean;
  /** The client resolves a code action's `edit` lazily (`codeAction/resolve`). */
  resolveSupport: () => boolean;
  /** The client shows `disabled` code actions with their reason. */
  disabledSupport: () => boolean;
  /** The digest lookup (tests substitute it; the default asks the registry). */
  resolve?: typeof resolveDigest;
}

interface PinActionData {
  hardline: 'pinDigest';
  uri: string;
  version: number;
  range: Range;
}

function isPinData(data: unknown): data is PinActionData {
  const d = data as Partial<PinActionData> | undefined;
  return !!d && d.hardline === 'pinDigest' && typeof d.uri === 'string' && typeof d.version === 'number' && !!d.range;
}

function dockerfileModel(doc: TextDocument): DockerfileModel | null {
  return serviceFor(uriBaseName(doc.uri), doc.languageId)?.id === 'dockerfile' ? parseDockerfile(doc.getText()) : null;
}

function isPinDiagnostic(d: Diagnostic): boolean {
  const data = d.data as { ruleId?: unknown } | undefined;
  return d.source === SOURCE && (data?.ruleId === PIN_RULE || d.code === PIN_RULE);
}

function toWorkspaceEdit(deps: PinDigestDeps, uri: string, version: number, edits: TextEdit[]): ProtocolWorkspaceEdit {
  return deps.documentChanges() ? { documentChanges: [{ textDocument: { uri, version }, edits }] } : { changes: { [uri]: edits } };
}

function hostOf(target: Extract<PinTarget, { ok: true }>): string {
  return manifestLocation(target.ref, target.ref.tag).host;
}

/** The quick fixes for `dockerfile/pin-digest` diagnostics (edits come on resolve). */
export async function pinDigestCodeActions(params: CodeActionParams, deps: PinDigestDeps): Promise<CodeAction[]> {
  const only = params.context.only;
  if (only && only.length > 0 && !only.some((k) => CodeActionKind.QuickFix === k || CodeActionKind.QuickFix.startsWith(`${k}.`))) return [];
  const diagnostics = params.context.diagnostics.filter(isPinDiagnostic);
  if (diagnostics.length === 0) return [];
  const doc = deps.documents.get(params.textDocument.uri);
  const model = doc && dockerfileModel(doc);
  if (!doc || !model) return [];
  const targets = pinTargets(model);
  const settings = await deps.features.get(doc.uri);
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const target = targets.find((t) => rangesEqual(t.range, diagnostic.range));
    if (!target || (!target.ok && target.pinned)) continue;
    const base = { kind: CodeActionKind.QuickFix, diagnostics: [diagnostic] };
    if (!target.ok) {
      if (deps.disabledSupport()) actions.push({ ...base, title: `Pin ${target.written} by digest`, disabled: { reason: target.reason } });
      continue;
    }
    const title = `Pin ${target.written} to its current digest (asks ${hostOf(target)})`;
    if (!settings.networkAllow) {
      if (deps.disabledSupport()) actions.push({ ...base, title, disabled: { reason: NETWORK_DISABLED_MESSAGE } });
      else actions.push({ ...base, title, command: { title, command: PIN_DIGEST_COMMAND, arguments: [{ textDocument: { uri: doc.uri }, position: diagnostic.range.start }] } });
      continue;
    }
    const data: PinActionData = { hardline: 'pinDigest', uri: doc.uri, version: doc.version, range: target.range };
    if (deps.resolveSupport()) actions.push({ ...base, title, data });
    else actions.push({ ...base, title, command: { title, command: PIN_DIGEST_COMMAND, arguments: [{ textDocument: { uri: doc.uri }, position: target.range.start }] } });
  }
  return actions;
}

/**
 * Put each pin action before the other actions of its diagnostic (it is the
 * fix; the ignore comments come after it).
 */
export function mergePinActions(actions: CodeAction[], pins: CodeAction[]): CodeAction[] {
  const out = [...actions];
  for (const pin of pins) {
    const d = pin.diagnostics?.[0];
    const at = d ? out.findIndex((a) => a.diagnostics?.some((x) => x.code === d.code && rangesEqual(x.range, d.range))) : -1;
    if (at >= 0) out.splice(at, 0, pin);
    else {
      const fixAll = out.findIndex((a) => a.kind?.startsWith(CodeActionKind.SourceFixAll));
      out.splice(fixAll >= 0 ? fixAll : out.length, 0, pin);
    }
  }
  return out;
}

export interface PinResolution {
  result: PinDigestResult;
  /** The edits of the pinned references, against `version`. */
  edits: TextEdit[];
  version?: number;
}

/** Resolve the pin targets at a position (or all of the file) and build one edit. */
export async function pinDigests(params: PinDigestParams, deps: PinDigestDeps, only?: Range): Promise<PinResolution> {
  const result: PinDigestResult = { pinned: [], failed: [], skipped: [] };
  const doc = deps.documents.get(params.textDocument.uri);
  const model = doc && dockerfileModel(doc);
  if (!doc || !model) return { result: { ...result, unavailable: 'This is not an open Dockerfile.' }, edits: [] };
  const version = doc.version;
  let targets = pinTargets(model, params.position);
  let wholeFile = !params.position;
  if (params.position && params.allIfNone && targets.length === 0) {
    targets = pinTargets(model);
    wholeFile = true;
  }
  if (only) targets = targets.filter((t) => rangesEqual(t.range, only));
  const pinnable = targets.filter((t): t is Extract<PinTarget, { ok: true }> => t.ok);
  // Over the whole file, references that are pinned already are not worth a word.
  for (const t of targets) if (!t.ok && !(t.pinned && wholeFile)) result.skipped.push({ image: t.written, reason: t.reason });
  if (pinnable.length === 0) return { result, edits: [], version };
  const settings = await deps.features.get(doc.uri);
  if (!settings.networkAllow) return { result: { ...result, networkDisabled: true }, edits: [], version };

  const resolve = deps.resolve ?? resolveDigest;
  const edits: TextEdit[] = [];
  // The same image twice (FROM and COPY --from) is asked once.
  const lookups = new Map<string, ReturnType<typeof resolve>>();
  for (const target of pinnable) {
    const key = `${target.ref.registry}/${target.ref.path}:${target.ref.tag}`;
    if (!lookups.has(key)) lookups.set(key, resolve(manifestLocation(target.ref, target.ref.tag), { timeoutMs: settings.networkTimeoutMs }));
    try {
      const { digest } = await lookups.get(key)!;
      if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw new RegistryError('bad-response', `the registry gave ${digest}, not a sha256 digest.`);
      edits.push(pinEdit(target, digest));
      result.pinned.push({ image: target.written, digest });
    } catch (error) {
      const message = error instanceof RegistryError ? error.message : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
      result.failed.push({ image: target.written, message });
    }
  }
  const now = deps.documents.get(doc.uri);
  if (!now || now.version !== version) {
    return { result: { ...result, pinned: [], unavailable: 'The document changed while the registry answered: nothing was changed. Try again.' }, edits: [] };
  }
  if (edits.length > 0) result.edit = toWorkspaceEdit(deps, doc.uri, version, edits);
  return { result, edits, version };
}

/** `codeAction/resolve`: ask the registry now and attach the edit; on failure, say why and attach nothing. */
export async function resolvePinAction(action: CodeAction, deps: PinDigestDeps, connection: Pick<Connection, 'sendNotification'>): Promise<CodeAction> {
  if (!isPinData(action.data)) return action;
  const { uri, version, range } = action.data;
  const doc = deps.documents.get(uri);
  if (!doc || doc.version !== version) {
    show(connection, MessageType.Warning, 'Hardline: the Dockerfile changed since the quick fix was offered; ask for it again.');
    return action;
  }
  const { result } = await pinDigests({ textDocument: { uri }, position: range.start }, deps, range);
  reportOutcome(result, connection);
  return result.edit ? { ...action, edit: result.edit as WorkspaceEdit } : action;
}

/** A message without actions: a notification, nothing to wait for. */
function show(connection: Pick<Connection, 'sendNotification'>, type: MessageType, message: string): void {
  connection.sendNotification(ShowMessageNotification.type, { type, message }).catch(() => undefined);
}

/** Show what went wrong (success is visible in the editor). */
function reportOutcome(result: PinDigestResult, connection: Pick<Connection, 'sendNotification'>): void {
  if (result.unavailable) show(connection, MessageType.Warning, `Hardline: ${result.unavailable}`);
  if (result.networkDisabled) show(connection, MessageType.Warning, `Hardline: ${NETWORK_DISABLED_MESSAGE}`);
  for (const f of result.failed) show(connection, MessageType.Error, `Hardline could not pin ${f.image}: ${f.message}`);
  if (result.pinned.length === 0 && result.failed.length === 0 && !result.networkDisabled && !result.unavailable) {
    const why = result.skipped.map((s) => s.reason).join(' ');
    show(connection, MessageType.Info, `Hardline: nothing to pin here.${why ? ` ${why}` : ''}`);
  }
}

/** Arguments of the command: `{ textDocument: { uri }, position? }`, or `uri[, position]` as other clients pass them. */
export function commandParams(args: unknown[] | undefined): PinDigestParams | null {
  const [first, second] = args ?? [];
  if (first && typeof first === 'object' && 'textDocument' in first) {
    const p = first as PinDigestParams;
    return typeof p.textDocument?.uri === 'string' ? p : null;
  }
  if (typeof first === 'string') {
    const position = second && typeof second === 'object' ? (second as Position) : undefined;
    return { textDocument: { uri: first }, position };
  }
  return null;
}

/** `workspace/executeCommand hardline.pinDigest`: resolve, then `workspace/applyEdit`. */
export async function executePinDigest(args: unknown[] | undefined, deps: PinDigestDeps, connection: Pick<Connection, 'sendNotification' | 'workspace'>): Promise<PinDigestResult | null> {
  const params = commandParams(args);
  if (!params) {
    show(connection, MessageType.Error, 'Hardline: hardline.pinDigest needs the document: { textDocument: { uri }, position }.');
    return null;
  }
  const { result } = await pinDigests(params, deps);
  if (result.edit) {
    const applied = await connection.workspace.applyEdit({ label: 'Pin image digests', edit: result.edit });
    if (!applied.applied) {
      show(connection, MessageType.Warning, `Hardline: the editor did not apply the pinned digests${applied.failureReason ? `: ${applied.failureReason}` : '.'}`);
    }
  }
  reportOutcome(result, connection);
  return result;
}
