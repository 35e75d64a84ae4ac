/**
 * The incremental Dockerfile parse moves the kept instructions' position objects
 * in place (languages/dockerfile/incremental.ts). What the server already handed
 * out (diagnostics, code action edits) is copied, so a publish or a response
 * serialised after the next version's parse still says what it said.
 */
import { describe, expect, it } from 'vitest';
import { serviceById } from '../../server/src/engine/registry';
import { findingToDiagnostic } from '../../server/src/lsp/diagnostics';
import { DOCS_ROOT } from './harness';

describe('positions handed out by the server', () => {
  it('do not move when the next version is parsed incrementally', () => {
    const service = serviceById('dockerfile')!;
    const v1 = 'FROM node:22\nRUN echo one\nADD . /app\nRUN chmod 777 /app\n';
    const first = service.parse(v1);
    const findings = first.run({}, {}).findings;
    const diagnostics = findings.map((f) => findingToDiagnostic(f, DOCS_ROOT));
    const before = JSON.stringify(diagnostics);
    const rawBefore = JSON.stringify(findings.map((f) => f.range));
    // A line inserted above: the instructions after it are kept and moved by one line.
    const second = service.parse(`FROM node:22\n# a comment\n${v1.slice('FROM node:22\n'.length)}`, first);
    const moved = second.run({}, {}).findings.find((f) => f.ruleId === 'dockerfile/add-instead-of-copy')!;
    expect(moved.range.start.line).toBe(3);
    expect(JSON.stringify(diagnostics)).toBe(before);
    // The engine's own findings of the old version did move (their objects are the model's): hence the copies.
    expect(JSON.stringify(findings.map((f) => f.range))).not.toBe(rawBefore);
  });
});
