/**
 * Makes every outbound network attempt, every child process and every module
 * loaded from a watched folder fail loudly, and records it. Loaded either
 * with `node --require test/reliability/networkGuard.cjs` (it then installs
 * itself and appends one JSON line per attempt to $HARDLINE_GUARD_LOG), or
 * imported by a test that calls `install(record)` in its own process.
 *
 * Loopback stays allowed (local IPC and tests' own servers); sockets on a
 * path (Unix sockets, named pipes: how an editor talks to the server) too.
 */
'use strict';
const dns = require('node:dns');
const net = require('node:net');
const tls = require('node:tls');
const http = require('node:http');
const https = require('node:https');
const http2 = require('node:http2');
const dgram = require('node:dgram');
const childProcess = require('node:child_process');
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|0:0:0:0:0:0:0:1|::ffff:127(\.\d{1,3}){3})$/i;

function isLoopback(host) {
  if (host === undefined || host === null || host === '') return true; // net defaults to localhost
  return LOOPBACK.test(String(host).replace(/^\[|\]$/g, ''));
}

function hostOf(target) {
  if (typeof target === 'string') {
    try {
      return new URL(target).hostname;
    } catch {
      return target;
    }
  }
  if (target instanceof URL) return target.hostname;
  if (target && typeof target === 'object') return target.hostname ?? target.host ?? undefined;
  return undefined;
}

/** Install the guard; `record(kind, detail)` is called for every attempt before it fails. */
function install(record, options = {}) {
  const watched = (options.watchedDirs ?? []).map((d) => path.resolve(d) + path.sep);
  const undo = [];
  const patch = (object, name, replacement) => {
    const original = object[name];
    object[name] = replacement(original);
    undo.push(() => {
      object[name] = original;
    });
  };
  const blocked = (kind, detail) => {
    record(kind, detail);
    const error = new Error(`network guard: ${kind} ${detail} is not allowed`);
    error.code = 'EHARDLINEGUARD';
    return error;
  };

  patch(net.Socket.prototype, 'connect', (original) =>
    function connect(...args) {
      const first = args[0];
      let host;
      let port;
      let pathName;
      const options = Array.isArray(first) ? first[0] : first; // net.connect() passes [options, callback]
      if (options && typeof options === 'object') {
        host = options.host;
        port = options.port;
        pathName = options.path;
      } else if (first && typeof first === 'object') {
        host = first.host;
        port = first.port;
        pathName = first.path;
      } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
        port = first;
        host = typeof args[1] === 'string' ? args[1] : undefined;
      } else if (typeof first === 'string') {
        pathName = first;
      }
      if (pathName === undefined && !isLoopback(host)) throw blocked('connect', `${host}:${port}`);
      return original.apply(this, args);
    },
  );
  patch(tls, 'connect', (original) =>
    function connect(...args) {
      const options = args.find((a) => a && typeof a === 'object') ?? {};
      const host = options.host ?? options.servername ?? (typeof args[1] === 'string' ? args[1] : undefined);
      if (!isLoopback(host)) throw blocked('tls', `${host}`);
      return original.apply(this, args);
    },
  );
  for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveTxt', 'resolveSrv', 'resolveNs', 'reverse']) {
    if (typeof dns[name] !== 'function') continue;
    patch(dns, name, (original) =>
      function guarded(hostname, ...rest) {
        if (name === 'lookup' && isLoopback(hostname)) return original.call(this, hostname, ...rest);
        const callback = rest.reverse().find((a) => typeof a === 'function');
        const error = blocked('dns', `${name} ${hostname}`);
        if (callback) process.nextTick(() => callback(error));
        else throw error;
        return undefined;
      },
    );
    if (dns.promises && typeof dns.promises[name] === 'function') {
      patch(dns.promises, name, (original) =>
        async function guarded(hostname, ...rest) {
          if (name === 'lookup' && isLoopback(hostname)) return original.call(this, hostname, ...rest);
          throw blocked('dns', `${name} ${hostname}`);
        },
      );
    }
  }
  for (const [module, scheme] of [
    [http, 'http'],
    [https, 'https'],
  ]) {
    for (const name of ['request', 'get']) {
      patch(module, name, (original) =>
        function guarded(...args) {
          const host = hostOf(args[0]);
          if (!isLoopback(host)) throw blocked(scheme, `${host}`);
          return original.apply(this, args);
        },
      );
    }
  }
  patch(http2, 'connect', (original) =>
    function connect(authority, ...rest) {
      const host = hostOf(authority);
      if (!isLoopback(host)) throw blocked('http2', `${host}`);
      return original.call(this, authority, ...rest);
    },
  );
  if (typeof globalThis.fetch === 'function') {
    patch(globalThis, 'fetch', (original) =>
      async function fetch(input, init) {
        const host = hostOf(typeof input === 'object' && input && 'url' in input ? input.url : input);
        if (!isLoopback(host)) throw blocked('fetch', `${host}`);
        return original.call(this, input, init);
      },
    );
  }
  patch(dgram.Socket.prototype, 'send', () =>
    function send() {
      throw blocked('udp', 'send');
    },
  );
  for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
    patch(childProcess, name, () =>
      function guarded(command) {
        throw blocked('exec', `${name} ${command}`);
      },
    );
  }
  if (watched.length > 0) {
    patch(Module, '_load', (original) =>
      function load(request, parent, isMain) {
        let resolved;
        try {
          resolved = Module._resolveFilename(request, parent, isMain);
        } catch {
          resolved = undefined;
        }
        if (resolved && watched.some((dir) => resolved.startsWith(dir))) throw blocked('require', resolved);
        return original.call(this, request, parent, isMain);
      },
    );
  }
  return () => {
    for (const restore of undo.reverse()) restore();
  };
}

module.exports = { install, isLoopback };

// `node --require networkGuard.cjs`: install for the whole process (and each of its worker
// threads, which inherit the preload), logging to $HARDLINE_GUARD_LOG.
const log = process.env.HARDLINE_GUARD_LOG;
if (log && !globalThis.__hardlineGuardInstalled) {
  globalThis.__hardlineGuardInstalled = true;
  const thread = require('node:worker_threads').isMainThread ? 'main' : 'worker';
  fs.appendFileSync(log, `${JSON.stringify({ kind: 'armed', detail: thread })}\n`);
  install((kind, detail) => fs.appendFileSync(log, `${JSON.stringify({ kind, detail })}\n`), {
    watchedDirs: (process.env.HARDLINE_GUARD_WATCH ?? '').split(path.delimiter).filter(Boolean),
  });
}
