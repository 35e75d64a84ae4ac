import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../server/src/host/context';
import { ConfigResolver, collectTargets, displayPath } from '../../server/src/cli/walk';
import { tree } from './helpers';

const FROM = 'FROM alpine:3.20\n';

function collect(dir: string, paths: string[], explicitConfig?: string) {
  const configs = new ConfigResolver(dir, explicitConfig ? loadConfigFile(join(dir, explicitConfig)) : undefined);
  const result = collectTargets(paths, dir, configs);
  return { ...result, files: result.targets.map((t) => t.display), configs };
}

describe('collectTargets', () => {
  it('walks folders for Dockerfile and Containerfile names, sorted, skipping node_modules and .git', () => {
    const dir = tree({
      'b/Dockerfile': FROM,
      'a/Containerfile': FROM,
      'a/Dockerfile.prod': FROM,
      'a/api.dockerfile': FROM,
      'a/Dockerfile.dockerignore': 'x',
      'a/README.md': 'x',
      'node_modules/pkg/Dockerfile': FROM,
      'deep/node_modules/pkg/Dockerfile': FROM,
      '.git/Dockerfile': FROM,
      'Dockerfile': FROM,
    });
    expect(collect(dir, ['.']).files).toEqual(['Dockerfile', 'a/Containerfile', 'a/Dockerfile.prod', 'a/api.dockerfile', 'b/Dockerfile']);
  });

  it('always checks explicitly named files, whatever their name, once', () => {
    const dir = tree({ 'build/prod.txt': FROM, Dockerfile: FROM });
    expect(collect(dir, ['build/prod.txt', 'Dockerfile', '.', './Dockerfile']).files).toEqual(['Dockerfile', 'build/prod.txt']);
  });

  it('reports missing paths and still collects the others', () => {
    const dir = tree({ Dockerfile: FROM });
    const r = collect(dir, ['nope', 'Dockerfile', 'gone/Dockerfile']);
    expect(r.files).toEqual(['Dockerfile']);
    expect(r.errors.map((e) => [e.kind, e.display, e.message])).toEqual([
      ['path', 'gone/Dockerfile', 'no such file or directory'],
      ['path', 'nope', 'no such file or directory'],
    ]);
  });

  it('skips ignorePaths of the nearest config, relative to its folder', () => {
    const dir = tree({
      '.hardline.yaml': 'ignorePaths: ["vendor/**", "**/testdata/**", "legacy.dockerfile"]\n',
      'vendor/x/Dockerfile': FROM,
      'svc/testdata/Dockerfile': FROM,
      'svc/Dockerfile': FROM,
      'svc/legacy.dockerfile': FROM,
      'svc/other/.hardline.yaml': 'rules: {}\n',
      'svc/other/vendor/Dockerfile': FROM,
    });
    // svc/other has its own config, without ignorePaths: its vendor folder is checked.
    expect(collect(dir, ['.']).files).toEqual(['svc/Dockerfile', 'svc/other/vendor/Dockerfile']);
  });

  it('applies the ignorePaths of --config to every walked file', () => {
    const dir = tree({
      'ci/hardline.yaml': 'ignorePaths: ["**/Dockerfile.dev"]\n',
      'app/Dockerfile': FROM,
      'app/Dockerfile.dev': FROM,
    });
    // Relative to the config's folder (ci/): app/ is outside it, so nothing is ignored …
    // (YAML files are candidates too; one without Kubernetes objects is dropped when checked.)
    expect(collect(dir, ['.'], 'ci/hardline.yaml').files).toEqual(['app/Dockerfile', 'app/Dockerfile.dev', 'ci/hardline.yaml']);
    const dir2 = tree({ 'hardline.yaml': 'ignorePaths: ["**/Dockerfile.dev"]\n', 'app/Dockerfile': FROM, 'app/Dockerfile.dev': FROM });
    // … and inside it the pattern applies.
    expect(collect(dir2, ['.'], 'hardline.yaml').files).toEqual(['app/Dockerfile', 'hardline.yaml']);
  });

  it('finds the config walking up from each file, stopping at the repository root', () => {
    const dir = tree({
      'repo/.hardline.yml': 'rules:\n  dockerfile/no-root-user: error\n',
      'repo/a/b/Dockerfile': FROM,
      'repo/c/.hardline.yaml': 'rules:\n  dockerfile/no-root-user: off\n',
      'repo/c/Dockerfile': FROM,
      'inner/.hardline.yaml': 'rules: {}\n',
      'inner/sub/Dockerfile': FROM,
    });
    mkdirSync(join(dir, 'inner/sub/.git'));
    const r = collect(dir, ['.']);
    const config = (display: string) => {
      const t = r.targets.find((x) => x.display === display)!;
      return t.config.path ? displayPath(t.config.path, dir) : null;
    };
    expect(config('repo/a/b/Dockerfile')).toBe('repo/.hardline.yml');
    expect(config('repo/c/Dockerfile')).toBe('repo/c/.hardline.yaml');
    // inner/sub is a repository root of its own: the config above it does not apply.
    expect(config('inner/sub/Dockerfile')).toBeNull();
    expect([...r.configs.used.keys()].map((p) => displayPath(p, dir)).sort()).toEqual(['repo/.hardline.yml', 'repo/c/.hardline.yaml']);
  });

  it('does not follow symbolic links to folders, but checks linked files', () => {
    const dir = tree({ 'real/Dockerfile': FROM });
    symlinkSync(join(dir, 'real'), join(dir, 'loop'));
    symlinkSync(join(dir, 'real/Dockerfile'), join(dir, 'Containerfile'));
    expect(collect(dir, ['.']).files).toEqual(['Containerfile', 'real/Dockerfile']);
  });
});

describe('displayPath', () => {
  it('is relative with / separators', () => {
    expect(displayPath('/a/b/c/Dockerfile', '/a/b')).toBe('c/Dockerfile');
    expect(displayPath('/a/x/Dockerfile', '/a/b')).toBe('../x/Dockerfile');
    expect(displayPath('/a/b', '/a/b')).toBe('.');
  });
});
