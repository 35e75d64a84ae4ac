/**
 * Workspace Trust: in an untrusted workspace (the client says
 * `workspaceTrusted: false`) the server still checks every file, but the
 * workspace may only change severities: its `.hardline.yaml` cannot exclude
 * files or pick the Kubernetes profile (an information problem on the file
 * says what was ignored), and network features never run, whatever the
 * settings say. The same workspace, trusted, gets all of it. (VS Code itself
 * ignores the workspace values of the settings listed under
 * `capabilities.untrustedWorkspaces.restrictedConfigurations`: test/meta.)
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver/node';
import { PIN_DIGEST_METHOD, type PinDigestResult } from '../../server/src/protocol';
import { FULL_CAPABILITIES, TestClient } from '../lsp/harness';

const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.dispose();
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hardline-trust-'));
  writeFileSync(
    join(dir, '.hardline.yaml'),
    'rules:\n  dockerfile/no-root-user: error\nignorePaths: ["vendor/**"]\nkubernetes:\n  profile: baseline\n',
  );
  mkdirSync(join(dir, 'vendor/app'), { recursive: true });
  mkdirSync(join(dir, 'app'), { recursive: true });
  return dir;
}

async function session(trusted: boolean | undefined) {
  const dir = workspace();
  let lookups = 0;
  const client = new TestClient({
    features: {
      resolve: async () => {
        lookups++;
        return { digest: `sha256:${'a'.repeat(64)}`, mediaType: 'application/vnd.oci.image.index.v1+json', fromHead: true };
      },
    },
  });
  clients.push(client);
  // The user allows network access: an untrusted workspace must still stay offline.
  client.configuration = () => ({ network: { allow: true } });
  await client.initialize(FULL_CAPABILITIES, [{ uri: pathToFileURL(dir).href, name: 'ws' }], trusted === undefined ? undefined : { workspaceTrusted: trusted });
  return { client, dir, lookups: () => lookups };
}

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.severity} ${d.code}`);
const DOCKERFILE = 'FROM node:22\nRUN npm ci\n';
const MANIFEST = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - name: a\n      image: nginx:1.27\n';

describe('workspace trust', () => {
  for (const trusted of [true, undefined]) {
    it(`trusted (${trusted === undefined ? 'an editor without Workspace Trust' : 'workspaceTrusted: true'}): the whole .hardline.yaml applies and pinning goes online`, async () => {
      const { client, dir, lookups } = await session(trusted);
      const vendored = pathToFileURL(join(dir, 'vendor/app/Dockerfile')).href;
      const own = pathToFileURL(join(dir, 'app/Dockerfile')).href;
      await client.open(vendored, DOCKERFILE);
      expect((await client.nextDiagnostics(vendored)).diagnostics).toEqual([]);
      await client.open(own, DOCKERFILE);
      expect(codes((await client.nextDiagnostics(own)).diagnostics)).toContain('1 dockerfile/no-root-user');
      const config = pathToFileURL(join(dir, '.hardline.yaml')).href;
      expect(client.pending(config).flatMap((p) => p.diagnostics)).toEqual([]);
      const result = (await client.connection.sendRequest(PIN_DIGEST_METHOD, { textDocument: { uri: own } })) as PinDigestResult;
      expect(result.networkDisabled).toBeUndefined();
      expect(lookups()).toBe(1);
    });
  }

  it('untrusted: every file is checked, only severities apply, and nothing goes online', async () => {
    const { client, dir, lookups } = await session(false);
    const vendored = pathToFileURL(join(dir, 'vendor/app/Dockerfile')).href;
    await client.open(vendored, DOCKERFILE);
    // ignorePaths does not hide it; the severity from the file (error = 1) applies.
    expect(codes((await client.nextDiagnostics(vendored)).diagnostics)).toContain('1 dockerfile/no-root-user');
    const config = pathToFileURL(join(dir, '.hardline.yaml')).href;
    expect((await client.nextDiagnostics(config)).diagnostics).toEqual([
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: 3,
        source: 'hardline',
        code: 'untrusted-workspace',
        message: 'This workspace is not trusted (Restricted Mode), so Hardline uses only the severities of this file and ignores ignorePaths and kubernetes.',
      },
    ]);
    const result = (await client.connection.sendRequest(PIN_DIGEST_METHOD, { textDocument: { uri: vendored } })) as PinDigestResult;
    expect(result.networkDisabled).toBe(true);
    expect(lookups()).toBe(0);
  });

  it('untrusted: the Kubernetes profile of .hardline.yaml is ignored (restricted, the default, applies)', async () => {
    const manifest = async (trusted: boolean) => {
      const { client, dir } = await session(trusted);
      const uri = pathToFileURL(join(dir, 'app/pod.yaml')).href;
      await client.open(uri, MANIFEST, 'yaml');
      return (await client.nextDiagnostics(uri)).diagnostics.map((d) => d.code);
    };
    const baseline = await manifest(true);
    const restricted = await manifest(false);
    // Restricted-only checks (e.g. run-as-non-root) appear only where the workspace could not lower the profile.
    expect(restricted.length).toBeGreaterThan(baseline.length);
    expect(restricted).toContain('k8s/run-as-non-root');
    expect(baseline).not.toContain('k8s/run-as-non-root');
  });
});
