import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { emptyConfig } from '../engine/config';
import { findConfigFile, isIgnoredPath, loadConfigFile, type LoadedConfig } from '../host/context';
import { serviceFor } from '../engine/registry';
import type { LanguageId } from '../engine/types';

/**
 * Which files to check: explicitly named files (always, whatever their name)
 * and the Dockerfiles / Containerfiles found under named folders, in a
 * deterministic order. Also resolves the `.hardline.yaml` of each file.
 */

/** Folders never descended into. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git']);

/** A file named on the command line is checked even when its name says nothing: as a Dockerfile. */
function explicitLanguage(path: string): LanguageId {
  return serviceFor(basename(path))?.id ?? 'dockerfile';
}

export interface Target {
  /** Absolute path. */
  path: string;
  /** Relative to the working folder, `/`-separated: what reports show. */
  display: string;
  /** The configuration that applies to this file. */
  config: LoadedConfig;
  /** Its language, from its name; files named on the command line default to Dockerfile. */
  languageId: LanguageId;
}

export interface WalkError {
  /** A named path that does not exist, a folder that cannot be listed, a config that cannot be read. */
  kind: 'path' | 'folder' | 'config';
  path: string;
  display: string;
  message: string;
}

export interface WalkResult {
  targets: Target[];
  /** Missing or unreadable paths and folders (exit code 2). */
  errors: WalkError[];
}

/** A path relative to `cwd` with `/` separators (`.` for `cwd` itself). */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

/** Code-unit order, independent of locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function errorMessage(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e && e.code === 'ENOENT') return 'no such file or directory';
  if (e && e.code === 'EACCES') return 'permission denied';
  if (e && e.code === 'ELOOP') return 'too many levels of symbolic links';
  return e && e.message ? e.message : String(error);
}

/**
 * Resolves the configuration of each file: the one given with `--config`, or
 * the nearest `.hardline.yaml` walking up from the file's folder. Configs are
 * read once; every config used is remembered so its problems are reported once.
 */
export class ConfigResolver {
  private readonly byDir = new Map<string, LoadedConfig>();
  private readonly byPath = new Map<string, LoadedConfig>();
  /** Every config file that applies to at least one file, plus unreadable ones. */
  readonly used = new Map<string, LoadedConfig>();
  /** Config files that exist but cannot be read (I/O error, exit code 2). */
  readonly ioErrors: WalkError[] = [];

  constructor(
    private readonly cwd: string,
    private readonly explicit?: LoadedConfig,
  ) {}

  forFile(file: string): LoadedConfig {
    if (this.explicit) {
      if (this.explicit.path) this.used.set(this.explicit.path, this.explicit);
      return this.explicit;
    }
    return this.forDir(dirname(file));
  }

  forDir(dir: string): LoadedConfig {
    const cached = this.byDir.get(dir);
    if (cached) return cached;
    const path = findConfigFile(dir);
    const loaded = path ? this.load(path) : { path: null, config: emptyConfig(), problems: [] };
    this.byDir.set(dir, loaded);
    if (loaded.path) this.used.set(loaded.path, loaded);
    return loaded;
  }

  private load(path: string): LoadedConfig {
    const cached = this.byPath.get(path);
    if (cached) return cached;
    let loaded: LoadedConfig;
    try {
      readFileSync(path);
      loaded = loadConfigFile(path);
    } catch (error) {
      // Unreadable: an I/O error, and the file's defaults apply.
      this.ioErrors.push({ kind: 'config', path, display: displayPath(path, this.cwd), message: `cannot read configuration: ${errorMessage(error)}` });
      loaded = { path, config: emptyConfig(), problems: [] };
    }
    this.byPath.set(path, loaded);
    return loaded;
  }
}

/**
 * Expand the named paths into the files to check. Named files are always
 * checked; folders are walked for Dockerfile names, skipping `node_modules`,
 * `.git`, symbolic links to folders (no cycles), and files matching the
 * `ignorePaths` of their config. The result is sorted by display path and free
 * of duplicates.
 */
export function collectTargets(paths: readonly string[], cwd: string, configs: ConfigResolver): WalkResult {
  const found = new Map<string, Target>();
  const errors: WalkError[] = [];
  const add = (path: string, languageId: LanguageId) => {
    if (!found.has(path)) found.set(path, { path, display: displayPath(path, cwd), config: configs.forFile(path), languageId });
  };

  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      errors.push({ kind: 'folder', path: dir, display: displayPath(dir, cwd), message: `cannot read folder: ${errorMessage(error)}` });
      return;
    }
    entries.sort((a, b) => comparePaths(a.name, b.name));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(full);
        continue;
      }
      const language = serviceFor(entry.name)?.id;
      if (!language) continue;
      if (!entry.isFile() && !entry.isSymbolicLink()) continue;
      if (entry.isSymbolicLink()) {
        // A link to a folder is not followed; a link to a file is checked (a dangling one is an error below).
        try {
          if (statSync(full).isDirectory()) continue;
        } catch {
          // reported when the file is read
        }
      }
      if (isIgnoredPath(full, configs.forFile(full))) continue;
      add(full, language);
    }
  };

  for (const raw of paths) {
    const path = resolve(cwd, raw);
    let stats;
    try {
      stats = statSync(path);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if (e.code === 'ENOENT' || e.code === 'ENOTDIR') {
        errors.push({ kind: 'path', path, display: displayPath(path, cwd), message: 'no such file or directory' });
      } else {
        // Exists but cannot be examined (e.g. a symbolic-link loop): reading it reports the error.
        add(path, explicitLanguage(path));
      }
      continue;
    }
    if (stats.isDirectory()) walk(path);
    else add(path, explicitLanguage(path));
  }

  const targets = [...found.values()].sort((a, b) => comparePaths(a.display, b.display));
  errors.sort((a, b) => comparePaths(a.display, b.display));
  return { targets, errors };
}
