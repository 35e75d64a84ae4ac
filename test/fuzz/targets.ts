/**
 * What the fuzzer feeds each language service: its real corpus (vendored
 * under test/corpus), the mutations that make sense for its syntax, a
 * generator of whole files, and settings/environments. Every service of the
 * registry must have a target (fuzz.test.ts fails otherwise), so a new
 * language is fuzzed the same way as soon as it is registered.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { allMeta } from '../../server/src/engine/registry';
import type { EngineSettings } from '../../server/src/engine/run';
import type { Environment, LanguageId, SeveritySetting } from '../../server/src/engine/types';
import { dockerfileMutations, generatedDockerfile, generatedManifest, yamlMutations } from './generators';
import { genericMutations, type Mutation } from './mutations';

const CORPUS = join(__dirname, '../corpus');

/** Corpus files up to this size are mutated (the two huge manifests are checked whole by test/corpus, and would make each case slow). */
const MAX_CORPUS_FILE = 40_000;

export interface CorpusFile {
  name: string;
  text: string;
}

function corpus(dir: string): CorpusFile[] {
  let names: string[];
  try {
    names = readdirSync(join(CORPUS, dir)).sort();
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, text: readFileSync(join(CORPUS, dir, name), 'utf8') }))
    .filter((f) => f.text.length <= MAX_CORPUS_FILE);
}

export interface FuzzTarget {
  corpus: CorpusFile[];
  mutations: fc.Arbitrary<Mutation>[];
  generated: fc.Arbitrary<{ text: string }>;
  settings: fc.Arbitrary<EngineSettings>;
  env: fc.Arbitrary<Environment>;
}

const severity = fc.constantFrom<SeveritySetting>('off', 'info', 'warning', 'error');

function settingsFor(language: LanguageId): fc.Arbitrary<EngineSettings> {
  const ids = allMeta.filter((m) => m.language === language).map((m) => m.id);
  return fc.record({
    rules: fc.dictionary(fc.constantFrom(...ids), severity, { maxKeys: 4 }),
    options: fc.record(
      {
        trustedRegistries: fc.constantFrom(['gcr.io', 'cgr.dev'], ['docker.io'], ['registry.example.com:5000']),
        kubernetesProfile: fc.constantFrom<'baseline' | 'restricted'>('baseline', 'restricted'),
      },
      { requiredKeys: [] },
    ),
  });
}

const dockerignore = fc.constantFrom<Environment['dockerignore']>(
  undefined,
  null,
  { path: '/w/.dockerignore', content: '.git\n.env\n' },
  { path: '/w/.dockerignore', content: '*\n!src\n' },
  { path: '/w/.dockerignore', content: '' },
);

export function targetFor(language: LanguageId): FuzzTarget | undefined {
  switch (language) {
    case 'dockerfile': {
      const files = corpus('dockerfiles');
      return {
        corpus: files,
        mutations: [...genericMutations(files.map((f) => f.text)), ...dockerfileMutations()],
        generated: generatedDockerfile,
        settings: settingsFor('dockerfile'),
        env: dockerignore.map((d) => (d === undefined ? {} : { dockerignore: d })),
      };
    }
    case 'k8s': {
      const files = corpus('k8s');
      return {
        corpus: files,
        mutations: [...genericMutations(files.map((f) => f.text)), ...yamlMutations()],
        generated: generatedManifest,
        settings: settingsFor('k8s'),
        env: fc.constant({}),
      };
    }
    default:
      return undefined;
  }
}
