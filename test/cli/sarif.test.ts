import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pascalCase } from '../../server/src/cli/formats/sarif';
import { allMeta } from '../../server/src/engine/registry';
import { runRules } from '../../server/src/engine/run';
import { defineRule, dockerfileLanguage } from '../../server/src/languages/dockerfile/language';
import { ROOT, cli, onlyRules, run, testEngine, tree } from './helpers';

const schema = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/sarif-schema-2.1.0.json'), 'utf8'));

function validator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // Ajv's formats live in a separate package; these checks are enough for our output.
  const isUri = (s: string) => {
    try {
      new URL(s);
      return true;
    } catch {
      return false;
    }
  };
  ajv.addFormat('uri', isUri);
  ajv.addFormat('uri-reference', (s: string) => isUri(s) || !/[\s\\]/.test(s));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  return ajv.compile(schema);
}
const validate = validator();

function expectValid(log: unknown) {
  const ok = validate(log);
  expect(ok, JSON.stringify(validate.errors, null, 2)).toBe(true);
}

const ROOT_USER = 'dockerfile/no-root-user';

describe('check --format sarif', () => {
  const files = {
    '.hardline.yaml': `${onlyRules([ROOT_USER])}bogus: 1\n`,
    'svc/Dockerfile': 'FROM node:22\n# the app binds port 80\nUSER root\nCMD ["node", "index.js"]\n',
    'dir with space/Dockerfile': 'FROM node:22\nUSER root\n',
    Containerfile: 'RUN echo hi\nFROM alpine:3.20\nUSER\n',
  };

  it('is valid SARIF 2.1.0 (official schema), also with I/O errors and config notifications', () => {
    const dir = tree(files);
    const out = cli(['check', '--format', 'sarif', '.', 'missing'], dir);
    expect(out.status).toBe(2);
    const log = JSON.parse(out.stdout);
    expectValid(log);
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
  });

  it('describes every registry rule in tool.driver', () => {
    const log = JSON.parse(cli(['check', '--format', 'sarif'], tree(files)).stdout);
    const driver = log.runs[0].tool.driver;
    expect(driver.name).toBe('Hardline');
    expect(driver.version).toBe(require('../../package.json').version);
    expect(driver.rules.map((r: { id: string }) => r.id)).toEqual(allMeta.map((m) => m.id));
    const rule = driver.rules.find((r: { id: string }) => r.id === ROOT_USER);
    expect(rule).toMatchObject({
      name: 'DockerfileNoRootUser',
      shortDescription: { text: allMeta.find((m) => m.id === ROOT_USER)!.description },
      defaultConfiguration: { level: 'warning' },
      properties: {
        tags: ['security', 'dockerfile'],
        aliases: ['hadolint:DL3002', 'trivy:DS-0002', 'checkov:CKV_DOCKER_3', 'checkov:CKV_DOCKER_8'],
        'security-severity': '5.0',
      },
    });
    for (const r of driver.rules) {
      const meta = allMeta.find((m) => m.id === r.id)!;
      expect(r.defaultConfiguration.level).toBe(meta.defaultSeverity === 'info' ? 'note' : meta.defaultSeverity);
      expect(r.properties.tags).toContain('security');
      // help comes from docs/rules/<id>.md when the page exists.
      let docs: string | null = null;
      try {
        docs = readFileSync(join(ROOT, meta.docs), 'utf8');
      } catch {
        docs = null;
      }
      if (docs) expect(r.help.markdown.length).toBeGreaterThan(0);
      else expect(r.help).toBeUndefined();
    }
  });

  it('reports results with 1-based UTF-16 regions, relative URIs and fingerprints', () => {
    const log = JSON.parse(cli(['check', '--format', 'sarif'], tree(files)).stdout);
    const runLog = log.runs[0];
    expect(runLog.columnKind).toBe('utf16CodeUnits');
    expect(runLog.originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/\/.*\/$/);
    const results = runLog.results;
    expect(results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0].physicalLocation.artifactLocation.uri)).toEqual([
      'Containerfile',
      'dir%20with%20space/Dockerfile',
      'svc/Dockerfile',
    ]);
    const svc = results[2];
    expect(svc).toMatchObject({
      ruleId: ROOT_USER,
      ruleIndex: allMeta.findIndex((m) => m.id === ROOT_USER),
      level: 'warning',
      message: { text: 'The final image runs as root: USER root. A compromised process then owns the container.' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'svc/Dockerfile', uriBaseId: '%SRCROOT%' },
            region: { startLine: 3, startColumn: 6, endLine: 3, endColumn: 10 },
          },
        },
      ],
    });
    expect(svc.partialFingerprints['hardlineFindingHash/v1']).toMatch(/^[0-9a-f]{32}:1$/);
    expect(svc.fixes).toBeUndefined();
  });

  it('keeps fingerprints when lines move, and tells identical lines apart', () => {
    const a = tree({ '.hardline.yaml': onlyRules([ROOT_USER]), Dockerfile: 'FROM node:22\nUSER root\n' });
    const b = tree({ '.hardline.yaml': onlyRules([ROOT_USER]), Dockerfile: '# moved down\n\nFROM node:22\nUSER root\n' });
    const fp = (dir: string) => JSON.parse(cli(['check', '--format', 'sarif'], dir).stdout).runs[0].results[0].partialFingerprints;
    expect(fp(a)).toEqual(fp(b));
    const c = tree({ Dockerfile: 'FROM alpine:3.20\nADD a /a\nADD a /a\nUSER 1\n' });
    const results = JSON.parse(run(['check', '--format', 'sarif'], c, testEngine).stdout).runs[0].results;
    const prints = results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['hardlineFindingHash/v1']);
    expect(prints[0].split(':')[0]).toBe(prints[1].split(':')[0]);
    expect(prints.map((p: string) => p.split(':')[1])).toEqual(['1', '2']);
  });

  it('puts parse errors in toolExecutionNotifications and config problems in toolConfigurationNotifications', () => {
    const log = JSON.parse(cli(['check', '--format', 'sarif', '.', 'missing'], tree(files)).stdout);
    const invocation = log.runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications.map((n: { descriptor: { id: string }; level: string }) => [n.descriptor.id, n.level])).toEqual([
      ['io-error', 'error'],
      ['instruction-before-from', 'error'],
      ['missing-argument', 'error'],
    ]);
    expect(invocation.toolExecutionNotifications[2].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'Containerfile', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 5 },
    });
    expect(invocation.toolConfigurationNotifications).toEqual([
      expect.objectContaining({ level: 'warning', descriptor: { id: 'config-error' }, message: { text: expect.stringMatching(/^Unknown key "bogus"/) } }),
    ]);
  });

  it('carries safe fixes as replacements', () => {
    const dir = tree({ Dockerfile: 'FROM alpine:3.20\nADD . /app\nUSER 1\n' });
    const log = JSON.parse(run(['check', '--format', 'sarif'], dir, testEngine).stdout);
    expectValid(log);
    expect(log.runs[0].results[0].fixes).toEqual([
      {
        description: { text: 'Safe fix (hardline check --fix)' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'Dockerfile', uriBaseId: '%SRCROOT%' },
            replacements: [{ deletedRegion: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 4 }, insertedContent: { text: 'COPY' } }],
          },
        ],
      },
    ]);
  });

  it('counts columns in UTF-16 code units', () => {
    // A rule reporting the word after an emoji (2 UTF-16 units) and an é (1 unit).
    const lastWord = defineRule({
      meta: { id: 'dockerfile/test-last-word', category: 'correctness', defaultSeverity: 'info', description: 't', messages: { m: 'm' }, aliases: [], fixable: false, hasSuggestions: false },
      create: (context) => ({
        LABEL(instruction) {
          const args = instruction.getArguments();
          context.report({ range: args[args.length - 1].getRange(), messageId: 'm' });
        },
      }),
    });
    const engine = { ...testEngine, check: (text: string) => runRules(dockerfileLanguage, dockerfileLanguage.parse(text), [lastWord]) };
    const dir = tree({ Dockerfile: 'FROM alpine:3.20\nLABEL x=😀é y=z\n' });
    const log = JSON.parse(run(['check', '--format', 'sarif'], dir, engine).stdout);
    expectValid(log);
    expect(log.runs[0].results[0].locations[0].physicalLocation.region).toEqual({ startLine: 2, startColumn: 13, endLine: 2, endColumn: 16 });
  });
});

describe('pascalCase', () => {
  it('turns rule ids into SARIF rule names', () => {
    expect(pascalCase('dockerfile/no-root-user')).toBe('DockerfileNoRootUser');
    expect(pascalCase('dockerfile/add-instead-of-copy')).toBe('DockerfileAddInsteadOfCopy');
  });
});
