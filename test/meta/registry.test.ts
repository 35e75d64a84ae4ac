/**
 * The registry is the single list of rules: every rule has a file named after
 * its id, a test table, a docs page with the required sections and honest,
 * well-formed aliases; the docs index lists exactly the registry.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../server/src/engine/registry';
import { placeholders } from '../../server/src/engine/messages';

const root = join(__dirname, '../..');
const ALIAS_FORMAT: Record<string, RegExp> = {
  hadolint: /^(DL|SC)\d{4}$/,
  trivy: /^(DS|KSV)-\d{4}$/,
  checkov: /^CKV2?_(DOCKER|K8S)_\d+$/,
  buildkit: /^[A-Z][A-Za-z]+$/,
  'kube-linter': /^[a-z][a-z0-9-]+$/,
  psa: /^[a-zA-Z_]+$/,
  polaris: /^[a-z][A-Za-z]+$/,
};

describe('rule registry', () => {
  it('has unique ids, sorted', () => {
    const ids = allRules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  for (const language of ['dockerfile', 'k8s'] as const) {
    it(`registers every ${language} rule file, and only those`, () => {
      const files = readdirSync(join(root, `server/src/languages/${language}/rules`))
        .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
        .map((f) => `${language}/${f.replace(/\.ts$/, '')}`)
        .sort();
      expect(allRules.filter((r) => r.meta.language === language).map((r) => r.meta.id)).toEqual(files);
    });
  }

  for (const rule of allRules) {
    const { meta } = rule;
    describe(meta.id, () => {
      it('has a test table', () => {
        expect(existsSync(join(root, `test/rules/${meta.id}.test.ts`))).toBe(true);
      });

      it('has a docs page with the required sections', () => {
        const path = join(root, meta.docs);
        expect(meta.docs).toBe(`docs/rules/${meta.id}.md`);
        expect(existsSync(path)).toBe(true);
        const text = readFileSync(path, 'utf8');
        expect(text.startsWith(`# ${meta.id}\n`)).toBe(true);
        for (const section of ['## Why it matters', '## Bad', '## Good', '## Fix', '## Equivalent rules']) {
          expect(text, `${meta.docs} lacks "${section}"`).toContain(`\n${section}\n`);
        }
        for (const a of meta.aliases) expect(text, `${meta.docs} should name alias ${a.id}`).toContain(a.id);
      });

      it('has a one-line description and well-formed messages and aliases', () => {
        expect(meta.id.startsWith(`${meta.language}/`), 'id starts with its language').toBe(true);
        expect(meta.description).not.toMatch(/\n/);
        expect(meta.description.length).toBeGreaterThan(20);
        for (const [id, template] of Object.entries(meta.messages)) {
          expect(template.length, id).toBeGreaterThan(5);
          for (const p of placeholders(template)) expect(p).toMatch(/^[a-zA-Z]+$/);
        }
        for (const a of meta.aliases) expect(a.id, `${a.tool} alias`).toMatch(ALIAS_FORMAT[a.tool]);
      });
    });
  }

  it('the docs index lists exactly the registry', () => {
    const index = readFileSync(join(root, 'docs/rules/README.md'), 'utf8');
    const listed = [...index.matchAll(/^\| \[`([a-z0-9/-]+)`\]/gm)].map((m) => m[1]);
    expect(listed).toEqual(allRules.map((r) => r.meta.id));
  });
});
