/**
 * Server resilience, process level: the shipped server (`node
 * server/out/server.js --stdio`, after `npm run build`) is killed in the
 * middle of a session; a fresh process, as a client's restart starts it,
 * serves the same documents again with the same diagnostics. (The client's
 * restart policy itself: clientRestart.test.ts; in a real editor: the e2e suite.)
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMessageConnection,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { ROOT } from '../lsp/harness';

const BUNDLE = join(ROOT, 'server/out/server.js');
const processes: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const p of processes.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});

interface Session {
  process: ChildProcessWithoutNullStreams;
  connection: MessageConnection;
  diagnostics(uri: string): Promise<PublishDiagnosticsParams>;
}

async function startServer(): Promise<Session> {
  const child = spawn(process.execPath, [BUNDLE, '--stdio'], { cwd: ROOT });
  processes.push(child);
  child.stderr.resume();
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map<string, (p: PublishDiagnosticsParams) => void>();
  const arrived = new Map<string, PublishDiagnosticsParams>();
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const resolve = waiting.get(p.uri);
    if (resolve) {
      waiting.delete(p.uri);
      resolve(p);
    } else arrived.set(p.uri, p);
  });
  connection.onError(() => undefined);
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
  await connection.sendNotification('initialized', {});
  return {
    process: child,
    connection,
    diagnostics: (uri) => {
      const ready = arrived.get(uri);
      if (ready) {
        arrived.delete(uri);
        return Promise.resolve(ready);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri}`)), 20_000);
        waiting.set(uri, (p) => {
          clearTimeout(timer);
          resolve(p);
        });
      });
    },
  };
}

const DOCUMENTS: [string, string, string][] = [
  ['untitled:Dockerfile', 'dockerfile', 'FROM node:22\nADD . /app\nCMD node server.js\n'],
  ['untitled:pod.yaml', 'yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - name: a\n      image: nginx\n'],
];

async function openAll(session: Session): Promise<string[][]> {
  const result: string[][] = [];
  for (const [uri, languageId, text] of DOCUMENTS) {
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    result.push((await session.diagnostics(uri)).diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code}`));
  }
  return result;
}

describe('a killed server', () => {
  it('a fresh server process serves the same documents again after the old one is killed', { timeout: 60_000 }, async () => {
    const first = await startServer();
    const before = await openAll(first);
    expect(before[0]).toContain('1:0 dockerfile/add-instead-of-copy');
    expect(before[1].length).toBeGreaterThan(0);

    const exited = new Promise<NodeJS.Signals | null>((resolve) => first.process.on('exit', (_code, signal) => resolve(signal)));
    const closed = new Promise<void>((resolve) => first.connection.onClose(() => resolve()));
    first.process.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // The old connection is dead: once it noticed (its stream ended), a request fails instead of hanging.
    // (Right at the exit event the pipe may already be destroyed while the connection does not know yet: a write then fails on its own.)
    await closed;
    await expect(Promise.resolve().then(() => first.connection.sendRequest('textDocument/hover', { textDocument: { uri: DOCUMENTS[0][0] }, position: { line: 0, character: 6 } }))).rejects.toThrow(/closed|disposed|EPIPE|destroyed/i);
    first.connection.dispose();

    const second = await startServer();
    expect(await openAll(second)).toEqual(before);
    await second.connection.sendRequest('shutdown');
    await second.connection.sendNotification('exit');
    const code = await new Promise<number | null>((resolve) => second.process.on('exit', (c) => resolve(c)));
    expect(code).toBe(0);
  });
});
