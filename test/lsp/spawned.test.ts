/**
 * The shipped bundle as Neovim runs it: `node server/out/server.js --stdio`.
 * Every byte on stdout must be a well-formed LSP frame (runs after `npm run build`).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { applyEdits } from '../../server/src/engine/positions';
import { allRules } from '../../server/src/engine/registry';
import { ROOT } from './harness';

const BUNDLE = join(ROOT, 'server/out/server.js');
const NO_ROOT = 'dockerfile/no-root-user';

interface Message {
  id?: number;
  method?: string;
  params?: any;
  result?: any;
  error?: unknown;
}

/** A strict LSP framing parser: anything that is not `Content-Length` framed JSON-RPC is an error. */
class FrameReader {
  private buffer = Buffer.alloc(0);
  readonly messages: Message[] = [];
  readonly errors: string[] = [];
  private listeners: (() => void)[] = [];

  push(chunk: Buffer) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) break;
      const headers = this.buffer.subarray(0, headerEnd).toString('ascii').split('\r\n');
      const length = headers.map((h) => /^Content-Length: (\d+)$/.exec(h)).find(Boolean);
      const unknown = headers.filter((h) => !/^Content-(Length|Type): .+$/.test(h));
      if (!length || unknown.length > 0) {
        this.errors.push(`bad header block: ${JSON.stringify(headers)}`);
        this.buffer = Buffer.alloc(0);
        break;
      }
      const size = Number(length[1]);
      if (this.buffer.length < headerEnd + 4 + size) break;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + size).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + size);
      try {
        const message = JSON.parse(body) as Message & { jsonrpc?: string };
        if (message.jsonrpc !== '2.0') this.errors.push(`not JSON-RPC 2.0: ${body}`);
        this.messages.push(message);
      } catch {
        this.errors.push(`body is not JSON: ${body}`);
      }
    }
    for (const l of this.listeners.splice(0)) l();
  }

  get leftover(): string {
    return this.buffer.toString('utf8');
  }

  async next(predicate: (m: Message) => boolean, from: number, timeoutMs = 10_000): Promise<{ message: Message; index: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.messages.findIndex((m, i) => i >= from && predicate(m));
      if (index >= 0) return { message: this.messages[index], index };
      if (Date.now() > deadline) throw new Error('timed out waiting for a message');
      await new Promise<void>((r) => {
        const t = setTimeout(r, 50);
        this.listeners.push(() => (clearTimeout(t), r()));
      });
    }
  }
}

let server: ChildProcessWithoutNullStreams | undefined;
afterEach(() => {
  if (server && server.exitCode === null) server.kill();
  server = undefined;
});

describe('node server/out/server.js --stdio', () => {
  it('serves initialize → diagnostics → quick fix → clean diagnostics, with nothing but LSP frames on stdout', async () => {
    expect(existsSync(BUNDLE), 'run `npm run build` first').toBe(true);
    const child = spawn(process.execPath, [BUNDLE, '--stdio'], { cwd: ROOT, stdio: 'pipe' });
    server = child;
    const reader = new FrameReader();
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => reader.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));

    let nextId = 1;
    const send = (message: object) => {
      const body = JSON.stringify({ jsonrpc: '2.0', ...message });
      child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    };
    const request = async (method: string, params: unknown) => {
      const id = nextId++;
      send({ id, method, params });
      return (await reader.next((m) => m.id === id && m.method === undefined, 0)).message;
    };
    const notify = (method: string, params: unknown) => send({ method, params });

    const init = await request('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: { workspace: { workspaceEdit: { documentChanges: true } } },
    });
    expect(init.result.capabilities.textDocumentSync).toEqual({ openClose: true, change: 2 });
    notify('initialized', {});
    // No workspace/configuration support: settings are pushed. Keep only the rule under test.
    const rules = Object.fromEntries(allRules.map((r) => [r.meta.id, r.meta.id === NO_ROOT ? 'warning' : 'off']));
    notify('workspace/didChangeConfiguration', { settings: { hardline: { rules } } });

    const uri = pathToFileURL(join(ROOT, 'test/lsp/fixtures-not-on-disk/Dockerfile')).href;
    const text = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python", "-m", "app"]\n';
    const isDiagnostics = (m: Message) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri;

    const openedAt = performance.now();
    notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
    const first = await reader.next(isDiagnostics, 0);
    const openLatency = performance.now() - openedAt;
    expect(first.message.params).toEqual({
      uri,
      version: 1,
      diagnostics: [
        {
          range: { start: { line: 0, character: 5 }, end: { line: 0, character: 21 } },
          severity: 2,
          source: 'hardline',
          code: NO_ROOT,
          // Resolved relative to the bundle: server/out → ../../docs/rules.
          codeDescription: { href: pathToFileURL(join(ROOT, 'docs/rules', `${NO_ROOT}.md`)).href },
          message: 'The final image runs as root: python:3.12-slim runs as root and no USER is set.',
          data: { ruleId: NO_ROOT },
        },
      ],
    });

    const actions = await request('textDocument/codeAction', {
      textDocument: { uri },
      range: first.message.params.diagnostics[0].range,
      context: { diagnostics: first.message.params.diagnostics, only: ['quickfix'] },
    });
    expect(actions.result.map((a: { title: string }) => a.title)).toEqual([
      'Add USER 65532:65532 (the non-root UID of distroless, Chainguard and DHI images)',
      `Ignore ${NO_ROOT} for this instruction`,
      `Ignore ${NO_ROOT} in this file`,
    ]);
    const [change] = actions.result[0].edit.documentChanges;
    expect(change.textDocument).toEqual({ uri, version: 1 });
    const fixed = applyEdits(text, change.edits);
    expect(fixed).toBe(text.replace('CMD [', 'USER 65532:65532\nCMD ['));

    const changedAt = performance.now();
    notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    const second = await reader.next(isDiagnostics, first.index + 1);
    const changeLatency = performance.now() - changedAt;
    expect(second.message.params).toEqual({ uri, version: 2, diagnostics: [] });

    const shutdown = await request('shutdown', null);
    expect(shutdown.result).toBeNull();
    notify('exit', null);
    expect(await exited).toBe(0);

    expect(reader.errors).toEqual([]);
    expect(reader.leftover).toBe('');
    expect(stderr).toBe('');
    // Every message is a response to us or a notification/request the protocol defines.
    for (const m of reader.messages) {
      if (m.method) expect(m.method).toMatch(/^(textDocument\/publishDiagnostics|window\/logMessage|client\/registerCapability|\$\/[a-zA-Z]+)$/);
      else expect(typeof m.id).toBe('number');
    }
    console.log(`diagnostics latency: open ${openLatency.toFixed(1)} ms, change ${changeLatency.toFixed(1)} ms (includes the 150 ms debounce)`);
  });
});
