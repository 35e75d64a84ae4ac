import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { analyseFile, type FileReport, type FixMode } from './analyse';
import type { Target } from './walk';

/**
 * `hardline check` on several threads: the files of one run are independent,
 * so worker threads (the CLI bundle itself, started in the worker role) take
 * the largest files first while the main thread takes the smallest, until the
 * queue is empty. Reports come back in the order of the targets, so the output
 * is the same as on one thread. Only the data the reports show crosses threads:
 * findings keep their evaluated safe fix (`safeFix`), not their fix functions.
 */

export const CLI_WORKER_ROLE = 'hardline-cli-worker';

/** Below this much text in all, threads cost more than they save (a worker starts in ≈ 50–100 ms). */
export const PARALLEL_MIN_BYTES = 256 * 1024;
/** Most threads in all (main included), whatever the machine has. */
export const MAX_JOBS = 8;
/** Files a worker holds at once (the next one is ready when it finishes one). */
const IN_FLIGHT = 2;

type Request = { id: number; target: Target; mode: FixMode };
type Reply = { id: number; report: PlainReport } | { id: number; error: string };

/**
 * Threads to use without `--jobs`: one on a machine with fewer than 4 CPUs,
 * else one per CPU but one (at most MAX_JOBS). Measured on 2 CPUs: one thread
 * already keeps ≈ 1.6 of them busy (V8 collects garbage and compiles on other
 * threads), and a second checking thread made the corpus run slower
 * (2.35 → 2.68 s wall, 3.8 → 4.9 s CPU: each thread warms its own JIT up).
 */
export function defaultJobs(cpus = availableParallelism()): number {
  return cpus < 4 ? 1 : Math.min(MAX_JOBS, cpus - 1);
}

/** A file report as it crosses threads: plain data (functions cannot be posted; the formats use only `safeFix`). */
export type PlainReport = Omit<FileReport, 'findings'> & {
  findings: (Omit<FileReport['findings'][number], 'fix' | 'suggestions'> & { suggestions: { messageId: string; title: string }[] })[];
};

export function plainReport(report: FileReport): PlainReport {
  return {
    ...report,
    findings: report.findings.map(({ fix: _fix, suggestions, ...rest }) => ({
      ...rest,
      suggestions: suggestions.map(({ messageId, title }) => ({ messageId, title })),
    })),
  };
}

/** A suggestion's fix, which stays in the thread that checked the file. */
function notCarried(): null {
  return null;
}

function restore(report: PlainReport): FileReport {
  return {
    ...report,
    findings: report.findings.map((f) => ({ ...f, suggestions: f.suggestions.map((s) => ({ ...s, fix: notCarried })) })),
  };
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** In a worker thread started by `analyseInParallel`: check the files it is sent. */
export function runCliWorker(): void {
  const port = parentPort;
  if (!port) return;
  port.on('message', (request: Request) => {
    let reply: Reply;
    try {
      reply = { id: request.id, report: plainReport(analyseFile(request.target, request.mode)) };
    } catch (error) {
      reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    }
    try {
      port.postMessage(reply);
    } catch (error) {
      port.postMessage({ id: request.id, error: `cannot send the report: ${error instanceof Error ? error.message : String(error)}` } satisfies Reply);
    }
  });
}

export function isCliWorker(): boolean {
  return (workerData as { role?: string } | null)?.role === CLI_WORKER_ROLE;
}

/**
 * Check `targets` on up to `jobs` threads (the main thread included). `script`
 * is the CLI bundle, started as each worker. Falls back to the main thread for
 * the files of a worker that fails to start or dies (with --fix, a file the
 * worker had already rewritten is then checked, and fixed, once more: the
 * same text, but its fixes are not counted twice).
 */
export async function analyseInParallel(
  targets: Target[],
  mode: FixMode,
  script: string,
  jobs: number,
  /** Filled in: files checked by workers and by the main thread. */
  stats: { workers: number; main: number } = { workers: 0, main: 0 },
): Promise<FileReport[]> {
  const sizes = targets.map((t) => sizeOf(t.path));
  const total = sizes.reduce((a, b) => a + b, 0);
  const workers = Math.min(jobs - 1, targets.length - 1);
  const onMain = (i: number) => {
    stats.main++;
    return analyseFile(targets[i], mode);
  };
  if (workers < 1 || total < PARALLEL_MIN_BYTES) return targets.map((_, i) => onMain(i));

  // Largest first for the workers, smallest first (from the other end) for the main thread.
  const order = targets.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
  let front = 0;
  let back = order.length - 1;
  const reports: (FileReport | undefined)[] = new Array(targets.length);
  const takeLargest = () => (front <= back ? order[front++] : undefined);
  const takeSmallest = () => (front <= back ? order[back--] : undefined);

  await new Promise<void>((done) => {
    let running = 0;
    let mainDone = false;
    const finish = () => {
      if (mainDone && running === 0) done();
    };

    const start = () => {
      const inFlight = new Set<number>();
      let thread: Worker;
      try {
        thread = new Worker(script, { workerData: { role: CLI_WORKER_ROLE }, stdout: false, stderr: false });
      } catch {
        return;
      }
      running++;
      let ended = false;
      const send = () => {
        while (inFlight.size < IN_FLIGHT) {
          const next = takeLargest();
          if (next === undefined) break;
          inFlight.add(next);
          thread.postMessage({ id: next, target: targets[next], mode } satisfies Request);
        }
        if (inFlight.size === 0) void thread.terminate();
      };
      const end = () => {
        if (ended) return;
        ended = true;
        running--;
        // Whatever it still held goes back to the main thread.
        for (const id of inFlight) if (!reports[id]) reports[id] = onMain(id);
        inFlight.clear();
        finish();
      };
      thread.on('message', (reply: Reply) => {
        inFlight.delete(reply.id);
        if ('report' in reply) stats.workers++;
        reports[reply.id] = 'report' in reply ? restore(reply.report) : onMain(reply.id);
        send();
      });
      thread.on('error', end);
      thread.on('exit', end);
      send();
    };
    for (let i = 0; i < workers; i++) start();

    // The main thread works through the small files, yielding between them so replies are taken in.
    const work = () => {
      const next = takeSmallest();
      if (next === undefined) {
        mainDone = true;
        finish();
        return;
      }
      reports[next] = onMain(next);
      setImmediate(work);
    };
    setImmediate(work);
  });
  return reports.map((r, i) => r ?? onMain(i));
}
