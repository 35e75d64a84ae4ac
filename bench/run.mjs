#!/usr/bin/env node
/**
 * `npm run bench [-- options]`: builds Hardline (`npm run build`, what
 * server/out holds, plus a production bundle in bench/.out/prod), bundles the
 * benchmark itself, then runs it. Options are passed on; see bench/main.ts
 * (`--quick`, `--only dockerfile,k8s,startup,scheduling,cli`, `--generate`).
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const bench = dirname(fileURLToPath(import.meta.url));
const root = dirname(bench);
const out = join(bench, '.out');
const args = process.argv.slice(2);

if (!args.includes('--no-build')) {
  execFileSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  // The production bundle (the options of `esbuild.mjs --production`), built aside so server/out stays the dev build.
  await esbuild.build({
    entryPoints: [join(root, 'server/src/server.ts')],
    outfile: join(out, 'prod/server.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: false,
    minify: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
}
await esbuild.build({
  entryPoints: { main: join(bench, 'main.ts'), 'floor-server': join(bench, 'floor-server.ts'), profile: join(bench, 'profile.ts') },
  outdir: out,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
});
// `--profile <input>`: bench/profile.ts (where an edit's time goes) instead of the benchmark.
const entry = args.includes('--profile') ? 'profile.js' : 'main.js';
const passed = args.filter((a) => a !== '--no-build' && a !== '--profile');
execFileSync(process.execPath, ['--enable-source-maps', join(out, entry), ...passed], { cwd: root, stdio: 'inherit' });
