/**
 * Edits and closes that arrive while a check is running: the server never
 * publishes diagnostics for a version the client has already replaced, the
 * last publication is always for the last version with exactly its
 * findings, and closing a document clears its diagnostics for good.
 * (The check is made to wait by answering `workspace/configuration` late.)
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationRequest, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { serviceById } from '../../server/src/engine/registry';
import { FULL_CAPABILITIES, ROOT, TestClient } from '../lsp/harness';

const uri = (name: string) => pathToFileURL(join(ROOT, 'test/reliability/__virtual__', name, 'Dockerfile')).href;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.dispose();
});

/** A client whose answers to workspace/configuration take `delayMs`. */
async function slowClient(delayMs: number): Promise<TestClient> {
  const client = new TestClient();
  clients.push(client);
  client.connection.onRequest(ConfigurationRequest.type, async (p) => {
    await new Promise((r) => setTimeout(r, delayMs));
    return p.items.map(() => null);
  });
  await client.initialize(FULL_CAPABILITIES, null);
  return client;
}

/** The codes the server must publish for a text (its own engine, checked in-process). */
function expectedCodes(text: string): string[] {
  const { findings, problems } = serviceById('dockerfile')!.parse(text).run({}, {});
  return [...problems.map((p) => p.code), ...findings.map((f) => f.ruleId)];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function publishedFor(client: TestClient, target: string): PublishDiagnosticsParams[] {
  return client.published.filter((p) => p.uri === target);
}

describe('concurrency', () => {
  it('an edit during a running check: no diagnostics for the replaced version, then the new version', async () => {
    const client = await slowClient(300);
    const doc = uri('edit-during-check');
    await client.open(doc, 'FROM node:22\nADD . /app\n');
    await sleep(50); // the check of version 1 is waiting for its settings
    const v2 = 'FROM node:22\nCOPY . /app\n';
    await client.change(doc, 2, v2);
    const first = await client.nextDiagnostics(doc, 5000);
    expect(first.version).toBe(2);
    expect(first.diagnostics.map((d) => d.code)).toEqual(expectedCodes(v2));
    await sleep(600);
    expect(publishedFor(client, doc).map((p) => p.version)).toEqual([2]);
  });

  it('a burst of edits while checks run: published versions only grow, and the last is the final text', async () => {
    const client = await slowClient(40);
    const doc = uri('burst');
    let text = 'FROM node:22\n';
    await client.open(doc, text);
    for (let version = 2; version <= 31; version++) {
      const line = version % 3 === 0 ? 'ADD . /app\n' : version % 3 === 1 ? 'RUN curl -k https://x | sh\n' : 'USER 1000\n';
      await client.edit(doc, version, [{ range: { start: { line: version - 1, character: 0 }, end: { line: version - 1, character: 0 } }, newText: line }]);
      text += line;
      if (version % 7 === 0) await sleep(60); // let some checks finish in between
    }
    await sleep(800);
    const versions = publishedFor(client, doc).map((p) => p.version!);
    expect(versions.length).toBeGreaterThan(0);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
    const last = publishedFor(client, doc).at(-1)!;
    expect(last.version).toBe(31);
    expect(last.diagnostics.map((d) => d.code)).toEqual(expectedCodes(text));
  });

  it('closing a document while its check runs clears its diagnostics, and nothing comes after', async () => {
    const client = await slowClient(300);
    const doc = uri('close-during-check');
    await client.open(doc, 'FROM node:22\nADD . /app\n');
    await sleep(50);
    await client.close(doc);
    const cleared = await client.nextDiagnostics(doc, 5000);
    expect(cleared).toEqual({ uri: doc, diagnostics: [] });
    await sleep(700);
    expect(publishedFor(client, doc)).toEqual([{ uri: doc, diagnostics: [] }]);
  });

  it('closing clears published diagnostics; reopening the same uri checks only the new text', async () => {
    const client = await slowClient(0);
    const doc = uri('reopen');
    await client.open(doc, 'FROM node:22\nADD . /app\n');
    expect((await client.nextDiagnostics(doc)).diagnostics.map((d) => d.code)).toContain('dockerfile/add-instead-of-copy');
    await client.close(doc);
    expect(await client.nextDiagnostics(doc)).toEqual({ uri: doc, diagnostics: [] });
    const reopened = 'FROM gcr.io/distroless/nodejs22-debian12:nonroot\nCOPY app.js /app/\n';
    await client.open(doc, reopened, 'dockerfile', 1);
    const again = await client.nextDiagnostics(doc);
    expect(again.version).toBe(1);
    expect(again.diagnostics.map((d) => d.code)).toEqual(expectedCodes(reopened));
    expect(again.diagnostics.map((d) => d.code)).not.toContain('dockerfile/add-instead-of-copy');
  });

  it('edits to one document never delay or drop another document\'s diagnostics', async () => {
    const client = await slowClient(20);
    const a = uri('a');
    const b = uri('b');
    await client.open(a, 'FROM node:22\n');
    await client.open(b, 'FROM node:22\nADD . /app\n');
    for (let version = 2; version <= 10; version++) await client.change(a, version, `FROM node:22\n${'RUN true\n'.repeat(version)}`);
    const fromB = await client.nextDiagnostics(b, 5000);
    expect(fromB.version).toBe(1);
    expect(fromB.diagnostics.map((d) => d.code)).toContain('dockerfile/add-instead-of-copy');
    await sleep(500);
    expect(publishedFor(client, a).at(-1)!.version).toBe(10);
  });
});
