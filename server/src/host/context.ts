import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, parse, relative, sep } from 'node:path';
import { CONFIG_FILE_NAMES, emptyConfig, parseConfig, type HardlineConfig } from '../engine/config';
import { allRules } from '../engine/registry';
import type { Environment, Problem } from '../engine/types';
import { globToRegExp } from './files';

/**
 * Host facts for one file, read from the file system: its `.hardline.yaml`
 * and the build context's `.dockerignore`. Used by the CLI and the server;
 * rules only ever see the result.
 */

const knownIds = new Set(allRules.map((r) => r.meta.id));

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The nearest `.hardline.yaml` / `.hardline.yml` walking up from `startDir`,
 * stopping at `stopDir` (the workspace root) or at a repository root (`.git`).
 */
export function findConfigFile(startDir: string, stopDir?: string): string | null {
  let dir = startDir;
  for (let guard = 0; guard < 256; guard++) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (isFile(candidate)) return candidate;
    }
    if ((stopDir && relative(stopDir, dir) === '') || isDir(join(dir, '.git'))) return null;
    const parent = dirname(dir);
    if (parent === dir || parse(dir).root === dir) return null;
    dir = parent;
  }
  return null;
}

export interface LoadedConfig {
  path: string | null;
  config: HardlineConfig;
  problems: Problem[];
}

export function loadConfigFile(path: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return {
      path,
      config: emptyConfig(),
      problems: [
        {
          severity: 'error',
          code: 'config-error',
          message: `Cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        },
      ],
    };
  }
  return { path, ...parseConfig(text, knownIds) };
}

/** The `.dockerignore` that applies to a Dockerfile: `<name>.dockerignore` beside it, else the context's. */
export function dockerignoreFor(dockerfilePath: string, contextDir: string = dirname(dockerfilePath)): Environment['dockerignore'] {
  const candidates = [join(dirname(dockerfilePath), `${basename(dockerfilePath)}.dockerignore`), join(contextDir, '.dockerignore')];
  for (const path of candidates) {
    try {
      return { path, content: readFileSync(path, 'utf8') };
    } catch {
      // try the next one
    }
  }
  return isDir(contextDir) ? null : undefined;
}

/** Is `filePath` excluded by the config's `ignorePaths` (relative to the config's folder)? */
export function isIgnoredPath(filePath: string, loaded: LoadedConfig): boolean {
  if (!loaded.path || loaded.config.ignorePaths.length === 0) return false;
  const rel = relative(dirname(loaded.path), filePath).split(sep).join('/');
  if (rel.startsWith('../')) return false;
  return loaded.config.ignorePaths.some((g) => globToRegExp(g).test(rel));
}
