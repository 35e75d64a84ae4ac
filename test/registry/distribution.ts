/**
 * A real OCI registry on loopback for tests: Debian's `docker-registry`
 * package (CNCF distribution), started with a temporary configuration and
 * storage, and a minimal pusher (blob uploads and manifest PUTs over HTTP).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The registry binary: Debian installs it as docker-registry; upstream builds call it registry. */
export function registryBinary(): string | null {
  for (const candidate of [process.env.HARDLINE_REGISTRY_BIN, '/usr/bin/docker-registry', '/usr/sbin/docker-registry']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  const which = spawnSync('sh', ['-c', 'command -v docker-registry || command -v registry'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  return which.status === 0 && found ? found : null;
}

/** CI installs the registry and sets this, so a missing binary fails there instead of skipping. */
export const REGISTRY_REQUIRED = process.env.HARDLINE_REQUIRE_REGISTRY === '1';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export const sha256 = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

export interface RunningRegistry {
  /** `127.0.0.1:<port>` */
  host: string;
  url: string;
  log: () => string;
  stop(): Promise<void>;
}

/** Start the registry on a free loopback port with its own storage; `extraConfig` is appended to the YAML. */
export async function startRegistry(binary: string, extraConfig = ''): Promise<RunningRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'hardline-registry-'));
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const config = join(dir, 'config.yml');
    writeFileSync(
      config,
      [
        'version: 0.1',
        'log:',
        '  level: warn',
        '  accesslog:',
        '    disabled: true',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${join(dir, 'data')}`,
        'http:',
        `  addr: 127.0.0.1:${port}`,
        '  secret: hardline-test-secret',
        extraConfig,
      ].join('\n'),
    );
    let output = '';
    const child: ChildProcess = spawn(binary, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d) => (output += String(d)));
    child.stderr?.on('data', (d) => (output += String(d)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    const ready = await waitReady(url, exited);
    if (ready) {
      return {
        host: `127.0.0.1:${port}`,
        url,
        log: () => output,
        async stop() {
          if (child.exitCode === null) {
            child.kill('SIGTERM');
            await exited;
          }
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    lastError = output;
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`docker-registry did not start:\n${lastError}`);
}

/** Poll `/v2/` until the registry answers (it starts in well under a second) or the process exits. */
async function waitReady(url: string, exited: Promise<number | null>): Promise<boolean> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 15_000;
  while (!gone && Date.now() < deadline) {
    try {
      const r = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
      await r.body?.cancel();
      if (r.status === 200 || r.status === 401) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

export interface Pushed {
  digest: string;
  bytes: Buffer;
  mediaType: string;
}

/** Upload a blob (monolithic: POST then PUT with the digest). */
export async function pushBlob(base: string, repository: string, data: Buffer, headers: Record<string, string> = {}): Promise<string> {
  const digest = sha256(data);
  const start = await fetch(`${base}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers });
  if (start.status !== 202) throw new Error(`blob upload start: HTTP ${start.status} ${await start.text()}`);
  await start.body?.cancel();
  const location = new URL(start.headers.get('location')!, base);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { ...headers, 'Content-Type': 'application/octet-stream', 'Content-Length': String(data.length) },
    body: data,
  });
  if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status} ${await put.text()}`);
  await put.body?.cancel();
  return digest;
}

export async function pushManifest(
  base: string,
  repository: string,
  reference: string,
  manifest: object,
  mediaType: string,
  headers: Record<string, string> = {},
): Promise<Pushed> {
  const bytes = Buffer.from(JSON.stringify(manifest, null, 3));
  const put = await fetch(`${base}/v2/${repository}/manifests/${reference}`, {
    method: 'PUT',
    headers: { ...headers, 'Content-Type': mediaType },
    body: bytes,
  });
  if (put.status !== 201) throw new Error(`manifest PUT ${repository}:${reference}: HTTP ${put.status} ${await put.text()}`);
  await put.body?.cancel();
  const digest = put.headers.get('docker-content-digest');
  if (digest !== sha256(bytes)) throw new Error(`registry digest ${digest} != ${sha256(bytes)}`);
  return { digest, bytes, mediaType };
}

/**
 * An image as a build would push it: a config blob, one layer, an image
 * manifest (OCI or Docker v2) and an index / manifest list that points to it.
 */
export async function pushImage(
  base: string,
  repository: string,
  tag: string,
  kind: 'oci' | 'docker',
  headers: Record<string, string> = {},
): Promise<{ manifest: Pushed; index: Pushed }> {
  const layer = Buffer.from(`layer of ${repository}:${tag} ${kind} ${Math.random()}`);
  const config = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', config: { User: '65532' }, rootfs: { type: 'layers', diff_ids: [sha256(layer)] } }),
  );
  const configDigest = await pushBlob(base, repository, config, headers);
  const layerDigest = await pushBlob(base, repository, layer, headers);
  const types =
    kind === 'oci'
      ? {
          manifest: 'application/vnd.oci.image.manifest.v1+json',
          config: 'application/vnd.oci.image.config.v1+json',
          layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
          index: 'application/vnd.oci.image.index.v1+json',
        }
      : {
          manifest: 'application/vnd.docker.distribution.manifest.v2+json',
          config: 'application/vnd.docker.container.image.v1+json',
          layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
          index: 'application/vnd.docker.distribution.manifest.list.v2+json',
        };
  const manifest = await pushManifest(
    base,
    repository,
    `${tag}-amd64`,
    {
      schemaVersion: 2,
      mediaType: types.manifest,
      config: { mediaType: types.config, digest: configDigest, size: config.length },
      layers: [{ mediaType: types.layer, digest: layerDigest, size: layer.length }],
    },
    types.manifest,
    headers,
  );
  const index = await pushManifest(
    base,
    repository,
    tag,
    {
      schemaVersion: 2,
      mediaType: types.index,
      manifests: [{ mediaType: types.manifest, digest: manifest.digest, size: manifest.bytes.length, platform: { architecture: 'amd64', os: 'linux' } }],
    },
    types.index,
    headers,
  );
  return { manifest, index };
}
