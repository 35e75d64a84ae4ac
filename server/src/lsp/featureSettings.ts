import type { Connection } from 'vscode-languageserver';
import { DEFAULT_TIMEOUT_MS } from '../registry/client';

/**
 * Settings of the user-invoked features (not of the checks): network access
 * for "Pin digest" and the base-image CodeLens. Read per resource when the
 * client supports `workspace/configuration`, else from what
 * `didChangeConfiguration` pushed; the cache is cleared on every change.
 */
export interface FeatureSettings {
  /** `hardline.network.allow`: Hardline may contact image registries when you ask it to. Default false. */
  networkAllow: boolean;
  /** `hardline.network.timeout` in seconds (1–120). Default 10. */
  networkTimeoutMs: number;
  /** `hardline.codeLens.enable`: "Pick a hardened base image" above FROM lines. Default true. */
  codeLens: boolean;
}

export function defaultFeatureSettings(): FeatureSettings {
  return { networkAllow: false, networkTimeoutMs: DEFAULT_TIMEOUT_MS, codeLens: true };
}

const record = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** The `hardline` section → feature settings; anything malformed keeps the default (network stays off). */
export function normaliseFeatureSettings(raw: unknown, warn: (message: string) => void = () => {}): FeatureSettings {
  const settings = defaultFeatureSettings();
  const r = record(raw);
  if (!r) return settings;
  const network = record(r.network);
  if (network) {
    if (typeof network.allow === 'boolean') settings.networkAllow = network.allow;
    else if (network.allow !== undefined && network.allow !== null) warn('Ignoring hardline.network.allow: expected true or false (network stays off).');
    const timeout = network.timeout;
    if (typeof timeout === 'number' && Number.isFinite(timeout) && timeout >= 1 && timeout <= 120) settings.networkTimeoutMs = Math.round(timeout * 1000);
    else if (timeout !== undefined && timeout !== null) warn('Ignoring hardline.network.timeout: expected a number of seconds from 1 to 120.');
  }
  const codeLens = record(r.codeLens);
  if (codeLens && typeof codeLens.enable === 'boolean') settings.codeLens = codeLens.enable;
  return settings;
}

export class FeatureSettingsStore {
  private readonly cache = new Map<string, Promise<FeatureSettings>>();
  private global = defaultFeatureSettings();
  /** Ask the client with `workspace/configuration` (set from the client's capabilities). */
  pull = false;
  /** False in an untrusted workspace (initializationOptions.workspaceTrusted): never online, whatever the settings say. */
  trusted = true;

  constructor(
    private readonly connection: Connection,
    private readonly warn: (message: string) => void,
  ) {}

  async get(uri: string): Promise<FeatureSettings> {
    const settings = await this.read(uri);
    return this.trusted ? settings : { ...settings, networkAllow: false };
  }

  private read(uri: string): Promise<FeatureSettings> {
    if (!this.pull) return Promise.resolve(this.global);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'hardline' }).then(
        (raw) => normaliseFeatureSettings(raw, this.warn),
        () => {
          this.cache.delete(uri);
          return this.global;
        },
      );
      this.cache.set(uri, settings);
    }
    return settings;
  }

  changed(pushed: unknown): void {
    this.cache.clear();
    if (!this.pull) this.global = normaliseFeatureSettings(record(pushed)?.hardline, this.warn);
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}
