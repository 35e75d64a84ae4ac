import { createHash } from 'node:crypto';
import { isLoopbackHost, type ManifestLocation } from './reference';

/**
 * A small OCI Distribution API client: the digest of a tag, nothing else.
 * Anonymous pulls only (the Docker Hub-style token flow without credentials);
 * one deadline for the whole exchange; every failure is a RegistryError with a
 * message a user can act on. Nothing here runs unless a host calls it, and
 * hosts call it only when the user asked and allowed network access.
 */

export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

/** Multi-platform indexes first: the digest of the index pins every platform. */
export const ACCEPT = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerManifestList, MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest].join(', ');
const ACCEPTED = new Set<string>(Object.values(MEDIA_TYPES));

/** The distribution spec lets registries refuse manifests over 4 MiB; nothing real comes close. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_TOKEN_BYTES = 256 * 1024;
export const DEFAULT_TIMEOUT_MS = 10_000;

export type RegistryErrorCode = 'timeout' | 'unreachable' | 'not-found' | 'unauthorized' | 'rate-limited' | 'http' | 'bad-response';

export class RegistryError extends Error {
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export interface ResolveOptions {
  /** Deadline for the whole exchange (token and manifest requests). Default 10 s. */
  timeoutMs?: number;
  /** For tests and hosts with their own transport. Default: the global fetch. */
  fetch?: typeof fetch;
  /** Cancels the exchange (the editor closed the request). */
  signal?: AbortSignal;
  userAgent?: string;
}

export interface ResolvedDigest {
  /** `sha256:…` */
  digest: string;
  /** The manifest's media type: an index / manifest list pins every platform. */
  mediaType: string;
  /** The digest came from the Docker-Content-Digest header of a HEAD request (no manifest download). */
  fromHead: boolean;
}

const DIGEST = /^(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$/;

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** RFC 7235 challenges: `Bearer realm="…",service="…",scope="…"` (several may be listed). */
export function parseChallenges(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  const re = /\s*(?:,\s*)*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(?:\s+|$)/y;
  const param = /\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))\s*,?/y;
  let i = 0;
  while (i < header.length) {
    re.lastIndex = i;
    const m = re.exec(header);
    if (!m) break;
    i = re.lastIndex;
    const challenge: Challenge = { scheme: m[1].toLowerCase(), params: {} };
    for (;;) {
      param.lastIndex = i;
      const p = param.exec(header);
      // A token followed by a blank (not `=`) starts the next challenge.
      if (!p) break;
      challenge.params[p[1].toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3];
      i = param.lastIndex;
    }
    challenges.push(challenge);
  }
  return challenges;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** What went wrong with a fetch, in words (ECONNREFUSED, ENOTFOUND, TLS, timeout). */
function transportError(error: unknown, host: string, timeoutMs: number, signal: AbortSignal): RegistryError {
  if (signal.aborted) {
    const reason = signal.reason as { name?: string } | undefined;
    if (reason?.name === 'TimeoutError') {
      return new RegistryError('timeout', `${host} did not answer within ${seconds(timeoutMs)} (setting hardline.network.timeout).`);
    }
    return new RegistryError('timeout', `The request to ${host} was cancelled.`);
  }
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? '';
  if (code === 'ECONNREFUSED') return new RegistryError('unreachable', `Cannot reach ${host}: connection refused (is the registry running?).`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new RegistryError('unreachable', `Cannot reach ${host}: the host name does not resolve (offline, or a typo in the image name?).`);
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return new RegistryError('unreachable', `${host} closed the connection.`);
  if (/CERT|SSL|TLS/i.test(code) || /certificate/i.test(cause?.message ?? '')) {
    return new RegistryError('unreachable', `TLS error talking to ${host}: ${cause?.message ?? code}.`);
  }
  const detail = cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new RegistryError('unreachable', `Cannot reach ${host}: ${detail}.`);
}

/** Read a body up to `max` bytes; a larger body is an error (a registry does not send megabytes of manifest). */
async function readBody(response: Response, max: number, host: string): Promise<Buffer> {
  const length = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(length) && length > max) {
    await response.body?.cancel().catch(() => undefined);
    throw new RegistryError('bad-response', `${host} sent a ${length}-byte response where a manifest of at most ${max} bytes was expected.`);
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw new RegistryError('bad-response', `${host} sent more than ${max} bytes where a manifest was expected.`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

function mediaTypeOf(response: Response): string {
  return (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
}

/** Check that a body is an image manifest or index we asked for; returns its media type. */
function validateManifest(body: Buffer, contentType: string, where: string): string {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new RegistryError('bad-response', `${where} is not JSON: the registry sent something that is not an image manifest.`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new RegistryError('bad-response', `${where} is not an image manifest (not a JSON object).`);
  }
  const m = json as Record<string, unknown>;
  if (m.schemaVersion === 1) {
    throw new RegistryError('bad-response', `${where} is a Docker schema 1 manifest (deprecated, not content-addressable): Hardline does not pin it.`);
  }
  if (m.schemaVersion !== 2) throw new RegistryError('bad-response', `${where} is not an image manifest (schemaVersion is not 2).`);
  const declared = typeof m.mediaType === 'string' ? m.mediaType : undefined;
  let type = declared ?? (ACCEPTED.has(contentType) ? contentType : undefined);
  // OCI allows an index or manifest without mediaType: recognise it by its shape.
  if (!type && Array.isArray(m.manifests)) type = MEDIA_TYPES.ociIndex;
  if (!type && m.config && Array.isArray(m.layers)) type = MEDIA_TYPES.ociManifest;
  if (!type || !ACCEPTED.has(type)) {
    throw new RegistryError('bad-response', `${where} has media type ${type ?? contentType ?? 'none'}, not an image index or manifest.`);
  }
  const isIndex = type === MEDIA_TYPES.ociIndex || type === MEDIA_TYPES.dockerManifestList;
  if (isIndex ? !Array.isArray(m.manifests) : !(m.config && typeof m.config === 'object' && Array.isArray(m.layers))) {
    throw new RegistryError('bad-response', `${where} claims to be ${type} but lacks its ${isIndex ? 'manifests' : 'config and layers'}.`);
  }
  return type;
}

function digestOf(body: Buffer, algorithm: 'sha256' | 'sha512'): string {
  return `${algorithm}:${createHash(algorithm).update(body).digest('hex')}`;
}

/**
 * Resolve `location` (a tag) to the digest of its manifest or index.
 * HEAD first (registries answer it with `Docker-Content-Digest`, and Docker
 * Hub does not count it as a pull); a GET, with the body checked and hashed,
 * when the HEAD answer is incomplete.
 */
export async function resolveDigest(location: ManifestLocation, options: ResolveOptions = {}): Promise<ResolvedDigest> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  const { host } = location;
  const url = `${location.baseUrl}/v2/${location.repository}/manifests/${encodeURIComponent(location.tag)}`;
  const userAgent = options.userAgent ?? 'hardline';
  let authorization: string | undefined;
  let triedToken = false;

  const request = async (method: 'HEAD' | 'GET', target: string, accept: string | null): Promise<Response> => {
    const headers: Record<string, string> = { 'User-Agent': userAgent };
    if (accept) headers.Accept = accept;
    if (authorization && target === url) headers.Authorization = authorization;
    try {
      return await doFetch(target, { method, headers, signal, redirect: 'follow' });
    } catch (error) {
      throw transportError(error, host, timeoutMs, signal);
    }
  };

  /** Answer a 401: fetch an anonymous token from the realm the registry names. */
  const authenticate = async (response: Response): Promise<void> => {
    const header = response.headers.get('www-authenticate') ?? '';
    await response.body?.cancel().catch(() => undefined);
    if (triedToken) {
      throw new RegistryError('unauthorized', `${host} refused anonymous access to ${location.repository}: the image is private or does not exist (Hardline uses no credentials).`);
    }
    triedToken = true;
    const challenges = parseChallenges(header);
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    if (!bearer) {
      const schemes = challenges.map((c) => c.scheme).join(', ') || 'no challenge';
      throw new RegistryError('unauthorized', `${host} requires credentials (${schemes}); Hardline only pulls anonymously and never reads your docker login.`);
    }
    const realm = bearer.params.realm;
    let realmUrl: URL;
    try {
      realmUrl = new URL(realm ?? '');
    } catch {
      throw new RegistryError('bad-response', `${host} asked for a token from an invalid realm ${JSON.stringify(realm ?? '')}.`);
    }
    if (realmUrl.protocol !== 'https:' && !(realmUrl.protocol === 'http:' && isLoopbackHost(realmUrl.host))) {
      throw new RegistryError('bad-response', `${host} asked for a token from ${realmUrl.origin}: only HTTPS token services (or loopback) are used.`);
    }
    if (bearer.params.service) realmUrl.searchParams.set('service', bearer.params.service);
    realmUrl.searchParams.set('scope', bearer.params.scope ?? `repository:${location.repository}:pull`);
    let tokenResponse: Response;
    try {
      tokenResponse = await doFetch(realmUrl.toString(), { method: 'GET', headers: { 'User-Agent': userAgent }, signal, redirect: 'follow' });
    } catch (error) {
      throw transportError(error, realmUrl.host, timeoutMs, signal);
    }
    if (tokenResponse.status === 401 || tokenResponse.status === 403) {
      await tokenResponse.body?.cancel().catch(() => undefined);
      throw new RegistryError('unauthorized', `The token service ${realmUrl.host} refused an anonymous token for ${location.repository} (private image, or a typo in its name?).`);
    }
    if (!tokenResponse.ok) {
      await tokenResponse.body?.cancel().catch(() => undefined);
      throw new RegistryError('http', `The token service ${realmUrl.host} answered HTTP ${tokenResponse.status}.`);
    }
    const body = await readBody(tokenResponse, MAX_TOKEN_BYTES, realmUrl.host);
    let token: unknown;
    try {
      const json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      token = json.token ?? json.access_token;
    } catch {
      token = undefined;
    }
    if (typeof token !== 'string' || token === '' || /[\r\n]/.test(token)) {
      throw new RegistryError('bad-response', `The token service ${realmUrl.host} sent no usable token.`);
    }
    authorization = `Bearer ${token}`;
  };

  const failure = async (response: Response): Promise<RegistryError> => {
    await response.body?.cancel().catch(() => undefined);
    const status = response.status;
    if (status === 404) return new RegistryError('not-found', `${location.display} does not exist in ${host} (no manifest for tag ${location.tag}).`);
    if (status === 401 || status === 403) return new RegistryError('unauthorized', `${host} refused access to ${location.repository} (HTTP ${status}).`);
    if (status === 429) return new RegistryError('rate-limited', `${host} rate-limits anonymous requests (HTTP 429): try again later.`);
    return new RegistryError('http', `${host} answered HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''} for ${location.display}.`);
  };

  // HEAD: the digest without downloading the manifest.
  let head = await request('HEAD', url, ACCEPT);
  if (head.status === 401) {
    await authenticate(head);
    head = await request('HEAD', url, ACCEPT);
  }
  await head.body?.cancel().catch(() => undefined);
  if (head.status === 404) throw await failure(head);
  const headDigest = head.headers.get('docker-content-digest')?.trim() ?? '';
  if (head.status === 200 && DIGEST.test(headDigest) && ACCEPTED.has(mediaTypeOf(head))) {
    return { digest: headDigest, mediaType: mediaTypeOf(head), fromHead: true };
  }

  // GET: check what the registry sends and hash it ourselves.
  let get = await request('GET', url, ACCEPT);
  if (get.status === 401) {
    await authenticate(get);
    get = await request('GET', url, ACCEPT);
  }
  if (get.status !== 200) throw await failure(get);
  const where = `The manifest of ${location.display} from ${host}`;
  const body = await readBody(get, MAX_MANIFEST_BYTES, host);
  const mediaType = validateManifest(body, mediaTypeOf(get), where);
  const header = get.headers.get('docker-content-digest')?.trim();
  const computed = digestOf(body, header?.startsWith('sha512:') ? 'sha512' : 'sha256');
  if (header && header !== computed) {
    throw new RegistryError('bad-response', `${where} does not match its Docker-Content-Digest (${header} announced, ${computed} received).`);
  }
  return { digest: computed, mediaType, fromHead: false };
}
