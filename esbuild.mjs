// Bundles the three entry points. `--production` minifies and drops source maps.
// `--outdir=<dir>` writes client/out and server/out under <dir> instead of the repo (scripts/package.mjs).
import { join } from 'node:path';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? '.';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  legalComments: 'linked',
};

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: join(outdir, 'client/out/extension.js'), external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: join(outdir, 'server/out/server.js') },
  { entryPoints: ['server/src/cli/main.ts'], outfile: join(outdir, 'server/out/cli.js'), banner: { js: '#!/usr/bin/env node' } },
];

if (watch) {
  for (const b of builds) (await esbuild.context({ ...common, ...b })).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
}
