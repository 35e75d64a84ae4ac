/**
 * The split and the conversion over every single-stage Dockerfile of the
 * vendored real-world corpus (test/corpus/dockerfiles, see its SOURCES.md):
 * no exception, every result re-parses with no new problem, keeps every
 * original line (the FROM line only gains ` AS build`), no longer has the
 * minimal-base finding, and carries the TODO marker exactly when it says so.
 * The counts are pinned so a change in inference shows up here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertBaseImage, splitStage } from '../../server/src/languages/dockerfile/refactor';
import { apply, expectKeepsLines, findingIds, parse } from './support';

const dir = join(__dirname, '../corpus/dockerfiles');
const files = readdirSync(dir).sort();
const TODO = /# TODO\(hardline\)/;

interface Tally {
  files: number;
  complete: number;
  todo: number;
  notOffered: string[];
  exceptions: string[];
  failures: string[];
}

function measure(): { split: Tally; convert: Tally & { conversions: number; kinds: Record<string, number> } } {
  const split: Tally = { files: 0, complete: 0, todo: 0, notOffered: [], exceptions: [], failures: [] };
  const convert = { files: 0, complete: 0, todo: 0, notOffered: [] as string[], exceptions: [] as string[], failures: [] as string[], conversions: 0, kinds: {} as Record<string, number> };
  for (const name of files) {
    const text = readFileSync(join(dir, name), 'utf8');
    const model = parse(text);
    if (model.stages.length !== 1) continue;
    const stage = model.stages[0];
    const problems = model.problems.length;
    split.files++;
    try {
      const r = splitStage(model, stage);
      if (!r) {
        split.notOffered.push(name);
      } else {
        const out = apply(text, r.edits);
        if (r.todo) split.todo++;
        else split.complete++;
        if (parse(out).problems.length > problems) split.failures.push(`${name}: new parse problems`);
        if (r.todo !== TODO.test(out)) split.failures.push(`${name}: TODO marker and result disagree`);
        if (findingIds(out).includes('dockerfile/minimal-base')) split.failures.push(`${name}: minimal-base still reported`);
        try {
          expectKeepsLines(text, out, [stage.from.getRange().start.line]);
        } catch {
          split.failures.push(`${name}: original lines not kept`);
        }
      }
    } catch (error) {
      split.exceptions.push(`${name}: ${(error as Error).stack}`);
    }

    // The conversion to each hardened (shell-less) alternative the catalogue knows for the base image.
    const targets = (stage.base?.info?.alternatives ?? []).filter((a) => a.kind !== 'slim' && a.kind !== 'alpine').map((a) => a.image);
    if (targets.length === 0) continue;
    convert.files++;
    for (const target of targets) {
      convert.conversions++;
      try {
        const r = convertBaseImage(model, stage, target);
        if (!r) {
          convert.notOffered.push(`${name} → ${target}`);
          continue;
        }
        convert.kinds[r.kind] = (convert.kinds[r.kind] ?? 0) + 1;
        const out = apply(text, r.edits);
        if (r.todo) convert.todo++;
        else convert.complete++;
        if (parse(out).problems.length > problems) convert.failures.push(`${name} → ${target}: new parse problems`);
        if (r.todo && !TODO.test(out)) convert.failures.push(`${name} → ${target}: TODO marker missing`);
        if (findingIds(out).includes('dockerfile/minimal-base')) convert.failures.push(`${name} → ${target}: minimal-base still reported`);
      } catch (error) {
        convert.exceptions.push(`${name} → ${target}: ${(error as Error).stack}`);
      }
    }
  }
  return { split, convert };
}

describe('refactorings over the real-world corpus', () => {
  const { split, convert } = measure();

  it('splits every single-stage Dockerfile without an exception or a broken result', () => {
    expect(split.exceptions).toEqual([]);
    expect(split.failures).toEqual([]);
    // Not offered: files that end inside a line continuation (an appended stage would join the
    // last instruction), a FROM with nothing after it, and FROM scratch.
    expect(split.notOffered).toEqual([
      'moby__buildkit__frontend__dockerfile__parser__testfiles__continue-at-eof__Dockerfile',
      'moby__buildkit__frontend__dockerfile__parser__testfiles__env__Dockerfile',
      'moby__buildkit__frontend__dockerfile__parser__testfiles__escape-with-syntax__Dockerfile',
      'moby__buildkit__frontend__dockerfile__parser__testfiles__flags__Dockerfile',
    ]);
    expect({ files: split.files, complete: split.complete, todo: split.todo }).toEqual({ files: 158, complete: 13, todo: 141 });
  });

  it('converts every single-stage Dockerfile to each hardened alternative of its base without an exception or a broken result', () => {
    expect(convert.exceptions).toEqual([]);
    expect(convert.failures).toEqual([]);
    expect({ files: convert.files, conversions: convert.conversions, complete: convert.complete, todo: convert.todo, notOffered: convert.notOffered.length }).toEqual({
      files: 125,
      conversions: 342,
      complete: 29,
      todo: 307,
      notOffered: 6,
    });
    // The two files that end inside a line continuation: text added at their end would join the last instruction.
    expect(convert.notOffered).toEqual([
      ...['gcr.io/distroless/static-debian12:nonroot', 'cgr.dev/chainguard/static:latest', 'dhi.io/static:20250419', 'scratch'].map(
        (t) => `moby__buildkit__frontend__dockerfile__parser__testfiles__continue-at-eof__Dockerfile → ${t}`,
      ),
      ...['gcr.io/distroless/base-debian12:nonroot', 'cgr.dev/chainguard/glibc-dynamic:latest'].map(
        (t) => `moby__buildkit__frontend__dockerfile__parser__testfiles__env__Dockerfile → ${t}`,
      ),
    ]);
    expect(convert.kinds).toEqual({ split: 318, convert: 18 });
  });
});
