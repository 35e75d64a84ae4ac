/**
 * parseK8s(text, previous) reuses the documents an edit did not touch: the
 * model must be exactly the one a fresh parse gives (every node range,
 * comment, comment target, alias span, problem, object).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseK8s, type K8sModel } from '../../server/src/languages/k8s/model';
import { generateManifest } from '../../bench/generate';
import { editSequenceWithBreaks as editSequence, applyEdit, corpusManifests, SCALE, SEED } from './edits';
import { snapshot, type ModelLike } from './modelSnapshot';

const corpus = corpusManifests();
const generated = [generateManifest(300).text, generateManifest(1000).text];
const texts = [...corpus, ...generated, ...generated.map((t) => t.replace(/\n/g, '\r\n'))];

const snap = (m: K8sModel) => snapshot(m as unknown as ModelLike);

describe('incremental parse = fresh parse', () => {
  it('after random edits (typing, deleting, --- lines, pasted documents, CRLF)', () => {
    fc.assert(
      fc.property(fc.nat({ max: texts.length - 1 }), editSequence, (i, edits) => {
        let text = texts[i];
        let model = parseK8s(text);
        for (const edit of edits) {
          text = applyEdit(text, edit);
          model = parseK8s(text, model);
          expect(snap(model)).toEqual(snap(parseK8s(text)));
        }
      }),
      { numRuns: 60 * SCALE, seed: SEED ?? 11 },
    );
  }, 20_000 * SCALE);

  it('reuses the documents before and after the edit (same nodes)', () => {
    const text = generateManifest(1000).text;
    const before = parseK8s(text);
    const middle = text.indexOf('image: ', text.length / 2);
    const edited = `${text.slice(0, middle)}x${text.slice(middle)}`;
    const firstNode = before.documents[0].doc.contents;
    const lastNode = before.documents[before.documents.length - 1].doc.contents;
    const after = parseK8s(edited, before);
    expect(after.documents[0].doc.contents).toBe(firstNode);
    expect(after.documents[after.documents.length - 1].doc.contents).toBe(lastNode);
    expect(after.chunks.filter((c) => !before.chunks.includes(c))).toHaveLength(1);
  });
});
