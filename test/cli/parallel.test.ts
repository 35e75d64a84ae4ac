/**
 * `hardline check` on several threads (server/src/cli/parallel.ts) gives
 * byte-for-byte the output of one thread: reports in the same order, the same
 * exit code, the same files written by --fix. Runs the built CLI (`npm run build`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseFile } from '../../server/src/cli/analyse';
import { analyseInParallel, PARALLEL_MIN_BYTES, plainReport } from '../../server/src/cli/parallel';
import { ConfigResolver, collectTargets } from '../../server/src/cli/walk';
import { cli, CLI, ROOT, tree } from './helpers';

/** A tree over PARALLEL_MIN_BYTES: corpus Dockerfiles and manifests, with one big file, fixable findings and a broken manifest. */
function bigTree(): string {
  const files: Record<string, string> = {};
  const dockerfiles = join(ROOT, 'test/corpus/dockerfiles');
  for (const name of readdirSync(dockerfiles).sort().slice(0, 60)) files[`df/${name}/Dockerfile`] = readFileSync(join(dockerfiles, name), 'utf8');
  const manifests = join(ROOT, 'test/corpus/k8s');
  for (const name of readdirSync(manifests).filter((n) => /\.ya?ml$/.test(n)).sort().slice(0, 20)) files[`k8s/${name}`] = readFileSync(join(manifests, name), 'utf8');
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{{i}}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n';
  files['k8s/big.yaml'] = Array.from({ length: 200 }, (_, i) => pod.replace('{{i}}', String(i))).join('---\n');
  files['k8s/broken.yaml'] = 'apiVersion: v1\nkind: Pod\nmetadata: {name: x\n';
  files['df/commented/Dockerfile'] = `FROM node:22\n${'# a long explanation, line after line\n'.repeat(3000)}ADD . /app\n`;
  files['fix/Dockerfile'] = 'FROM node:22\nADD . /app\nADD src /src\n';
  return tree(files);
}

describe('check on several threads', () => {
  it('prints exactly what one thread prints, in every format', { timeout: 120_000 }, () => {
    const dir = bigTree();
    const { targets } = collectTargets(['.'], dir, new ConfigResolver(dir));
    expect(targets.reduce((n, t) => n + readFileSync(t.path).length, 0)).toBeGreaterThan(PARALLEL_MIN_BYTES);
    for (const format of ['text', 'json', 'sarif']) {
      const one = cli(['check', '--format', format, '--jobs', '1', '--no-color'], dir);
      const three = cli(['check', '--format', format, '--jobs', '3', '--no-color'], dir);
      expect(one.stdout.length).toBeGreaterThan(1000);
      expect(three).toEqual(one);
      expect(one.status).toBe(1);
    }
  });

  it('--fix writes the same files', { timeout: 120_000 }, () => {
    const a = bigTree();
    const b = bigTree();
    const one = cli(['check', '--fix', '--jobs', '1', '--no-color'], a);
    const two = cli(['check', '--fix', '--jobs', '2', '--no-color'], b);
    expect(two.stdout).toBe(one.stdout);
    expect(readFileSync(join(b, 'fix/Dockerfile'), 'utf8')).toBe('FROM node:22\nCOPY . /app\nCOPY src /src\n');
    expect(readFileSync(join(a, 'fix/Dockerfile'), 'utf8')).toBe(readFileSync(join(b, 'fix/Dockerfile'), 'utf8'));
  });

  it('shares the files between a worker and the main thread; falls back to the main thread when a worker cannot start, and stays on it for small runs', async () => {
    const dir = bigTree();
    const { targets } = collectTargets(['.'], dir, new ConfigResolver(dir));
    const sequential = targets.map((t) => plainReport(analyseFile(t, 'none')));
    // Reports cross threads as plain data.
    expect(structuredClone(sequential)).toEqual(sequential);
    const stats = { workers: 0, main: 0 };
    const parallel = await analyseInParallel(targets, 'none', CLI, 2, stats);
    expect(parallel.map(plainReport)).toEqual(sequential);
    expect(stats.workers).toBeGreaterThan(0);
    expect(stats.main).toBeGreaterThan(0);
    expect(stats.workers + stats.main).toBe(targets.length);

    const fallback = { workers: 0, main: 0 };
    const broken = await analyseInParallel(targets, 'none', join(dir, 'no-such-worker.js'), 2, fallback);
    expect(broken.map(plainReport)).toEqual(sequential);
    expect(fallback).toEqual({ workers: 0, main: targets.length });
    const small = targets.filter((t) => t.path.endsWith('Dockerfile')).slice(0, 3);
    const few = await analyseInParallel(small, 'none', CLI, 2);
    expect(few.map(plainReport)).toEqual(small.map((t) => plainReport(analyseFile(t, 'none'))));
    expect(small.reduce((n, t) => n + readFileSync(t.path).length, 0)).toBeLessThan(PARALLEL_MIN_BYTES);
  });
});
