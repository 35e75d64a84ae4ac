import { basename, dirname, isAbsolute, relative } from 'node:path';
import { emptyConfig } from '../engine/config';
import type { Environment } from '../engine/types';
import { dockerignoreFor, findConfigFile, isIgnoredPath, loadConfigFile, type LoadedConfig } from '../host/context';
import { uriToPath } from './uri';

/** What the file system says about one document: its `.hardline.yaml` and `.dockerignore`. */
export interface DocumentFacts {
  /** The document's config; `path: null` when there is none. */
  config: LoadedConfig;
  /** Excluded by the config's `ignorePaths`. */
  ignored: boolean;
  env: Environment;
}

export type WatchedKind = 'config' | 'dockerignore' | 'other';

/** Which cache a changed watched file invalidates. */
export function watchedKind(path: string): WatchedKind {
  const name = basename(path);
  if (name === '.hardline.yaml' || name === '.hardline.yml') return 'config';
  if (name.endsWith('.dockerignore')) return 'dockerignore';
  return 'other';
}

/**
 * Host facts, cached until a watched file changes. Reads the file system
 * synchronously (a few small files, cached); never executes anything.
 */
export class HostFacts {
  private folders: string[] = [];
  private readonly configPaths = new Map<string, string | null>();
  private readonly configs = new Map<string, LoadedConfig>();
  private readonly ignores = new Map<string, Environment['dockerignore']>();
  private readonly restrictedConfigs = new WeakMap<LoadedConfig, LoadedConfig>();
  /** False in an untrusted workspace (VS Code Restricted Mode): see `restricted`. */
  trusted = true;

  setWorkspaceFolders(paths: string[]): void {
    this.folders = [...paths];
    this.invalidateConfig();
  }

  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  invalidateConfig(): void {
    this.configPaths.clear();
    this.configs.clear();
  }

  invalidateDockerignore(): void {
    this.ignores.clear();
  }

  /** The innermost workspace folder containing `path`. */
  folderOf(path: string): string | undefined {
    let best: string | undefined;
    for (const folder of this.folders) {
      const rel = relative(folder, path);
      const inside = rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
      if (inside && (!best || folder.length > best.length)) best = folder;
    }
    return best;
  }

  private configFor(startDir: string, stopDir: string | undefined): LoadedConfig {
    const key = `${startDir}\u0000${stopDir ?? ''}`;
    let path = this.configPaths.get(key);
    if (path === undefined) {
      path = findConfigFile(startDir, stopDir);
      this.configPaths.set(key, path);
    }
    if (path === null) return { path: null, config: emptyConfig(), problems: [] };
    let loaded = this.configs.get(path);
    if (!loaded) {
      loaded = loadConfigFile(path);
      this.configs.set(path, loaded);
    }
    return loaded;
  }

  factsFor(uri: string): DocumentFacts {
    const path = uriToPath(uri);
    if (!path) {
      // Untitled and virtual documents: the first workspace folder's config, no build context.
      const folder = this.folders[0];
      const config = folder ? this.configFor(folder, folder) : { path: null, config: emptyConfig(), problems: [] };
      return { config, ignored: false, env: {} };
    }
    const config = this.configFor(dirname(path), this.folderOf(path));
    let dockerignore = this.ignores.get(path);
    if (!this.ignores.has(path)) {
      dockerignore = dockerignoreFor(path);
      this.ignores.set(path, dockerignore);
    }
    const used = this.trusted ? config : this.restricted(config);
    return { config: used, ignored: isIgnoredPath(path, used), env: { dockerignore } };
  }

  /**
   * In an untrusted workspace a `.hardline.yaml` may set severities (and
   * trusted registries, which only add findings), nothing that hides files or
   * weakens the checks: ignorePaths and the Kubernetes profile are dropped, and
   * an information problem on the file says so. One object per loaded config,
   * so its diagnostics are published once.
   */
  private restricted(loaded: LoadedConfig): LoadedConfig {
    let result = this.restrictedConfigs.get(loaded);
    if (!result) {
      const { rules, trustedRegistries, ignorePaths, kubernetes } = loaded.config;
      const dropped = [ignorePaths.length > 0 ? 'ignorePaths' : '', kubernetes ? 'kubernetes' : ''].filter(Boolean);
      result = {
        ...loaded,
        config: { rules, ...(trustedRegistries ? { trustedRegistries } : {}), ignorePaths: [] },
        problems: [
          ...loaded.problems,
          ...(dropped.length > 0
            ? [
                {
                  severity: 'info' as const,
                  code: 'untrusted-workspace',
                  message: `This workspace is not trusted (Restricted Mode), so Hardline uses only the severities of this file and ignores ${dropped.join(' and ')}.`,
                  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                },
              ]
            : []),
        ],
      };
      this.restrictedConfigs.set(loaded, result);
    }
    return result;
  }
}
