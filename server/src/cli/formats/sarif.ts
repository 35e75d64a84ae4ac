import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { allMeta } from '../../engine/registry';
import { LineIndex } from '../../engine/positions';
import type { Problem, Range, RuleMeta, Severity, TextEdit } from '../../engine/types';
import type { FileReport } from '../analyse';
import { aliasString, type CheckRun } from '../summary';
import { packageVersion, readRuleDocs } from '../package';

/**
 * `--format sarif`: SARIF 2.1.0 as GitHub code scanning ingests it. One run;
 * every registry rule in `tool.driver.rules`; 1-based regions in UTF-16 code
 * units; a partial fingerprint per result; safe fixes as `fixes`; parse and
 * internal errors as execution notifications, config problems as
 * configuration notifications.
 */

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';
export const level = (s: Severity): Level => (s === 'info' ? 'note' : s);

/** `dockerfile/no-root-user` → `DockerfileNoRootUser`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/** GitHub's security-severity (0.0–10.0) for security-relevant rules, from their default severity. */
function securitySeverity(meta: RuleMeta): string | undefined {
  if (meta.category !== 'security' && meta.category !== 'supply-chain') return undefined;
  return meta.defaultSeverity === 'error' ? '8.0' : meta.defaultSeverity === 'warning' ? '5.0' : '2.0';
}

/** The docs page without its title, for `help`; the first paragraph for `fullDescription`. */
function docsParts(markdown: string): { body: string; firstParagraph: string | null } {
  const body = markdown.replace(/^\uFEFF?#[^\n]*\n+/, '').trim();
  const firstParagraph = body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .find((p) => p.length > 0 && !/^(#|```|[-*|>] |\|)/.test(p));
  return { body, firstParagraph: firstParagraph ? firstParagraph.replace(/\s*\n\s*/g, ' ') : null };
}

/** Markdown as plain text (good enough for `help.text`): no emphasis or link syntax. */
function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/`([^`\n]*)`/g, '$1');
}

function ruleDescriptor(meta: RuleMeta) {
  const docs = readRuleDocs(meta.docs);
  const parts = docs ? docsParts(docs) : null;
  const tags = [...new Set([meta.category, 'security', meta.language])];
  const properties: Record<string, unknown> = { tags, aliases: meta.aliases.map(aliasString) };
  const severity = securitySeverity(meta);
  if (severity) properties['security-severity'] = severity;
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.description },
    fullDescription: { text: parts?.firstParagraph ? plainText(parts.firstParagraph) : meta.description },
    ...(parts && parts.body ? { help: { text: plainText(parts.body), markdown: parts.body } } : {}),
    defaultConfiguration: { level: level(meta.defaultSeverity) },
    properties,
  };
}

function region(r: Range) {
  return {
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  };
}

/** Percent-encode each path segment (spaces, `#`, `%`, …). */
function uriOf(display: string): string {
  return display.split('/').map(encodeURIComponent).join('/');
}

/** Relative to `%SRCROOT%` when inside the working folder, else an absolute file URI. */
function artifactLocation(file: { display: string; path: string }) {
  if (file.display === '..' || file.display.startsWith('../')) return { uri: pathToFileURL(file.path).href };
  return { uri: uriOf(file.display), uriBaseId: SRCROOT };
}

function fingerprint(ruleId: string, display: string, lineText: string): string {
  return createHash('sha256').update(`${ruleId}\u0000${display}\u0000${lineText.trim()}`).digest('hex').slice(0, 32);
}

function notification(p: Problem, file: { display: string; path: string } | null) {
  return {
    level: level(p.severity),
    message: { text: p.message },
    descriptor: { id: p.code },
    ...(file ? { locations: [{ physicalLocation: { artifactLocation: artifactLocation(file), region: region(p.range) } }] } : {}),
  };
}

function ioNotification(message: string, file: { display: string; path: string }) {
  return {
    level: 'error' as const,
    message: { text: `${file.display}: ${message}` },
    descriptor: { id: 'io-error' },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(file) } }],
  };
}

function results(file: FileReport, ruleIndex: Map<string, number>) {
  const index = new LineIndex(file.text);
  const seen = new Map<string, number>();
  return file.findings.map((f) => {
    const base = fingerprint(f.ruleId, file.display, index.lineText(Math.min(f.range.start.line, index.lineCount - 1)));
    const occurrence = (seen.get(base) ?? 0) + 1;
    seen.set(base, occurrence);
    const location = { physicalLocation: { artifactLocation: artifactLocation(file), region: region(f.range) } };
    const result: Record<string, unknown> = {
      ruleId: f.ruleId,
      ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
      level: level(f.severity),
      message: { text: f.message },
      locations: [location],
      partialFingerprints: { 'hardlineFindingHash/v1': `${base}:${occurrence}` },
    };
    if (f.safeFix) {
      result.fixes = [
        {
          description: { text: 'Safe fix (hardline check --fix)' },
          artifactChanges: [
            {
              artifactLocation: artifactLocation(file),
              replacements: f.safeFix.map((e: TextEdit) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
            },
          ],
        },
      ];
    }
    return result;
  });
}

export function toSarif(run: CheckRun) {
  const ruleIndex = new Map(allMeta.map((m, i) => [m.id, i]));
  const execution = [
    ...run.walkErrors.filter((e) => e.kind !== 'config').map((e) => ioNotification(e.message, e)),
    ...run.files.flatMap((f) => [...f.problems.map((p) => notification(p, f)), ...f.ioErrors.map((m) => ioNotification(m, f))]),
  ];
  const configuration = [
    ...run.walkErrors.filter((e) => e.kind === 'config').map((e) => ioNotification(e.message, e)),
    ...run.configs.flatMap(({ display, loaded }) => loaded.problems.map((p) => notification(p, { display, path: loaded.path ?? display }))),
  ];
  const ioFailed = run.walkErrors.length > 0 || run.files.some((f) => f.ioErrors.length > 0);
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'Hardline',
            version: packageVersion(),
            semanticVersion: packageVersion(),
            rules: allMeta.map(ruleDescriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: !ioFailed,
            ...(execution.length > 0 ? { toolExecutionNotifications: execution } : {}),
            ...(configuration.length > 0 ? { toolConfigurationNotifications: configuration } : {}),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(run.cwd).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits' as const,
        results: run.files.flatMap((f) => results(f, ruleIndex)),
      },
    ],
  };
}

export function formatSarif(run: CheckRun): string {
  return `${JSON.stringify(toSarif(run), null, 2)}\n`;
}
