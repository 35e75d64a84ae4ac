/**
 * Image references as Docker reads them: `[registry[:port]/]path[:tag][@digest]`.
 * Docker Hub names are normalised (`docker.io/library/node` → `node`).
 */
export interface ImageRef {
  /** The reference as written after variable resolution. */
  text: string;
  /** Registry host, `docker.io` when none was written. */
  registry: string;
  /** Whether the registry was written explicitly. */
  explicitRegistry: boolean;
  /** Repository path without registry; Docker Hub official images without `library/`. */
  path: string;
  /** `registry/path` for non-Docker-Hub images, `path` for Docker Hub: the name people write. */
  name: string;
  tag?: string;
  digest?: string;
}

const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;

/** Parsed references by text (every keystroke parses the file's references again); bounded. */
const parsedRefs = new Map<string, ImageRef | null>();
const PARSED_REFS_MAX = 4096;

export function parseImageRef(text: string): ImageRef | null {
  let ref = parsedRefs.get(text);
  if (ref === undefined) {
    ref = computeImageRef(text);
    if (parsedRefs.size >= PARSED_REFS_MAX) parsedRefs.clear();
    parsedRefs.set(text, ref);
  }
  // A copy: callers own what they get.
  return ref && { ...ref };
}

function computeImageRef(text: string): ImageRef | null {
  const trimmed = text.trim();
  if (!trimmed || /\s/.test(trimmed)) return null;
  let rest = trimmed;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return null;
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return null;
  }
  if (!rest) return null;
  const parts = rest.split('/');
  let registry = 'docker.io';
  let explicitRegistry = false;
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost')) {
    registry = parts.shift()!.toLowerCase();
    explicitRegistry = true;
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  let path = parts.join('/');
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(path)) return null;
  if (registry === 'docker.io' && path.startsWith('library/')) path = path.slice('library/'.length);
  const name = registry === 'docker.io' ? path : `${registry}/${path}`;
  return { text: trimmed, registry, explicitRegistry, path, name, tag, digest };
}
