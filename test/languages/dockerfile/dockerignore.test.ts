/**
 * The .dockerignore matcher against moby/patternmatcher's own cases
 * (patternmatcher_test.go `TestMatches` through `MatchesOrParentMatches`,
 * `TestMatch`'s syntax errors, ignorefile_test.go `TestReadAll`).
 */
import { describe, expect, it } from 'vitest';
import {
  cleanPath,
  DockerignoreMatcher,
  isValidGlob,
  readDockerignore,
} from '../../../server/src/languages/dockerfile/dockerignore';

function matcher(...patterns: string[]): DockerignoreMatcher {
  const parsed = DockerignoreMatcher.parse(patterns.join('\n'));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.matcher;
}

describe('cleanPath (Go filepath.Clean)', () => {
  it.each([
    ['', '.'],
    ['.', '.'],
    ['./', '.'],
    ['./.git/', '.git'],
    ['a//b/./c/', 'a/b/c'],
    ['a/../b', 'b'],
    ['../a', '../a'],
    ['/../a', '/a'],
    ['/', '/'],
    ['**/', '**'],
  ])('%j → %j', (input, expected) => {
    expect(cleanPath(input)).toBe(expected);
  });
});

describe('readDockerignore (ignorefile.ReadAll)', () => {
  it('reads the upstream example', () => {
    const content = 'test1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\n!\n! ';
    expect(readDockerignore(content).map((p) => p.text)).toEqual([
      'test1',
      'test2',
      'a/file/here',
      'lastfile',
      '!inverted/abs/path',
      '!',
      '!',
    ]);
  });

  it('strips a BOM and CR, keeps line numbers, and only column-0 # starts a comment', () => {
    const parsed = readDockerignore('\uFEFF.git\r\n  # not a comment\r\n#comment\r\n./node_modules/\r\n');
    expect(parsed).toEqual([
      { text: '.git', line: 0 },
      { text: '# not a comment', line: 1 },
      { text: 'node_modules', line: 3 },
    ]);
  });

  it('a lone ! makes the file invalid, as docker build does', () => {
    const parsed = DockerignoreMatcher.parse('.git\n!\n');
    expect(parsed).toMatchObject({ ok: false, line: 1 });
  });
});

// [pattern, path, matches?] — TestMatches, evaluated with MatchesOrParentMatches.
const upstream: [string, string, boolean][] = [
  ['**', 'file', true],
  ['**', 'file/', true],
  ['**/', 'file', true],
  ['**/', 'file/', true],
  ['**', '/', true],
  ['**/', '/', true],
  ['**', 'dir/file', true],
  ['**/', 'dir/file', true],
  ['**', 'dir/file/', true],
  ['**/', 'dir/file/', true],
  ['**/**', 'dir/file', true],
  ['**/**', 'dir/file/', true],
  ['dir/**', 'dir/file', true],
  ['dir/**', 'dir/file/', true],
  ['dir/**', 'dir/dir2/file', true],
  ['dir/**', 'dir/dir2/file/', true],
  ['**/dir', 'dir', true],
  ['**/dir', 'dir/file', true],
  ['**/dir2/*', 'dir/dir2/file', true],
  ['**/dir2/*', 'dir/dir2/file/', true],
  ['**/dir2/**', 'dir/dir2/dir3/file', true],
  ['**/dir2/**', 'dir/dir2/dir3/file/', true],
  ['**file', 'file', true],
  ['**file', 'dir/file', true],
  ['**/file', 'dir/file', true],
  ['**file', 'dir/dir/file', true],
  ['**/file', 'dir/dir/file', true],
  ['**/file*', 'dir/dir/file', true],
  ['**/file*', 'dir/dir/file.txt', true],
  ['**/file*txt', 'dir/dir/file.txt', true],
  ['**/file*.txt', 'dir/dir/file.txt', true],
  ['**/file*.txt*', 'dir/dir/file.txt', true],
  ['**/**/*.txt', 'dir/dir/file.txt', true],
  ['**/**/*.txt2', 'dir/dir/file.txt', false],
  ['**/*.txt', 'file.txt', true],
  ['**/**/*.txt', 'file.txt', true],
  ['a**/*.txt', 'a/file.txt', true],
  ['a**/*.txt', 'a/dir/file.txt', true],
  ['a**/*.txt', 'a/dir/dir/file.txt', true],
  ['a/*.txt', 'a/dir/file.txt', false],
  ['a/*.txt', 'a/file.txt', true],
  ['a/*.txt**', 'a/file.txt', true],
  ['a[b-d]e', 'ae', false],
  ['a[b-d]e', 'ace', true],
  ['a[b-d]e', 'aae', false],
  ['a[^b-d]e', 'aze', true],
  ['.*', '.foo', true],
  ['.*', 'foo', false],
  ['abc.def', 'abcdef', false],
  ['abc.def', 'abc.def', true],
  ['abc.def', 'abcZdef', false],
  ['abc?def', 'abcZdef', true],
  ['abc?def', 'abcdef', false],
  ['**/foo/bar', 'foo/bar', true],
  ['**/foo/bar', 'dir/foo/bar', true],
  ['**/foo/bar', 'dir/dir2/foo/bar', true],
  ['abc/**', 'abc', false],
  ['abc/**', 'abc/def', true],
  ['abc/**', 'abc/def/ghi', true],
  ['**/.foo', '.foo', true],
  ['**/.foo', 'bar.foo', false],
  ['a(b)c/def', 'a(b)c/def', true],
  ['a(b)c/def', 'a(b)c/xyz', false],
  ['a.|)$(}+{bc', 'a.|)$(}+{bc', true],
  ['dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', true],
  ['dist/*.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', true],
  ['a\\\\', 'a\\', true],
  ['a\\*b', 'a*b', true],
  // TestMatch (filepath.Match cases without errors)
  ['*c', 'abc', true],
  ['a*/b', 'abc/b', true],
  ['a*/b', 'a/c/b', false],
  ['a*b*c*d*e*/f', 'axbxcxdxe/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false],
  ['a*b?c*x', 'abxbbxdbxebxczzx', true],
  ['ab[^e-g]', 'abc', true],
  ['a?b', 'a☺b', true],
  ['a???b', 'a☺b', false],
  ['[a-ζ]*', 'α', true],
  ['*[a-ζ]', 'A', false],
  ['a?b', 'a/b', false],
  ['[\\]a]', ']', true],
  ['[\\-]', '-', true],
  ['[x\\-]', '-', true],
  ['[x\\-]', 'z', false],
  ['*x', 'xxx', true],
];

describe('single patterns (patternmatcher TestMatches / TestMatch)', () => {
  it.each(upstream)('%j on %j → %j', (pattern, path, expected) => {
    // Our matcher cleans the path like the context walker does; trailing slashes are not paths.
    expect(matcher(pattern).excludes(path.replace(/\/$/, '') || '/')).toBe(expected);
  });
});

describe('pattern lists (last match wins)', () => {
  it.each([
    [['**', '!util/docker/web'], 'util/docker/web/foo', false],
    [['**', '!util/docker/web', 'util/docker/web/foo'], 'util/docker/web/foo', true],
    [['**', '!dist/*.whl'], 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', false],
    [['docs', '!docs/README.md'], 'docs/README.md', false],
    [['docs/', '!docs/README.md'], 'docs/README.md', false],
    [['docs/*', '!docs/README.md'], 'docs/README.md', false],
    [['*.go', '!fileutils.go'], 'fileutils.go', false],
    [['!fileutils.go', '*.go'], 'fileutils.go', true],
    [['*'], '.git', true],
    [['*'], '.git/HEAD', true],
    [['*', '!src'], '.env', true],
    [['*', '!src', '!.env'], '.env', false],
    [['.git'], '.git/objects/ab/cdef', true],
    [['/.git/'], '.git', true],
    [['.env'], 'app/.env', false],
    [['**/.env'], 'app/.env', true],
    [['.env*'], '.env.local', true],
    [['.env*', '!.env.example'], '.env.example', false],
  ] as [string[], string, boolean][])('%j on %j → %j', (patterns, path, expected) => {
    expect(matcher(...patterns).excludes(path)).toBe(expected);
  });

  it('knows when a file has re-inclusions', () => {
    expect(matcher('*', '!src').hasExclusions).toBe(true);
    expect(matcher('.git').hasExclusions).toBe(false);
  });
});

describe('invalid patterns make docker build fail', () => {
  it.each(['[', 'a[', '[^', '[^bc', '[]a]', '[-]', '[x-]', '[-x]', '[a-b-c]', 'a\\'])('%j', (pattern) => {
    expect(isValidGlob(pattern)).toBe(false);
    expect(DockerignoreMatcher.parse(`.git\n${pattern}\n`)).toMatchObject({ ok: false, line: 1 });
  });

  it.each(['abc', 'a[b-d]e', '[\\]a]', '**/*.txt', 'a]b'])('%j is valid', (pattern) => {
    expect(isValidGlob(pattern)).toBe(true);
    expect(DockerignoreMatcher.parse(pattern).ok).toBe(true);
  });
});
