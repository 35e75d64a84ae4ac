#!/usr/bin/env node
/**
 * `npm run fuzz`: the long fuzzing run. 100,000 cases over every registered
 * language service (test/fuzz/fuzz.test.ts), split into shards that run in
 * parallel, one per core. The seed is fresh unless given, and printed first,
 * so any run can be repeated exactly.
 *
 *   npm run fuzz                         100,000 cases, new seed
 *   npm run fuzz -- --runs 20000 --seed 12345 --jobs 1
 *
 * A failure prints the counterexample, its minimised form and a replay command.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`fuzz: --${name} needs a whole number`);
    process.exit(2);
  }
  return value;
}

const runs = option('runs', 100_000);
const seed = option('seed', Math.floor(Math.random() * 2 ** 31));
const jobs = Math.max(1, option('jobs', Math.min(2, availableParallelism())));

console.log(`fuzz: ${runs.toLocaleString('en-US')} cases, seed ${seed}, ${jobs} shard(s)`);
const started = Date.now();

function shard(index) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [vitest, 'run', 'test/fuzz/fuzz.test.ts', '--reporter=verbose', '--no-file-parallelism'], {
      cwd: root,
      env: {
        ...process.env,
        HARDLINE_FUZZ_RUNS: String(runs),
        HARDLINE_FUZZ_SEED: String(seed),
        HARDLINE_FUZZ_SHARD: `${index}/${jobs}`,
        HARDLINE_FUZZ_LONG: '1',
        FORCE_COLOR: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk) => {
      output += chunk;
      // Progress lines as they come: one per target.
      // eslint-disable-next-line no-control-regex
      for (const line of String(chunk).replace(/\u001b\[[0-9;]*m/g, '').split('\n')) if (/^fuzz /.test(line)) console.log(`[shard ${index}] ${line}`);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('close', (code) => resolve({ index, code, output }));
  });
}

const results = await Promise.all(Array.from({ length: jobs }, (_, k) => shard(k + 1)));
const seconds = (Date.now() - started) / 1000;
const failed = results.filter((r) => r.code !== 0);
for (const r of failed) {
  console.log(`\n---- shard ${r.index}/${jobs} failed (exit ${r.code}) ----\n${r.output}`);
}
const minutes = seconds >= 120 ? ` (${(seconds / 60).toFixed(1)} min)` : '';
console.log(
  `\nfuzz: ${runs.toLocaleString('en-US')} cases, seed ${seed}, ${jobs} shard(s): ${failed.length === 0 ? 'all properties held' : `${failed.length} shard(s) failed`} in ${seconds.toFixed(0)} s${minutes}`,
);
process.exit(failed.length === 0 ? 0 : 1);
