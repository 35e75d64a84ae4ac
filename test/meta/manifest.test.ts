/**
 * package.json is the extension manifest: its settings schema lists exactly
 * the registry's rules (regenerate with `npm run sync:manifest`), and the
 * rest of the manifest matches what the client and server implement.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../server/src/engine/registry';
import { isDockerfileName } from '../../server/src/host/files';

const root = resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const properties = manifest.contributes.configuration.properties;

describe('package.json manifest', () => {
  it('hardline.rules lists exactly the registry, in order (run `npm run sync:manifest` after adding a rule)', () => {
    const expected = Object.fromEntries(
      allRules.map((r) => [
        r.meta.id,
        { enum: ['off', 'info', 'warning', 'error'], description: r.meta.description, default: r.meta.defaultSeverity },
      ]),
    );
    expect(properties['hardline.rules'].properties).toEqual(expected);
    expect(Object.keys(properties['hardline.rules'].properties)).toEqual(allRules.map((r) => r.meta.id));
    expect(properties['hardline.rules']).toMatchObject({ type: 'object', default: {}, scope: 'resource', additionalProperties: false });
  });

  it('scripts/sync-manifest.mjs --check agrees', () => {
    const run = spawnSync(process.execPath, [join(root, 'scripts/sync-manifest.mjs'), '--check'], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`package.json and docs/rules/README.md list all ${allRules.length} rules.\n`);
    expect(run.status).toBe(0);
  });

  it('declares the settings', () => {
    expect(Object.keys(properties)).toEqual([
      'hardline.enable',
      'hardline.rules',
      'hardline.kubernetes.profile',
      'hardline.network.allow',
      'hardline.network.timeout',
      'hardline.codeLens.enable',
      'hardline.trace.server',
    ]);
    // Network access is off unless the user allows it, and an untrusted workspace cannot (nor turn Hardline off or weaken the profile).
    expect(properties['hardline.network.allow']).toMatchObject({ type: 'boolean', default: false, scope: 'resource' });
    expect(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations).toEqual(['hardline.enable', 'hardline.kubernetes.profile', 'hardline.network.allow']);
    expect(properties['hardline.network.timeout']).toMatchObject({ type: 'number', default: 10, minimum: 1, maximum: 120 });
    expect(properties['hardline.codeLens.enable']).toMatchObject({ type: 'boolean', default: true });
    expect(properties['hardline.kubernetes.profile']).toMatchObject({ type: ['string', 'null'], enum: [null, 'restricted', 'baseline'], default: null, scope: 'resource' });
    expect(properties['hardline.enable']).toMatchObject({ type: 'boolean', default: true, scope: 'resource' });
    expect(properties['hardline.trace.server']).toMatchObject({ type: 'string', enum: ['off', 'messages', 'verbose'], default: 'off' });
  });

  it('activates on Dockerfiles and YAML, and maps Containerfile names to the dockerfile language', () => {
    expect(manifest.activationEvents).toEqual(['onLanguage:dockerfile', 'onLanguage:yaml']);
    expect(manifest.main).toBe('./client/out/extension.js');
    expect(manifest.contributes.languages).toEqual([
      {
        id: 'dockerfile',
        filenames: ['Containerfile', 'Dockerfile'],
        filenamePatterns: ['*.containerfile', 'Containerfile.*', 'Dockerfile.*', '*.dockerfile'],
      },
    ]);
    for (const name of ['Containerfile', 'Dockerfile', 'api.containerfile', 'Containerfile.prod', 'Dockerfile.dev', 'web.dockerfile']) {
      expect(isDockerfileName(name), name).toBe(true);
    }
  });

  it('contributes the commands the client registers', () => {
    expect(manifest.contributes.commands).toEqual([
      { command: 'hardline.restartServer', title: 'Restart Language Server', category: 'Hardline' },
      { command: 'hardline.showOutput', title: 'Show Output', category: 'Hardline' },
      { command: 'hardline.pickBaseImage', title: 'Pick a hardened base image', category: 'Hardline' },
      { command: 'hardline.pinDigest', title: 'Pin image digests', category: 'Hardline' },
    ]);
    // The picker and pin commands are offered in Dockerfiles only (palette and editor context menu).
    for (const menu of ['commandPalette', 'editor/context']) {
      expect(manifest.contributes.menus[menu].map((m: { command: string; when: string }) => [m.command, m.when])).toEqual([
        ['hardline.pickBaseImage', 'editorLangId == dockerfile'],
        ['hardline.pinDigest', 'editorLangId == dockerfile'],
      ]);
    }
    const client = ['client/src/extension.ts', 'client/src/commands.ts'].map((f) => readFileSync(join(root, f), 'utf8')).join('\n');
    const constants: Record<string, string> = { PICK_BASE_IMAGE_COMMAND: 'hardline.pickBaseImage', PIN_DIGEST_COMMAND: 'hardline.pinDigest' };
    const registered = [...client.matchAll(/registerCommand\((?:'([^']+)'|([A-Z_]+))/g)].map((m) => m[1] ?? constants[m[2]]).sort();
    expect(registered).toEqual(manifest.contributes.commands.map((c: { command: string }) => c.command).sort());
  });

  it('is a linter that supports untrusted workspaces and no virtual ones', () => {
    expect(manifest.displayName).toBe('Hardline — container hardening');
    expect(manifest.publisher).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    expect(manifest.categories).toEqual(['Linters']);
    expect(manifest.capabilities).toEqual({
      untrustedWorkspaces: {
        supported: 'limited',
        description:
          'Hardline checks files in untrusted workspaces too, but never goes online there, and the workspace can only change severities: its settings cannot turn Hardline off, change the Kubernetes profile or allow network access, and its .hardline.yaml cannot exclude files.',
        restrictedConfigurations: ['hardline.enable', 'hardline.kubernetes.profile', 'hardline.network.allow'],
      },
      virtualWorkspaces: false,
    });
    expect(manifest.engines.vscode).toBe('^1.82.0');
  });

  it('.vscodeignore ships only the bundles, docs, snippets, the icon and legal files', () => {
    const lines = readFileSync(join(root, '.vscodeignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(lines).toEqual([
      '**',
      '!client/out/extension.js',
      '!server/out/server.js',
      '!server/out/cli.js',
      '!docs/**',
      '!snippets/**',
      '!images/icon.png',
      '!README.md',
      '!LICENSE',
      '!CHANGELOG.md',
      '!THIRD_PARTY_NOTICES.md',
      '!package.json',
    ]);
  });
});
