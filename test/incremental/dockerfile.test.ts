/**
 * The incremental Dockerfile parse (`dockerfileService.parse(text, previous)`,
 * server/src/languages/dockerfile/incremental.ts) must be indistinguishable
 * from a fresh parse: random edit sequences (typing, deleting, line breaks,
 * escape characters, here-documents, parser directives, CRLF) over corpus and
 * generated Dockerfiles, each version parsed with the previous one handed over
 * and compared with a fresh parse of the same text: findings (rule, message,
 * severity, range), problems, every fix's and suggestion's edits, the
 * suppression edits, refactorings and hovers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDockerfile } from '../../bench/generate';
import { LineIndex } from '../../server/src/engine/positions';
import type { ParsedDocument } from '../../server/src/engine/service';
import type { Position, Range } from '../../server/src/engine/types';
import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import { parseAst } from '../../server/src/languages/dockerfile/incremental';
import { parseDockerfile } from '../../server/src/languages/dockerfile/model';
import { dockerfileService } from '../../server/src/languages/dockerfile/service';

const CORPUS = join(__dirname, '../corpus/dockerfiles');
const corpus = readdirSync(CORPUS)
  .sort()
  .map((name) => ({ name, text: readFileSync(join(CORPUS, name), 'utf8') }));
const generated = [100, 1000].map((n) => ({ name: `gen-${n}`, text: generateDockerfile(n).text }));
/** Files are drawn by name, so a failure report stays short. */
const textOf = (name: string) => [...corpus, ...generated].find((f) => f.name === name)!.text;

/** What is typed or pasted: characters that change the structure of a Dockerfile, and ordinary ones. */
const PIECES = [
  ' ', 'a', 'x', '1', '-', ':', '=', '/', '"', "'", '[', ']', '$', '${A}', '\t', '#', '# ', '\\', '`',
  '\n', '\r\n', '\r', '\\\n', ' \\\n', '\\\r\n', '`\n', ' `\n',
  '<<', '<<EOF', '<<EOF\n', '<<-EOT\n', 'EOF', 'EOF\n', '\nEOF\n', 'EOT\n',
  '# escape=`\n', '# escape=\\\n', '# syntax=docker/dockerfile:1\n', '# check=error=true\n', '# hardline-ignore dockerfile/no-root-user\n',
  'RUN ', 'FROM ', 'FROM alpine:3.19\n', 'FROM scratch AS x\n', 'USER root\n', 'USER 1000\n', 'ARG V=1\n', 'ENV PASSWORD=hunter2\n',
  'RUN <<EOF\necho hi\nEOF\n', 'RUN curl -k https://x | sh\n', 'RUN apt-get install -y gcc sudo\n', 'COPY --from=0 /a /b\n', 'CMD node app.js\n',
  ':latest', '@sha256:' + 'a'.repeat(64), ' AS build', '--insecure ', 'chmod 777 /x ', '\uFEFF',
];

interface Edit {
  /** How the position is chosen: any offset, or the start or end of a line. */
  where: 'offset' | 'line-start' | 'line-end';
  at: number;
  remove: number;
  insert: string;
  /** Typed one character per version (each parsed incrementally), not pasted at once. */
  typed: boolean;
}

const edit: fc.Arbitrary<Edit> = fc.record({
  where: fc.constantFrom('offset', 'line-start', 'line-end'),
  at: fc.nat(),
  remove: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: 4, max: 60 }) }),
  insert: fc.oneof({ weight: 1, arbitrary: fc.constant('') }, { weight: 6, arbitrary: fc.constantFrom(...PIECES) }),
  typed: fc.boolean(),
});

function offsetOf(text: string, e: Edit): number {
  if (e.where === 'offset') return e.at % (text.length + 1);
  const index = new LineIndex(text);
  const line = e.at % index.lineCount;
  if (e.where === 'line-start') return index.starts[line];
  const next = line + 1 < index.lineCount ? index.starts[line + 1] : text.length;
  let end = next;
  while (end > index.starts[line] && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return end;
}

/** The versions one edit makes: one per typed character, or one for a paste or deletion. */
function versions(text: string, e: Edit): string[] {
  const at = offsetOf(text, e);
  const removed = text.slice(0, at) + text.slice(Math.min(text.length, at + e.remove));
  const out: string[] = [];
  if (e.remove > 0) out.push(removed);
  if (e.insert) {
    if (e.typed) {
      for (let k = 1; k <= e.insert.length; k++) out.push(removed.slice(0, at) + e.insert.slice(0, k) + removed.slice(at));
    } else {
      out.push(removed.slice(0, at) + e.insert + removed.slice(at));
    }
  }
  return out.length > 0 ? out : [text];
}

const show = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

/** Everything a host can get from a parsed document, as comparable data. */
function observe(doc: ParsedDocument, probes: Position[]): unknown {
  const result = doc.run({}, {});
  const findings = result.findings.map((f) => ({
    rule: f.ruleId,
    messageId: f.messageId,
    severity: f.severity,
    message: f.message,
    range: show(f.range),
    fix: f.fix ? f.fix() : undefined,
    suggestions: f.suggestions.map((s) => ({ title: s.title, edits: s.fix() })),
    ignoreItem: doc.ignoreForItemEdit(f.range, f.ruleId),
    ignoreFile: doc.ignoreForFileEdit(f.ruleId),
  }));
  const problems = result.problems.filter((p) => p.code !== 'time-budget').map((p) => ({ code: p.code, severity: p.severity, message: p.message, range: show(p.range) }));
  const at = probes.map((position) => {
    const range = { start: position, end: position };
    return {
      hover: doc.hover(position),
      refactorings: (doc.refactorings?.(range, true) ?? []).map((r) => ({ title: r.title, kind: r.kind, edits: r.edits })),
    };
  });
  // Refactorings at each finding's range too (stage split, base-image conversion, adding USER).
  const atFindings = result.findings.slice(0, 3).map((f) => (doc.refactorings?.(f.range, true) ?? []).map((r) => ({ title: r.title, edits: r.edits })));
  return { findings, problems, at, atFindings };
}

/** Parse each version with its predecessor handed over and compare with a fresh parse. */
function check(start: string, edits: Edit[], probeLines: number[]): void {
  let text = start;
  let previous = dockerfileService.parse(text);
  previous.run({}, {}); // as the editor does: the previous version was checked (its analyses are cached)
  for (const e of edits) {
    for (const next of versions(text, e)) {
      const incremental = dockerfileService.parse(next, previous);
      const index = new LineIndex(next);
      const probes = probeLines.map((l) => index.positionAt(index.starts[l % index.lineCount] + 5));
      const fresh = dockerfileService.parse(next);
      const got = observe(incremental, probes);
      const want = observe(fresh, probes);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        expect({ text: next, result: got }).toEqual({ text: next, result: want });
      }
      previous = incremental;
      text = next;
    }
  }
}

const crlf = (text: string, on: boolean) => (on ? text.replace(/\r?\n/g, '\r\n') : text);

/** The parse as data: directives, instructions, comments and what each build stage holds. */
function structure(ast: Dockerfile): unknown {
  const internals = ast as unknown as {
    initialInstructions: { getComments(): { getRange(): Range }[]; getInstructions(): unknown[] };
    buildStages: { getComments(): { getRange(): Range }[]; getInstructions(): unknown[] }[];
  };
  const template = (t: typeof internals.initialInstructions) => ({
    comments: t.getComments().map((c) => show(c.getRange())),
    instructions: t.getInstructions().length,
  });
  return {
    escape: ast.getEscapeCharacter(),
    directives: ast.getDirectives().map((d) => [d.getName(), d.getValue(), show(d.getRange())]),
    instructions: ast.getInstructions().map((i) => [i.constructor.name, i.getInstruction(), show(i.getRange()), show(i.getInstructionRange()), i.getArguments().map((a) => [a.getValue(), show(a.getRange())])]),
    comments: ast.getComments().map((c) => [c.getContent(), show(c.getRange())]),
    initial: template(internals.initialInstructions),
    stages: internals.buildStages.map(template),
  };
}

describe('the item-wise parse is dockerfile-ast\'s parse', () => {
  it('corpus and generated files, LF and CRLF', () => {
    for (const file of [...corpus, ...generated]) {
      for (const text of [file.text, crlf(file.text, true), `\uFEFF${file.text}`]) {
        expect(structure(parseAst(text, new LineIndex(text)).ast), file.name).toEqual(structure(DockerfileParser.parse(text)));
      }
    }
  });
});

describe('incremental Dockerfile parse = fresh parse', () => {
  it('random edits of corpus Dockerfiles', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...corpus.map((f) => f.name)),
        fc.boolean(),
        fc.array(edit, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 2 }),
        (name, useCrlf, edits, probes) => check(crlf(textOf(name), useCrlf), edits, probes),
      ),
      { numRuns: 80, seed: 20_251_124 },
    );
  });

  it('random edits of generated Dockerfiles (100 and 1,000 lines)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...generated.map((f) => f.name)),
        fc.boolean(),
        fc.array(edit, { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 2 }),
        (name, useCrlf, edits, probes) => check(crlf(textOf(name), useCrlf), edits, probes),
      ),
      { numRuns: 10, seed: 20_251_125 },
    );
  });

  it('typing through a whole file keeps instructions and their analyses right', () => {
    // Every line of a mid-sized corpus file gets a character typed at its end and removed again.
    const file = corpus.find((f) => f.text.split('\n').length > 60)!;
    const lines = file.text.split('\n').length;
    const edits: Edit[] = [];
    for (let l = 0; l < lines; l += 3) edits.push({ where: 'line-end', at: l, remove: 0, insert: 'x', typed: true });
    check(file.text, edits, [0, 7]);
  });

  it('the model keeps the instruction objects an edit did not touch', () => {
    const text = 'FROM alpine:3.19\nRUN apk add curl\nUSER app\nCMD ["sh"]\n';
    const first = parseDockerfile(text);
    const [from, run, user, cmd] = first.instructions;
    const second = parseDockerfile(text.replace('curl', 'curl git'), first);
    expect(second.instructions[0]).toBe(from);
    expect(second.instructions[1]).not.toBe(run);
    expect(second.instructions[2]).toBe(user);
    expect(second.instructions[3]).toBe(cmd);
    expect(second.instructions[1].getArgumentsContent()).toBe('apk add curl git');
    // A line break moves the instructions after it down a line: kept, their positions moved.
    const third = parseDockerfile(second.text.replace('curl git', 'curl \\\n  git'), second);
    expect(third.instructions[2]).toBe(user);
    expect(third.instructions[2].getRange().start.line).toBe(3);
    expect(third.instructions[3]).toBe(cmd);
    expect(cmd.getRange()).toEqual({ start: { line: 4, character: 0 }, end: { line: 4, character: 10 } });
    expect(cmd.getArguments()[0].getRange().start).toEqual({ line: 4, character: 4 });
    // And back up again when the line break goes.
    const fourth = parseDockerfile(third.text.replace('curl \\\n  git', 'curl git'), third);
    expect(fourth.instructions[3]).toBe(cmd);
    expect(cmd.getRange().start.line).toBe(3);
  });
});
