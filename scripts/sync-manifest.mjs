#!/usr/bin/env node
// Regenerates what is derived from the rule registry:
//  - package.json's settings schema: contributes.configuration.properties["hardline.rules"].properties
//    (nothing else in package.json is touched);
//  - docs/rules/README.md, the index of the rule pages.
// `--check` only reports whether both are current.
//
//   npm run sync:manifest            rewrite package.json and the docs index
//   npm run sync:manifest -- --check exit 1 when either is out of date
import * as esbuild from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifestPath = join(root, 'package.json');
const check = process.argv.includes('--check');

/** The schema of `hardline.rules`' properties: one entry per rule, in registry order. */
export function ruleProperties(allRules) {
  return Object.fromEntries(
    allRules.map(({ meta }) => [
      meta.id,
      { enum: ['off', 'info', 'warning', 'error'], description: meta.description, default: meta.defaultSeverity },
    ]),
  );
}

async function loadRegistry() {
  const dir = mkdtempSync(join(tmpdir(), 'hardline-manifest-'));
  const outfile = join(dir, 'registry.cjs');
  try {
    await esbuild.build({
      entryPoints: [join(root, 'server/src/engine/registry.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'error',
    });
    return createRequire(outfile)(outfile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** docs/rules/README.md: one row per rule, in registry order. */
export function docsIndex(allRules) {
  const cell = (s) => String(s).replace(/\|/g, '\\|');
  const alias = (a) => `${a.tool} ${a.id}`;
  const rows = allRules.map(({ meta }) => {
    const fix = [meta.fixable ? 'safe fix' : '', meta.hasSuggestions ? 'suggestions' : ''].filter(Boolean).join(', ') || '—';
    const link = meta.docs.replace(/^docs\/rules\//, '');
    return `| [\`${meta.id}\`](${link}) | ${meta.category} | ${meta.defaultSeverity} | ${fix} | ${cell(meta.description)} | ${cell(meta.aliases.map(alias).join(', ') || '—')} |`;
  });
  return [
    '# Rules',
    '',
    'Generated from the rule registry by `npm run sync:manifest`; do not edit by hand.',
    'Severities are defaults: change them with `rules:` in `.hardline.yaml` or `hardline.rules` in VS Code.',
    '"safe fix" rules are fixed by "Fix all" and `hardline check --fix`; suggestions are applied one at a time.',
    '',
    '| rule | category | default | fixes | what it checks | equivalent rules |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

const { allRules } = await loadRegistry();
const outputs = [];

const text = readFileSync(manifestPath, 'utf8');
const manifest = JSON.parse(text);
const rules = manifest.contributes?.configuration?.properties?.['hardline.rules'];
if (!rules) {
  console.error('package.json has no contributes.configuration.properties["hardline.rules"] to fill.');
  process.exit(2);
}
rules.properties = ruleProperties(allRules);
outputs.push({ path: manifestPath, label: 'package.json', before: text, after: `${JSON.stringify(manifest, null, 2)}\n` });

const indexPath = join(root, 'docs/rules/README.md');
let indexBefore = '';
try {
  indexBefore = readFileSync(indexPath, 'utf8');
} catch {
  // not written yet
}
outputs.push({ path: indexPath, label: 'docs/rules/README.md', before: indexBefore, after: docsIndex(allRules) });

const stale = outputs.filter((o) => o.before !== o.after);
if (check) {
  for (const o of stale) console.error(`${o.label} is out of date with the rule registry: run \`npm run sync:manifest\`.`);
  if (stale.length > 0) process.exit(1);
  console.log(`package.json and docs/rules/README.md list all ${allRules.length} rules.`);
} else {
  for (const o of stale) writeFileSync(o.path, o.after);
  console.log(stale.length > 0 ? `Updated ${stale.map((o) => o.label).join(' and ')} (${allRules.length} rules).` : `Up to date (${allRules.length} rules).`);
}
