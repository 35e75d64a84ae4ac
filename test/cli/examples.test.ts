import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli } from './helpers';

interface JsonFile {
  path: string;
  findings: { ruleId: string; severity: string; fix: string | null }[];
  errors: { code: string }[];
}

describe('examples/', () => {
  const report = JSON.parse(cli(['check', 'examples', '--format', 'json', '--fail-on', 'none'], ROOT).stdout) as { files: JsonFile[] };
  const file = (name: string) => report.files.find((f) => f.path === `examples/${name}/Dockerfile`)!;

  it('has one Dockerfile per example folder and no parse problems', () => {
    const folders = readdirSync(join(ROOT, 'examples'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(report.files.map((f) => f.path)).toEqual(folders.map((f) => `examples/${f}/Dockerfile`).sort());
    expect(folders.length).toBeGreaterThanOrEqual(5);
    for (const f of report.files) expect(f.errors, f.path).toEqual([]);
  });

  it('the insecure examples have warnings, the hardened one at most info', () => {
    for (const f of report.files) {
      if (f.path === 'examples/hardened/Dockerfile') {
        expect(f.findings.filter((x) => x.severity !== 'info'), f.path).toEqual([]);
      } else {
        expect(f.findings.some((x) => x.severity === 'warning' || x.severity === 'error'), f.path).toBe(true);
      }
    }
  });

  it('every insecure example runs as root', () => {
    for (const name of ['node-api', 'python-flask', 'go-service']) {
      expect(file(name).findings.map((x) => x.ruleId), name).toContain('dockerfile/no-root-user');
    }
  });

  it('the Windows example keeps CRLF line endings and the backtick escape', () => {
    const text = readFileSync(join(ROOT, 'examples/dotnet-windows/Dockerfile'), 'utf8');
    expect(text.startsWith('# escape=`\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  it('npm run demo (check examples --fix-dry-run --fail-on none) exits 0, prints a diff and changes nothing', () => {
    const before = report.files.map((f) => readFileSync(join(ROOT, f.path)));
    const out = cli(['check', 'examples', '--fix-dry-run', '--fail-on', 'none'], ROOT);
    expect(out.status).toBe(0);
    expect(out.stderr).toBe('');
    expect(out.stdout).toMatch(/ problems? \(\d+ errors?, \d+ warnings?, \d+ info\) in \d+ files; \d+ fixable with --fix\n$/);
    if (report.files.some((f) => f.findings.some((x) => x.fix === 'safe'))) expect(out.stdout).toMatch(/^--- a\/examples\/.+\n\+\+\+ b\/examples\//m);
    expect(report.files.map((f) => readFileSync(join(ROOT, f.path)))).toEqual(before);
  });
});
