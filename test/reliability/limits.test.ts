/**
 * Hostile and large input: every language refuses the same things with the
 * same single information problem (too large, binary), a slow document is cut
 * off by the time budget with a problem saying so, and the CLI agrees with the
 * services (exit code 0: a file we could not check is not a finding).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../server/src/cli/main';
import { fixAll } from '../../server/src/engine/fixes';
import { inputLimitProblem, MAX_DOCUMENT_BYTES, utf8Length } from '../../server/src/engine/limits';
import { services } from '../../server/src/engine/registry';
import { runRules } from '../../server/src/engine/run';
import { defineRule, dockerfileLanguage } from '../../server/src/languages/dockerfile/language';

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const samples: Record<string, string> = {
  dockerfile: 'FROM node:22\nRUN npm ci\n',
  k8s: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - name: a\n      image: nginx\n',
};

function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy: a rule that takes this long
  }
}

describe('input limits, the same for every language', () => {
  it('counts UTF-8 bytes, not UTF-16 units', () => {
    expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4);
    expect(utf8Length('\uD800x')).toBe(3 + 1); // a lone surrogate is written as U+FFFD
  });

  for (const service of services) {
    const sample = samples[service.id];
    it(`${service.id}: a file over ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB gets one information problem and nothing else`, () => {
      expect(sample, 'a sample document for every registered language').toBeDefined();
      const padding = '#'.repeat(MAX_DOCUMENT_BYTES);
      const doc = service.parse(`${sample}${padding}\n`);
      const result = doc.run({}, {});
      expect(result).toEqual({
        findings: [],
        problems: [{ severity: 'info', code: 'file-too-large', message: 'This file is 5.0 MB; Hardline checks files up to 5 MB, so it was not checked.', range: ZERO }],
      });
      expect(doc.relevant).toBe(true);
      expect(doc.fixAll({}, {})).toEqual({ output: doc.text, fixed: 0, passes: 0, edit: null });
      expect(doc.hover({ line: 0, character: 6 })).toBeNull();
      expect(doc.ignoreForFileEdit('x')).toBeNull();
    });

    it(`${service.id}: a file of 5 MB in multi-byte characters is measured in bytes`, () => {
      // 2 million "é" are 2 million UTF-16 units but 4 million bytes: under the limit; 3 million are over it.
      expect(inputLimitProblem(`${sample}#${'é'.repeat(2_000_000)}\n`)).toBeNull();
      expect(service.parse(`${sample}#${'é'.repeat(3_000_000)}\n`).run({}, {}).problems.map((p) => p.code)).toEqual(['file-too-large']);
    });

    it(`${service.id}: binary content gets one information problem, no crash`, () => {
      const result = service.parse(`${sample}\u0000\u0001\u0002\uFFFDELF\u0000`).run({}, {});
      expect(result).toEqual({
        findings: [],
        problems: [{ severity: 'info', code: 'binary-file', message: 'This file contains binary data (NUL bytes), so it was not checked.', range: ZERO }],
      });
    });
  }

  it('k8s: a huge YAML file that is not a manifest (an API spec, a data dump) is left alone, as when it is small', () => {
    const k8s = services.find((s) => s.id === 'k8s')!;
    const spec = `openapi: 3.0.0\npaths:\n${'  /x:\n    get: {}\n'.repeat(MAX_DOCUMENT_BYTES / 16)}`;
    expect(spec.length).toBeGreaterThan(MAX_DOCUMENT_BYTES);
    expect(k8s.parse(spec).relevant).toBe(false);
    expect(k8s.parse(`${samples.k8s}${spec}`).relevant).toBe(true);
  });

  it('the CLI reports both as information: exit code 0, the other files still checked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hardline-limits-'));
    writeFileSync(join(dir, 'Dockerfile'), `FROM node:22\n${'#'.repeat(MAX_DOCUMENT_BYTES)}\n`);
    writeFileSync(join(dir, 'Dockerfile.bin'), Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x00, 0xff, 0xfe]));
    writeFileSync(join(dir, 'Dockerfile.ok'), 'FROM node:22\nADD . /app\n');
    let stdout = '';
    const code = main(['check', '--format', 'json'], { cwd: dir, env: {}, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true } });
    const files = JSON.parse(stdout).files as { path: string; errors: { code: string; severity: string }[]; findings: unknown[] }[];
    expect(files.map((f) => [f.path, f.errors.map((e) => `${e.severity} ${e.code}`)])).toEqual([
      ['Dockerfile', ['info file-too-large']],
      ['Dockerfile.bin', ['info binary-file']],
      ['Dockerfile.ok', []],
    ]);
    expect(files[2].findings.length).toBeGreaterThan(0);
    expect(code).toBe(1); // the findings of Dockerfile.ok, not the refused files
  });
});

describe('time budget', () => {
  const slow = defineRule({
    meta: { id: 'dockerfile/test-slow', category: 'correctness', defaultSeverity: 'warning', description: 'slow', messages: { m: 'instruction {{n}}' }, aliases: [], fixable: false, hasSuggestions: false },
    create: (context) => ({
      instruction(instruction) {
        spin(30);
        context.report({ range: instruction.getRange(), messageId: 'm', data: { n: instruction.getKeyword() } });
      },
    }),
  });
  const quick = defineRule({
    meta: { id: 'dockerfile/test-quick', category: 'correctness', defaultSeverity: 'warning', description: 'quick', messages: { m: 'quick' }, aliases: [], fixable: false, hasSuggestions: false },
    create: (context) => ({
      end() {
        context.report({ range: ZERO, messageId: 'm' });
      },
    }),
  });
  const text = `FROM node:22\n${'RUN true\n'.repeat(40)}`;

  it('stops the rules once the budget is spent, keeps what they found, and says so', () => {
    const started = performance.now();
    const { findings, problems } = runRules(dockerfileLanguage, dockerfileLanguage.parse(text), [slow, quick], { timeBudgetMs: 200 }, {});
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(1000); // 41 × 30 ms without the budget
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.length).toBeLessThan(41);
    expect(findings.every((f) => f.ruleId === 'dockerfile/test-slow')).toBe(true);
    expect(problems).toEqual([
      {
        severity: 'info',
        code: 'time-budget',
        message: 'Checking this file took longer than 0.2 s, so some rules were stopped early (dockerfile/test-quick, dockerfile/test-slow): problems they would find may be missing.',
        range: ZERO,
      },
    ]);
  });

  it('a document within its budget gets no such problem', () => {
    const { findings, problems } = runRules(dockerfileLanguage, dockerfileLanguage.parse('FROM node:22\nRUN true\n'), [slow, quick], {}, {});
    expect(findings).toHaveLength(3);
    expect(problems).toEqual([]);
  });

  it('fix-all shares one budget over all its passes', () => {
    const started = performance.now();
    fixAll(dockerfileLanguage, text, [slow], { timeBudgetMs: 100 }, {});
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
