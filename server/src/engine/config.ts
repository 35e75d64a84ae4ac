import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { LineIndex } from './positions';
import type { Problem, Range, SeveritySetting } from './types';
import type { EngineSettings } from './run';

/** `.hardline.yaml`: what a repository configures. */
export interface HardlineConfig {
  rules: Record<string, SeveritySetting>;
  trustedRegistries?: string[];
  /** Globs, relative to the config file's folder, of files the CLI and server skip. */
  ignorePaths: string[];
  /** `kubernetes: { profile: baseline | restricted }`: the Pod Security Standards profile. */
  kubernetes?: { profile?: 'baseline' | 'restricted' };
}

export const CONFIG_FILE_NAMES = ['.hardline.yaml', '.hardline.yml'];
const SETTINGS: readonly string[] = ['off', 'info', 'warning', 'error'];
const KEYS = ['rules', 'trustedRegistries', 'ignorePaths', 'kubernetes'];
const KUBERNETES_PROFILES: readonly string[] = ['baseline', 'restricted'];

export function emptyConfig(): HardlineConfig {
  return { rules: {}, ignorePaths: [] };
}

/** Largest configuration read (a real one is a few hundred bytes). */
export const MAX_CONFIG_CHARS = 256 * 1024;

/**
 * Parse and validate a config file. Anything invalid becomes a problem at its
 * position and is otherwise ignored; this never throws.
 */
export function parseConfig(text: string, knownRuleIds: ReadonlySet<string>): { config: HardlineConfig; problems: Problem[] } {
  const config = emptyConfig();
  const problems: Problem[] = [];
  const index = new LineIndex(text);
  const rangeOf = (node: Node | null | undefined): Range => {
    const r = node?.range;
    return r ? { start: index.positionAt(r[0]), end: index.positionAt(r[1]) } : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  };
  const problem = (message: string, node?: Node | null, severity: Problem['severity'] = 'error') =>
    problems.push({ severity, code: 'config-error', message, range: rangeOf(node) });

  // A configuration is a few lines; a huge or binary file is someone else's (or hostile): not parsed.
  if (text.length > MAX_CONFIG_CHARS || text.includes('\u0000')) {
    problem(
      text.includes('\u0000')
        ? 'This configuration contains binary data (NUL bytes), so it was not read; the defaults apply.'
        : `This configuration is ${Math.round(text.length / 1024)} KB; Hardline reads configurations up to ${MAX_CONFIG_CHARS / 1024} KB, so it was not read and the defaults apply.`,
    );
    return { config, problems };
  }
  let doc;
  try {
    doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    problem(`Cannot read this configuration: ${error instanceof Error ? error.message : String(error)}`);
    return { config, problems };
  }
  for (const e of doc.errors) {
    problems.push({
      severity: 'error',
      code: 'config-error',
      message: `Invalid YAML: ${e.message.split('\n')[0]}`,
      range: { start: index.positionAt(e.pos[0]), end: index.positionAt(e.pos[1]) },
    });
  }
  if (doc.errors.length > 0) return { config, problems };
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { config, problems };
  if (!isMap(root)) {
    problem('The configuration must be a mapping with the keys rules, trustedRegistries, ignorePaths, kubernetes.', root);
    return { config, problems };
  }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const value = pair.value as Node | null;
    if (key === undefined || !KEYS.includes(key)) {
      problem(`Unknown key "${key ?? '?'}"; expected one of: ${KEYS.join(', ')}.`, pair.key as Node, 'warning');
      continue;
    }
    if (key === 'kubernetes') {
      if (value === null || (isScalar(value) && value.value === null)) continue;
      if (!isMap(value)) {
        problem('"kubernetes" must be a mapping, e.g. "kubernetes: { profile: restricted }".', value);
        continue;
      }
      for (const k of value.items) {
        const name = isScalar(k.key) ? String(k.key.value) : '?';
        if (name !== 'profile') {
          problem(`Unknown key "kubernetes.${name}"; expected: profile.`, k.key as Node, 'warning');
          continue;
        }
        const v = isScalar(k.value) ? k.value.value : undefined;
        if (typeof v !== 'string' || !KUBERNETES_PROFILES.includes(v)) {
          problem('"kubernetes.profile" must be baseline or restricted.', (k.value as Node) ?? (k.key as Node));
          continue;
        }
        config.kubernetes = { profile: v as 'baseline' | 'restricted' };
      }
      continue;
    }
    if (key === 'rules') {
      if (value === null || (isScalar(value) && value.value === null)) continue;
      if (!isMap(value)) {
        problem('"rules" must map rule ids to off, info, warning or error.', value);
        continue;
      }
      for (const r of value.items) {
        const id = isScalar(r.key) ? String(r.key.value) : '';
        const v = isScalar(r.value) ? r.value.value : undefined;
        if (!knownRuleIds.has(id)) {
          problem(`Unknown rule "${id}".`, r.key as Node, 'warning');
          continue;
        }
        if (typeof v !== 'string' || !SETTINGS.includes(v)) {
          problem(`Rule "${id}": expected off, info, warning or error.`, (r.value as Node) ?? (r.key as Node));
          continue;
        }
        config.rules[id] = v as SeveritySetting;
      }
    } else {
      // trustedRegistries, ignorePaths: lists of strings
      if (!isSeq(value) || value.items.some((i) => !isScalar(i) || typeof i.value !== 'string' || i.value === '')) {
        problem(`"${key}" must be a list of non-empty strings.`, value ?? (pair.key as Node));
        continue;
      }
      const list = value.items.map((i) => String((i as { value: unknown }).value));
      if (key === 'trustedRegistries') config.trustedRegistries = list;
      else config.ignorePaths = list;
    }
  }
  return { config, problems };
}

/**
 * Engine settings from the config file, overridden by editor settings
 * (VS Code `hardline.rules`), rule by rule.
 */
export function toEngineSettings(
  config: HardlineConfig | undefined,
  overrides: Record<string, SeveritySetting> = {},
  optionOverrides: { kubernetesProfile?: 'baseline' | 'restricted' } = {},
): EngineSettings {
  const options: EngineSettings['options'] = {};
  if (config?.trustedRegistries) options.trustedRegistries = config.trustedRegistries;
  const profile = optionOverrides.kubernetesProfile ?? config?.kubernetes?.profile;
  if (profile) options.kubernetesProfile = profile;
  return { rules: { ...(config?.rules ?? {}), ...overrides }, options };
}
