import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDockerfileName } from '../host/files';

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
 * Is this document ours? Its language id is `dockerfile`, or its name is a
 * Dockerfile/Containerfile name (Neovim and Emacs may send other language ids).
 */
export function isHandledDocument(languageId: string, uri: string): boolean {
  return languageId === 'dockerfile' || isDockerfileName(uriBaseName(uri));
}
