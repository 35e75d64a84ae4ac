/**
 * `.hardline.yaml` is data and nothing else: code-looking values and YAML
 * language tags are strings or errors, prototype keys pollute nothing,
 * hostile YAML (alias bombs, deep nesting, huge or binary files) ends in a
 * config problem within a bounded time, and a config Hardline cannot use is
 * reported on the file while the defaults apply.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, toEngineSettings } from '../../server/src/engine/config';
import { allMeta } from '../../server/src/engine/registry';
import { loadConfigFile } from '../../server/src/host/context';

const known = new Set(allMeta.map((m) => m.id));
const summary = (text: string) => {
  const { config, problems } = parseConfig(text, known);
  return { config, problems: problems.map((p) => `${p.severity} ${p.code}@${p.range.start.line}:${p.range.start.character} ${p.message}`) };
};

describe('.hardline.yaml is data', () => {
  it('a !!js/function (or any language) tag is an invalid severity, not code', () => {
    const { config, problems } = summary(
      'rules:\n  dockerfile/pin-digest: !!js/function "function () { process.exit(3) }"\n  dockerfile/no-root-user: !!python/object/apply:os.system ["true"]\n  dockerfile/no-sudo: error\n',
    );
    expect(config.rules).toEqual({ 'dockerfile/no-sudo': 'error' });
    expect(problems).toEqual([
      'error config-error@1:39 Rule "dockerfile/pin-digest": expected off, info, warning or error.',
      'error config-error@2:59 Rule "dockerfile/no-root-user": expected off, info, warning or error.',
    ]);
  });

  it('JavaScript-looking values are strings that do not validate', () => {
    const { config, problems } = summary(
      "rules:\n  dockerfile/pin-digest: \"require('child_process').execSync('curl x')\"\ntrustedRegistries: [\"${process.env.HOME}\", \"`id`\"]\nignorePaths: \"eval('1')\"\nmodule.exports: {}\n",
    );
    expect(config).toEqual({ rules: {}, trustedRegistries: ['${process.env.HOME}', '`id`'], ignorePaths: [] });
    expect(problems.map((p) => p.split(' ').slice(0, 2).join(' '))).toEqual(['error config-error@1:25', 'error config-error@3:13', 'warning config-error@4:0']);
  });

  it('prototype keys set nothing and pollute nothing', () => {
    const { config, problems } = summary('rules:\n  __proto__: error\n  constructor: off\n  toString: warning\n__proto__:\n  polluted: yes\n');
    expect(Object.keys(config.rules)).toEqual([]);
    expect(Object.getPrototypeOf(config.rules)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(problems.filter((p) => p.startsWith('warning')).length).toBeGreaterThanOrEqual(3);
    expect(toEngineSettings(config).rules).toEqual({});
  });

  it('an alias bomb and deep nesting end in a problem, quickly', () => {
    const levels = Array.from({ length: 10 }, (_, k) => `l${k}: &l${k} [${k === 0 ? 'x,x,x,x,x,x,x,x,x,x' : Array(10).fill(`*l${k - 1}`).join(',')}]`).join('\n');
    for (const text of [`${levels}\nrules: *l9\n`, `rules: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, `rules:\n${Array.from({ length: 2000 }, (_, k) => `${' '.repeat(k + 1)}k${k}:`).join('\n')}\n`]) {
      const started = performance.now();
      const { problems } = summary(text);
      expect(performance.now() - started).toBeLessThan(5000);
      expect(problems.some((p) => p.startsWith('error'))).toBe(true);
    }
  });

  it('a config file that is binary, huge or unreadable is a problem on the file; defaults apply', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hardline-config-'));
    const binary = join(dir, 'binary.yaml');
    writeFileSync(binary, Buffer.from([0x72, 0x75, 0x6c, 0x65, 0x73, 0x3a, 0x00, 0xff, 0xfe, 0x00]));
    const loaded = loadConfigFile(binary);
    expect(loaded.config).toEqual({ rules: {}, ignorePaths: [] });
    expect(loaded.problems.map((p) => p.message)).toEqual(['This configuration contains binary data (NUL bytes), so it was not read; the defaults apply.']);
    // 7 MB of comments took the YAML parser 24 s: a configuration over 256 KB is not parsed.
    const huge = join(dir, 'huge.yaml');
    writeFileSync(huge, `rules:\n${'  # padding\n'.repeat(600_000)}  dockerfile/no-sudo: error\n`);
    const started = performance.now();
    const big = loadConfigFile(huge);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(big.config).toEqual({ rules: {}, ignorePaths: [] });
    expect(big.problems.map((p) => `${p.severity} ${p.message}`)).toEqual([
      `error This configuration is ${Math.round((7 + 12 * 600_000 + 27) / 1024)} KB; Hardline reads configurations up to 256 KB, so it was not read and the defaults apply.`,
    ]);
    // Just under the limit it is still read.
    const large = join(dir, 'large.yaml');
    writeFileSync(large, `rules:\n${'  # padding\n'.repeat(20_000)}  dockerfile/no-sudo: error\n`);
    expect(loadConfigFile(large).config.rules).toEqual({ 'dockerfile/no-sudo': 'error' });
    const missing = loadConfigFile(join(dir, 'missing.yaml'));
    expect(missing.config).toEqual({ rules: {}, ignorePaths: [] });
    expect(missing.problems[0].message).toMatch(/^Cannot read /);
  });
});
