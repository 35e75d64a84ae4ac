/**
 * Property-based fuzzing of every registered language service (see
 * properties.ts for what must hold, targets.ts for what is fed in).
 *
 * `npm test` runs a short, fixed-seed pass (HARDLINE_FUZZ_RUNS cases in all,
 * default 2,000); `npm run fuzz` runs 100,000 cases with a fresh seed (see
 * scripts/fuzz.mjs). Environment:
 *   HARDLINE_FUZZ_RUNS    cases over all targets
 *   HARDLINE_FUZZ_SEED    base seed (each target derives its own from it)
 *   HARDLINE_FUZZ_SHARD   `i/n`: run the i-th of n equal shares (seeds differ per shard)
 *   HARDLINE_FUZZ_REPLAY  `<target>:<seed>:<path>` from a failure report: replay that case only
 *   HARDLINE_FUZZ_LONG    `1` in the long run (set by scripts/fuzz.mjs)
 * A failure prints the seed, the path, the shrunk counterexample and the
 * replay command; the minimal counterexample then goes into regressions.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { services } from '../../server/src/engine/registry';
import type { EngineSettings } from '../../server/src/engine/run';
import type { LanguageService } from '../../server/src/engine/service';
import type { Environment } from '../../server/src/engine/types';
import { minimize } from './minimize';
import { knownIssue } from './known';
import { checkDocument, PropertyViolation } from './properties';
import { targetFor } from './targets';

const TOTAL = Number(process.env.HARDLINE_FUZZ_RUNS ?? 2000);
const BASE_SEED = Number(process.env.HARDLINE_FUZZ_SEED ?? 20_250_101);
const [SHARD, SHARDS] = (process.env.HARDLINE_FUZZ_SHARD ?? '1/1').split('/').map(Number);
const REPLAY = process.env.HARDLINE_FUZZ_REPLAY;
/** The long run (scripts/fuzz.mjs): even shares, more findings per case, progress lines, no timeouts. */
const LONG = process.env.HARDLINE_FUZZ_LONG === '1';

/** A stable number per target name, so each target has its own seed. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Share of the cases per kind of input. Generated manifests cost several
 * times a mutated Dockerfile (more findings, each with suggestions), so the
 * short run gives them fewer cases; the long run splits evenly.
 */
const WEIGHTS: Record<string, number> = LONG ? {} : { 'k8s/generated': 0.4 };
const names = services.flatMap((s) => [`${s.id}/mutated`, `${s.id}/generated`]);
const weightSum = names.reduce((sum, n) => sum + (WEIGHTS[n] ?? 1), 0);
const runsFor = (name: string) => Math.max(1, Math.round((TOTAL * (WEIGHTS[name] ?? 1)) / weightSum / SHARDS));

/** Per case: which findings get their fixes applied and re-checked (each costs a parse); more in the long run. */
const focus = fc.array(fc.nat(), { minLength: 1, maxLength: LONG ? 2 : 1 });

interface Case {
  text: string;
  settings: EngineSettings;
  env: Environment;
  focus: number[];
}

/** Run a property over `cases`; on failure report seed, path, replay command and the minimised input. */
function run(name: string, service: LanguageService, cases: fc.Arbitrary<Case>): void {
  const known = new Map<string, number>();
  const property = fc.property(cases, ({ text, settings, env, focus }) => {
    try {
      checkDocument(service, text, { settings, env, focus });
    } catch (error) {
      const issue = error instanceof PropertyViolation ? knownIssue(service.id, error, text) : undefined;
      if (!issue) throw error;
      known.set(issue.note, (known.get(issue.note) ?? 0) + 1);
    }
  });
  let seed = (BASE_SEED + hash(name) + (SHARD - 1) * 7919) | 0;
  let path: string | undefined;
  if (REPLAY) {
    const [target, s, ...p] = REPLAY.split(':');
    if (target !== name) return;
    seed = Number(s);
    path = p.join(':');
  }
  const started = performance.now();
  const details = fc.check(property, { seed, path, numRuns: runsFor(name) });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (details.failed) {
    const where = `${name}:${details.seed}:${details.counterexamplePath}`;
    let minimal = '';
    const failing = details.counterexample?.[0];
    if (failing) {
      const { settings, env } = failing;
      const reduced = minimize((text) => checkDocument(service, text, { settings, env }), failing.text);
      let why = '';
      try {
        checkDocument(service, reduced.text, { settings, env });
      } catch (error) {
        why = error instanceof Error ? error.message : String(error);
      }
      minimal = `\nMinimal input with settings ${JSON.stringify(settings)} and env ${JSON.stringify(env)}:\n${JSON.stringify(reduced.text)}\n${why}\n`;
    }
    throw new Error(
      `${fc.defaultReportMessage(details) ?? 'property failed'}\n${details.errorInstance instanceof Error ? details.errorInstance.message : ''}\n${minimal}\n` +
        `Replay: ${LONG ? 'HARDLINE_FUZZ_LONG=1 ' : ''}HARDLINE_FUZZ_REPLAY='${where}' npx vitest run test/fuzz/fuzz.test.ts\n` +
        `Then put the minimal counterexample into test/fuzz/regressions.test.ts.`,
    );
  }
  if (LONG || REPLAY) console.log(`fuzz ${name}: ${details.numRuns} cases, seed ${seed}, ${seconds} s`);
  for (const [note, count] of known) console.log(`fuzz ${name}: ${count} cases hit a known issue (test/fuzz/known.ts): ${note}`);
}

describe('fuzzing', () => {
  it('has a fuzz target for every registered language', () => {
    expect(services.filter((s) => !targetFor(s.id)).map((s) => s.id)).toEqual([]);
  });

  for (const service of services) {
    const target = targetFor(service.id);
    if (!target) continue;
    const timeout = LONG ? 24 * 3600_000 : 300_000;

    it(`${service.id}: mutated real files keep every property`, { timeout }, () => {
      expect(target.corpus.length).toBeGreaterThan(0);
      const cases = fc
        .record({
          file: fc.nat({ max: target.corpus.length - 1 }),
          steps: fc.array(fc.oneof(...target.mutations), { minLength: 1, maxLength: 4 }),
          settings: target.settings,
          env: target.env,
          focus,
        })
        .map(({ file, steps, settings, env, focus }) => {
          let text = target.corpus[file].text;
          for (const step of steps) text = step.apply(text);
          const label = `${target.corpus[file].name} with [${steps.map((s) => s.label).join('; ')}]`;
          return { text, settings, env, focus, [fc.toStringMethod]: () => `${label}, settings ${JSON.stringify(settings)}, env ${JSON.stringify(env)}, focus ${focus}` };
        });
      run(`${service.id}/mutated`, service, cases);
    });

    it(`${service.id}: generated files keep every property`, { timeout }, () => {
      const cases = fc.record({ file: target.generated, settings: target.settings, env: target.env, focus }).map(({ file, settings, env, focus }) => ({
        text: file.text,
        settings,
        env,
        focus,
        [fc.toStringMethod]: () => `${JSON.stringify(file.text)}, settings ${JSON.stringify(settings)}, env ${JSON.stringify(env)}, focus ${focus}`,
      }));
      run(`${service.id}/generated`, service, cases);
    });
  }
});
