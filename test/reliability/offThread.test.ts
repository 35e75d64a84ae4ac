/**
 * Large documents are checked off the server's main thread first, with a
 * hard time limit (server/src/lsp/offThread.ts): the server keeps serving
 * other documents meanwhile, and a check that runs out of time is stopped
 * with one `time-budget` problem. Runs the built server bundle as the worker,
 * as the shipped server does (after `npm run build`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { serviceById } from '../../server/src/engine/registry';
import { OFF_THREAD_MIN_CHARS } from '../../server/src/lsp/analysis';
import { OffThreadChecker, RECYCLE_AFTER_CHARS } from '../../server/src/lsp/offThread';
import { ROOT, TestClient } from '../lsp/harness';

const BUNDLE = join(ROOT, 'server/out/server.js');
const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const uri = (name: string) => pathToFileURL(join(ROOT, 'test/reliability/__virtual__', name)).href;

/** A Dockerfile far over the off-thread threshold that takes seconds to parse: one RUN of a million words. */
const HOSTILE = `FROM node:22\nRUN ${'a '.repeat(1_000_000)}\n`;
/** A large but ordinary Dockerfile: thousands of small instructions, checked in well under a second. */
const LARGE = `FROM node:22-slim\n${'LABEL step=1\n'.repeat(6000)}ADD . /app\nUSER 1000\n`;

const checkers: OffThreadChecker[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of checkers.splice(0)) await c.dispose();
  for (const c of clients.splice(0)) await c.dispose();
});

describe('off-thread checks', () => {
  it('needs the built bundle', () => {
    expect(existsSync(BUNDLE), 'run npm run build first').toBe(true);
    expect(LARGE.length).toBeGreaterThan(OFF_THREAD_MIN_CHARS);
  });

  it('a worker gives the same findings and problems as the main thread', { timeout: 60_000 }, async () => {
    const checker = new OffThreadChecker(BUNDLE, 20_000);
    checkers.push(checker);
    const text = 'FROM node:22\nADD . /app\nRUN curl -k https://x | sh\n\u0000'.slice(0, -1);
    const verdict = await checker.check('dockerfile', text, {}, { dockerignore: null });
    const local = serviceById('dockerfile')!.parse(text).run({}, { dockerignore: null });
    expect(verdict.ok).toBe(true);
    if (!verdict.ok) return;
    expect(verdict.findings).toEqual(local.findings.map(({ ruleId, messageId, severity, message, range }) => ({ ruleId, messageId, severity, message, range })));
    expect(verdict.problems).toEqual(local.problems);
    expect(verdict.relevant).toBe(true);
  });

  it('stops a check that runs out of time, and the next check gets a fresh worker', { timeout: 60_000 }, async () => {
    const checker = new OffThreadChecker(BUNDLE, 1000);
    checkers.push(checker);
    await checker.check('dockerfile', 'FROM node:22\n', {}, {}); // worker started and ready
    const started = performance.now();
    const verdict = await checker.check('dockerfile', HOSTILE, {}, {});
    const elapsed = performance.now() - started;
    expect(verdict).toEqual({ ok: false, reason: 'timeout', message: 'stopped after 1000 ms' });
    expect(elapsed).toBeLessThan(3000);
    const after = await checker.check('dockerfile', 'FROM node:22\nADD . /app\n', {}, {});
    expect(after.ok && after.findings.map((f) => f.ruleId)).toContain('dockerfile/add-instead-of-copy');
    expect(checker.stats).toEqual({ checks: 3, timeouts: 1, started: 2 });
  });

  it('ends the worker after a huge document, so its heap does not sit beside the main thread\'s parse', { timeout: 60_000 }, async () => {
    const checker = new OffThreadChecker(BUNDLE, 20_000);
    checkers.push(checker);
    await checker.check('dockerfile', 'FROM node:22\n', {}, {});
    await checker.check('dockerfile', LARGE, {}, {});
    expect(LARGE.length).toBeLessThan(RECYCLE_AFTER_CHARS);
    expect(checker.stats).toEqual({ checks: 2, timeouts: 0, started: 1 });
    const huge = `FROM node:22-slim\n${'LABEL step=1\n'.repeat(Math.ceil(RECYCLE_AFTER_CHARS / 13))}ADD . /app\n`;
    const verdict = await checker.check('dockerfile', huge, {}, {});
    expect(verdict.ok && verdict.findings.map((f) => f.ruleId)).toContain('dockerfile/add-instead-of-copy');
    const after = await checker.check('dockerfile', 'FROM node:22\nADD . /app\n', {}, {});
    expect(after.ok && after.findings.map((f) => f.ruleId)).toContain('dockerfile/add-instead-of-copy');
    expect(checker.stats).toEqual({ checks: 4, timeouts: 0, started: 2 });
  });
});

describe('the language server with a hostile document open', () => {
  it('keeps answering for other documents, and reports the hostile one as not checked', { timeout: 60_000 }, async () => {
    const client = new TestClient({ checkWorker: BUNDLE, checkTimeoutMs: 1500 });
    clients.push(client);
    // With the picker command, so that CodeLens requests (asked on every edit) are served too.
    await client.initialize({}, null, { clientCommands: ['hardline.pickBaseImage'] });
    // Warm the worker up, so its start-up is not in the timings below.
    await client.open(uri('warm/Dockerfile'), LARGE);
    const warm = await client.nextDiagnostics(uri('warm/Dockerfile'), 30_000);
    expect(warm.diagnostics.map((d) => d.code)).toContain('dockerfile/add-instead-of-copy');

    const hostile = uri('hostile/Dockerfile');
    const small = uri('small/Dockerfile');
    const started = performance.now();
    await client.open(hostile, HOSTILE);
    await client.open(small, 'FROM node:22\nADD . /app\n');
    const smallDiagnostics = await client.nextDiagnostics(small, 10_000);
    const smallMs = performance.now() - started;
    expect(smallDiagnostics.diagnostics.map((d) => d.code)).toContain('dockerfile/add-instead-of-copy');
    // A hover on the small document is answered while the hostile one is still being checked.
    const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: small }, position: { line: 0, character: 7 } });
    expect(hover).not.toBeNull();
    expect(client.pending(hostile)).toEqual([]);

    const hostileDiagnostics = await client.nextDiagnostics(hostile, 10_000);
    const hostileMs = performance.now() - started;
    expect(hostileDiagnostics.diagnostics).toEqual([
      { range: ZERO, severity: 3, source: 'hardline', code: 'time-budget', message: 'Checking this file took longer than 1.5 s, so it was stopped and the file was not checked.' },
    ]);
    expect(smallMs).toBeLessThan(hostileMs);
    // CodeLens on the hostile document does not parse it on the server's thread.
    const lensStarted = performance.now();
    expect(await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: hostile } })).toEqual([]);
    expect(performance.now() - lensStarted).toBeLessThan(1000);
    expect(await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: small } })).not.toEqual([]);
    // No quick fixes and no hover for a document that was not checked, and no parse on the main thread for them.
    expect(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: hostile }, position: { line: 1, character: 1 } })).toBeNull();
    expect(
      await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri: hostile },
        range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } },
        context: { diagnostics: hostileDiagnostics.diagnostics },
      }),
    ).toEqual([]);
  });

  it('checks a large ordinary document on the main thread afterwards, so its quick fixes work', { timeout: 60_000 }, async () => {
    const client = new TestClient({ checkWorker: BUNDLE });
    clients.push(client);
    await client.initialize({ workspace: { workspaceEdit: { documentChanges: true } } }, null);
    const large = uri('large/Dockerfile');
    await client.open(large, LARGE);
    const published = await client.nextDiagnostics(large, 30_000);
    const add = published.diagnostics.find((d) => d.code === 'dockerfile/add-instead-of-copy')!;
    expect(add.range).toEqual({ start: { line: 6001, character: 0 }, end: { line: 6001, character: 3 } });
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: large },
      range: add.range,
      context: { diagnostics: [add] },
    })) as { title: string; edit?: unknown }[];
    expect(actions[0]).toMatchObject({ title: 'Fix: Replace ADD with COPY', edit: { documentChanges: [{ textDocument: { uri: large, version: 1 }, edits: [{ range: add.range, newText: 'COPY' }] }] } });
  });
});
