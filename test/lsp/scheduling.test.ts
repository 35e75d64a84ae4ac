/**
 * When the server checks a document: at once for an edit after a quiet
 * spell, once more after a burst, and never a document that was not edited.
 * The server's own `$/logTrace` ("Checked <uri> v<n> in <ms> ms (parsed)")
 * tells which checks ran.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { DEBOUNCE_MS } from '../../server/src/lsp/diagnostics';
import { TestClient } from './harness';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const DOCKERFILE = ['FROM node:22', 'WORKDIR /app', 'RUN apt-get update && apt-get install -y curl', 'COPY . .', 'CMD ["node", "server.js"]', ''].join('\n');
const RUN_LINE = 2;
const RUN_END = 'RUN apt-get update && apt-get install -y curl'.length;

let clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  clients = [];
});

interface Trace {
  at: number;
  uri: string;
  version: number;
  parsed: boolean;
}

async function start() {
  const { client } = await TestClient.start(undefined, null, (c) => (c.configuration = () => ({ enable: true, rules: {} })));
  clients.push(client);
  const traces: Trace[] = [];
  client.connection.onNotification('$/logTrace', (p: { message: string }) => {
    const m = /^Checked (\S+) v(\d+) in [\d.]+ ms \((parsed|cached parse)\)/.exec(p.message);
    if (m) traces.push({ at: performance.now(), uri: m[1], version: Number(m[2]), parsed: m[3] === 'parsed' });
  });
  await client.connection.sendNotification('$/setTrace', { value: 'verbose' });
  return { client, traces };
}

/** Type one character at the end of the RUN line (incremental sync). */
function type(client: TestClient, uri: string, version: number, character: number) {
  return client.edit(uri, version, [{ range: { start: { line: RUN_LINE, character }, end: { line: RUN_LINE, character } }, newText: 'x' }]);
}

async function diagnosticsOf(client: TestClient, uri: string, version: number): Promise<PublishDiagnosticsParams[]> {
  const seen: PublishDiagnosticsParams[] = [];
  for (;;) {
    const p = await client.nextDiagnostics(uri);
    seen.push(p);
    if (p.version === version) return seen;
  }
}

describe('diagnostics scheduling', () => {
  it('checks an edit after a quiet spell at once, not after the debounce', async () => {
    const { client, traces } = await start();
    const uri = 'file:///sched/quiet/Dockerfile';
    await client.open(uri, DOCKERFILE);
    await client.nextDiagnostics(uri);
    const latencies: number[] = [];
    for (let v = 2; v <= 4; v++) {
      await sleep(DEBOUNCE_MS + 50);
      const t0 = performance.now();
      await type(client, uri, v, RUN_END + v - 2);
      const seen = await diagnosticsOf(client, uri, v);
      latencies.push(performance.now() - t0);
      expect(seen.map((p) => p.version)).toEqual([v]);
    }
    // Each edit is checked once, on a fresh parse, well before the debounce would have fired.
    expect(traces.filter((t) => t.version > 1).map((t) => [t.version, t.parsed])).toEqual([
      [2, true],
      [3, true],
      [4, true],
    ]);
    expect(Math.min(...latencies)).toBeLessThan(DEBOUNCE_MS);
  });

  it('checks a burst of edits at its first key and once after its last key', async () => {
    const { client, traces } = await start();
    const uri = 'file:///sched/burst/Dockerfile';
    await client.open(uri, DOCKERFILE);
    await client.nextDiagnostics(uri);
    await sleep(DEBOUNCE_MS + 50);
    const from = performance.now();
    const keys = 12;
    let lastKey = 0;
    for (let i = 0; i < keys; i++) {
      if (i > 0) await sleep(15);
      lastKey = performance.now();
      await type(client, uri, i + 2, RUN_END + i);
    }
    const last = keys + 1;
    const seen = await diagnosticsOf(client, uri, last);
    const waited = performance.now() - lastKey;
    await sleep(DEBOUNCE_MS + 100); // nothing else follows
    const checks = traces.filter((t) => t.at >= from);
    expect(checks.length).toBeLessThanOrEqual(2);
    expect(checks[checks.length - 1].version).toBe(last);
    expect(seen.length).toBeLessThanOrEqual(2);
    expect(client.pending(uri)).toEqual([]);
    // The last key waits for the debounce and one check, not for anything queued before it.
    expect(waited).toBeGreaterThanOrEqual(DEBOUNCE_MS - 5);
    expect(waited).toBeLessThan(DEBOUNCE_MS + 500);
  });

  it('an edit re-checks only the edited document', async () => {
    const { client, traces } = await start();
    const a = 'file:///sched/two/a/Dockerfile';
    const b = 'file:///sched/two/b/Dockerfile';
    await client.open(a, DOCKERFILE);
    await client.open(b, DOCKERFILE);
    await client.nextDiagnostics(a);
    await client.nextDiagnostics(b);
    const from = performance.now();
    for (let v = 2; v <= 4; v++) {
      await sleep(DEBOUNCE_MS + 50);
      await type(client, a, v, RUN_END + v - 2);
      await diagnosticsOf(client, a, v);
    }
    await sleep(DEBOUNCE_MS + 100);
    const checks = traces.filter((t) => t.at >= from);
    expect(checks.map((t) => [t.uri, t.version, t.parsed])).toEqual([
      [a, 2, true],
      [a, 3, true],
      [a, 4, true],
    ]);
    expect(client.pending(b)).toEqual([]);
  });
});
