import { join } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';

/** One edit of a text, as an editor makes it; offsets are taken modulo the text's length. */
export type Edit =
  | { kind: 'type'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert-marker'; line: number }
  | { kind: 'remove-marker'; nth: number }
  | { kind: 'paste-document'; from: number; line: number }
  | { kind: 'replace-line'; line: number; text: string }
  /** Replace one character by a line end: the same length, one more line (everything after moves by lines only). */
  | { kind: 'break-line'; at: number };

const typed = fc.constantFrom('a', 'x', ' ', '\n', '\r\n', '"', "'", ':', ': ', '-', '- ', '#', '{', '[', ']', '}', '|', '&a ', '*a', '\t', '{{ .Values.x }}', 'privileged: true', '---', '...', '%');

export const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('type' as const), at: fc.nat(), text: typed }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('insert-marker' as const), line: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove-marker' as const), nth: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('paste-document' as const), from: fc.nat(), line: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('replace-line' as const),
      line: fc.nat(),
      text: fc.constantFrom('kind: Namespace', '  labels:', '    pod-security.kubernetes.io/enforce: baseline', 'kind: Secret', 'kind: LimitRange', '# hardline-ignore-file k8s/privileged', '# hardline-ignore k8s/no-latest-tag', '  automountServiceAccountToken: false', ''),
    }),
  },
);

export const editSequenceWithBreaks = fc.array(fc.oneof(edit, fc.record({ kind: fc.constant('break-line' as const), at: fc.nat() }) as fc.Arbitrary<Edit>), { minLength: 1, maxLength: 5 });

export const editSequence = fc.array(edit, { minLength: 1, maxLength: 5 });

/** Start offsets of the lines of `text` (`\n`, `\r\n`). */
function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') out.push(i + 1);
  return out;
}

export function applyEdit(text: string, e: Edit): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const starts = lineStarts(text);
  switch (e.kind) {
    case 'type': {
      const at = e.at % (text.length + 1);
      return text.slice(0, at) + e.text + text.slice(at);
    }
    case 'delete': {
      const at = e.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + e.length);
    }
    case 'insert-marker': {
      const at = starts[e.line % starts.length];
      return `${text.slice(0, at)}---${eol}${text.slice(at)}`;
    }
    case 'remove-marker': {
      const markers = starts.filter((s) => text.startsWith('---', s));
      if (markers.length === 0) return text;
      const at = markers[e.nth % markers.length];
      const next = text.indexOf('\n', at);
      return text.slice(0, at) + (next < 0 ? '' : text.slice(next + 1));
    }
    case 'paste-document': {
      const markers = starts.filter((s) => text.startsWith('---', s));
      if (markers.length === 0) return text;
      const k = e.from % markers.length;
      const doc = text.slice(markers[k], k + 1 < markers.length ? markers[k + 1] : text.length);
      const at = starts[e.line % starts.length];
      return text.slice(0, at) + doc + (doc.endsWith('\n') ? '' : eol) + text.slice(at);
    }
    case 'break-line': {
      if (text.length === 0) return text;
      const at = e.at % text.length;
      return text[at] === '\n' || text[at] === '\r' ? text : `${text.slice(0, at)}\n${text.slice(at + 1)}`;
    }
    case 'replace-line': {
      const i = e.line % starts.length;
      const end = i + 1 < starts.length ? starts[i + 1] : text.length;
      return `${text.slice(0, starts[i])}${e.text}${eol}${text.slice(end)}`;
    }
  }
}

/** HARDLINE_CHUNK_SCALE multiplies the cases, HARDLINE_CHUNK_SEED changes them (long runs by hand). */
export const SCALE = Number(process.env.HARDLINE_CHUNK_SCALE ?? 1);
export const SEED = process.env.HARDLINE_CHUNK_SEED === undefined ? undefined : Number(process.env.HARDLINE_CHUNK_SEED);

/** The Kubernetes corpus files under 30,000 characters, in name order. */
export function corpusManifests(): string[] {
  const dir = join(__dirname, '..', 'corpus', 'k8s');
  return readdirSync(dir)
    .sort()
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .filter((t) => t.length < 30_000);
}
