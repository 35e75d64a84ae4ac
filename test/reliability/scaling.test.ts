/**
 * The model helpers rules call at every instruction take linear time over a
 * whole Dockerfile. Each shape below once made them quadratic or worse (every
 * RUN re-walked its stage for the ENV values; every installed package was
 * compared with every RUN; every `npm install` looked for a later `npm prune`
 * from the start; every ENV line rebuilt the variable scope): 10,000
 * instructions took minutes. The bounds are generous for a shared CI machine
 * and still far below what a quadratic walk needs.
 */
import { describe, expect, it } from 'vitest';
import { languages } from '../../server/src/engine/registry';
import { runRules } from '../../server/src/engine/run';
import { environmentAt, installedPackages } from '../../server/src/languages/dockerfile/packages';
import worldWritable from '../../server/src/languages/dockerfile/rules/world-writable';
import { variablesAt } from '../../server/src/languages/dockerfile/variables';

const { language } = languages.dockerfile;
const N = 10_000;

function dockerfile(line: (k: number) => string): string {
  return `FROM ubuntu:24.04\n${Array.from({ length: N }, (_, k) => line(k)).join('')}USER 1000\n`;
}

function ms(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

describe('linear model helpers', () => {
  it('environmentAt at every instruction of a stage with 10,000 ENV lines', () => {
    const model = language.parse(dockerfile((k) => `ENV V_${k % 50}=${k}\nRUN true\n`));
    let last = new Map<string, string>();
    const time = ms(() => {
      for (const instruction of model.instructions) last = environmentAt(model, instruction);
    });
    expect(last.get('V_49')).toBe(String(N - 1));
    expect(last.size).toBe(50);
    // Callers may change the map they get.
    last.set('X', '1');
    expect(environmentAt(model, model.instructions[model.instructions.length - 1]).has('X')).toBe(false);
    expect(time).toBeLessThan(5_000);
  });

  it('installedPackages of a stage with 10,000 apt-get installs and purges', () => {
    const model = language.parse(dockerfile((k) => (k % 2 === 0 ? `RUN apt-get install -y gcc${k}\n` : `RUN apt-get purge -y gcc${k - 1}\n`)));
    let packages: ReturnType<typeof installedPackages> = [];
    const time = ms(() => {
      packages = installedPackages(model, model.finalStage!);
    });
    expect(packages).toHaveLength(N / 2);
    expect(packages.every((p) => p.removed && p.removedBy === model.instructions[model.instructions.indexOf(p.instruction) + 1])).toBe(true);
    expect(time).toBeLessThan(5_000);
  });

  it('variablesAt after 10,000 ENV lines that refer to each other', () => {
    const model = language.parse(dockerfile((k) => (k === 0 ? 'ENV V_0=a\n' : `ENV V_${k}=$V_${k - 1}\n`)));
    let vars = new Map<string, string | undefined>();
    const time = ms(() => {
      vars = variablesAt(model, model.finalStage!);
    });
    expect(vars.get(`V_${N - 1}`)).toBe('a');
    expect(time).toBeLessThan(5_000);
  });

  it('world-writable over 10,000 RUN chmod 777 with ENV between them', () => {
    const model = language.parse(dockerfile((k) => `ENV D_${k % 20}=/srv/${k}\nRUN chmod 777 $D_${k % 20}\n`));
    let findings = 0;
    const time = ms(() => {
      findings = runRules(language, model, [worldWritable], {}, {}).findings.length;
    });
    expect(findings).toBe(N);
    expect(time).toBeLessThan(5_000);
  });
});
