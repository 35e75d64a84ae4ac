#!/usr/bin/env node
// Regenerates the per-rule part of package.json's settings schema from the
// rule registry: contributes.configuration.properties["hardline.rules"].properties.
// Nothing else in package.json is touched. `--check` only reports whether it is current.
//
//   npm run sync:manifest            rewrite package.json
//   npm run sync:manifest -- --check exit 1 when package.json is out of date
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

const { allRules } = await loadRegistry();
const text = readFileSync(manifestPath, 'utf8');
const manifest = JSON.parse(text);
const rules = manifest.contributes?.configuration?.properties?.['hardline.rules'];
if (!rules) {
  console.error('package.json has no contributes.configuration.properties["hardline.rules"] to fill.');
  process.exit(2);
}
rules.properties = ruleProperties(allRules);
const next = `${JSON.stringify(manifest, null, 2)}\n`;

if (check) {
  if (next !== text) {
    console.error('package.json is out of date with the rule registry: run `npm run sync:manifest`.');
    process.exit(1);
  }
  console.log(`package.json lists all ${allRules.length} rules.`);
} else if (next !== text) {
  writeFileSync(manifestPath, next);
  console.log(`package.json: hardline.rules now lists ${allRules.length} rules.`);
} else {
  console.log(`package.json is up to date (${allRules.length} rules).`);
}
