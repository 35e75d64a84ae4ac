import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, toEngineSettings } from '../../server/src/engine/config';
import { dockerignoreFor, findConfigFile, isIgnoredPath, loadConfigFile } from '../../server/src/host/context';
import { globToRegExp, isDockerfileName } from '../../server/src/host/files';

const known = new Set(['dockerfile/no-root-user', 'dockerfile/pin-digest']);
const parse = (t: string) => {
  const r = parseConfig(t, known);
  return { config: r.config, problems: r.problems.map((p) => `${p.severity}@${p.range.start.line}:${p.range.start.character} ${p.message}`) };
};

describe('.hardline.yaml', () => {
  it('reads rules, trustedRegistries and ignorePaths', () => {
    expect(parse('rules:\n  dockerfile/no-root-user: error\n  dockerfile/pin-digest: off\ntrustedRegistries: [gcr.io, docker.io]\nignorePaths:\n  - vendor/**\n')).toEqual({
      config: { rules: { 'dockerfile/no-root-user': 'error', 'dockerfile/pin-digest': 'off' }, trustedRegistries: ['gcr.io', 'docker.io'], ignorePaths: ['vendor/**'] },
      problems: [],
    });
  });

  it('reports bad entries at their position and ignores only them', () => {
    const r = parse('rules:\n  dockerfile/no-root-user: loud\n  dockerfile/nope: off\n  dockerfile/pin-digest: info\nfoo: 1\nignorePaths: vendor\n');
    expect(r.config).toEqual({ rules: { 'dockerfile/pin-digest': 'info' }, ignorePaths: [] });
    expect(r.problems).toEqual([
      'error@1:27 Rule "dockerfile/no-root-user": expected off, info, warning or error.',
      'warning@2:2 Unknown rule "dockerfile/nope".',
      'warning@4:0 Unknown key "foo"; expected one of: rules, trustedRegistries, ignorePaths, kubernetes.',
      'error@5:13 "ignorePaths" must be a list of non-empty strings.',
    ]);
  });

  it('invalid YAML, non-maps, empty files and alias bombs never throw', () => {
    expect(parse('rules: [\n').problems[0]).toMatch(/^error@\d+:\d+ Invalid YAML/);
    expect(parse('- a\n').problems).toEqual(['error@0:0 The configuration must be a mapping with the keys rules, trustedRegistries, ignorePaths, kubernetes.']);
    expect(parse('').problems).toEqual([]);
    expect(parse('# only a comment\n').problems).toEqual([]);
    const bomb = 'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nrules: *c\n';
    expect(() => parse(bomb)).not.toThrow();
    expect(parse('rules:\n  dockerfile/no-root-user: error\n  dockerfile/no-root-user: off\n').problems[0]).toMatch(/Invalid YAML/);
  });

  it('reads kubernetes.profile and lets the editor setting override it', () => {
    const { config, problems } = parseConfig('kubernetes:\n  profile: baseline\n', known);
    expect(problems).toEqual([]);
    expect(config.kubernetes).toEqual({ profile: 'baseline' });
    expect(toEngineSettings(config).options).toEqual({ kubernetesProfile: 'baseline' });
    expect(toEngineSettings(config, {}, { kubernetesProfile: 'restricted' }).options).toEqual({ kubernetesProfile: 'restricted' });
    expect(parse('kubernetes:\n  profile: strict\n').problems).toEqual(['error@1:11 "kubernetes.profile" must be baseline or restricted.']);
    expect(parse('kubernetes:\n  level: baseline\n').problems).toEqual(['warning@1:2 Unknown key "kubernetes.level"; expected: profile.']);
    expect(parse('kubernetes: restricted\n').problems).toEqual(['error@0:12 "kubernetes" must be a mapping, e.g. "kubernetes: { profile: restricted }".']);
  });

  it('editor settings override the file rule by rule', () => {
    const { config } = parseConfig('rules:\n  dockerfile/no-root-user: error\n  dockerfile/pin-digest: off\ntrustedRegistries: [gcr.io]\n', known);
    expect(toEngineSettings(config, { 'dockerfile/pin-digest': 'warning' })).toEqual({
      rules: { 'dockerfile/no-root-user': 'error', 'dockerfile/pin-digest': 'warning' },
      options: { trustedRegistries: ['gcr.io'] },
    });
  });
});

describe('host facts', () => {
  const root = mkdtempSync(join(tmpdir(), 'hardline-host-'));
  mkdirSync(join(root, 'repo/.git'), { recursive: true });
  mkdirSync(join(root, 'repo/services/api'), { recursive: true });
  writeFileSync(join(root, 'repo/.hardline.yml'), 'ignorePaths: ["vendor/**", "**/testdata/**"]\n');
  writeFileSync(join(root, 'repo/services/api/.dockerignore'), '.git\n');
  writeFileSync(join(root, 'repo/services/api/Dockerfile.prod.dockerignore'), '.env\n');

  it('finds the nearest config walking up, stopping at the repository root', () => {
    expect(findConfigFile(join(root, 'repo/services/api'))).toBe(join(root, 'repo/.hardline.yml'));
    mkdirSync(join(root, 'other/sub'), { recursive: true });
    mkdirSync(join(root, 'other/.git'));
    writeFileSync(join(root, '.hardline.yaml'), 'rules: {}\n');
    expect(findConfigFile(join(root, 'other/sub'))).toBeNull();
    expect(findConfigFile(join(root, 'other/sub'), join(root, 'other/sub'))).toBeNull();
  });

  it('applies ignorePaths relative to the config file', () => {
    const loaded = loadConfigFile(join(root, 'repo/.hardline.yml'));
    expect(isIgnoredPath(join(root, 'repo/vendor/x/Dockerfile'), loaded)).toBe(true);
    expect(isIgnoredPath(join(root, 'repo/a/testdata/Dockerfile'), loaded)).toBe(true);
    expect(isIgnoredPath(join(root, 'repo/services/api/Dockerfile'), loaded)).toBe(false);
  });

  it('reads the .dockerignore of the build context, preferring <Dockerfile>.dockerignore', () => {
    expect(dockerignoreFor(join(root, 'repo/services/api/Dockerfile'))).toEqual({ path: join(root, 'repo/services/api/.dockerignore'), content: '.git\n' });
    expect(dockerignoreFor(join(root, 'repo/services/api/Dockerfile.prod'))).toEqual({ path: join(root, 'repo/services/api/Dockerfile.prod.dockerignore'), content: '.env\n' });
    expect(dockerignoreFor(join(root, 'repo/Dockerfile'))).toBeNull();
    expect(dockerignoreFor(join(root, 'missing/Dockerfile'))).toBeUndefined();
  });

  it('recognises Dockerfile and Containerfile names', () => {
    for (const n of ['Dockerfile', 'dockerfile', 'Containerfile', 'Dockerfile.prod', 'api.dockerfile', 'x/y/build.Containerfile', 'Containerfile.dev']) expect(isDockerfileName(n), n).toBe(true);
    for (const n of ['Dockerfile.dockerignore', '.dockerignore', 'docker-compose.yml', 'Dockerfiles', 'notDockerfile', 'dockerfile.go', 'Dockerfile.md', 'Dockerfile.tmpl', 'dockerfile_test.go']) expect(isDockerfileName(n), n).toBe(false);
  });

  it('matches globs like .gitignore', () => {
    expect(globToRegExp('vendor/**').test('vendor/a/b')).toBe(true);
    expect(globToRegExp('*.md').test('docs/a.md')).toBe(true);
    expect(globToRegExp('/build').test('sub/build')).toBe(false);
    expect(globToRegExp('a?c').test('abc')).toBe(true);
    expect(globToRegExp('**/testdata/**').test('testdata/x')).toBe(true);
  });
});
