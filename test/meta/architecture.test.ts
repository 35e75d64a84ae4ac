/**
 * Layering, enforced: the engine and the rules know nothing of the protocol;
 * only the language server glue (server/src/lsp, server/src/server.ts) talks
 * LSP; nothing in the server touches the VS Code API; the client does not
 * reach into the server's glue.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|mts|cts)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Module specifiers of static imports, re-exports, `import x = require()`, `require()` and `import()`. */
function specifiers(source: string): string[] {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\b(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) found.push(m[1]);
  return found;
}

const rel = (path: string) => relative(root, path).split('\\').join('/');
const serverFiles = files(join(root, 'server/src'));
const clientFiles = files(join(root, 'client/src'));
const isGlue = (path: string) => rel(path).startsWith('server/src/lsp/') || rel(path) === 'server/src/server.ts';
const LSP_PACKAGE = /^(vscode-languageserver(?!-textdocument)(-[a-z]+)?|vscode-jsonrpc)(\/|$)/;

function violations(paths: string[], bad: (specifier: string, path: string) => boolean): string[] {
  return paths.flatMap((path) =>
    specifiers(readFileSync(path, 'utf8'))
      .filter((s) => bad(s, path))
      .map((s) => `${rel(path)} imports ${s}`),
  );
}

describe('architecture', () => {
  it('finds the files it checks', () => {
    expect(serverFiles.map(rel)).toContain('server/src/lsp/startServer.ts');
    expect(serverFiles.map(rel)).toContain('server/src/engine/run.ts');
    expect(clientFiles.map(rel)).toContain('client/src/extension.ts');
  });

  it('reads every kind of import', () => {
    expect(
      specifiers(
        [
          "import { a } from 'a';",
          "import type {\n  B,\n} from 'b';",
          "export * from 'c';",
          "import 'd';",
          "const e = require('e');",
          "const f = await import('f');",
          "import g = require('g');",
          "// import { h } from 'h';",
        ].join('\n'),
      ).sort(),
    ).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('only server/src/lsp and server/src/server.ts import vscode-languageserver*', () => {
    expect(violations(serverFiles.filter((p) => !isGlue(p)), (s) => LSP_PACKAGE.test(s))).toEqual([]);
  });

  it('the engine imports no LSP package at all, not even the text document', () => {
    const engine = serverFiles.filter((p) => rel(p).startsWith('server/src/engine/'));
    expect(violations(engine, (s) => /^vscode-/.test(s))).toEqual([]);
  });

  it('no server file imports the VS Code API', () => {
    expect(violations(serverFiles, (s) => s === 'vscode' || s.startsWith('vscode/'))).toEqual([]);
  });

  it('the client never imports the server glue', () => {
    expect(
      violations(clientFiles, (s, path) => {
        const target = s.startsWith('.') ? rel(resolve(dirname(path), s)) : s;
        return target.startsWith('server/src/lsp') || target.includes('server/src/lsp');
      }),
    ).toEqual([]);
  });
});
