import { describe, expect, it } from 'vitest';
import { cli, onlyRules, tree } from './helpers';

const ROOT_USER = 'dockerfile/no-root-user';
const ALIASES = ['hadolint:DL3002', 'trivy:DS-0002', 'checkov:CKV_DOCKER_3', 'checkov:CKV_DOCKER_8'];
const r = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

describe('check --format json', () => {
  it('is pinned exactly: files sorted, 0-based ranges, aliases, fix kind, problems, config problems, summary', () => {
    const dir = tree({
      '.hardline.yaml': `${onlyRules([ROOT_USER])}bogus: 1\n`,
      'svc/Dockerfile': 'FROM node:22\n# the app binds port 80\nUSER root\nCMD ["node", "index.js"]\n',
      Containerfile: 'RUN echo hi\nFROM alpine:3.20\nUSER\n',
      'ok/Dockerfile': 'FROM alpine:3.20\nUSER 10001\n',
    });
    const configLines = onlyRules([ROOT_USER]).split('\n').length - 1;
    const out = cli(['check', '--format', 'json'], dir);
    const expected = {
      version: 1,
      files: [
        {
          path: '.hardline.yaml',
          language: 'config',
          findings: [],
          errors: [
            {
              code: 'config-error',
              severity: 'warning',
              message: 'Unknown key "bogus"; expected one of: rules, trustedRegistries, ignorePaths, kubernetes.',
              range: r(configLines, 0, configLines, 5),
            },
          ],
        },
        {
          path: 'Containerfile',
          language: 'dockerfile',
          findings: [
            {
              ruleId: ROOT_USER,
              severity: 'warning',
              message: 'The final image runs as root: alpine:3.20 runs as root and no USER is set.',
              range: r(1, 5, 1, 16),
              aliases: ALIASES,
              fix: 'suggestion',
            },
          ],
          errors: [
            { code: 'instruction-before-from', severity: 'error', message: 'RUN before the first FROM: only ARG may come before FROM.', range: r(0, 0, 0, 3) },
            { code: 'missing-argument', severity: 'error', message: 'USER requires an argument.', range: r(2, 0, 2, 4) },
          ],
        },
        { path: 'ok/Dockerfile', language: 'dockerfile', findings: [], errors: [] },
        {
          path: 'svc/Dockerfile',
          language: 'dockerfile',
          findings: [
            {
              ruleId: ROOT_USER,
              severity: 'warning',
              message: 'The final image runs as root: USER root. A compromised process then owns the container.',
              range: r(2, 5, 2, 9),
              aliases: ALIASES,
              fix: 'suggestion',
            },
          ],
          errors: [],
        },
      ],
      summary: { files: 3, findings: 2, errors: 2, warnings: 2, info: 0, fixable: 0 },
    };
    expect(out.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    expect(out.status).toBe(1);
    // Config problems travel in the JSON, not on stderr.
    expect(out.stderr).toBe('');
  });

  it('reports paths relative to the working folder, with / separators, also for ../', () => {
    const dir = tree({ 'a/b/Dockerfile': 'FROM alpine:3.20\nUSER 1\n', 'c/Dockerfile': 'FROM alpine:3.20\nUSER 1\n' });
    const out = cli(['check', '--format', 'json', '.', '../c'], `${dir}/a`);
    expect(JSON.parse(out.stdout).files.map((f: { path: string }) => f.path)).toEqual(['../c/Dockerfile', 'b/Dockerfile']);
  });

  it('carries I/O errors as io-error entries and exits 2', () => {
    const dir = tree({ '.hardline.yaml': onlyRules([ROOT_USER]), Dockerfile: 'FROM alpine:3.20\nUSER 1\n' });
    const out = cli(['check', '--format', 'json', 'Dockerfile', 'missing/Dockerfile'], dir);
    expect(out.status).toBe(2);
    const report = JSON.parse(out.stdout);
    expect(report.files).toEqual([
      { path: 'Dockerfile', language: 'dockerfile', findings: [], errors: [] },
      { path: 'missing/Dockerfile', language: 'dockerfile', findings: [], errors: [{ code: 'io-error', message: 'no such file or directory' }] },
    ]);
    expect(report.summary.files).toBe(1);
    expect(out.stderr).toBe('hardline: missing/Dockerfile: no such file or directory\n');
  });

  it('marks findings with a safe fix "safe" and counts them as fixable', async () => {
    // Uses the in-process runner with a test rule that has a safe fix.
    const { run, testEngine } = await import('./helpers');
    const dir = tree({ Dockerfile: 'FROM alpine:3.20\nADD . /app\nUSER 1\n' });
    const out = run(['check', '--format', 'json'], dir, testEngine);
    const report = JSON.parse(out.stdout);
    expect(report.files[0].findings).toEqual([
      { ruleId: 'dockerfile/test-add-to-copy', severity: 'warning', message: 'ADD of local files: use COPY.', range: r(1, 0, 1, 3), aliases: [], fix: 'safe' },
    ]);
    expect(report.summary).toEqual({ files: 1, findings: 1, errors: 0, warnings: 1, info: 0, fixable: 1 });
  });
});
