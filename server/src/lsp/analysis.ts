import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CheckResult } from '../engine/check';
import { toEngineSettings } from '../engine/config';
import { serviceFor } from '../engine/registry';
import { timeoutProblem } from '../engine/limits';
import type { EngineSettings } from '../engine/run';
import { inertDocument, type LanguageService, type ParsedDocument } from '../engine/service';
import type { Environment, Problem } from '../engine/types';
import type { HostFacts } from './host';
import type { HardlineSettings, SettingsStore } from './settings';
import type { LoadedConfig } from '../host/context';
import type { OffThreadChecker } from './offThread';
import { uriBaseName } from './uri';

function internalProblem(message: string): Problem {
  return {
    severity: 'error',
    code: 'internal-error',
    message: `Hardline could not check this file: ${message}. Please report this (see the Hardline output).`,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  };
}

/** Everything the server knows about one version of a document. */
export interface Analysis {
  uri: string;
  version: number;
  settings: HardlineSettings;
  /** The document's `.hardline.yaml` (path null when none); undefined when Hardline is disabled for it. */
  config?: LoadedConfig;
  ignored: boolean;
  engineSettings: EngineSettings;
  env: Environment;
  /** The check result; null when disabled or ignored. */
  result: CheckResult | null;
}

interface Entry {
  version: number;
  /** Null when no language takes the document (or it is not for us, e.g. YAML without Kubernetes objects). */
  document: ParsedDocument | null;
  /** Settings and environment the result was computed with. */
  key?: string;
  result?: CheckResult;
  /**
   * Checked only off the main thread (too slow for it, or stopped): the
   * document is a stand-in without fixes, valid for these settings only.
   */
  offThreadKey?: string;
}

/** Documents at least this long are checked off the main thread first (every real Dockerfile and almost every manifest is far smaller). */
export const OFF_THREAD_MIN_CHARS = 64 * 1024;
/**
 * A document whose off-thread check took longer is not checked again on the
 * main thread: its diagnostics come from the worker, without fixes. Up to this,
 * the main thread parses it once (a pause of about this long at most), and
 * from then on each edit re-parses only what it changed (a 50,000-line
 * manifest: about 1 s once, then tens of milliseconds per keystroke).
 */
export const MAIN_THREAD_MAX_MS = 2000;
/**
 * A large document whose last main-thread parse took at most this long skips
 * the worker on its next version: the main thread already accepts a check
 * this long (MAIN_THREAD_MAX_MS), and the next parse only redoes what the edit changed.
 */
export const PROVEN_FAST_MS = MAIN_THREAD_MAX_MS;
/** ...as long as the document did not grow or shrink by more than this many characters. */
export const PROVEN_FAST_MAX_GROWTH = 4096;

/**
 * Parse cache keyed by uri + version: one parse per version. The rule run
 * is cached with it and redone (on the same parse) only when settings or
 * host facts change. Diagnostics, code actions and hover share it, so a
 * code action sees exactly the findings that were published.
 */
export class Analyzer {
  private readonly entries = new Map<string, Entry>();
  /** How long the last main-thread parse of each document took, ms. */
  private readonly lastParseMs = new Map<string, number>();
  /** Parses performed (for tests and tracing). */
  parses = 0;

  constructor(
    private readonly settings: SettingsStore,
    private readonly host: HostFacts,
    /** Checks large documents off the main thread first; none: everything on the main thread. */
    private readonly offThread?: OffThreadChecker,
  ) {}

  /**
   * The parsed document of this version, or null when it is not one of ours.
   * A large document not yet checked by `analyse` is not parsed here (null): it
   * could take long, and only `analyse` checks it off the main thread first.
   */
  document(doc: TextDocument): ParsedDocument | null {
    if (this.offThread && doc.getText().length >= OFF_THREAD_MIN_CHARS) {
      const cached = this.entries.get(doc.uri);
      return cached && cached.version === doc.version ? cached.document : null;
    }
    return this.entry(doc).document;
  }

  /**
   * A large document whose last version parsed on the main thread within
   * `PROVEN_FAST_MS` is parsed there again at once: the worker guards against
   * a document that is slow to check (its first check), not against every
   * keystroke in one that is not (the edit re-parses only what changed).
   */
  private provenFast(doc: TextDocument): boolean {
    const cached = this.entries.get(doc.uri);
    const ms = this.lastParseMs.get(doc.uri);
    if (!cached?.document || cached.offThreadKey !== undefined || ms === undefined || ms > PROVEN_FAST_MS) return false;
    // Typing, not a paste of a large block (which could be anything): the worker checks that first.
    return Math.abs(doc.getText().length - cached.document.text.length) <= PROVEN_FAST_MAX_GROWTH;
  }

  /**
   * For a large document: check it in the worker first. Returns the entry to
   * use when the worker's verdict replaces the main-thread check (stopped,
   * too slow, not ours), null when the main thread may go ahead, or
   * 'stale' when the document changed meanwhile.
   */
  private async offThreadEntry(doc: TextDocument, service: LanguageService, settings: EngineSettings, env: Environment, key: string): Promise<Entry | null | 'stale'> {
    const cached = this.entries.get(doc.uri);
    if (cached && cached.version === doc.version) {
      // Checked on the main thread already (rules rerun there for new settings), or off it with these settings.
      if (cached.offThreadKey === undefined) return null;
      if (cached.offThreadKey === key) return cached;
    }
    const version = doc.version;
    const text = doc.getText();
    const verdict = await this.offThread!.check(service.id, text, settings, env);
    if (doc.version !== version) return 'stale';
    if (verdict.ok && verdict.ms <= MAIN_THREAD_MAX_MS) return null;
    let entry: Entry;
    if (!verdict.ok) {
      const problem = verdict.reason === 'timeout' ? timeoutProblem(this.offThread!.timeoutMs) : internalProblem(verdict.message);
      entry = { version, document: inertDocument(service.id, text, 'item', { findings: [], problems: [problem] }), offThreadKey: key };
    } else if (!verdict.relevant) {
      entry = { version, document: null, offThreadKey: key };
    } else {
      const findings = verdict.findings.map((f) => ({ ...f, suggestions: [] }));
      entry = { version, document: inertDocument(service.id, text, 'item', { findings, problems: verdict.problems }), offThreadKey: key };
    }
    this.entries.set(doc.uri, entry);
    return entry;
  }

  private entry(doc: TextDocument): Entry {
    const cached = this.entries.get(doc.uri);
    if (cached && cached.version === doc.version && cached.offThreadKey === undefined) return cached;
    const service = serviceFor(uriBaseName(doc.uri), doc.languageId);
    let document: ParsedDocument | null = null;
    if (service) {
      this.parses++;
      // The last version's parse is handed over: the language re-parses only what the edit changed.
      const previous = cached?.offThreadKey === undefined && cached?.document?.languageId === service.id ? cached.document : undefined;
      const started = performance.now();
      document = service.parse(doc.getText(), previous);
      this.lastParseMs.set(doc.uri, performance.now() - started);
      if (!document.relevant) document = null;
    }
    const entry: Entry = { version: doc.version, document };
    this.entries.set(doc.uri, entry);
    return entry;
  }

  /** Settings for the document (async: may ask the client), then the cached check result. */
  async analyse(doc: TextDocument): Promise<Analysis> {
    const settings = await this.settings.get(doc.uri);
    const base = { uri: doc.uri, version: doc.version, settings, ignored: false, engineSettings: {}, env: {} };
    if (!settings.enable) return { ...base, result: null };
    const facts = this.host.factsFor(doc.uri);
    const engineSettings = toEngineSettings(facts.config.config, settings.rules, { kubernetesProfile: settings.kubernetesProfile });
    const analysis = { ...base, config: facts.config, ignored: facts.ignored, engineSettings, env: facts.env };
    if (facts.ignored) return { ...analysis, result: null };
    const key = JSON.stringify([engineSettings, facts.env]);
    const service = serviceFor(uriBaseName(doc.uri), doc.languageId);
    if (this.offThread && service && doc.getText().length >= OFF_THREAD_MIN_CHARS && !this.provenFast(doc)) {
      const verdict = await this.offThreadEntry(doc, service, engineSettings, facts.env, key);
      if (verdict === 'stale') return { ...analysis, result: null };
      if (verdict) {
        const standInDocument = verdict.document;
        if (!standInDocument) return { ...analysis, result: null };
        return { ...analysis, result: { languageId: standInDocument.languageId, document: standInDocument, ...standInDocument.run(engineSettings, facts.env) } };
      }
    }
    const entry = this.entry(doc);
    const document = entry.document;
    if (!document) return { ...analysis, result: null };
    if (entry.key !== key || !entry.result) {
      entry.result = { languageId: document.languageId, document, ...document.run(engineSettings, facts.env) };
      entry.key = key;
    }
    return { ...analysis, result: entry.result };
  }

  forget(uri: string): void {
    this.entries.delete(uri);
    this.lastParseMs.delete(uri);
  }
}
