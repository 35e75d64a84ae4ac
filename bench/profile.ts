/**
 * Where does an edit's time go? Drives Hardline's server (server/out/server.js,
 * run with `--cpu-prof`) through the benchmark's editor scenario on one input:
 * open, then single characters typed at the input's cursor with a typing pause,
 * each waiting for its diagnostics; then code actions at the cursor. Prints the
 * per-edit latency, the server's own check times (its `$/logTrace`), and the
 * functions with the most self time in the CPU profile (written to
 * bench/.out/prof/).
 *
 *   npm run bench:profile -- bench/inputs/gen-1000.Dockerfile [--edits 20] [--gap 200] [--top 30] [--no-profile]
 *
 * `--no-profile`: the same scenario without `--cpu-prof` (its timings and peak RSS without the profiler's cost).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspSession } from './lsp';
import { fmtMs, median, percentile } from './stats';

const ROOT = resolve(__dirname, '../..');
const PROF = join(ROOT, 'bench/.out/prof');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Self time per function (name + file:line), ms, highest first. */
export function selfTimes(profile: CpuProfile): { name: string; ms: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    if (!node) continue;
    const f = node.callFrame;
    const where = f.url ? `${basename(f.url)}:${f.lineNumber + 1}` : '';
    const name = `${f.functionName || '(anonymous)'} ${where}`.trim();
    totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  return [...totals].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
}

async function main(): Promise<void> {
  const file = process.argv.slice(2).find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
  if (!file) {
    console.error('usage: npm run bench:profile -- <input file> [--edits N] [--gap ms] [--top N]');
    process.exit(2);
  }
  const path = resolve(file);
  const text = readFileSync(path, 'utf8');
  const cursorFile = `${path}.cursor.json`;
  const lines = text.split('\n');
  const cursor = existsSync(cursorFile)
    ? (JSON.parse(readFileSync(cursorFile, 'utf8')) as { line: number; character: number })
    : { line: Math.floor(lines.length / 2), character: lines[Math.floor(lines.length / 2)].length };
  const yaml = /\.ya?ml$/.test(path);
  const edits = option('edits', 20);
  const gap = option('gap', 200);
  rmSync(PROF, { recursive: true, force: true });
  mkdirSync(PROF, { recursive: true });

  const session = await LspSession.start(
    {
      name: 'hardline',
      script: join(ROOT, 'server/out/server.js'),
      args: ['--stdio'],
      versioned: true,
      configuration: (section) => (section === 'hardline' ? { enable: true, rules: {} } : null),
      nodeArgs: process.argv.includes('--no-profile') ? [] : ['--cpu-prof', `--cpu-prof-dir=${PROF}`],
    },
    pathToFileURL(join(path, '..')).href,
    'verbose',
  );
  const uri = pathToFileURL(path).href;
  await sleep(300);
  const opened = await session.open(uri, yaml ? 'yaml' : 'dockerfile', text);
  const at = { ...cursor };
  const times: number[] = [];
  for (let i = 0; i < edits; i++) {
    await sleep(gap);
    times.push((await session.type(uri, at, yaml ? 'x' : ' ')).ms);
    at.character++;
  }
  const actions: number[] = [];
  for (let i = 0; i < 5; i++) {
    const range = { start: at, end: at };
    actions.push((await session.codeAction(uri, range, [])).ms);
  }
  const rss = session.peakRssKiB();
  await session.stop();

  const checks = session.traces
    .map((t) => /^Checked .* v(\d+) in ([\d.]+) ms/.exec(t.message))
    .filter((m): m is RegExpExecArray => m !== null && Number(m[1]) > 1)
    .map((m) => Number(m[2]));
  console.log(`${basename(path)}: ${lines.length} lines, ${opened.diagnostics.length} diagnostics; open→diag ${fmtMs(opened.ms)}`);
  console.log(`edit→diag p50 ${fmtMs(median(times))}, p95 ${fmtMs(percentile(times, 95))}; server check p50 ${fmtMs(median(checks))}; codeAction p50 ${fmtMs(median(actions))}; peak RSS ${rss === undefined ? '?' : Math.round(rss / 1024)} MiB`);

  const profiles = readdirSync(PROF).filter((f) => f.endsWith('.cpuprofile'));
  for (const name of profiles) {
    const profile = JSON.parse(readFileSync(join(PROF, name), 'utf8')) as CpuProfile;
    const top = selfTimes(profile).slice(0, option('top', 30));
    const total = profile.timeDeltas.reduce((a, b) => a + b, 0) / 1000;
    console.log(`\n${name} (${fmtMs(total)} sampled, idle included): self time`);
    for (const t of top) console.log(`  ${fmtMs(t.ms).padStart(9)}  ${t.name}`);
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
