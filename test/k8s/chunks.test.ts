/**
 * The chunked parse of a manifest (each YAML document parsed on its own) must
 * give exactly what one parse of the whole file gave: the oracle is the old
 * whole-file model, kept in wholeFileModel.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkStarts, parseK8s } from '../../server/src/languages/k8s/model';
import { generateManifest } from '../../bench/generate';
import { yamlMutations } from '../fuzz/generators';
import { genericMutations, mutatedText } from '../fuzz/mutations';
import { snapshot, type ModelLike } from './modelSnapshot';
import { parseWholeFile } from './wholeFileModel';

/** HARDLINE_CHUNK_SCALE multiplies the cases, HARDLINE_CHUNK_SEED changes them (long runs by hand). */
const SCALE = Number(process.env.HARDLINE_CHUNK_SCALE ?? 1);
const SEED = process.env.HARDLINE_CHUNK_SEED === undefined ? undefined : Number(process.env.HARDLINE_CHUNK_SEED);

const CORPUS = join(__dirname, '..', 'corpus', 'k8s');
const corpus = readdirSync(CORPUS)
  .sort()
  .map((name) => ({ name, text: readFileSync(join(CORPUS, name), 'utf8') }));

function same(text: string, withNodes = true): void {
  expect(snapshot(parseK8s(text) as unknown as ModelLike, withNodes)).toEqual(snapshot(parseWholeFile(text) as unknown as ModelLike, withNodes));
}

describe('chunkStarts', () => {
  it('splits at --- lines at column 0 followed by a blank, a line end or the end', () => {
    expect(chunkStarts('a: 1\n---\nb: 2\n--- # c\nc: 3\n---\td\n---')).toEqual([0, 5, 14, 27, 33]);
    expect(chunkStarts('---\na: 1\n')).toEqual([0]);
    expect(chunkStarts('\uFEFF---\na: 1\n---\r\nb: 2\r\n')).toEqual([0, 10]);
  });
  it('does not split at ---x, indented --- or after a lone \\r', () => {
    expect(chunkStarts('a: |\n  ---\n---x: 1\n ---\nb\r---\n')).toEqual([0]);
  });
  it('does not split at ... lines, and keeps a file with % directives whole', () => {
    expect(chunkStarts('a: 1\n...\nb: 2\n')).toEqual([0]);
    expect(chunkStarts('%YAML 1.1\n---\na: 1\n---\nb: 2\n')).toEqual([0]);
    expect(chunkStarts('a: 1\n---\n%TAG ! x\n---\nb\n')).toEqual([0]);
    expect(chunkStarts('\uFEFF%YAML 1.1\n---\na\n---\nb\n')).toEqual([0]);
  });
});

describe('chunked parse = whole-file parse', () => {
  it('on every corpus file', () => {
    for (const f of corpus) same(f.text);
  });
  it('on generated manifests', () => {
    for (const lines of [100, 1000, 10000]) same(generateManifest(lines).text, lines <= 1000);
  });
  it.each([
    ['a block scalar cut by ---', 'a: |\n  x\n---\nb: 2\n'],
    ['an unterminated double quote closed later', 'a: "x\n  y\n---\nb: "z"\n'],
    ['an unterminated single quote closed later', "a: 'x\n---\nb: 'it''s'\n"],
    ['an unterminated quote never closed', 'a: "x\n---\nb: 2\n---\nc: 3\n'],
    ['an unterminated quote closed only by an escaped one', 'a: "x\n---\nb: \\"\n'],
    ['a quote at the end of a chunk', 'a: "x"\n---\nb: "\n---\nc: "d"\n'],
    ['an unclosed flow collection', 'a: [1,\n---\nb: {c: 2\n---\nd: 3\n'],
    ['document end markers', 'a: 1\n...\n---\nb: 2\n...\n# c\n...\nd\n'],
    ['comments only', '# a\n---\n# b\n---\n'],
    ['an empty document', '---\n---\n---\n'],
    ['a --- line ending the text', 'a: 1\n---'],
    ['CRLF', 'a: 1\r\n---\r\nb: "x\r\n---\r\nc: "\r\n'],
    ['a lone CR before ---', 'a: 1\r---\nb: 2\n'],
    ['a BOM', '\uFEFF---\na: 1\n---\nb: 2\n'],
    ['anchors in different documents', 'a: &x 1\n---\nb: *x\n'],
    ['a tag before ---', '!t\n---\na\n'],
    ['an explicit key', '? a\n---\n: b\n'],
    ['a plain scalar continued', 'a: b\n c\n---\nd\n'],
    ['a Helm template', 'apiVersion: v1\nkind: ConfigMap\n---\nmetadata:\n  name: {{ .Values.x }}\n'],
    // Found by the properties below.
    ['errors before any document', ']}\n--- ---\n'],
    ['an error in a document given to the one before', '------\n---\n]---\n'],
    ['a map closed by --- rather than by the end', '? k---\n# h---\n--- ---\n'],
    ['a second quote left open once the first is closed', '---b: "x\n\'---\n--- ---\n---"\n'],
    ['a quote inside an error token', "- e---\nc: 'y---\n---  z\n"],
    ['a Helm value in a scalar', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "{{ .Values.x }}"\n---\napiVersion: v1\nkind: Secret\n'],
  ])('%s', (_label, text) => same(text));

  it('on mutated corpus files (property)', () => {
    const files = corpus.filter((f) => f.text.length < 20_000);
    fc.assert(
      fc.property(mutatedText(files, [...genericMutations(files.map((f) => f.text)), ...yamlMutations()]), ({ text }) => same(text)),
      { numRuns: 80 * SCALE, seed: SEED ?? 4242 },
    );
  }, 20_000 * SCALE);

  it('on random YAML-ish texts with document markers (property)', () => {
    const piece = fc.constantFrom('---', '--- ', '...', 'a: 1', 'b: "x', 'c: \'y', '"', "'", 'd: |', '  z', '- e', '[f,', '{g: ', '}', ']', '# h', '&a i', '*a', '!t', '? k', ': v', '\t', '', '---x', ' ---', '%YAML 1.1', '{{ .Values.x }}');
    const eol = fc.constantFrom('\n', '\r\n', '\r');
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, piece, eol), { maxLength: 30 }), (parts) => same(parts.map(([a, b, e]) => a + b + e).join(''))),
      { numRuns: 1500 * SCALE, seed: SEED ?? 7 },
    );
  }, 20_000 * SCALE);
});
