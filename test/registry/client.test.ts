/**
 * The OCI registry client against a real registry on loopback (Debian's
 * docker-registry, pushed to by the test) and against a scripted fake server
 * for the failure paths: garbage, HTTP errors, slowness, token flows.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCEPT, MEDIA_TYPES, parseChallenges, RegistryError, resolveDigest } from '../../server/src/registry/client';
import { isLoopbackHost, manifestLocation } from '../../server/src/registry/reference';
import { parseImageRef } from '../../server/src/languages/dockerfile/imageRef';
import { freePort, pushImage, pushManifest, REGISTRY_REQUIRED, registryBinary, sha256, startRegistry, type RunningRegistry } from './distribution';

const location = (image: string) => {
  const ref = parseImageRef(image)!;
  return manifestLocation(ref, ref.tag!);
};

async function failure(promise: Promise<unknown>): Promise<RegistryError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryError);
    return error as RegistryError;
  }
  throw new Error('expected a RegistryError');
}

describe('image name → API location', () => {
  it('maps Docker Hub names to registry-1.docker.io and the library/ namespace', () => {
    expect(location('node:22')).toEqual({
      baseUrl: 'https://registry-1.docker.io',
      host: 'registry-1.docker.io',
      repository: 'library/node',
      tag: '22',
      display: 'node:22',
    });
    expect(location('docker.io/library/node:22-slim')).toMatchObject({ host: 'registry-1.docker.io', repository: 'library/node', display: 'node:22-slim' });
    expect(location('index.docker.io/bitnami/redis:7.4')).toMatchObject({ host: 'registry-1.docker.io', repository: 'bitnami/redis' });
    expect(location('nginxinc/nginx-unprivileged:1.27-alpine')).toMatchObject({ repository: 'nginxinc/nginx-unprivileged' });
  });

  it('keeps other registries and their paths; loopback registries use HTTP', () => {
    expect(location('gcr.io/distroless/static-debian12:nonroot')).toEqual({
      baseUrl: 'https://gcr.io',
      host: 'gcr.io',
      repository: 'distroless/static-debian12',
      tag: 'nonroot',
      display: 'gcr.io/distroless/static-debian12:nonroot',
    });
    expect(location('localhost:5000/team/app:1.4')).toMatchObject({ baseUrl: 'http://localhost:5000', repository: 'team/app' });
    expect(location('127.0.0.1:5000/app:1')).toMatchObject({ baseUrl: 'http://127.0.0.1:5000', repository: 'app' });
    expect(location('registry.example.com:5000/app:1')).toMatchObject({ baseUrl: 'https://registry.example.com:5000' });
  });

  it('knows loopback hosts', () => {
    for (const h of ['localhost', 'localhost:5000', '127.0.0.1', '127.1.2.3:80', '[::1]:5000', '::1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['localhost.example.com', '128.0.0.1', 'gcr.io', '10.0.0.1:5000']) expect(isLoopbackHost(h), h).toBe(false);
  });

  it('asks for OCI index, Docker manifest list, OCI manifest and Docker manifest v2', () => {
    expect(ACCEPT).toBe(
      'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
    );
  });
});

describe('WWW-Authenticate challenges', () => {
  it('reads Docker Hub’s bearer challenge', () => {
    expect(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/node:pull' } },
    ]);
  });

  it('reads several challenges, blanks, unquoted values and escapes', () => {
    expect(parseChallenges('Basic realm="Registry Realm", Bearer realm=https://t.example/token , service="a\\"b"')).toEqual([
      { scheme: 'basic', params: { realm: 'Registry Realm' } },
      { scheme: 'bearer', params: { realm: 'https://t.example/token', service: 'a"b' } },
    ]);
    expect(parseChallenges('')).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// A real registry
// ---------------------------------------------------------------------------------------------

const binary = registryBinary();
if (!binary && REGISTRY_REQUIRED) {
  describe('real registry', () => {
    it('is installed (apt-get install docker-registry)', () => {
      expect(binary, 'HARDLINE_REQUIRE_REGISTRY=1 but no docker-registry binary').not.toBeNull();
    });
  });
}

describe.skipIf(!binary)('against a real registry (docker-registry on 127.0.0.1)', () => {
  let registry: RunningRegistry;
  let oci: Awaited<ReturnType<typeof pushImage>>;
  let docker: Awaited<ReturnType<typeof pushImage>>;

  beforeAll(async () => {
    registry = await startRegistry(binary!);
    oci = await pushImage(registry.url, 'team/app', '1.0', 'oci');
    docker = await pushImage(registry.url, 'library/tool', '2.1', 'docker');
  }, 30_000);
  afterAll(async () => registry?.stop());

  it('resolves a tag that names an OCI index to the index digest (HEAD, no download)', async () => {
    const result = await resolveDigest(location(`${registry.host}/team/app:1.0`));
    expect(result).toEqual({ digest: oci.index.digest, mediaType: MEDIA_TYPES.ociIndex, fromHead: true });
    expect(result.digest).toBe(sha256(oci.index.bytes));
  });

  it('resolves an OCI image manifest tag', async () => {
    const result = await resolveDigest(location(`${registry.host}/team/app:1.0-amd64`));
    expect(result).toEqual({ digest: oci.manifest.digest, mediaType: MEDIA_TYPES.ociManifest, fromHead: true });
  });

  it('resolves a Docker manifest list and a Docker v2 manifest', async () => {
    expect(await resolveDigest(location(`${registry.host}/library/tool:2.1`))).toEqual({
      digest: docker.index.digest,
      mediaType: MEDIA_TYPES.dockerManifestList,
      fromHead: true,
    });
    expect(await resolveDigest(location(`${registry.host}/library/tool:2.1-amd64`))).toMatchObject({
      digest: docker.manifest.digest,
      mediaType: MEDIA_TYPES.dockerManifest,
    });
  });

  it('downloads, checks and hashes the manifest when HEAD gives no digest', async () => {
    // A proxy in the way that refuses HEAD: the GET path against the real registry.
    const noHead: typeof fetch = (input, init) =>
      init?.method === 'HEAD' ? Promise.resolve(new Response(null, { status: 405 })) : fetch(input, init);
    const result = await resolveDigest(location(`${registry.host}/team/app:1.0`), { fetch: noHead });
    expect(result).toEqual({ digest: oci.index.digest, mediaType: MEDIA_TYPES.ociIndex, fromHead: false });
  });

  it('follows a re-pushed tag', async () => {
    const moved = await pushImage(registry.url, 'team/moving', '3', 'oci');
    expect((await resolveDigest(location(`${registry.host}/team/moving:3`))).digest).toBe(moved.index.digest);
    const again = await pushImage(registry.url, 'team/moving', '3', 'oci');
    expect(again.index.digest).not.toBe(moved.index.digest);
    expect((await resolveDigest(location(`${registry.host}/team/moving:3`))).digest).toBe(again.index.digest);
  });

  it('reports an unknown tag and an unknown repository as not found', async () => {
    const tag = await failure(resolveDigest(location(`${registry.host}/team/app:9.9`)));
    expect(tag.code).toBe('not-found');
    expect(tag.message).toBe(`${registry.host}/team/app:9.9 does not exist in ${registry.host} (no manifest for tag 9.9).`);
    expect((await failure(resolveDigest(location(`${registry.host}/nobody/here:1`)))).code).toBe('not-found');
  });

  it('reports a registry that is down', async () => {
    const port = await freePort();
    const down = await failure(resolveDigest(location(`127.0.0.1:${port}/team/app:1.0`)));
    expect(down.code).toBe('unreachable');
    expect(down.message).toBe(`Cannot reach 127.0.0.1:${port}: connection refused (is the registry running?).`);
  });

  it('pushes verified by the registry itself (sanity of the pusher)', async () => {
    const bad = pushManifest(registry.url, 'team/app', 'broken', { schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config: { digest: sha256('missing'), size: 1, mediaType: 'application/vnd.oci.image.config.v1+json' }, layers: [] }, MEDIA_TYPES.ociManifest);
    await expect(bad).rejects.toThrow(/HTTP 400/);
  });
});

// ---------------------------------------------------------------------------------------------
// A scripted fake registry for what a real one does not do
// ---------------------------------------------------------------------------------------------

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

class FakeRegistry {
  server!: Server;
  host = '';
  handler: Handler = (_req, res) => res.writeHead(500).end();
  readonly requests: { method: string; url: string; authorization?: string; accept?: string }[] = [];

  async start() {
    this.server = createServer((req, res) => {
      const url = new URL(req.url!, `http://${req.headers.host}`);
      this.requests.push({ method: req.method!, url: url.pathname + url.search, authorization: req.headers.authorization, accept: req.headers.accept });
      this.handler(req, res, url);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.host = `127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  stop() {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(resolve));
  }
}

const INDEX = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [] }));

describe('against a misbehaving registry', () => {
  const fake = new FakeRegistry();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  const at = (tag = '1') => location(`${fake.host}/app:${tag}`);

  it('garbage instead of a manifest is an error, not a digest', async () => {
    fake.handler = (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>Welcome to nginx!</html>');
    const e = await failure(resolveDigest(at()));
    expect(e.code).toBe('bad-response');
    expect(e.message).toBe(`The manifest of ${fake.host}/app:1 from ${fake.host} is not JSON: the registry sent something that is not an image manifest.`);
  });

  it('JSON that is not a manifest, a schema 1 manifest and a wrong media type are errors', async () => {
    fake.handler = (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"errors":[]}');
    expect((await failure(resolveDigest(at()))).message).toMatch(/is not an image manifest \(schemaVersion is not 2\)\.$/);
    fake.handler = (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"schemaVersion":1,"fsLayers":[]}');
    expect((await failure(resolveDigest(at()))).message).toMatch(/schema 1 manifest/);
    fake.handler = (_req, res) =>
      res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.config.v1+json' }).end('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.config.v1+json"}');
    expect((await failure(resolveDigest(at()))).message).toMatch(/has media type application\/vnd\.oci\.image\.config\.v1\+json, not an image index or manifest\.$/);
    fake.handler = (_req, res) => res.writeHead(200, { 'Content-Type': MEDIA_TYPES.ociIndex }).end('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json"}');
    expect((await failure(resolveDigest(at()))).message).toMatch(/lacks its manifests\.$/);
  });

  it('a digest header that does not match the body is an error', async () => {
    fake.handler = (req, res) =>
      res.writeHead(200, { 'Content-Type': MEDIA_TYPES.ociIndex, 'Docker-Content-Digest': req.method === 'HEAD' ? 'garbage' : sha256('other') }).end(req.method === 'HEAD' ? undefined : INDEX);
    const e = await failure(resolveDigest(at()));
    expect(e.code).toBe('bad-response');
    expect(e.message).toContain(`does not match its Docker-Content-Digest (${sha256('other')} announced, ${sha256(INDEX)} received)`);
  });

  it('without a digest header, the digest is the sha256 of the body', async () => {
    fake.handler = (req, res) => res.writeHead(200, { 'Content-Type': MEDIA_TYPES.ociIndex }).end(req.method === 'HEAD' ? undefined : INDEX);
    expect(await resolveDigest(at())).toEqual({ digest: sha256(INDEX), mediaType: MEDIA_TYPES.ociIndex, fromHead: false });
  });

  it('an OCI index without mediaType is recognised by its shape (application/json)', async () => {
    const bare = Buffer.from('{"schemaVersion":2,"manifests":[]}');
    fake.handler = (req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(req.method === 'HEAD' ? undefined : bare);
    expect(await resolveDigest(at())).toEqual({ digest: sha256(bare), mediaType: MEDIA_TYPES.ociIndex, fromHead: false });
  });

  it('HTTP errors are named', async () => {
    fake.handler = (_req, res) => res.writeHead(500, 'Internal Server Error').end('boom');
    let e = await failure(resolveDigest(at()));
    expect(e.code).toBe('http');
    expect(e.message).toBe(`${fake.host} answered HTTP 500 Internal Server Error for ${fake.host}/app:1.`);
    fake.handler = (_req, res) => res.writeHead(429).end();
    e = await failure(resolveDigest(at()));
    expect(e.code).toBe('rate-limited');
    fake.handler = (_req, res) => res.writeHead(404).end();
    expect((await failure(resolveDigest(at()))).code).toBe('not-found');
  });

  it('a registry that does not answer times out with the configured deadline', async () => {
    fake.handler = () => undefined; // never answers
    const started = Date.now();
    const e = await failure(resolveDigest(at(), { timeoutMs: 300 }));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(e.code).toBe('timeout');
    expect(e.message).toBe(`${fake.host} did not answer within 0.3 s (setting hardline.network.timeout).`);
  });

  it('a body that never ends also times out', async () => {
    fake.handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': MEDIA_TYPES.ociIndex });
      res.write('{"schemaVersion":2,');
    };
    expect((await failure(resolveDigest(at(), { timeoutMs: 300 }))).code).toBe('timeout');
  });

  it('a huge body is refused', async () => {
    fake.handler = (req, res) => {
      res.writeHead(200, { 'Content-Type': MEDIA_TYPES.ociIndex });
      if (req.method === 'HEAD') return res.end();
      const chunk = Buffer.alloc(1024 * 1024, 32);
      for (let k = 0; k < 5; k++) res.write(chunk);
      return res.end();
    };
    expect((await failure(resolveDigest(at()))).message).toBe(`${fake.host} sent more than 4194304 bytes where a manifest was expected.`);
  });

  it('the anonymous token flow: challenge, token with service and scope, bearer retry', async () => {
    fake.requests.length = 0;
    fake.handler = (req, res, url) => {
      if (url.pathname === '/token') {
        return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: 'tok-123', expires_in: 300 }));
      }
      if (req.headers.authorization !== 'Bearer tok-123') {
        return res
          .writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://${fake.host}/token",service="fake.registry",scope="repository:team/app:pull"` })
          .end('{"errors":[{"code":"UNAUTHORIZED"}]}');
      }
      return res.writeHead(200, { 'Content-Type': MEDIA_TYPES.ociIndex, 'Docker-Content-Digest': sha256(INDEX), 'Content-Length': INDEX.length }).end(req.method === 'HEAD' ? undefined : INDEX);
    };
    const result = await resolveDigest(location(`${fake.host}/team/app:1`));
    expect(result).toEqual({ digest: sha256(INDEX), mediaType: MEDIA_TYPES.ociIndex, fromHead: true });
    expect(fake.requests.map((r) => `${r.method} ${r.url} ${r.authorization ?? '-'}`)).toEqual([
      'HEAD /v2/team/app/manifests/1 -',
      'GET /token?service=fake.registry&scope=repository%3Ateam%2Fapp%3Apull -',
      'HEAD /v2/team/app/manifests/1 Bearer tok-123',
    ]);
    expect(fake.requests[0].accept).toBe(ACCEPT);
  });

  it('the token flow builds the pull scope when the challenge names none; access_token is accepted', async () => {
    fake.requests.length = 0;
    fake.handler = (req, res, url) => {
      if (url.pathname === '/token') return res.writeHead(200).end(JSON.stringify({ access_token: 'at' }));
      if (req.headers.authorization !== 'Bearer at') return res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://${fake.host}/token"` }).end();
      return res.writeHead(200, { 'Content-Type': MEDIA_TYPES.ociIndex }).end(req.method === 'HEAD' ? undefined : INDEX);
    };
    expect((await resolveDigest(location(`${fake.host}/team/app:1`))).digest).toBe(sha256(INDEX));
    expect(fake.requests[1].url).toBe('/token?scope=repository%3Ateam%2Fapp%3Apull');
  });

  it('a private image: the token does not open it', async () => {
    fake.handler = (_req, res, url) => {
      if (url.pathname === '/token') return res.writeHead(200).end('{"token":"anon"}');
      return res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://${fake.host}/token",service="s"` }).end();
    };
    const e = await failure(resolveDigest(at()));
    expect(e.code).toBe('unauthorized');
    expect(e.message).toBe(`${fake.host} refused anonymous access to app: the image is private or does not exist (Hardline uses no credentials).`);
  });

  it('basic auth, a broken token service and a foreign plain-HTTP realm are refused', async () => {
    fake.handler = (_req, res) => res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Registry Realm"' }).end();
    expect((await failure(resolveDigest(at()))).message).toBe(`${fake.host} requires credentials (basic); Hardline only pulls anonymously and never reads your docker login.`);
    fake.handler = (_req, res, url) => {
      if (url.pathname === '/token') return res.writeHead(200).end('not json');
      return res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://${fake.host}/token"` }).end();
    };
    expect((await failure(resolveDigest(at()))).message).toBe(`The token service ${fake.host} sent no usable token.`);
    fake.handler = (_req, res) => res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="http://auth.example.com/token"' }).end();
    expect((await failure(resolveDigest(at()))).message).toBe(`${fake.host} asked for a token from http://auth.example.com: only HTTPS token services (or loopback) are used.`);
  });

  it('a cancelled request stops at once', async () => {
    fake.handler = () => undefined;
    const controller = new AbortController();
    const pending = resolveDigest(at(), { signal: controller.signal, timeoutMs: 10_000 });
    controller.abort();
    expect((await failure(pending)).message).toBe(`The request to ${fake.host} was cancelled.`);
  });
});
