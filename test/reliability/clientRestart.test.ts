/**
 * Server resilience, client side: the extension keeps vscode-languageclient's
 * own restart policy (a crashed server is restarted up to 4 times within 3
 * minutes, then left stopped with the library's message) and says so: the
 * first restart of a session as one notification, every restart in the output.
 * The real library's default handler is used, with stand-ins for `vscode`.
 */
import Module from 'node:module';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const shown = vi.hoisted(() => ({ warnings: [] as string[] }));

vi.mock('vscode', () => ({
  window: {
    showWarningMessage: async (message: string) => {
      shown.warnings.push(message);
      return undefined;
    },
  },
}));
vi.mock('vscode-languageclient/node', () => ({ CloseAction: { DoNotRestart: 1, Restart: 2 }, ErrorAction: { Continue: 1, Shutdown: 2 } }));

import { RESTARTED_MESSAGE, RESTARTED_NOTICE, restartingErrorHandler } from '../../client/src/restartNotice';

/** vscode-languageclient 9.0.1 as shipped, loaded with a stand-in for the `vscode` module it requires. */
function library(): any {
  const anything: any = new Proxy(function () {}, { get: (_t, p) => (p === Symbol.toPrimitive ? () => '' : anything), construct: () => anything });
  const load = (Module as any)._load;
  (Module as any)._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? anything : load.call(this, request, ...rest);
  };
  try {
    return Module.createRequire(__filename)('vscode-languageclient/lib/common/client.js');
  } finally {
    (Module as any)._load = load;
  }
}

beforeEach(() => {
  shown.warnings.length = 0;
});

describe('restarting a crashed server', () => {
  it('restarts 4 times within 3 minutes, notifies once, then stops with the library message', async () => {
    const lib = library();
    // As the extension does: the library's handler is created once, on first use.
    let base: any;
    const handler = restartingErrorHandler(() => (base ??= lib.BaseLanguageClient.prototype.createDefaultErrorHandler.call({ name: 'Hardline' })));
    const now = vi.spyOn(Date, 'now');
    let t = 5_000_000;
    now.mockImplementation(() => t);
    const results = [];
    for (let crash = 0; crash < 5; crash++) {
      t += 20_000;
      results.push(await handler.closed());
    }
    now.mockRestore();
    expect(results.map((r) => r.action)).toEqual([2, 2, 2, 2, 1]);
    // Every restart is logged by the library with this message (handled: no second notification of its own).
    expect(results.slice(0, 4).every((r) => r.message === RESTARTED_MESSAGE && r.handled === true)).toBe(true);
    expect(results[4].message).toBe('The Hardline server crashed 5 times in the last 3 minutes. The server will not be restarted. See the output for more information.');
    expect(results[4].handled).toBeUndefined();
    expect(shown.warnings).toEqual([RESTARTED_NOTICE]);
  });

  it('connection errors keep the library policy (continue up to 3, then shut down)', async () => {
    const lib = library();
    const base = lib.BaseLanguageClient.prototype.createDefaultErrorHandler.call({ name: 'Hardline' });
    const handler = restartingErrorHandler(() => base);
    const error = new Error('write EPIPE');
    expect((await handler.error(error, undefined, 1)).action).toBe(lib.ErrorAction.Continue);
    expect((await handler.error(error, undefined, 4)).action).toBe(lib.ErrorAction.Shutdown);
    expect(shown.warnings).toEqual([]);
  });
});
