/**
 * The Docker Hub-style anonymous token flow against a real registry: the
 * registry (docker-registry with `auth: token`) only accepts JWTs signed by a
 * token service the test runs on loopback, exactly as registry-1.docker.io
 * trusts auth.docker.io. The client must follow the challenge, fetch an
 * anonymous pull token for the right service and scope, and retry with it.
 */
import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, randomUUID, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImageRef } from '../../server/src/languages/dockerfile/imageRef';
import { MEDIA_TYPES, RegistryError, resolveDigest } from '../../server/src/registry/client';
import { manifestLocation } from '../../server/src/registry/reference';
import { pushImage, REGISTRY_REQUIRED, registryBinary, startRegistry, type RunningRegistry } from './distribution';

const binary = registryBinary();
const openssl = spawnSync('openssl', ['version']).status === 0;

const SERVICE = 'hardline-test-registry';
const ISSUER = 'hardline-test-token-service';

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** A token service: anonymous callers get pull access, except to `private/*`; the test itself gets push. */
class TokenService {
  server!: Server;
  url = '';
  readonly requests: string[] = [];
  constructor(
    private readonly key: KeyObject,
    private readonly certDer: Buffer,
  ) {}

  async start() {
    this.server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://localhost');
      this.requests.push(url.search);
      const scope = url.searchParams.get('scope') ?? '';
      const [, name, actions] = /^repository:([^:]+):(.+)$/.exec(scope) ?? [];
      const pushing = req.headers['x-test-push'] === '1';
      const granted = !name ? [] : pushing ? actions.split(',') : name.startsWith('private/') ? [] : actions.split(',').filter((a) => a === 'pull');
      const access = name ? [{ type: 'repository', name, actions: granted }] : [];
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: this.jwt(access, url.searchParams.get('service') ?? '') }));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/token`;
  }

  jwt(access: object[], audience: string): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'ES256', x5c: [this.certDer.toString('base64')] };
    const claims = { iss: ISSUER, sub: '', aud: audience, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const signature = sign('sha256', Buffer.from(input), { key: this.key, dsaEncoding: 'ieee-p1363' });
    return `${input}.${b64url(signature)}`;
  }

  stop() {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(resolve));
  }
}

/** What the test sends to push: a token with push rights, obtained like docker push would. */
async function pushHeaders(tokens: TokenService, repository: string): Promise<Record<string, string>> {
  const r = await fetch(`${tokens.url}?service=${SERVICE}&scope=repository:${repository}:pull,push`, { headers: { 'X-Test-Push': '1' } });
  const { token } = (await r.json()) as { token: string };
  return { Authorization: `Bearer ${token}` };
}

if (REGISTRY_REQUIRED && (!binary || !openssl)) {
  describe('token flow prerequisites', () => {
    it('docker-registry and openssl are installed', () => {
      expect({ binary, openssl }).toEqual({ binary: expect.any(String), openssl: true });
    });
  });
}

describe.skipIf(!binary || !openssl)('anonymous token flow against a real registry with token auth', () => {
  let dir: string;
  let tokens: TokenService;
  let registry: RunningRegistry;
  let pushed: Awaited<ReturnType<typeof pushImage>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hardline-token-'));
    const made = spawnSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=hardline-test-token-service'],
      { encoding: 'utf8' },
    );
    if (made.status !== 0) throw new Error(`openssl: ${made.stderr}`);
    const key = createPrivateKey(readFileSync(join(dir, 'key.pem')));
    const cert = new X509Certificate(readFileSync(join(dir, 'cert.pem')));
    expect(createPublicKey(key).export({ format: 'der', type: 'spki' })).toEqual(cert.publicKey.export({ format: 'der', type: 'spki' }));
    tokens = new TokenService(key, cert.raw);
    await tokens.start();
    registry = await startRegistry(
      binary!,
      ['auth:', '  token:', `    realm: ${tokens.url}`, `    service: ${SERVICE}`, `    issuer: ${ISSUER}`, `    rootcertbundle: ${join(dir, 'cert.pem')}`].join('\n'),
    );
    pushed = await pushImage(registry.url, 'team/app', '1.0', 'oci', await pushHeaders(tokens, 'team/app'));
    await pushImage(registry.url, 'private/app', '1.0', 'docker', await pushHeaders(tokens, 'private/app'));
  }, 30_000);

  afterAll(async () => {
    await registry?.stop();
    await tokens?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the registry really demands a token', async () => {
    const r = await fetch(`${registry.url}/v2/team/app/manifests/1.0`, { method: 'HEAD' });
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBe(`Bearer realm="${tokens.url}",service="${SERVICE}",scope="repository:team/app:pull"`);
  });

  it('follows the challenge: anonymous pull token for the service and scope, then the digest', async () => {
    tokens.requests.length = 0;
    const ref = parseImageRef(`${registry.host}/team/app:1.0`)!;
    expect(await resolveDigest(manifestLocation(ref, '1.0'))).toEqual({ digest: pushed.index.digest, mediaType: MEDIA_TYPES.ociIndex, fromHead: true });
    expect(tokens.requests).toEqual([`?service=${SERVICE}&scope=repository%3Ateam%2Fapp%3Apull`]);
  });

  it('a private repository stays closed to an anonymous token', async () => {
    const ref = parseImageRef(`${registry.host}/private/app:1.0`)!;
    const error = await resolveDigest(manifestLocation(ref, '1.0')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).code).toBe('unauthorized');
    expect((error as RegistryError).message).toBe(
      `${registry.host} refused anonymous access to private/app: the image is private or does not exist (Hardline uses no credentials).`,
    );
  });
});
