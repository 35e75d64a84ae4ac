import { resolve } from 'node:path';
import { DiagnosticSeverity, type Connection, type Diagnostic, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Problem, Severity } from '../engine/types';
import type { LoadedConfig } from '../host/context';
import type { Analyzer } from './analysis';
import { isHandledDocument, pathToUri } from './uri';

export const SOURCE = 'hardline';
export const DEBOUNCE_MS = 150;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** `file:` URI of a rule's documentation page under `docsRoot` (`<root>/docs/rules`). */
export function ruleDocsUri(docsRoot: string, ruleId: string): string {
  return pathToUri(resolve(docsRoot, `${ruleId}.md`));
}

export function findingToDiagnostic(finding: Finding, docsRoot: string): Diagnostic {
  return {
    range: finding.range,
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
    range: problem.range,
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
 * Pushes diagnostics: debounced per uri on change, immediately on open,
 * cleared on close. Results that a newer validation or edit overtook are dropped.
 * Also publishes the problems of the `.hardline.yaml` files in use.
 */
export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly generation = new Map<string, number>();
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

  private async check(uri: string): Promise<void> {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    const generation = (this.generation.get(uri) ?? 0) + 1;
    this.generation.set(uri, generation);
    const doc = this.documents.get(uri);
    if (!doc || !isHandledDocument(doc.languageId, uri)) return;
    let diagnostics: Diagnostic[];
    let version = doc.version;
    try {
      const analysis = await this.analyzer.analyse(doc);
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
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.generation.set(uri, (this.generation.get(uri) ?? 0) + 1);
    this.configUsers.delete(uri);
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
  }
}
