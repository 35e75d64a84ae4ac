/**
 * The benchmark's inputs: exact sizes, the same bytes on every run, valid
 * Dockerfiles and Kubernetes YAML, and a cursor where the benchmark says it types.
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, type Document } from 'yaml';
import { corpusCursor, DOCKERFILE_SIZES, generateDockerfile, generateManifest, MANIFEST_SIZES } from '../../bench/generate';
import { parseDockerfile } from '../../server/src/languages/dockerfile/model';
import { percentile, median } from '../../bench/stats';

const lineCount = (text: string) => text.split('\n').length - 1; // every generated file ends with a newline

describe('generated Dockerfiles', () => {
  it.each(DOCKERFILE_SIZES)('%i lines: exact size, deterministic, parses without problems', (n) => {
    const input = generateDockerfile(n);
    expect(lineCount(input.text)).toBe(n);
    expect(input.text.endsWith('\n')).toBe(true);
    expect(generateDockerfile(n).text).toBe(input.text);
    const model = parseDockerfile(input.text);
    expect(model.problems).toEqual([]);
    expect(model.stages.length).toBeGreaterThanOrEqual(n >= 1_000 ? 10 : 1);
    // The cursor sits in a RUN package list, just before the line continuation.
    const line = input.text.split('\n')[input.cursor.line];
    expect(line.slice(input.cursor.character)).toBe(' \\');
    const run = model.instructions.find((i) => {
      const r = i.getRange();
      return i.getKeyword() === 'RUN' && r.start.line <= input.cursor.line && r.end.line >= input.cursor.line;
    });
    expect(run).toBeDefined();
  });

  it('has the syntax the benchmark claims: heredocs, --mount, ARG/ENV, multi-stage', () => {
    const text = generateDockerfile(1_000).text;
    expect(text).toMatch(/^RUN <<EOF$/m);
    expect(text).toMatch(/^COPY <<EOT /m);
    expect(text).toMatch(/^RUN --mount=type=cache/m);
    expect(text).toMatch(/^ARG /m);
    expect(text).toMatch(/^ENV /m);
    expect(text).toMatch(/^COPY --from=build-\d+ /m);
  });
});

describe('generated manifests', () => {
  it.each(MANIFEST_SIZES)('%i lines: exact size, deterministic, valid YAML of Kubernetes objects', (n) => {
    const input = generateManifest(n);
    expect(lineCount(input.text)).toBe(n);
    expect(generateManifest(n).text).toBe(input.text);
    const docs = parseAllDocuments(input.text);
    if (!Array.isArray(docs)) throw new Error('expected documents');
    const list: Document[] = docs;
    expect(list.every((d) => d.errors.length === 0)).toBe(true);
    const kinds = new Set(list.map((d) => (d.toJS() as { kind?: string } | null)?.kind));
    expect(kinds.has('Deployment')).toBe(true);
    if (n >= 1_000) for (const k of ['StatefulSet', 'CronJob', 'Service']) expect(kinds.has(k)).toBe(true);
    const line = input.text.split('\n')[input.cursor.line];
    expect(line).toMatch(/^\s+image: \S+$/);
    expect(input.cursor.character).toBe(line.length);
  });

  it('mixes objects with and without securityContexts', () => {
    const text = generateManifest(1_000).text;
    const docs = text.split(/^---$/m).filter((d) => /kind: (Deployment|StatefulSet|CronJob)/.test(d));
    const hardened = docs.filter((d) => d.includes('runAsNonRoot: true'));
    expect(hardened.length).toBeGreaterThan(0);
    expect(hardened.length).toBeLessThan(docs.length);
  });
});

describe('corpus cursor', () => {
  it('types at the end of the RUN arguments nearest the middle, before a continuation', () => {
    const text = ['FROM alpine', 'RUN apk add \\', '    curl', 'RUN echo hi \\', '    there', 'CMD ["sh"]', ''].join('\n');
    expect(corpusCursor(text, 'dockerfile')).toEqual({ line: 3, character: 'RUN echo hi'.length });
  });

  it('types at the end of an image value in YAML, else at the end of the last line', () => {
    const yaml = ['kind: Pod', 'spec:', '  containers:', '    - name: a', '      image: nginx:1.25', ''].join('\n');
    expect(corpusCursor(yaml, 'k8s')).toEqual({ line: 4, character: '      image: nginx:1.25'.length });
    expect(corpusCursor('kind: ConfigMap\ndata: {}\n\n', 'k8s')).toEqual({ line: 1, character: 'data: {}'.length });
  });
});

describe('stats', () => {
  it('nearest-rank percentiles and medians, ignoring non-numbers', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([NaN, 2])).toBe(2);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });
});
