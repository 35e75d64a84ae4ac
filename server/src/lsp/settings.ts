import type { Connection } from 'vscode-languageserver';
import type { SeveritySetting } from '../engine/types';

/** The editor settings under `hardline.*` for one resource. */
export interface HardlineSettings {
  enable: boolean;
  /** Rule id → severity or `off`; overrides `.hardline.yaml` rule by rule. */
  rules: Record<string, SeveritySetting>;
  /** `hardline.kubernetes.profile`; unset: `.hardline.yaml`'s, else `restricted`. */
  kubernetesProfile?: 'baseline' | 'restricted';
}

const SETTING_VALUES: readonly string[] = ['off', 'info', 'warning', 'error'];

export function defaultSettings(): HardlineSettings {
  return { enable: true, rules: {} };
}

/**
 * Settings as sent by a client (any shape: clients send null, partial
 * objects, strings) → valid settings. Invalid entries are dropped and reported.
 */
export function normaliseSettings(raw: unknown, warn: (message: string) => void = () => {}): HardlineSettings {
  const settings = defaultSettings();
  if (raw === null || raw === undefined) return settings;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    warn(`Ignoring hardline settings: expected an object, got ${JSON.stringify(raw)}.`);
    return settings;
  }
  const r = raw as Record<string, unknown>;
  if (typeof r.enable === 'boolean') settings.enable = r.enable;
  else if (r.enable !== undefined && r.enable !== null) warn(`Ignoring hardline.enable: expected true or false.`);
  if (r.rules && typeof r.rules === 'object' && !Array.isArray(r.rules)) {
    for (const [id, value] of Object.entries(r.rules as Record<string, unknown>)) {
      if (typeof value === 'string' && SETTING_VALUES.includes(value)) settings.rules[id] = value as SeveritySetting;
      else warn(`Ignoring hardline.rules["${id}"]: expected off, info, warning or error.`);
    }
  } else if (r.rules !== undefined && r.rules !== null) {
    warn('Ignoring hardline.rules: expected an object of rule id → off, info, warning or error.');
  }
  const kubernetes = r.kubernetes;
  if (kubernetes && typeof kubernetes === 'object' && !Array.isArray(kubernetes)) {
    const profile = (kubernetes as Record<string, unknown>).profile;
    if (profile === 'baseline' || profile === 'restricted') settings.kubernetesProfile = profile;
    else if (profile !== undefined && profile !== null && profile !== '') {
      warn('Ignoring hardline.kubernetes.profile: expected baseline or restricted.');
    }
  } else if (kubernetes !== undefined && kubernetes !== null) {
    warn('Ignoring hardline.kubernetes: expected an object such as { "profile": "restricted" }.');
  }
  return settings;
}

/**
 * Per-resource settings. Pulled with `workspace/configuration` (scopeUri)
 * when the client supports it, else taken from `didChangeConfiguration`.
 * The cache is cleared on every `didChangeConfiguration`.
 */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<HardlineSettings>>();
  private global: HardlineSettings = defaultSettings();

  /** Ask the client with `workspace/configuration` (set from the client's capabilities). */
  pull = false;

  constructor(
    private readonly connection: Connection,
    private readonly warn: (message: string) => void,
  ) {}

  get(uri: string): Promise<HardlineSettings> {
    if (!this.pull) return Promise.resolve(this.global);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'hardline' }).then(
        (raw) => normaliseSettings(raw, this.warn),
        (error) => {
          this.warn(`workspace/configuration failed (${error instanceof Error ? error.message : String(error)}); using defaults.`);
          this.cache.delete(uri);
          return this.global;
        },
      );
      this.cache.set(uri, settings);
    }
    return settings;
  }

  /** `workspace/didChangeConfiguration`: forget pulled settings; take pushed ones when not pulling. */
  changed(pushed: unknown): void {
    this.cache.clear();
    if (!this.pull) {
      const section = pushed && typeof pushed === 'object' ? (pushed as Record<string, unknown>).hardline : undefined;
      this.global = normaliseSettings(section, this.warn);
    }
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}
