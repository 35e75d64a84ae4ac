import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CheckResult } from '../engine/check';
import { toEngineSettings } from '../engine/config';
import { serviceFor } from '../engine/registry';
import type { EngineSettings } from '../engine/run';
import type { ParsedDocument } from '../engine/service';
import type { Environment } from '../engine/types';
import type { HostFacts } from './host';
import type { HardlineSettings, SettingsStore } from './settings';
import type { LoadedConfig } from '../host/context';
import { uriBaseName } from './uri';

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
}

/**
 * Parse cache keyed by uri + version: one parse per version. The rule run
 * is cached with it and redone (on the same parse) only when settings or
 * host facts change. Diagnostics, code actions and hover share it, so a
 * code action sees exactly the findings that were published.
 */
export class Analyzer {
  private readonly entries = new Map<string, Entry>();
  /** Parses performed (for tests and tracing). */
  parses = 0;

  constructor(
    private readonly settings: SettingsStore,
    private readonly host: HostFacts,
  ) {}

  /** The parsed document of this version, or null when it is not one of ours. */
  document(doc: TextDocument): ParsedDocument | null {
    return this.entry(doc).document;
  }

  private entry(doc: TextDocument): Entry {
    const cached = this.entries.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    const service = serviceFor(uriBaseName(doc.uri), doc.languageId);
    let document: ParsedDocument | null = null;
    if (service) {
      this.parses++;
      document = service.parse(doc.getText());
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
    const entry = this.entry(doc);
    const document = entry.document;
    if (!document) return { ...analysis, result: null };
    const key = JSON.stringify([engineSettings, facts.env]);
    if (entry.key !== key || !entry.result) {
      entry.result = { languageId: document.languageId, document, ...document.run(engineSettings, facts.env) };
      entry.key = key;
    }
    return { ...analysis, result: entry.result };
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}
