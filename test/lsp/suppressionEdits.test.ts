import { describe, expect, it } from 'vitest';
import { checkText } from '../../server/src/engine/check';
import { applyEdits, range } from '../../server/src/engine/positions';
import type { Range, TextEdit } from '../../server/src/engine/types';
import { parseDockerfile } from '../../server/src/languages/dockerfile/model';
import { ignoreForFileEdit, ignoreForInstructionEdit } from '../../server/src/languages/dockerfile/suppressionEdits';

const ID = 'dockerfile/no-root-user';

function apply(text: string, edit: TextEdit | null): string {
  expect(edit).not.toBeNull();
  return applyEdits(text, [edit!]);
}

/** The finding of no-root-user in `text` (exactly one). */
function finding(text: string): Range {
  const { findings } = checkText('dockerfile', text);
  const mine = findings.filter((f) => f.ruleId === ID);
  expect(mine).toHaveLength(1);
  return mine[0].range;
}

/** After the edit the finding is gone and nothing new is reported. */
function expectSilenced(text: string) {
  const result = checkText('dockerfile', text);
  expect(result.findings.filter((f) => f.ruleId === ID)).toEqual([]);
  expect(result.problems).toEqual([]);
}

describe('ignoreForInstructionEdit', () => {
  it('inserts the comment on its own line above the instruction, with its indentation', () => {
    const text = 'FROM node:22\nWORKDIR /app\n  USER root\nCMD ["node", "server.js"]\n';
    const at = finding(text);
    expect(at).toEqual(range(2, 7, 2, 11));
    const edit = ignoreForInstructionEdit(parseDockerfile(text), at, ID);
    expect(edit).toEqual({ range: range(2, 0, 2, 0), newText: `  # hardline-ignore ${ID}\n` });
    const out = apply(text, edit);
    expect(out).toBe(`FROM node:22\nWORKDIR /app\n  # hardline-ignore ${ID}\n  USER root\nCMD ["node", "server.js"]\n`);
    expectSilenced(out);
  });

  it('uses the file line ending (CRLF)', () => {
    const text = 'FROM node:22\r\nRUN npm ci\r\nCMD ["node", "server.js"]\r\n';
    const out = apply(text, ignoreForInstructionEdit(parseDockerfile(text), finding(text), ID));
    expect(out).toBe(`# hardline-ignore ${ID}\r\nFROM node:22\r\nRUN npm ci\r\nCMD ["node", "server.js"]\r\n`);
    expectSilenced(out);
  });

  it('adds the id to a hardline-ignore comment directly above', () => {
    const text = 'FROM node:22\n# hardline-ignore dockerfile/numeric-user -- the app needs a name\nUSER root\n';
    const edit = ignoreForInstructionEdit(parseDockerfile(text), finding(text), ID);
    expect(edit).toEqual({ range: range(1, 41, 1, 41), newText: `,${ID}` });
    const out = apply(text, edit);
    expect(out).toBe(`FROM node:22\n# hardline-ignore dockerfile/numeric-user,${ID} -- the app needs a name\nUSER root\n`);
  });

  it('finds the hardline-ignore comment among other tools’ pragmas', () => {
    const text = 'FROM node:22\n# hardline-ignore dockerfile/numeric-user\n# hadolint ignore=DL3008\nUSER root\n';
    const out = apply(text, ignoreForInstructionEdit(parseDockerfile(text), finding(text), ID));
    expect(out).toBe(`FROM node:22\n# hardline-ignore dockerfile/numeric-user,${ID}\n# hadolint ignore=DL3008\nUSER root\n`);
    expectSilenced(out);
  });

  it('keeps other tools’ pragmas directly above their instruction', () => {
    const text = 'FROM node:22\n# trivy:ignore:DS026\n# hadolint ignore=DL3008\nUSER root\n';
    const out = apply(text, ignoreForInstructionEdit(parseDockerfile(text), finding(text), ID));
    expect(out).toBe(`FROM node:22\n# hardline-ignore ${ID}\n# trivy:ignore:DS026\n# hadolint ignore=DL3008\nUSER root\n`);
    expectSilenced(out);
  });

  it('goes below an ordinary comment', () => {
    const text = 'FROM node:22\n# the entrypoint binds port 80\nUSER root\n';
    const out = apply(text, ignoreForInstructionEdit(parseDockerfile(text), finding(text), ID));
    expect(out).toBe(`FROM node:22\n# the entrypoint binds port 80\n# hardline-ignore ${ID}\nUSER root\n`);
    expectSilenced(out);
  });

  it('puts the comment above the first line of a continued instruction', () => {
    const text = 'FROM node:22\nUSER \\\n    root\n';
    const at = finding(text);
    expect(at.start.line).toBe(2);
    const out = apply(text, ignoreForInstructionEdit(parseDockerfile(text), at, ID));
    expect(out).toBe(`FROM node:22\n# hardline-ignore ${ID}\nUSER \\\n    root\n`);
    expectSilenced(out);
  });

  it('returns null when no instruction contains the finding', () => {
    const text = 'FROM node:22\n\n# a comment\n';
    expect(ignoreForInstructionEdit(parseDockerfile(text), range(1, 0, 1, 0), ID)).toBeNull();
  });
});

describe('ignoreForFileEdit', () => {
  it('inserts at the top when there are no parser directives', () => {
    const text = '# build the API\nFROM node:22\nCMD ["node", "server.js"]\n';
    const edit = ignoreForFileEdit(parseDockerfile(text), ID);
    expect(edit).toEqual({ range: range(0, 0, 0, 0), newText: `# hardline-ignore-file ${ID}\n` });
    const out = apply(text, edit);
    expect(out).toBe(`# hardline-ignore-file ${ID}\n# build the API\nFROM node:22\nCMD ["node", "server.js"]\n`);
    expectSilenced(out);
  });

  it('never goes above # syntax=, # escape= or # check= directives', () => {
    const text = '# syntax=docker/dockerfile:1\n# check=error=true\n# escape=`\nFROM node:22\nRUN echo a `\n    b\n';
    const out = apply(text, ignoreForFileEdit(parseDockerfile(text), ID));
    expect(out).toBe(`# syntax=docker/dockerfile:1\n# check=error=true\n# escape=\`\n# hardline-ignore-file ${ID}\nFROM node:22\nRUN echo a \`\n    b\n`);
    const model = parseDockerfile(out);
    expect(model.escapeChar).toBe('`');
    expect(model.ast.getDirectives().map((d) => d.getName())).toEqual(['syntax', 'check', 'escape']);
    expectSilenced(out);
  });

  it('handles a file that is only directives, without a final line ending (CRLF)', () => {
    const text = '# syntax=docker/dockerfile:1\r\n# escape=`';
    const out = apply(text, ignoreForFileEdit(parseDockerfile(text), ID));
    expect(out).toBe(`# syntax=docker/dockerfile:1\r\n# escape=\`\r\n# hardline-ignore-file ${ID}`);
  });

  it('adds the id to an existing hardline-ignore-file comment in the header', () => {
    const text = '# syntax=docker/dockerfile:1\n# hardline-ignore-file dockerfile/pin-digest -- internal mirror\nFROM node:22\n';
    const edit = ignoreForFileEdit(parseDockerfile(text), ID);
    expect(edit).toEqual({ range: range(1, 44, 1, 44), newText: `,${ID}` });
    expect(apply(text, edit)).toBe(`# syntax=docker/dockerfile:1\n# hardline-ignore-file dockerfile/pin-digest,${ID} -- internal mirror\nFROM node:22\n`);
  });
});
