import { resolve } from 'node:path';
import { DiagnosticSeverity, type Connection, type Diagnostic, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Problem, Range, Severity } from '../engine/types';
import type { LoadedConfig } from '../host/context';
import type { Analyzer } from './analysis';
import { isHandledDocument, pathToUri } from './uri';

export const SOURCE = 'hardline';
/** Quiet time that ends a burst of edits; a burst is checked once, this long after its last edit. */
export const DEBOUNCE_MS = 150;
/**
 * An edit after a quiet spell is checked at once when the document's last
 * check of an edit (not its open: edits re-parse only what changed) took at most this long: a check cheaper than the debounce it would
 * wait for is done at once; a slower one (a huge file, a loaded machine) waits,
 * so a burst costs it one check, not two.
 */
export const IMMEDIATE_CHECK_MS = DEBOUNCE_MS;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

const docsUris = new Map<string, string>();

/** `file:` URI of a rule's documentation page under `docsRoot` (`<root>/docs/rules`); computed once per rule. */
export function ruleDocsUri(docsRoot: string, ruleId: string): string {
  const key = `${docsRoot}\u0000${ruleId}`;
  let uri = docsUris.get(key);
  if (uri === undefined) {
    uri = pathToUri(resolve(docsRoot, `${ruleId}.md`));
    docsUris.set(key, uri);
  }
  return uri;
}

/**
 * A copy of a range: a finding's range may be a position object of the model,
 * which the next version's incremental parse moves in place, and a publish can
 * be serialised after that parse when the output stream is backed up.
 */
export function copyRange(r: Range): Range {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

export function findingToDiagnostic(finding: Finding, docsRoot: string): Diagnostic {
  return {
    range: copyRange(finding.range),
    severity: SEVERITY[finding.severity],
    source: SOURCE,
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUri(docsRoot, finding.ruleId) },
    message: finding.message,
    data: { ruleId: finding.ruleId },
  };
}

export function problemToDiagnostic(problem: Problem): Diagnostic {
  return {
    range: copyRange(problem.range),
    severity: SEVERITY[problem.severity],
    source: SOURCE,
    code: problem.code,
    message: problem.message,
  };
}

function internalErrorDiagnostic(error: unknown): Diagnostic {
  const message = error instanceof Error ? error.message : String(error);
  return problemToDiagnostic({
    severity: 'error',
    code: 'internal-error',
    message: `Hardline could not check this file: ${message}. Please report this (see the Hardline output).`,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  });
}

/**
 * Pushes diagnostics: immediately on open, cleared on close. On an edit:
 * at once when it is the first edit after a quiet spell (`DEBOUNCE_MS` without
 * edits) and the document's last check was fast (`IMMEDIATE_CHECK_MS`), else
 * debounced — so a burst of typing is checked at its first key and once more
 * `DEBOUNCE_MS` after its last key, never more often. An edit schedules only
 * its own document. Results that a newer validation or edit overtook are dropped.
 * Also publishes the problems of the `.hardline.yaml` files in use.
 * With the client's trace on (`$/setTrace` verbose), every check is traced.
 */
export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly immediates = new Map<string, NodeJS.Immediate>();
  private readonly generation = new Map<string, number>();
  /** When the document was last edited (performance.now()). */
  private readonly lastEdit = new Map<string, number>();
  /** How long the document's last check after an edit took, ms. */
  private readonly lastCheckMs = new Map<string, number>();
  /** Open document → the config file it uses. */
  private readonly configUsers = new Map<string, LoadedConfig>();
  /** Config file path → what was last published for it. */
  private readonly publishedConfigs = new Map<string, LoadedConfig>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly analyzer: Analyzer,
    private readonly docsRoot: string,
    private readonly logError: (message: string, error: unknown) => void,
  ) {}

  /** The document was edited: check it at once or debounce (see the class comment). */
  changed(uri: string): void {
    const now = performance.now();
    const previous = this.lastEdit.get(uri);
    this.lastEdit.set(uri, now);
    const quiet = previous === undefined || now - previous >= DEBOUNCE_MS;
    const fast = (this.lastCheckMs.get(uri) ?? 0) <= IMMEDIATE_CHECK_MS;
    if (quiet && fast && !this.timers.has(uri)) {
      // After the messages already received (a burst that arrived at once is checked once, at its latest version).
      if (!this.immediates.has(uri)) {
        this.immediates.set(
          uri,
          setImmediate(() => {
            this.immediates.delete(uri);
            void this.validate(uri);
          }),
        );
      }
      return;
    }
    this.schedule(uri);
  }

  schedule(uri: string, delay = DEBOUNCE_MS): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.validate(uri);
      }, delay),
    );
  }

  /** Re-validate every open document (settings, config or watched files changed). */
  scheduleAll(delay = DEBOUNCE_MS): void {
    for (const doc of this.documents.all()) if (isHandledDocument(doc.languageId, doc.uri)) this.schedule(doc.uri, delay);
  }

  /** Check a document now and publish; never rejects (failures are logged). */
  async validate(uri: string): Promise<void> {
    try {
      await this.check(uri);
    } catch (error) {
      this.logError(`Publishing diagnostics for ${uri} failed`, error);
    }
  }

  private cancel(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    clearImmediate(this.immediates.get(uri));
    this.immediates.delete(uri);
  }

  private async check(uri: string): Promise<void> {
    this.cancel(uri);
    const generation = (this.generation.get(uri) ?? 0) + 1;
    this.generation.set(uri, generation);
    const doc = this.documents.get(uri);
    if (!doc || !isHandledDocument(doc.languageId, uri)) return;
    let diagnostics: Diagnostic[];
    let version = doc.version;
    try {
      const parses = this.analyzer.parses;
      const started = performance.now();
      const analysis = await this.analyzer.analyse(doc);
      const ms = performance.now() - started;
      // An edit's check re-parses only what changed: the first one after opening does not wait for the open's full check time.
      if (this.lastEdit.has(uri)) this.lastCheckMs.set(uri, ms);
      this.connection.tracer.log(
        `Checked ${uri} v${analysis.version} in ${ms.toFixed(1)} ms (${this.analyzer.parses > parses ? 'parsed' : 'cached parse'})`,
      );
      if (this.generation.get(uri) !== generation) return; // a newer validation or a close overtook this one
      const current = this.documents.get(uri);
      if (!current || current.version !== analysis.version) return; // edited meanwhile: its own validation follows
      version = analysis.version;
      if (analysis.config) this.configUsers.set(uri, analysis.config);
      else this.configUsers.delete(uri);
      const result = analysis.result;
      diagnostics = result
        ? [...result.problems.map(problemToDiagnostic), ...result.findings.map((f) => findingToDiagnostic(f, this.docsRoot))]
        : [];
    } catch (error) {
      if (this.generation.get(uri) !== generation || !this.documents.get(uri)) return;
      this.logError(`Checking ${uri} failed`, error);
      diagnostics = [internalErrorDiagnostic(error)];
    }
    await this.connection.sendDiagnostics({ uri, version, diagnostics });
    await this.syncConfigDiagnostics();
  }

  /** The document was closed: cancel pending work and clear its diagnostics. */
  async clear(uri: string): Promise<void> {
    this.cancel(uri);
    this.generation.set(uri, (this.generation.get(uri) ?? 0) + 1);
    this.configUsers.delete(uri);
    this.lastEdit.delete(uri);
    this.lastCheckMs.delete(uri);
    try {
      await this.connection.sendDiagnostics({ uri, diagnostics: [] });
      await this.syncConfigDiagnostics();
    } catch (error) {
      this.logError(`Clearing diagnostics for ${uri} failed`, error);
    }
  }

  /** Publish the problems of config files in use; clear those no open document uses any more. */
  private async syncConfigDiagnostics(): Promise<void> {
    const used = new Map<string, LoadedConfig>();
    for (const loaded of this.configUsers.values()) if (loaded.path) used.set(loaded.path, loaded);
    for (const [path, loaded] of used) {
      if (this.publishedConfigs.get(path) === loaded) continue;
      this.publishedConfigs.set(path, loaded);
      await this.connection.sendDiagnostics({ uri: pathToUri(path), diagnostics: loaded.problems.map(problemToDiagnostic) });
    }
    for (const path of [...this.publishedConfigs.keys()]) {
      if (used.has(path)) continue;
      this.publishedConfigs.delete(path);
      await this.connection.sendDiagnostics({ uri: pathToUri(path), diagnostics: [] });
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const i of this.immediates.values()) clearImmediate(i);
    this.immediates.clear();
  }
}
