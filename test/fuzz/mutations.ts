/**
 * Mutations of real files: each is a fast-check arbitrary of a labelled
 * text → text function, so a failing case prints what was done to which file
 * and shrinks towards fewer and smaller mutations.
 */
import fc from 'fast-check';

export interface Mutation {
  label: string;
  apply(text: string): string;
}

const mutation = (label: string, apply: (text: string) => string): Mutation => ({ label, apply, [fc.toStringMethod]: () => label }) as Mutation;

/** Lines with their terminators (the last one may have none). */
function lines(text: string): string[] {
  return text.match(/[^\r\n]*(\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

function eolOf(text: string): string {
  return /\r\n/.test(text) ? '\r\n' : '\n';
}

/** The offset `k` (any natural number) within the text. */
const at = (text: string, k: number) => (text.length === 0 ? 0 : k % (text.length + 1));
const lineAt = (all: string[], k: number) => (all.length === 0 ? 0 : k % all.length);

function insert(text: string, offset: number, piece: string): string {
  return text.slice(0, offset) + piece + text.slice(offset);
}

/** Strings that break tokenisers: quotes, brackets, escapes, control characters, odd Unicode. */
export const TOKENS = [
  '"', "'", '`', '[', ']', '{', '}', '(', ')', '\\', '\\\n', '\\\r\n', ' \\', '$', '${', '$(', '}', '#', '# ', '\t', '\u0000', '\r', '\n', '\r\n',
  '\uFEFF', '\u2028', '\u00a0', '\u200b', '😀', '\uD800', '\uDFFF', 'é', '&&', '||', '|', ';', '=', '--', '-', ':', ': ', ',', '*', '&', '!', '%', '@', '<<',
  '<<EOF', '<<-EOT', '>', '>-', '|-', '---', '...', '~', 'null', 'true', '0x1F', '0777', '-1', '1e400', '9999999999999999999999', 'NaN',
];

/** Mutations every language gets (text level: lines, bytes, line ends, encodings). */
export function genericMutations(donors: readonly string[]): fc.Arbitrary<Mutation>[] {
  const k = fc.nat();
  return [
    k.map((n) => mutation(`delete line ${n}`, (t) => { const l = lines(t); l.splice(lineAt(l, n), 1); return l.join(''); })),
    k.map((n) => mutation(`duplicate line ${n}`, (t) => { const l = lines(t); const i = lineAt(l, n); if (l[i] !== undefined) l.splice(i, 0, /[\r\n]$/.test(l[i]) ? l[i] : l[i] + eolOf(t)); return l.join(''); })),
    fc.tuple(k, k).map(([a, b]) => mutation(`swap lines ${a} and ${b}`, (t) => {
      const l = lines(t);
      if (l.length < 2) return t;
      const i = lineAt(l, a);
      const j = lineAt(l, b);
      const e = eolOf(t);
      const fix = (s: string) => (/[\r\n]$/.test(s) ? s : s + e);
      [l[i], l[j]] = [fix(l[j]), fix(l[i])];
      return l.join('');
    })),
    k.map((n) => mutation(`truncate at ${n}`, (t) => t.slice(0, at(t, n)))),
    fc.tuple(k, fc.constantFrom(...TOKENS)).map(([n, s]) => mutation(`insert ${JSON.stringify(s)} at ${n}`, (t) => insert(t, at(t, n), s))),
    fc.tuple(k, fc.string({ unit: 'binary', maxLength: 12 })).map(([n, s]) => mutation(`insert ${JSON.stringify(s)} at ${n}`, (t) => insert(t, at(t, n), s))),
    fc.tuple(k, fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([n, bytes]) =>
      // Bytes that are not UTF-8 arrive as U+FFFD after decoding, Latin-1 ones as themselves.
      mutation(`insert bytes ${Buffer.from(bytes).toString('hex')} at ${n}`, (t) => insert(t, at(t, n), Buffer.from(bytes).toString(bytes[0] & 1 ? 'utf8' : 'latin1'))),
    ),
    fc.tuple(k, fc.nat({ max: 40 })).map(([n, len]) => mutation(`delete ${len} chars at ${n}`, (t) => { const o = at(t, n); return t.slice(0, o) + t.slice(o + len); })),
    fc.tuple(k, fc.nat({ max: 40 }), fc.constantFrom(...TOKENS)).map(([n, len, s]) => mutation(`replace ${len} chars at ${n} by ${JSON.stringify(s)}`, (t) => { const o = at(t, n); return t.slice(0, o) + s + t.slice(o + len); })),
    fc.constantFrom('\r\n', '\r', '\n').map((e) => mutation(`line ends ${JSON.stringify(e)}`, (t) => t.replace(/\r\n|\r|\n/g, e))),
    k.map((n) => mutation(`CRLF on line ${n} only`, (t) => { const l = lines(t); const i = lineAt(l, n); if (l[i]) l[i] = l[i].replace(/(\r\n|\r|\n)$/, '\r\n'); return l.join(''); })),
    fc.constant(mutation('BOM', (t) => `\uFEFF${t}`)),
    fc.constant(mutation('no final newline', (t) => t.replace(/(\r\n|\r|\n)+$/, ''))),
    fc.constant(mutation('backslash at end of file', (t) => `${t.replace(/(\r\n|\r|\n)+$/, '')} \\`)),
    fc.constant(mutation('backslash and newline at end of file', (t) => `${t.replace(/(\r\n|\r|\n)+$/, '')} \\${eolOf(t)}`)),
    fc.constant(mutation('spaces to tabs', (t) => t.replace(/ {2}/g, '\t'))),
    k.map((n) => mutation(`tab-indent line ${n}`, (t) => { const l = lines(t); const i = lineAt(l, n); if (l[i] !== undefined) l[i] = `\t${l[i]}`; return l.join(''); })),
    fc.tuple(k, fc.constantFrom('a', 'x y ', '"', '[', '\\', '😀', '$A')).map(([n, unit]) =>
      mutation(`10,000-char line of ${JSON.stringify(unit)} at line ${n}`, (t) => { const l = lines(t); l.splice(lineAt(l, n), 0, unit.repeat(Math.ceil(10_000 / unit.length)) + eolOf(t)); return l.join(''); }),
    ),
    k.map((n) => mutation(`line ${n} extended by 10,000 chars`, (t) => { const l = lines(t); const i = lineAt(l, n); if (l[i] !== undefined) l[i] = l[i].replace(/(\r\n|\r|\n)?$/, (e) => `${' x'.repeat(5000)}${e}`); return l.join(''); })),
    k.map((n) => mutation(`uppercase/lowercase line ${n}`, (t) => { const l = lines(t); const i = lineAt(l, n); if (l[i]) l[i] = l[i] === l[i].toLowerCase() ? l[i].toUpperCase() : l[i].toLowerCase(); return l.join(''); })),
    fc.tuple(k, fc.nat({ max: 8 })).map(([n, width]) => mutation(`indent line ${n} by ${width}`, (t) => { const l = lines(t); const i = lineAt(l, n); if (l[i] !== undefined) l[i] = ' '.repeat(width) + l[i].replace(/^[ \t]+/, ''); return l.join(''); })),
    fc.constant(mutation('document twice', (t) => t + (/[\r\n]$/.test(t) || t === '' ? '' : eolOf(t)) + t)),
    ...(donors.length > 0
      ? [fc.tuple(k, k, fc.nat({ max: 6 })).map(([n, d, count]) => mutation(`splice ${count + 1} lines of donor ${d} at line ${n}`, (t) => {
          const donor = lines(donors[d % donors.length]);
          const from = lineAt(donor, n * 7);
          const l = lines(t);
          l.splice(lineAt(l, n), 0, ...donor.slice(from, from + count + 1));
          return l.join('');
        }))]
      : []),
  ];
}

/** A text mutated by one to four mutations (fewer when shrinking). */
export function mutatedText(files: readonly { name: string; text: string }[], mutations: fc.Arbitrary<Mutation>[]): fc.Arbitrary<{ name: string; steps: Mutation[]; text: string }> {
  return fc
    .tuple(fc.nat({ max: files.length - 1 }), fc.array(fc.oneof(...mutations), { minLength: 1, maxLength: 4 }))
    .map(([i, steps]) => {
      let text = files[i].text;
      for (const s of steps) text = s.apply(text);
      const label = `${files[i].name} with [${steps.map((s) => s.label).join('; ')}]`;
      return { name: files[i].name, steps, text, [fc.toStringMethod]: () => `${label}: ${JSON.stringify(text.length > 2000 ? `${text.slice(0, 2000)}…` : text)}` };
    });
}

export { lines, insert, at, lineAt, mutation, eolOf };
