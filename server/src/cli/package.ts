import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Where the Hardline package lives at run time: the folder of its
 * package.json, found by walking up from this module (the bundle
 * `server/out/cli.js`, or `server/src/cli/` when run from source).
 * Rule docs (`docs/rules/…`) and the version are read relative to it.
 */
let cachedRoot: string | null | undefined;

export function packageRoot(): string | null {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = __dirname;
  for (let guard = 0; guard < 10; guard++) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        if (JSON.parse(readFileSync(candidate, 'utf8')).name === 'hardline') return (cachedRoot = dir);
      } catch {
        // not ours; keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return (cachedRoot = null);
}

export function packageVersion(): string {
  const root = packageRoot();
  if (!root) return '0.0.0';
  try {
    const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
    return typeof version === 'string' ? version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The text of a rule's documentation page (`meta.docs`, repository-relative), or null when it is missing. */
export function readRuleDocs(docs: string): string | null {
  const root = packageRoot();
  if (!root) return null;
  try {
    return readFileSync(join(root, docs), 'utf8');
  } catch {
    return null;
  }
}
