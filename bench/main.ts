/**
 * Hardline against the language servers people already run, in one process
 * run, servers alternating on every input so machine noise cancels.
 *
 *   npm run bench                      everything; writes bench/RESULTS.md
 *   npm run bench -- --quick           fewer rounds and edits, a corpus sample; writes bench/.out/RESULTS.quick.md
 *   npm run bench -- --only dockerfile,k8s,startup,scheduling,cli,engine
 *   npm run bench -- --generate        only write the generated inputs to bench/inputs/
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver/node';
import { serviceFor, services } from '../server/src/engine/registry';
import { DEBOUNCE_MS } from '../server/src/lsp/diagnostics';
import { corpusCursor, DOCKERFILE_SIZES, generateDockerfile, generateManifest, MANIFEST_SIZES, writeInputs, type Input } from './generate';
import { LspSession, type ServerSpec } from './lsp';
import { fmtMs, fmtRatio, median, percentile, table } from './stats';

const ROOT = resolve(__dirname, '../..');
const OUT = join(ROOT, 'bench/.out');
const INPUTS = join(ROOT, 'bench/inputs');

// ------------------------------------------------------------------ options

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const onlyArg = argv.find((a) => a.startsWith('--only'));
const only = onlyArg ? new Set((onlyArg.includes('=') ? onlyArg.split('=')[1] : argv[argv.indexOf(onlyArg) + 1]).split(',')) : null;
const want = (suite: string) => !only || only.has(suite);

/** Edits per session: `edits` below 10,000 lines, `bigEdits` at 10,000, `hugeEdits` at 50,000 (one round there: each check takes seconds). */
const P = quick
  ? { rounds: 1, edits: 5, bigEdits: 3, hugeEdits: 2, gapMs: 200, codeActions: 3, startupSamples: 3, burstKeys: 15, burstGapMs: 30, corpusStep: 6, cliRuns: 2 }
  : { rounds: 2, edits: 10, bigEdits: 6, hugeEdits: 3, gapMs: 200, codeActions: 5, startupSamples: 8, burstKeys: 20, burstGapMs: 30, corpusStep: 1, cliRuns: 5 };

// ------------------------------------------------------------------ servers

const DOCKER_DIAGNOSTICS = Object.fromEntries(
  [
    'deprecatedMaintainer',
    'directiveCasing',
    'emptyContinuationLine',
    'instructionCasing',
    'instructionCmdMultiple',
    'instructionEntrypointMultiple',
    'instructionHealthcheckMultiple',
    'instructionJSONInSingleQuotes',
    'instructionWorkdirRelative',
  ].map((k) => [k, 'warning']),
);

/**
 * Red Hat YAML as the VS Code extension configures it, with the Kubernetes
 * schema associated to every *.yaml. This machine has no internet: the schema
 * store and the CRD catalogue are switched off (they would only fail to
 * download); what the Kubernetes schema does offline is reported in RESULTS.md.
 */
export const YAML_SETTINGS = {
  validate: true,
  hover: true,
  completion: true,
  format: { enable: false },
  schemas: { kubernetes: '*.yaml' },
  schemaStore: { enable: false },
  kubernetesCRDStore: { enable: false },
  maxItemsComputed: 5000,
  disableDefaultProperties: false,
  yamlVersion: '1.2',
  style: { flowMapping: 'allow', flowSequence: 'allow' },
  keyOrdering: false,
};

const nodeModule = (...p: string[]) => join(ROOT, 'node_modules', ...p);

const SERVERS: Record<string, ServerSpec> = {
  hardline: {
    name: 'hardline',
    script: join(ROOT, 'server/out/server.js'),
    args: ['--stdio'],
    versioned: true,
    configuration: (section) => (section === 'hardline' ? { enable: true, rules: {} } : null),
  },
  'hardline-prod': {
    name: 'hardline-prod',
    script: join(OUT, 'prod/server.js'),
    args: ['--stdio'],
    versioned: true,
    configuration: (section) => (section === 'hardline' ? { enable: true, rules: {} } : null),
  },
  'docker-ls': {
    name: 'docker-ls',
    script: nodeModule('dockerfile-language-server-nodejs/bin/docker-langserver'),
    args: ['--stdio'],
    configuration: (section) =>
      section === 'docker.languageserver.diagnostics'
        ? DOCKER_DIAGNOSTICS
        : section === 'docker.languageserver.formatter'
          ? { ignoreMultilineInstructions: false }
          : null,
  },
  'yaml-ls': {
    name: 'yaml-ls',
    script: nodeModule('yaml-language-server/bin/yaml-language-server'),
    args: ['--stdio'],
    configuration: (section) =>
      section === 'yaml'
        ? YAML_SETTINGS
        : section === 'http'
          ? { proxy: '', proxyStrictSSL: false }
          : section === '[yaml]'
            ? { 'editor.tabSize': 2, 'editor.insertSpaces': true, 'editor.autoIndent': 'keep' }
            : section === 'editor'
              ? { tabSize: 4, detectIndentation: true, insertSpaces: true }
              : null,
  },
  floor: {
    name: 'floor',
    script: join(OUT, 'floor-server.js'),
    args: ['--stdio'],
    versioned: true,
    configuration: () => null,
  },
};

const hardlineHasK8s = services.some((s) => s.id !== 'dockerfile');

// ------------------------------------------------------------------ helpers

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const log = (s: string) => process.stderr.write(`${s}\n`);
const uriOf = (path: string) => pathToFileURL(path).href;
const languageIdOf = (input: Input) => (input.language === 'dockerfile' ? 'dockerfile' : 'yaml');
/** What is typed, one character at a time: a package name in a RUN list, a tag suffix in an image value. */
const TYPED = { dockerfile: ' python3-venv libxml2-utils', k8s: '-rc.20240117.build' };

interface Burst {
  keys: number;
  /** Publishes for the document between the first key and the final diagnostics. */
  publishes: number;
  /** Last key → diagnostics of the last version (unversioned: the last publish before 1 s of silence). */
  lastKeyMs: number;
}

interface SessionResult {
  server: string;
  input: string;
  round: number;
  startupMs: number;
  openMs: number;
  edits: number[];
  codeActions: number[];
  rssKiB?: number;
  diagnostics: number;
  burst?: Burst;
  error?: string;
}

function peerFor(language: Input['language']): string {
  return language === 'dockerfile' ? 'docker-ls' : 'yaml-ls';
}

/** One server, one input: start, open, a series of spaced single-character edits, code actions, a burst, peak RSS. */
async function runSession(spec: ServerSpec, input: Input, path: string, round: number, opts: { burst: boolean; edits: number }): Promise<SessionResult> {
  const result: SessionResult = { server: spec.name, input: input.name, round, startupMs: NaN, openMs: NaN, edits: [], codeActions: [], diagnostics: 0 };
  const session = await LspSession.start(spec, uriOf(INPUTS));
  try {
    result.startupMs = session.startupMs;
    await sleep(300); // configuration pulls and registrations settle; not timed
    const uri = uriOf(path);
    const opened = await session.open(uri, languageIdOf(input), input.text);
    result.openMs = opened.ms;
    let diagnostics = opened.diagnostics;
    const at = { ...input.cursor };
    const typed = TYPED[input.language];
    for (let i = 0; i < opts.edits; i++) {
      await sleep(P.gapMs);
      const r = await session.type(uri, at, typed[i % typed.length]);
      at.character++;
      result.edits.push(r.ms);
      diagnostics = r.diagnostics;
    }
    result.diagnostics = diagnostics.length;
    // Code actions where the user would ask: on a diagnostic (the one nearest the cursor), else on the cursor line.
    const target = nearest(diagnostics, at.line);
    const range = target?.range ?? { start: { line: at.line, character: 0 }, end: { line: at.line, character: 0 } };
    for (let i = 0; i < P.codeActions; i++) result.codeActions.push((await session.codeAction(uri, range, target ? [target] : [])).ms);
    if (opts.burst) {
      await sleep(P.gapMs);
      result.burst = await burst(session, uri, at, typed);
    }
    result.rssKiB = session.peakRssKiB();
  } catch (error) {
    result.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
    log(`  ! ${spec.name} ${input.name}: ${result.error}`);
  } finally {
    await session.stop();
  }
  return result;
}

function nearest(diagnostics: Diagnostic[], line: number): Diagnostic | undefined {
  let best: Diagnostic | undefined;
  for (const d of diagnostics) if (!best || Math.abs(d.range.start.line - line) < Math.abs(best.range.start.line - line)) best = d;
  return best;
}

/** Type `keys` characters `burstGapMs` apart; time from the last key to the diagnostics that include it. */
async function burst(session: LspSession, uri: string, at: { line: number; character: number }, typed: string): Promise<Burst> {
  const start = performance.now();
  let version = 0;
  let lastKey = 0;
  for (let i = 0; i < P.burstKeys; i++) {
    if (i > 0) await sleep(P.burstGapMs);
    lastKey = performance.now();
    version = await session.change(uri, { start: at, end: at }, typed[i % typed.length]);
    at.character++;
  }
  let final: number;
  if (session.spec.versioned) {
    final = (await session.nextPublish(uri, start, version, 60_000)).at;
  } else {
    // No versions: wait for the first publish after the last key, then for 1 s of silence; the last publish is the final one.
    await session.nextPublish(uri, lastKey, undefined, 60_000);
    for (;;) {
      const list = session.publishes.get(uri)!;
      const last = list[list.length - 1].at;
      if (performance.now() - last >= 1000) break;
      await sleep(100);
    }
    const list = session.publishes.get(uri)!;
    final = list[list.length - 1].at;
  }
  const publishes = (session.publishes.get(uri) ?? []).filter((p) => p.at >= start && p.at <= final).length;
  return { keys: P.burstKeys, publishes, lastKeyMs: final - lastKey };
}

/** Each server opens every file in turn (one process each): didOpen → diagnostics, then one character typed → diagnostics. */
async function runCorpus(spec: ServerSpec, files: Input[], paths: string[]): Promise<{ open: number[]; edit: number[]; rssKiB?: number; errors: number }> {
  const open: number[] = [];
  const edit: number[] = [];
  let errors = 0;
  const session = await LspSession.start(spec, uriOf(ROOT));
  try {
    await sleep(300);
    for (let i = 0; i < files.length; i++) {
      const input = files[i];
      const uri = uriOf(paths[i]);
      try {
        open.push((await session.open(uri, languageIdOf(input), input.text, 30_000)).ms);
        edit.push((await session.type(uri, input.cursor, input.language === 'dockerfile' ? ' ' : 'x', 30_000)).ms);
      } catch (error) {
        errors++;
        log(`  ! ${spec.name} ${input.name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
      await session.close(uri);
    }
    return { open, edit, rssKiB: session.peakRssKiB(), errors };
  } finally {
    await session.stop();
  }
}

function corpusInputs(dir: string, language: Input['language']): { inputs: Input[]; paths: string[] } {
  const names = readdirSync(dir)
    .filter((n) => language === 'dockerfile' || /\.ya?ml$/.test(n))
    .sort()
    .filter((_, i) => i % P.corpusStep === 0);
  const paths = names.map((n) => join(dir, n));
  const inputs = paths.map((p, i) => {
    const text = readFileSync(p, 'utf8');
    return { name: names[i], language, text, lines: text.split('\n').length, cursor: corpusCursor(text, language), generated: false } satisfies Input;
  });
  return { inputs, paths };
}

function k8sCorpusDir(): string {
  const vendored = join(ROOT, 'test/corpus/k8s');
  return existsSync(vendored) ? vendored : '/work/shared/corpus/k8s';
}

// ------------------------------------------------------------------ suites

const md: string[] = [];
const notes: string[] = [];
const targets: { target: string; measured: string; met: boolean | null }[] = [];

function target(name: string, measured: string, met: boolean | null): void {
  targets.push({ target: name, measured, met });
}

/** Orders servers A B C, C B A, … so that drift in machine load cancels across rounds. */
function order<T>(items: T[], round: number): T[] {
  return round % 2 === 0 ? items : [...items].reverse();
}

async function suiteLanguage(language: Input['language']): Promise<void> {
  const peer = peerFor(language);
  const servers = ['hardline', peer, 'floor'];
  const sizes = language === 'dockerfile' ? DOCKERFILE_SIZES : MANIFEST_SIZES;
  const inputs = sizes.map((n) => (language === 'dockerfile' ? generateDockerfile(n) : generateManifest(n)));
  const title = language === 'dockerfile' ? 'Dockerfiles' : 'Kubernetes manifests';
  log(`\n== ${title}: ${servers.join(', ')}`);
  const results: SessionResult[] = [];
  for (const input of inputs) {
    const path = join(INPUTS, input.name);
    const rounds = input.lines >= 50_000 ? 1 : P.rounds;
    for (let round = 0; round < rounds; round++) {
      for (const name of order(servers, round)) {
        const edits = input.lines >= 50_000 ? P.hugeEdits : input.lines >= 10_000 ? P.bigEdits : P.edits;
        const burstHere = input.lines >= 1_000 && input.lines <= 10_000 && round === 0;
        const r = await runSession(SERVERS[name], input, path, round, { burst: burstHere, edits });
        results.push(r);
        log(`  ${input.name.padEnd(22)} r${round} ${name.padEnd(9)} open ${fmtMs(r.openMs)}  edit p50 ${fmtMs(median(r.edits))}  rss ${r.rssKiB ? Math.round(r.rssKiB / 1024) : '?'} MiB`);
      }
    }
  }

  const pick = (server: string, input: string) => results.filter((r) => r.server === server && r.input === input && !r.error);
  const edits = (server: string, input: string) => pick(server, input).flatMap((r) => r.edits);
  const rows: string[][] = [];
  const ratiosPeer: number[] = [];
  const ratiosFloor: number[] = [];
  for (const input of inputs) {
    for (const server of servers) {
      const rs = pick(server, input.name);
      const e = edits(server, input.name);
      const rss = Math.max(...rs.map((r) => r.rssKiB ?? 0));
      const failed = results.filter((r) => r.server === server && r.input === input.name && r.error).length;
      rows.push([
        input.lines.toLocaleString('en'),
        server,
        fmtMs(median(rs.map((r) => r.openMs))),
        fmtMs(percentile(e, 50)),
        fmtMs(percentile(e, 95)),
        fmtMs(Math.max(...e)),
        fmtMs(median(rs.flatMap((r) => r.codeActions))),
        rs[0]?.burst ? `${fmtMs(rs[0].burst.lastKeyMs)} (${rs[0].burst.publishes}/${rs[0].burst.keys})` : '',
        rss ? `${(rss / 1024).toFixed(0)}` : '',
        failed ? `${failed} failed` : '',
      ]);
    }
    const h = percentile(edits('hardline', input.name), 50);
    const rp = h / percentile(edits(peer, input.name), 50);
    const rf = h / percentile(edits('floor', input.name), 50);
    ratiosPeer.push(rp);
    ratiosFloor.push(rf);
  }
  md.push(`## ${title}`, '');
  md.push(
    `Generated inputs (bench/generate.ts, seeded). ${P.rounds} round(s) per input, servers alternating (${servers.join(' → ')}, then reversed). ` +
      `Edits: single characters typed ${language === 'dockerfile' ? 'into a RUN package list' : 'into a container image value'} near the middle of the file, ` +
      `${P.gapMs} ms apart (a typing pause), each waiting for its own diagnostics; ${P.edits} per session (${P.bigEdits} at 10,000 lines, ${P.hugeEdits} at 50,000 lines, one round there). ` +
      `Burst (1,000 and 10,000 lines): ${P.burstKeys} keys ${P.burstGapMs} ms apart, time from the last key to the diagnostics that include it, and publishes/keys.`,
    '',
  );
  md.push(
    table(['lines', 'server', 'open→diag p50', 'edit→diag p50', 'p95', 'max', 'codeAction p50', 'burst: last key→diag (publishes/keys)', 'peak RSS MiB', ''], rows),
    '',
  );
  const ratioRows = inputs.map((input, i) => [input.lines.toLocaleString('en'), fmtRatio(ratiosPeer[i]), fmtRatio(ratiosFloor[i])]);
  ratioRows.push(['median', fmtRatio(median(ratiosPeer)), fmtRatio(median(ratiosFloor))]);
  md.push(table(['lines', `edit→diag p50 hardline / ${peer}`, 'hardline / floor'], ratioRows), '');

  // Linear growth: open→diag (a full check) at each 10× step.
  const openP50 = inputs.map((input) => median(pick('hardline', input.name).map((r) => r.openMs)));
  const steps = inputs.slice(1).map((input, i) => `${inputs[i].lines.toLocaleString('en')}→${input.lines.toLocaleString('en')}: ×${(openP50[i + 1] / openP50[i]).toFixed(1)}`);
  md.push(`Hardline open→diag growth per step: ${steps.join(', ')} (transport included; the engine-only figures are in "Engine").`, '');

  const idx = (n: number) => inputs.findIndex((i) => i.lines === n);
  if (language === 'dockerfile') {
    for (const n of [1_000, 10_000]) {
      const r = ratiosPeer[idx(n)];
      target(`Dockerfile ${n.toLocaleString('en')} lines: edit→diag p50 ≤ 0.25× docker-ls`, fmtRatio(r), r <= 0.25);
    }
    const rf = ratiosFloor[idx(1_000)];
    target('Dockerfile 1,000 lines: edit→diag p50 ≤ 3× floor', fmtRatio(rf), rf <= 3);
  } else {
    for (const n of [10_000, 50_000]) {
      const r = ratiosPeer[idx(n)];
      target(`Manifest ${n.toLocaleString('en')} lines: edit→diag p50 ≤ 0.1× yaml-ls`, fmtRatio(r), r <= 0.1);
    }
    const rss = Math.max(...pick('hardline', inputs[idx(50_000)].name).map((r) => r.rssKiB ?? 0)) / 1024;
    target('Manifest 50,000 lines: Hardline peak RSS ≤ 150 MiB', `${rss.toFixed(0)} MiB`, rss > 0 && rss <= 150);
  }
  for (const input of inputs) {
    for (const r of pick('hardline', input.name)) {
      if (r.burst && input.lines >= 1_000) {
        const check = median(r.edits) - percentile(edits('floor', input.name), 50);
        const bound = DEBOUNCE_MS + Math.max(check, 0) + 50;
        target(
          `${title} ${input.lines.toLocaleString('en')} lines: burst coalesced, last key → diag ≤ debounce + one check`,
          `${r.burst.publishes} publishes for ${r.burst.keys} keys; ${fmtMs(r.burst.lastKeyMs)} (debounce ${DEBOUNCE_MS} ms + check ≈${fmtMs(check)})`,
          r.burst.publishes < r.burst.keys / 2 && r.burst.lastKeyMs <= bound,
        );
      }
    }
  }
}

async function suiteCorpus(language: Input['language']): Promise<void> {
  const dir = language === 'dockerfile' ? join(ROOT, 'test/corpus/dockerfiles') : k8sCorpusDir();
  const { inputs, paths } = corpusInputs(dir, language);
  const peer = peerFor(language);
  const servers = ['hardline', peer, 'floor'];
  log(`\n== corpus ${dir} (${inputs.length} files): ${servers.join(', ')}`);
  const runs: Record<string, { open: number[]; edit: number[]; rss: number; errors: number }> = {};
  for (let round = 0; round < 1; round++) {
    for (const name of order(servers, round)) {
      const r = await runCorpus(SERVERS[name], inputs, paths);
      const acc = (runs[name] ??= { open: [], edit: [], rss: 0, errors: 0 });
      acc.open.push(...r.open);
      acc.edit.push(...r.edit);
      acc.rss = Math.max(acc.rss, r.rssKiB ?? 0);
      acc.errors += r.errors;
      log(`  r${round} ${name.padEnd(9)} open p50 ${fmtMs(median(r.open))}  edit p50 ${fmtMs(median(r.edit))}`);
    }
  }
  const rows = servers.map((s) => [
    s,
    fmtMs(percentile(runs[s].open, 50)),
    fmtMs(percentile(runs[s].open, 95)),
    fmtMs(Math.max(...runs[s].open)),
    fmtMs(percentile(runs[s].edit, 50)),
    fmtMs(percentile(runs[s].edit, 95)),
    fmtMs(Math.max(...runs[s].edit)),
    `${(runs[s].rss / 1024).toFixed(0)}`,
    runs[s].errors ? String(runs[s].errors) : '',
  ]);
  const lines = inputs.map((i) => i.lines);
  md.push(
    `### Real ${language === 'dockerfile' ? 'Dockerfiles' : 'manifests'}: ${inputs.length} files of ${dir.replace(ROOT + '/', '')} (${Math.min(...lines)}–${Math.max(...lines).toLocaleString('en')} lines)`,
    '',
    'One server process opens every file in turn: didOpen → diagnostics, then one character typed at once → diagnostics, then didClose.',
    '',
    table(['server', 'open p50', 'open p95', 'open max', 'edit p50', 'edit p95', 'edit max', 'peak RSS MiB', 'errors'], rows),
    '',
    `Ratios (p50): open hardline/${peer} ${fmtRatio(percentile(runs.hardline.open, 50) / percentile(runs[peer].open, 50))}, ` +
      `edit hardline/${peer} ${fmtRatio(percentile(runs.hardline.edit, 50) / percentile(runs[peer].edit, 50))}, ` +
      `edit hardline/floor ${fmtRatio(percentile(runs.hardline.edit, 50) / percentile(runs.floor.edit, 50))}.`,
    '',
  );
}

async function suiteStartup(): Promise<void> {
  const names = ['hardline', 'hardline-prod', 'docker-ls', 'yaml-ls', 'floor'];
  log(`\n== startup: ${names.join(', ')}`);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < P.startupSamples; i++) {
    for (const name of order(names, i)) {
      const s = await LspSession.start(SERVERS[name], uriOf(INPUTS));
      samples[name].push(s.startupMs);
      log(`  ${name.padEnd(13)} ${fmtMs(s.startupMs)}`);
      await s.stop();
    }
  }
  const floor = median(samples.floor);
  md.push(
    '## Startup (spawn → initialize result)',
    '',
    `${P.startupSamples} samples per server, alternating. \`hardline\` is server/out/server.js (\`npm run build\`), \`hardline-prod\` the minified production bundle (\`npm run build:production\`, what the VSIX ships).`,
    '',
    table(
      ['server', 'p50', 'min', 'max', 'p50 − floor'],
      names.map((n) => [n, fmtMs(median(samples[n])), fmtMs(Math.min(...samples[n])), fmtMs(Math.max(...samples[n])), fmtMs(median(samples[n]) - floor)]),
    ),
    '',
  );
  for (const n of ['hardline', 'hardline-prod']) {
    const d = median(samples[n]) - floor;
    target(`Startup ${n} ≤ floor + 60 ms`, `floor ${d < 0 ? '−' : '+'} ${fmtMs(Math.abs(d))}`, d <= 60);
  }
}

/** Hardline only, with its trace on: which documents an edit re-checks, and how a burst is coalesced. */
async function suiteScheduling(): Promise<void> {
  log('\n== scheduling (hardline, trace verbose)');
  const a = generateDockerfile(1_000);
  const b = generateDockerfile(1_000, 7);
  const uriA = uriOf(join(INPUTS, 'sched-a.Dockerfile'));
  const uriB = uriOf(join(INPUTS, 'sched-b.Dockerfile'));
  const session = await LspSession.start(SERVERS.hardline, uriOf(INPUTS), 'verbose');
  try {
    await sleep(300);
    await session.open(uriA, 'dockerfile', a.text);
    await session.open(uriB, 'dockerfile', b.text);
    await sleep(300);
    const checks = (from: number, uri?: string) =>
      session.traces.filter((t) => t.at >= from && /^Checked /.test(t.message) && (!uri || t.message.includes(uri)));
    const traced = checks(0).length > 0;
    // Five spaced edits of A.
    const t0 = performance.now();
    const at = { ...a.cursor };
    for (let i = 0; i < 5; i++) {
      await sleep(P.gapMs);
      await session.type(uriA, at, 'x');
      at.character++;
    }
    await sleep(DEBOUNCE_MS + 200);
    const ofA = checks(t0, uriA);
    const ofB = checks(t0, uriB);
    const parsedA = ofA.filter((t) => /\bparsed\b/.test(t.message)).length;
    // A burst.
    await sleep(P.gapMs);
    const t1 = performance.now();
    const burstResult = await burst(session, uriA, at, 'abcdefghijklmnopqrstuvwxyz');
    await sleep(DEBOUNCE_MS + 200);
    const burstChecks = checks(t1, uriA);
    const durations = burstChecks.map((t) => Number(/in ([\d.]+) ms/.exec(t.message)?.[1] ?? NaN));
    const maxCheck = Math.max(...durations);
    md.push(
      '## Scheduling (Hardline, with `$/logTrace` on)',
      '',
      traced
        ? [
            `- Two 1,000-line Dockerfiles open, five spaced edits of A: A checked ${ofA.length}× (${parsedA} parses), B checked ${ofB.length}×.`,
            `- Burst of ${burstResult.keys} keys ${P.burstGapMs} ms apart: ${burstChecks.length} checks, ${burstResult.publishes} publishes; ` +
              `last key → its diagnostics ${fmtMs(burstResult.lastKeyMs)}; debounce ${DEBOUNCE_MS} ms, slowest check ${fmtMs(maxCheck)}.`,
          ].join('\n')
        : '- The server sent no check traces (no `Checked …` in `$/logTrace`): not measured.',
      '',
    );
    if (traced) {
      target('One edit never re-checks other open documents', `other document checked ${ofB.length}× after 5 edits; edited one ${ofA.length}× (${parsedA} parses)`, ofB.length === 0 && ofA.length === 5 && parsedA === 5);
      target(
        'Burst coalesced; last key → diag ≤ debounce + one check',
        `${burstChecks.length} checks for ${burstResult.keys} keys; ${fmtMs(burstResult.lastKeyMs)} ≤ ${DEBOUNCE_MS} + ${fmtMs(maxCheck)} (+ transport)`,
        burstChecks.length <= 3 && burstResult.lastKeyMs <= DEBOUNCE_MS + maxCheck + 30,
      );
    } else {
      target('One edit never re-checks other open documents', 'not measured (no trace)', null);
    }
  } finally {
    await session.stop();
  }
}

/** Parse + rules in process, no transport: the engine's own cost per size. */
async function suiteEngine(): Promise<void> {
  log('\n== engine (in process)');
  const inputs = [...DOCKERFILE_SIZES.map((n) => generateDockerfile(n)), ...(hardlineHasK8s ? MANIFEST_SIZES.map((n) => generateManifest(n)) : [])];
  const rows: string[][] = [];
  let prev: { language: string; ms: number } | null = null;
  for (const input of inputs) {
    const service = serviceFor(input.name, languageIdOf(input))!;
    const runs = Math.max(3, Math.min(30, Math.round(200_000 / input.lines)));
    const parse: number[] = [];
    const check: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const doc = service.parse(input.text);
      const t1 = performance.now();
      doc.run({}, {});
      const t2 = performance.now();
      parse.push(t1 - t0);
      check.push(t2 - t0);
    }
    const ms = median(check);
    const step = prev && prev.language === input.language ? `×${(ms / prev.ms).toFixed(1)}` : '';
    prev = { language: input.language, ms };
    rows.push([input.language, input.lines.toLocaleString('en'), fmtMs(median(parse)), fmtMs(ms), step, (ms / (input.lines / 1000)).toFixed(2)]);
  }
  md.push(
    '## Engine (parse + all rules, in process, no transport)',
    '',
    'Median of several runs in one warmed-up process; the step column is the growth for a 10× larger input (linear = ×10).',
    '',
    table(['language', 'lines', 'parse', 'parse + rules', 'step', 'ms per 1,000 lines'], rows),
    '',
  );
}

/** Every Dockerfile of the corpus named explicitly (their corpus names are not Dockerfile names), the manifests by folder walk. */
function suiteCli(): void {
  const dockerDir = join(ROOT, 'test/corpus/dockerfiles');
  const k8sDir = k8sCorpusDir();
  const dockerfiles = readdirSync(dockerDir)
    .sort()
    .map((n) => join(dockerDir, n));
  const args = ['check', ...dockerfiles, ...(hardlineHasK8s ? [k8sDir] : []), '--format', 'json', '--fail-on', 'none'];
  log(`\n== CLI: hardline check <${dockerfiles.length} Dockerfiles> ${hardlineHasK8s ? k8sDir : ''}`);
  const cli = join(ROOT, 'server/out/cli.js');
  // CPU time of the CLI process, reported by a preloaded exit hook (the machine is shared: wall time is noisy).
  const preload = join(OUT, 'cpu-preload.js');
  writeFileSync(preload, "process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeSync(2, `\\nHARDLINE_BENCH_CPU ${(u.user + u.system) / 1000}\\n`); });\n");
  const run = (argv: string[]) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--require', preload, cli, ...argv], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const wall = performance.now() - t0;
    const cpu = Number(/HARDLINE_BENCH_CPU ([\d.]+)/.exec(r.stderr)?.[1] ?? NaN);
    return { r, wall, cpu };
  };
  const walls: number[] = [];
  const cpus: number[] = [];
  let files = 0;
  let byLanguage = '';
  for (let i = 0; i < P.cliRuns; i++) {
    const { r, wall, cpu } = run(args);
    if (r.status !== 0) throw new Error(`hardline check exited ${r.status}: ${r.stderr}`);
    walls.push(wall);
    cpus.push(cpu);
    const out = JSON.parse(r.stdout) as { files: { language: string }[] };
    files = out.files.length;
    const counts = new Map<string, number>();
    for (const f of out.files) counts.set(f.language, (counts.get(f.language) ?? 0) + 1);
    byLanguage = [...counts].map(([l, n]) => `${n} ${l}`).join(', ');
  }
  const startWall: number[] = [];
  const startCpu: number[] = [];
  for (let i = 0; i < P.cliRuns; i++) {
    const { wall, cpu } = run(['--version']);
    startWall.push(wall);
    startCpu.push(cpu);
  }
  const wall = median(walls);
  const cpu = median(cpus);
  md.push(
    '## CLI throughput',
    '',
    `\`node server/out/cli.js check <the ${dockerfiles.length} files of test/corpus/dockerfiles> ${hardlineHasK8s ? k8sDir.replace(ROOT + '/', '') : ''} --format json\`: ` +
      `whole process, median of ${P.cliRuns} runs. CPU = user + system time of the CLI process (less sensitive to other load than wall time).`,
    '',
    table(
      ['files checked', 'wall', 'CPU', 'process start (`--version`) wall / CPU', 'per file: (wall − start) / files', 'CPU per file'],
      [
        [
          `${files} (${byLanguage})`,
          fmtMs(wall),
          fmtMs(cpu),
          `${fmtMs(median(startWall))} / ${fmtMs(median(startCpu))}`,
          fmtMs((wall - median(startWall)) / Math.max(files, 1)),
          fmtMs((cpu - median(startCpu)) / Math.max(files, 1)),
        ],
      ],
    ),
    '',
  );
  target(`CLI: whole corpus (${files} files) ≤ 1.5 s wall`, `${fmtMs(wall)} wall, ${fmtMs(cpu)} CPU`, wall <= 1500);
}

// ------------------------------------------------------------------ report

function machine(): string[] {
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  const pkg = (name: string) => (JSON.parse(readFileSync(nodeModule(name, 'package.json'), 'utf8')) as { version: string }).version;
  return [
    `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}${commit ? `, commit ${commit}` : ''}`,
    `- Node ${process.version}, ${process.platform}/${process.arch}`,
    `- Machine: ${cpus().length} CPUs (nproc), ${cpus()[0]?.model ?? 'unknown model'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM (${(freemem() / 2 ** 30).toFixed(0)} GiB free at start)`,
    `- Load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    `- Peers: dockerfile-language-server-nodejs ${pkg('dockerfile-language-server-nodejs')}, yaml-language-server ${pkg('yaml-language-server')}; floor = bench/floor-server.ts`,
    `- Mode: ${quick ? '--quick' : 'full'}${only ? ` (--only ${[...only].join(',')})` : ''}`,
  ];
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  writeInputs(INPUTS);
  if (argv.includes('--generate')) {
    log(`inputs written to ${INPUTS}`);
    return;
  }
  const header = machine();
  const t0 = performance.now();
  if (want('startup')) await suiteStartup();
  if (want('engine')) await suiteEngine();
  if (want('dockerfile')) {
    await suiteLanguage('dockerfile');
    await suiteCorpus('dockerfile');
  }
  if (want('k8s')) {
    if (hardlineHasK8s) {
      await suiteLanguage('k8s');
      await suiteCorpus('k8s');
    } else {
      md.push('## Kubernetes manifests', '', 'Not measured: this build of Hardline does not check Kubernetes manifests yet.', '');
      target('Manifests 10,000/50,000 lines ≤ 0.1× yaml-ls; RSS ≤ 150 MiB', 'not measured (no Kubernetes support in this build)', null);
    }
  }
  if (want('scheduling')) await suiteScheduling();
  if (want('cli')) suiteCli();
  header.push(`- Load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; the run took ${((performance.now() - t0) / 1000).toFixed(0)} s`);

  const doc = [
    '# Benchmark results',
    '',
    'Produced by `npm run bench` (bench/main.ts); do not edit by hand, re-run it. Absolute times are noisy on a shared',
    'machine: read the ratios, which come from the same run with the servers alternating on every input.',
    '',
    ...header,
    '',
    '## Targets',
    '',
    table(
      ['target', 'measured', ''],
      targets.map((t) => [t.target, t.measured, t.met === null ? 'not measured' : t.met ? 'met' : '**missed**']),
    ),
    '',
    ...md,
    ...notes,
  ].join('\n');
  const file = quick || only ? join(OUT, quick ? 'RESULTS.quick.md' : 'RESULTS.partial.md') : join(ROOT, 'bench/RESULTS.md');
  // Hand-written parts: what changed and what it measured (HISTORY.md), how the figures are taken (METHOD.md).
  const extra = ['bench/HISTORY.md', 'bench/METHOD.md']
    .map((p) => join(ROOT, p))
    .filter((p) => existsSync(p))
    .map((p) => `\n${readFileSync(p, 'utf8')}`)
    .join('');
  writeFileSync(file, doc + extra);
  process.stdout.write(`${doc}\n`);
  log(`\nwritten to ${file.replace(ROOT + '/', '')}`);
}

main().catch((error) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
