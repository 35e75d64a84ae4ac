import { describe, expect, it } from 'vitest';
import { runRules } from '../../server/src/engine/run';
import { normaliseId } from '../../server/src/engine/suppressions';
import { dockerfileLanguage } from '../../server/src/languages/dockerfile/language';
import noRootUser from '../../server/src/languages/dockerfile/rules/no-root-user';

const check = (code: string) => {
  const { findings, problems } = runRules(dockerfileLanguage, dockerfileLanguage.parse(code), [noRootUser]);
  return { ids: findings.map((f) => `${f.ruleId}@${f.range.start.line}`), problems: problems.map((p) => `${p.code}@${p.range.start.line}`) };
};

describe('suppression comments', () => {
  const root = 'FROM alpine:3.20\nUSER root\n';

  it('reports without a suppression', () => {
    expect(check(root).ids).toEqual(['dockerfile/no-root-user@1']);
  });

  it('# hardline-ignore <id> silences the next instruction only', () => {
    expect(check('FROM alpine:3.20\n# hardline-ignore dockerfile/no-root-user -- runs a privileged init\nUSER root\n').ids).toEqual([]);
    expect(check('# hardline-ignore dockerfile/no-root-user\nFROM alpine:3.20\nUSER root\n').ids).toEqual(['dockerfile/no-root-user@2']);
  });

  it('# hardline-ignore without ids silences every rule on the next instruction', () => {
    expect(check('FROM alpine:3.20\n# hardline-ignore\nUSER root\n').ids).toEqual([]);
  });

  it('several ids, comma separated', () => {
    expect(check('FROM alpine:3.20\n# hardline-ignore dockerfile/pin-digest,dockerfile/no-root-user\nUSER root\n').ids).toEqual([]);
  });

  it('# hardline-ignore-file anywhere silences the whole file', () => {
    expect(check('FROM alpine:3.20\nUSER root\n# hardline-ignore-file dockerfile/no-root-user\n').ids).toEqual([]);
  });

  it('an unknown id is reported as a problem and silences nothing', () => {
    const r = check('FROM alpine:3.20\n# hardline-ignore dockerfile/no-such-rule\nUSER root\n');
    expect(r.ids).toEqual(['dockerfile/no-root-user@2']);
    expect(r.problems).toEqual(['unknown-rule@1']);
  });

  it('hardline-ignore-file without ids is a problem, not a blanket switch', () => {
    const r = check('# hardline-ignore-file\nFROM alpine:3.20\nUSER root\n');
    expect(r.ids).toEqual(['dockerfile/no-root-user@2']);
    expect(r.problems).toEqual(['suppression-without-ids@0']);
  });

  it('honours hadolint ignore through aliases', () => {
    expect(check('FROM alpine:3.20\n# hadolint ignore=DL3002\nUSER root\n').ids).toEqual([]);
    expect(check('FROM alpine:3.20\n# hadolint ignore=DL3008,DL3002\nUSER root\n').ids).toEqual([]);
    expect(check('FROM alpine:3.20\n# hadolint ignore=DL3008\nUSER root\n').ids).toEqual(['dockerfile/no-root-user@2']);
    expect(check('# hadolint global ignore=DL3002\nFROM alpine:3.20\nUSER root\n').ids).toEqual([]);
  });

  it('honours trivy:ignore in all id spellings', () => {
    for (const id of ['DS002', 'DS-0002', 'AVD-DS-0002', 'ds002']) {
      expect(check(`FROM alpine:3.20\n# trivy:ignore:${id}\nUSER root\n`).ids).toEqual([]);
    }
    expect(check('FROM alpine:3.20\n# trivy:ignore:DS001\nUSER root\n').ids).toEqual(['dockerfile/no-root-user@2']);
  });

  it('a comment inside a continuation annotates the instruction it sits in', () => {
    const code = 'FROM alpine:3.20\nUSER \\\n# hardline-ignore dockerfile/no-root-user\n  root\n';
    expect(check(code).ids).toEqual([]);
  });

  it('normalises foreign ids', () => {
    expect(normaliseId('trivy', 'AVD-DS-0002')).toBe('DS-0002');
    expect(normaliseId('trivy', 'ksv012')).toBe('KSV-0012');
    expect(normaliseId('hadolint', 'dl3002')).toBe('DL3002');
    expect(normaliseId('buildkit', 'SecretsUsedInArgOrEnv')).toBe('secretsusedinargorenv');
  });
});
