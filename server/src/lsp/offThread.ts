import { parentPort, Worker } from 'node:worker_threads';
import { serviceById } from '../engine/registry';
import type { EngineSettings } from '../engine/run';
import type { Environment, Finding, LanguageId, Problem } from '../engine/types';

/**
 * Large documents are checked first in a worker thread, with a hard time
 * limit, so that a hostile or pathological file (megabytes of continuation
 * lines, a flow sequence of a million items) never freezes the server: while
 * the worker runs, the server keeps answering for every other document; a
 * check that runs out of time is stopped (the worker is terminated) and the
 * document gets one `time-budget` problem instead. Only a document the worker
 * checked quickly is then checked again on the server's thread, where its
 * fixes can be computed.
 *
 * The worker runs the server's own bundle (`server/out/server.js` detects
 * that it is a worker: see server.ts), so nothing else ships.
 */

/** What a worker sends back: the check result without the fix closures (they cannot cross threads). */
export interface OffThreadResult {
  ok: true;
  /** Time the worker took to parse and check, ms. */
  ms: number;
  relevant: boolean;
  problems: Problem[];
  findings: Omit<Finding, 'fix' | 'suggestions'>[];
}

export type OffThreadVerdict = OffThreadResult | { ok: false; reason: 'timeout' | 'failed'; message: string };

interface Request {
  id: number;
  languageId: LanguageId;
  text: string;
  settings: EngineSettings;
  env: Environment;
}

/** The marker in `workerData` that makes the server bundle run as a check worker. */
export const CHECK_WORKER_ROLE = 'hardline-check-worker';

/** Worker side: answer every request with the check result. */
export function runCheckWorker(): void {
  parentPort?.postMessage({ ready: true });
  parentPort?.on('message', (request: Request) => {
    const started = performance.now();
    try {
      const service = serviceById(request.languageId);
      if (!service) throw new Error(`no language service for ${request.languageId}`);
      const document = service.parse(request.text);
      const { findings, problems } = document.run(request.settings, request.env);
      const result: OffThreadResult = {
        ok: true,
        ms: performance.now() - started,
        relevant: document.relevant,
        problems,
        findings: findings.map(({ ruleId, messageId, severity, message, range }) => ({ ruleId, messageId, severity, message, range })),
      };
      parentPort?.postMessage({ id: request.id, result });
    } catch (error) {
      parentPort?.postMessage({ id: request.id, result: { ok: false, reason: 'failed', message: error instanceof Error ? error.message : String(error) } });
    }
  });
}

/**
 * After checking a text this long the worker is ended (and started again on
 * the next check): its heap would otherwise hold a second copy of a huge
 * document's parse while the main thread makes its own, doubling the server's
 * peak memory (50,000-line manifest: 247 → ≈ 150 MiB). Starting a worker costs
 * ≈ 50–100 ms, little next to checking such a document.
 */
export const RECYCLE_AFTER_CHARS = 512 * 1024;

/**
 * Main side: one worker, started on first use, checks one document at a
 * time (requests queue up); a check over `timeoutMs` terminates the worker,
 * and the next check starts a fresh one.
 */
export class OffThreadChecker {
  private worker: { thread: Worker; ready: Promise<void> } | undefined;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  /** Checks run, checks stopped and workers started (for tests and tracing). */
  readonly stats = { checks: 0, timeouts: 0, started: 0 };

  constructor(
    private readonly script: string,
    readonly timeoutMs: number,
  ) {}

  check(languageId: LanguageId, text: string, settings: EngineSettings, env: Environment): Promise<OffThreadVerdict> {
    const run = this.queue.then(() => this.run({ id: this.nextId++, languageId, text, settings, env }));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(request: Request): Promise<OffThreadVerdict> {
    this.stats.checks++;
    const { thread: worker, ready } = this.workerNow();
    // Starting a worker (loading the bundle) is not the document's time: the limit starts once it is ready.
    try {
      await ready;
    } catch (error) {
      this.discard(worker);
      void worker.terminate();
      return { ok: false, reason: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
    return new Promise((resolve) => {
      const done = (verdict: OffThreadVerdict) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (verdict.ok && request.text.length >= RECYCLE_AFTER_CHARS) {
          // The worker's heap still holds that check's garbage: let it go before the main thread parses the same text.
          this.discard(worker);
          void worker.terminate().then(
            () => resolve(verdict),
            () => resolve(verdict),
          );
          return;
        }
        resolve(verdict);
      };
      const onMessage = (message: { id: number; result: OffThreadVerdict }) => {
        if (message.id === request.id) done(message.result);
      };
      const onError = (error: Error) => {
        this.discard(worker);
        done({ ok: false, reason: 'failed', message: error.message });
      };
      const onExit = (code: number) => {
        this.discard(worker);
        done({ ok: false, reason: 'failed', message: `the check worker exited with code ${code}` });
      };
      const timer = setTimeout(() => {
        this.stats.timeouts++;
        this.discard(worker);
        void worker.terminate();
        done({ ok: false, reason: 'timeout', message: `stopped after ${this.timeoutMs} ms` });
      }, this.timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(request);
    });
  }

  private workerNow(): { thread: Worker; ready: Promise<void> } {
    if (!this.worker) {
      // Its own stdout/stderr, drained: nothing from the worker may reach the protocol stream.
      const thread = new Worker(this.script, { workerData: { role: CHECK_WORKER_ROLE }, stdout: true, stderr: true });
      this.stats.started++;
      thread.stdout.resume();
      thread.stderr.resume();
      // The worker must never keep the server alive on its own.
      thread.unref();
      const ready = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the check worker did not start within 30 s')), 30_000);
        const settle = (error?: Error) => {
          clearTimeout(timer);
          thread.off('message', onMessage);
          thread.off('error', settle);
          thread.off('exit', onExit);
          if (error) reject(error);
          else resolve();
        };
        const onMessage = (message: { ready?: boolean }) => {
          if (message?.ready) settle();
        };
        const onExit = (code: number) => settle(new Error(`the check worker exited with code ${code} while starting`));
        thread.on('message', onMessage);
        thread.on('error', settle);
        thread.on('exit', onExit);
      });
      ready.catch(() => undefined);
      this.worker = { thread, ready };
    }
    return this.worker;
  }

  private discard(worker: Worker): void {
    if (this.worker?.thread === worker) this.worker = undefined;
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.thread.terminate();
  }
}
