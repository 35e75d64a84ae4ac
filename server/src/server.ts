/**
 * Node entry of the Hardline language server: `node server/out/server.js --stdio`
 * (Neovim, Helix, Emacs…) or `--node-ipc` (VS Code) or `--socket=<port>`.
 * Only the protocol may reach stdout: console output goes to the client's log.
 */
import { inspect } from 'node:util';
import { isMainThread, workerData } from 'node:worker_threads';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { CHECK_WORKER_ROLE, runCheckWorker } from './lsp/offThread';
import { startServer } from './lsp/startServer';

function serve(): void {
  const connection = createConnection(ProposedFeatures.all);

  const format = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
  console.log = (...args: unknown[]) => connection.console.log(format(args));
  console.info = (...args: unknown[]) => connection.console.info(format(args));
  console.warn = (...args: unknown[]) => connection.console.warn(format(args));
  console.error = (...args: unknown[]) => connection.console.error(format(args));
  console.debug = (...args: unknown[]) => connection.console.log(format(args));
  console.trace = (...args: unknown[]) => connection.console.log(`${format(args)}\n${new Error().stack ?? ''}`);

  const report = (kind: string) => (error: unknown) => {
    try {
      connection.console.error(`Uncaught ${kind}: ${error instanceof Error ? (error.stack ?? error.message) : inspect(error)}`);
    } catch {
      // the connection is gone; nothing to report to
    }
  };
  process.on('uncaughtException', report('exception'));
  process.on('unhandledRejection', report('promise rejection'));

  // This same file is the worker that checks large documents off the main thread.
  startServer(connection, { checkWorker: __filename });
}

// Started as the check worker of a running server (lsp/offThread.ts), or as the server.
if (!isMainThread && (workerData as { role?: string } | null)?.role === CHECK_WORKER_ROLE) runCheckWorker();
else serve();
