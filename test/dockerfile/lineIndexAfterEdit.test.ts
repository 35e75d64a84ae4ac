/**
 * `LineIndex.afterEdit` (the line index of a Dockerfile's next version, made
 * from the previous one: server/src/engine/positions.ts) and the edited span
 * the incremental parse works out (`textChange`) against a fresh index of the
 * new text, for random texts of line breaks of every kind and random edits,
 * including edits that split or join a CRLF.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex, textChange } from '../../server/src/engine/positions';

const piece = fc.constantFrom('a', 'b', ' ', '\n', '\r', '\r\n', 'RUN x\n', '\\\r\n');
const text = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));

describe('LineIndex.afterEdit = a fresh LineIndex', () => {
  it('random texts and edits', () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat({ max: 6 }), fc.array(piece, { maxLength: 4 }), (old, at, remove, insert) => {
        const start = at % (old.length + 1);
        const next = old.slice(0, start) + insert.join('') + old.slice(Math.min(old.length, start + remove));
        const change = textChange(old, next);
        expect(old.slice(0, change.start) + next.slice(change.start, change.newEnd) + old.slice(change.oldEnd)).toBe(next);
        expect(old.length - change.oldEnd).toBe(next.length - change.newEnd);
        const index = LineIndex.afterEdit(new LineIndex(old), next, change.start, change.oldEnd, change.newEnd);
        expect(index.starts).toEqual(new LineIndex(next).starts);
        expect(index.text).toBe(next);
        expect(index.positionAt(next.length)).toEqual(new LineIndex(next).positionAt(next.length));
      }),
      { numRuns: 3000, seed: 20_261_124 },
    );
  });
});
