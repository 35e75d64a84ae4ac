import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serviceFor } from '../engine/registry';

/** The file-system path of a `file:` URI; undefined for other schemes (untitled, git, …) or bad URIs. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.toLowerCase().startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/** The last path segment of any URI, decoded (`untitled:Dockerfile` → `Dockerfile`). */
export function uriBaseName(uri: string): string {
  const withoutQuery = uri.replace(/[?#].*$/, '');
  const path = withoutQuery.replace(/^[a-z][a-z0-9+.-]*:/i, '');
  let name = basename(path.replace(/\\/g, '/'));
  try {
    name = decodeURIComponent(name);
  } catch {
    // keep the raw name
  }
  return name;
}

/**
 * Is this document possibly ours? Some language takes its language id or its
 * name (Neovim and Emacs may send other language ids). Content-detected
 * languages decide after parsing (see Analyzer).
 */
export function isHandledDocument(languageId: string, uri: string): boolean {
  return serviceFor(uriBaseName(uri), languageId) !== undefined;
}
