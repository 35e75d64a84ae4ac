import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers';

describe('the CLI bundle', () => {
  it('contains no language-server code (engine, host and languages only)', () => {
    const map = JSON.parse(readFileSync(join(ROOT, 'server/out/cli.js.map'), 'utf8')) as { sources: string[] };
    const offending = map.sources.filter((s) => /node_modules\/vscode-languageserver\/|node_modules\/vscode-jsonrpc\/|server\/src\/lsp\//.test(s));
    expect(offending).toEqual([]);
  });

  it('starts with a shebang so it runs as the hardline bin', () => {
    expect(readFileSync(join(ROOT, 'server/out/cli.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});
