#!/usr/bin/env node
/**
 * `npm run package`: builds hardline-<version>.vsix with @vscode/vsce (3.x, runs on Node 20, offline).
 *
 * The package is assembled in a staging folder (.cache/package/stage-<pid>-…, one per run, so two
 * runs at once cannot disturb each other; removed afterwards), never in the working tree:
 * production bundles (minified, no source maps) are built straight into it, so the development
 * bundles in client/out and server/out stay as they are and a concurrent build cannot mix in.
 * The stage holds exactly what ships: the three bundles, docs/, snippets/, the icon, README,
 * LICENSE, CHANGELOG, THIRD_PARTY_NOTICES.md (generated) and package.json (without scripts and devDependencies); .vscodeignore is
 * applied by vsce on top. `--no-dependencies`: everything is bundled.
 *
 * Usage: node scripts/package.mjs [--out <file.vsix>]
 * Prints the contents and the size.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { readZip } from './package-zip.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STAGES = join(ROOT, '.cache/package');
const VSCE = join(ROOT, 'node_modules/@vscode/vsce/vsce');

/** The entry points of esbuild.mjs: the bundles' third-party code is collected from them. */
const ENTRY_POINTS = ['client/src/extension.ts', 'server/src/server.ts', 'server/src/cli/main.ts'];
const BUNDLES = ['client/out/extension.js', 'server/out/server.js', 'server/out/cli.js'];

/**
 * THIRD_PARTY_NOTICES.md: name, version, licence and licence text of every npm package that
 * esbuild pulls into the bundles (their MIT/ISC/BSD notices must travel with the code).
 */
async function thirdPartyNotices(stage) {
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ENTRY_POINTS,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    write: false,
    metafile: true,
    outdir: join(stage, '.notices'),
    logLevel: 'silent',
  });
  const packages = new Map();
  for (const input of Object.keys(result.metafile.inputs)) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) packages.set(m[1], true);
  }
  const sections = [];
  for (const dir of [...packages.keys()].sort()) {
    const pkg = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8'));
    const licenseFile = readdirSync(join(ROOT, dir)).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
    const license = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'see the package');
    const text = licenseFile ? readFileSync(join(ROOT, dir, licenseFile), 'utf8').trim() : `(no licence file in the package; declared licence: ${license})`;
    sections.push(`## ${pkg.name} ${pkg.version} (${license})\n\n\`\`\`text\n${text}\n\`\`\`\n`);
  }
  return `# Third-party notices\n\nThe bundles of this extension include the following npm packages.\n\n${sections.join('\n')}`;
}

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
}

export async function packageVsix(out) {
  mkdirSync(STAGES, { recursive: true });
  const stage = mkdtempSync(join(STAGES, `stage-${process.pid}-`));
  try {
    return await packageIn(stage, out);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

async function packageIn(stage, out) {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const target = resolve(out ?? join(ROOT, `${manifest.name}-${manifest.version}.vsix`));

  run(process.execPath, ['esbuild.mjs', '--production', `--outdir=${stage}`], ROOT);
  for (const b of BUNDLES) if (!existsSync(join(stage, b))) throw new Error(`esbuild.mjs did not produce ${b}`);
  writeFileSync(join(stage, 'THIRD_PARTY_NOTICES.md'), await thirdPartyNotices(stage));

  const copy = (rel, required = true) => {
    const from = join(ROOT, rel);
    if (!existsSync(from)) {
      if (required) throw new Error(`${rel} is missing`);
      return;
    }
    cpSync(from, join(stage, rel), { recursive: true });
  };
  for (const rel of ['README.md', 'LICENSE', 'CHANGELOG.md', 'docs', '.vscodeignore']) copy(rel);
  copy('snippets', false);
  if (manifest.icon) copy(manifest.icon);
  for (const s of manifest.contributes?.snippets ?? []) if (!existsSync(join(stage, s.path))) throw new Error(`contributed snippets ${s.path} are missing`);

  // The shipped manifest: no build scripts (nothing to run at install) and no dev dependencies.
  const shipped = { ...manifest };
  delete shipped.scripts;
  delete shipped.devDependencies;
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(shipped, null, 2)}\n`);

  mkdirSync(dirname(target), { recursive: true });
  rmSync(target, { force: true });
  run(
    process.execPath,
    [VSCE, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--no-update-package-json', '--out', target],
    stage,
  );
  return target;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const started = Date.now();
  const file = await packageVsix(values.out);
  const entries = readZip(file).filter((e) => e.name.startsWith('extension/'));
  console.log(`\n${file}: ${(statSync(file).size / 1024).toFixed(1)} KiB, ${entries.length} files in extension/ (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  for (const e of entries) console.log(`  ${e.name.slice('extension/'.length).padEnd(60)} ${String(e.size).padStart(8)}`);
}
