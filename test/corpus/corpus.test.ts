/**
 * Every real Dockerfile of the vendored corpus (see SOURCES.md) is checked by
 * every rule without an exception or internal error, and its safe fixes apply
 * cleanly: the fixed text re-parses with no new problems and converges.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkText } from '../../server/src/engine/check';
import { fixAll } from '../../server/src/engine/fixes';
import { languages } from '../../server/src/engine/registry';
import { dockerfileLanguage } from '../../server/src/languages/dockerfile/language';

const dir = join(__dirname, 'dockerfiles');
const files = readdirSync(dir).sort();

describe('real-world corpus', () => {
  it('has the vendored files', () => {
    expect(files.length).toBe(274);
  });

  it('checks every file without an internal error', () => {
    const failures: string[] = [];
    for (const name of files) {
      const text = readFileSync(join(dir, name), 'utf8');
      const { problems } = checkText('dockerfile', text, {}, { dockerignore: null });
      for (const p of problems.filter((p) => p.code === 'internal-error')) failures.push(`${name}: ${p.message}`);
    }
    expect(failures).toEqual([]);
  });

  it('applies safe fixes that re-parse cleanly and converge', () => {
    const failures: string[] = [];
    for (const name of files) {
      const text = readFileSync(join(dir, name), 'utf8');
      const before = dockerfileLanguage.problems(dockerfileLanguage.parse(text)).length;
      const result = fixAll(dockerfileLanguage, text, languages.dockerfile.rules, {}, { dockerignore: null });
      const after = dockerfileLanguage.problems(dockerfileLanguage.parse(result.output)).length;
      if (after > before) failures.push(`${name}: fixes introduced parse problems`);
      if (result.passes >= 10) failures.push(`${name}: fixes did not converge in 10 passes`);
    }
    expect(failures).toEqual([]);
  });
});
