/** The language server's pure helpers, and its failure paths with fakes. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TextDocuments, type Connection, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { range } from '../../server/src/engine/positions';
import { dockerfileService } from '../../server/src/languages/dockerfile/service';
import type { Analysis, Analyzer } from '../../server/src/lsp/analysis';
import { fixTitle, kindMatches, provideCodeActions } from '../../server/src/lsp/codeActions';
import { DiagnosticsPublisher, ruleDocsUri } from '../../server/src/lsp/diagnostics';
import { guard } from '../../server/src/lsp/guard';
import { HostFacts, watchedKind } from '../../server/src/lsp/host';
import { normaliseSettings } from '../../server/src/lsp/settings';
import { isHandledDocument, uriBaseName, uriToPath } from '../../server/src/lsp/uri';

describe('fixTitle', () => {
  const text = 'FROM node:22 as build\nADD package.json ./\nRUN apt-get install -y curl\nRUN sudo make install\n';
  const msg = 'ADD of local files: use COPY, which only copies. More text.';
  it('describes a keyword replacement', () => {
    expect(fixTitle(text, [{ range: range(1, 0, 1, 3), newText: 'COPY' }], msg)).toBe('Fix: Replace ADD with COPY');
  });
  it('reduces a whole-instruction replacement to the words that change', () => {
    expect(fixTitle(text, [{ range: range(1, 0, 1, 19), newText: 'COPY package.json ./' }], msg)).toBe('Fix: Replace ADD with COPY');
    expect(fixTitle(text, [{ range: range(0, 0, 0, 21), newText: 'FROM node:22 AS build' }], msg)).toBe('Fix: Replace as with AS');
  });
  it('describes insertions and removals', () => {
    expect(fixTitle(text, [{ range: range(2, 19, 2, 19), newText: ' --no-install-recommends' }], msg)).toBe('Fix: Insert --no-install-recommends');
    expect(fixTitle(text, [{ range: range(3, 4, 3, 9), newText: '' }], msg)).toBe('Fix: Remove sudo');
    expect(fixTitle(text, [{ range: range(2, 19, 2, 19), newText: ' -o Acquire::Retries=3 -q' }], msg)).toBe('Fix: Insert "-o Acquire::Retries=3 -q"');
  });
  it('merges identical edits and falls back to the message for anything larger', () => {
    const twice = [
      { range: range(1, 0, 1, 3), newText: 'COPY' },
      { range: range(1, 0, 1, 3), newText: 'COPY' },
    ];
    expect(fixTitle(text, twice, msg)).toBe('Fix: Replace ADD with COPY');
    const different = [
      { range: range(1, 0, 1, 3), newText: 'COPY' },
      { range: range(3, 4, 3, 9), newText: '' },
    ];
    expect(fixTitle(text, different, msg)).toBe('Fix: ADD of local files: use COPY, which only copies');
    expect(fixTitle(text, [{ range: range(3, 0, 3, 0), newText: 'RUN a \\\n    b\n' }], 'No trailing period')).toBe('Fix: No trailing period');
  });
});

describe('kindMatches', () => {
  it('matches a kind and its sub-kinds', () => {
    expect(kindMatches('source.fixAll.hardline', undefined)).toBe(true);
    expect(kindMatches('source.fixAll.hardline', [])).toBe(true);
    expect(kindMatches('source.fixAll.hardline', ['source'])).toBe(true);
    expect(kindMatches('source.fixAll.hardline', ['source.fixAll'])).toBe(true);
    expect(kindMatches('source.fixAll.hardline', ['source.fixAll.hardline'])).toBe(true);
    expect(kindMatches('source.fixAll.hardline', ['source.fix'])).toBe(false);
    expect(kindMatches('source.fixAll.hardline', ['quickfix'])).toBe(false);
    expect(kindMatches('quickfix', ['quickfix', 'refactor'])).toBe(true);
  });
});

describe('normaliseSettings', () => {
  it('defaults and validates whatever the client sends', () => {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    expect(normaliseSettings(null, warn)).toEqual({ enable: true, rules: {} });
    expect(normaliseSettings({ enable: false }, warn)).toEqual({ enable: false, rules: {} });
    expect(
      normaliseSettings({ enable: 'yes', rules: { 'dockerfile/a': 'error', 'dockerfile/b': 'fatal', 'dockerfile/c': 3 }, trace: { server: 'off' } }, warn),
    ).toEqual({ enable: true, rules: { 'dockerfile/a': 'error' } });
    expect(normaliseSettings('on', warn)).toEqual({ enable: true, rules: {} });
    expect(normaliseSettings({ rules: ['dockerfile/a'] }, warn)).toEqual({ enable: true, rules: {} });
    expect(warnings).toEqual([
      'Ignoring hardline.enable: expected true or false.',
      'Ignoring hardline.rules["dockerfile/b"]: expected off, info, warning or error.',
      'Ignoring hardline.rules["dockerfile/c"]: expected off, info, warning or error.',
      'Ignoring hardline settings: expected an object, got "on".',
      'Ignoring hardline.rules: expected an object of rule id → off, info, warning or error.',
    ]);
  });

  it('reads hardline.kubernetes.profile (null: not set)', () => {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    expect(normaliseSettings({ kubernetes: { profile: 'baseline' } }, warn)).toEqual({ enable: true, rules: {}, kubernetesProfile: 'baseline' });
    expect(normaliseSettings({ kubernetes: { profile: null } }, warn)).toEqual({ enable: true, rules: {} });
    expect(normaliseSettings({ kubernetes: { profile: 'strict' } }, warn)).toEqual({ enable: true, rules: {} });
    expect(normaliseSettings({ kubernetes: 'restricted' }, warn)).toEqual({ enable: true, rules: {} });
    expect(warnings).toEqual([
      'Ignoring hardline.kubernetes.profile: expected baseline or restricted.',
      'Ignoring hardline.kubernetes: expected an object such as { "profile": "restricted" }.',
    ]);
  });
});

describe('documents and files', () => {
  it('handles the dockerfile language and Dockerfile/Containerfile names under any language id', () => {
    expect(isHandledDocument('dockerfile', 'untitled:Untitled-1')).toBe(true);
    expect(isHandledDocument('plaintext', 'file:///src/Dockerfile')).toBe(true);
    expect(isHandledDocument('plaintext', 'file:///src/Dockerfile.prod?x=1')).toBe(true);
    expect(isHandledDocument('text', 'file:///src/api.containerfile')).toBe(true);
    expect(isHandledDocument('ignore', 'file:///src/Dockerfile.dockerignore')).toBe(false);
    // YAML is a candidate; whether it gets diagnostics depends on its content (Kubernetes objects or not).
    expect(isHandledDocument('yaml', 'file:///src/compose.yaml')).toBe(true);
    expect(isHandledDocument('plaintext', 'file:///k8s/deploy.yml')).toBe(true);
    expect(isHandledDocument('yaml', 'file:///repo/.hardline.yaml')).toBe(false);
    expect(uriBaseName('file:///a%20b/Container%66ile')).toBe('Containerfile');
    expect(uriToPath('untitled:Untitled-1')).toBeUndefined();
    expect(uriToPath('file:///tmp/x/Dockerfile')).toBe('/tmp/x/Dockerfile');
  });

  it('knows which watched files invalidate what', () => {
    expect(watchedKind('/r/.hardline.yaml')).toBe('config');
    expect(watchedKind('/r/.hardline.yml')).toBe('config');
    expect(watchedKind('/r/.dockerignore')).toBe('dockerignore');
    expect(watchedKind('/r/Dockerfile.dockerignore')).toBe('dockerignore');
    expect(watchedKind('/r/Dockerfile')).toBe('other');
  });

  it('links rule docs relative to the docs folder', () => {
    expect(ruleDocsUri('/opt/ext/docs/rules', 'dockerfile/no-root-user')).toBe('file:///opt/ext/docs/rules/dockerfile/no-root-user.md');
  });
});

describe('HostFacts', () => {
  const ws = mkdtempSync(join(tmpdir(), 'hardline-host-'));
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  it('finds the config below the innermost workspace folder, the .dockerignore, and serves untitled documents', () => {
    mkdirSync(join(ws, 'inner', 'svc'), { recursive: true });
    writeFileSync(join(ws, '.hardline.yaml'), 'rules:\n  dockerfile/no-root-user: error\n');
    writeFileSync(join(ws, 'inner', 'svc', '.dockerignore'), 'node_modules\n');
    const host = new HostFacts();
    host.setWorkspaceFolders([ws, join(ws, 'inner')]);
    expect(host.folderOf(join(ws, 'inner', 'svc', 'Dockerfile'))).toBe(join(ws, 'inner'));
    expect(host.folderOf(join(ws, 'x', 'Dockerfile'))).toBe(ws);
    expect(host.folderOf('/elsewhere/Dockerfile')).toBeUndefined();

    // The inner folder is its own workspace root: the outer config does not reach it.
    const inner = host.factsFor(pathToFileURL(join(ws, 'inner', 'svc', 'Dockerfile')).href);
    expect(inner.config.path).toBeNull();
    expect(inner.env).toEqual({ dockerignore: { path: join(ws, 'inner', 'svc', '.dockerignore'), content: 'node_modules\n' } });
    const outer = host.factsFor(pathToFileURL(join(ws, 'Dockerfile')).href);
    expect(outer.config.path).toBe(join(ws, '.hardline.yaml'));
    expect(outer.config.config.rules).toEqual({ 'dockerfile/no-root-user': 'error' });
    expect(outer.env).toEqual({ dockerignore: null });

    const untitled = host.factsFor('untitled:Untitled-1');
    expect(untitled).toEqual({ config: outer.config, ignored: false, env: {} });

    // Cached until invalidated.
    writeFileSync(join(ws, 'inner', 'svc', '.dockerignore'), '*\n');
    expect(host.factsFor(pathToFileURL(join(ws, 'inner', 'svc', 'Dockerfile')).href).env.dockerignore?.content).toBe('node_modules\n');
    host.invalidateDockerignore();
    expect(host.factsFor(pathToFileURL(join(ws, 'inner', 'svc', 'Dockerfile')).href).env.dockerignore?.content).toBe('*\n');
  });
});

/** A connection that records publications (only what DiagnosticsPublisher uses). */
function fakeConnection(sent: PublishDiagnosticsParams[]): Connection {
  return { sendDiagnostics: async (p: PublishDiagnosticsParams) => void sent.push(p) } as unknown as Connection;
}

function fakeDocuments(...docs: TextDocument[]): TextDocuments<TextDocument> {
  const map = new Map(docs.map((d) => [d.uri, d]));
  return { get: (uri: string) => map.get(uri), all: () => [...map.values()] } as unknown as TextDocuments<TextDocument>;
}

describe('failure paths', () => {
  const uri = 'file:///w/Dockerfile';
  const doc = TextDocument.create(uri, 'dockerfile', 3, 'FROM node:22\n');

  it('an exception while checking becomes an internal-error diagnostic and a log entry', async () => {
    const sent: PublishDiagnosticsParams[] = [];
    const logged: string[] = [];
    const analyzer = { analyse: async () => Promise.reject(new Error('parser exploded')) } as unknown as Analyzer;
    const publisher = new DiagnosticsPublisher(fakeConnection(sent), fakeDocuments(doc), analyzer, '/docs', (m, e) => logged.push(`${m}: ${(e as Error).message}`));
    await publisher.validate(uri);
    expect(sent).toEqual([
      {
        uri,
        version: 3,
        diagnostics: [
          {
            range: range(0, 0, 0, 0),
            severity: 1,
            source: 'hardline',
            code: 'internal-error',
            message: 'Hardline could not check this file: parser exploded. Please report this (see the Hardline output).',
          },
        ],
      },
    ]);
    expect(logged).toEqual([`Checking ${uri} failed: parser exploded`]);
  });

  it('a fix or suggestion that throws is logged and left out; the other actions remain', async () => {
    const document = dockerfileService.parse('FROM node:22\n');
    const finding = {
      ruleId: 'dockerfile/no-root-user',
      messageId: 'rootBase',
      severity: 'warning' as const,
      message: 'The final image runs as root.',
      range: range(0, 5, 0, 12),
      fix: () => {
        throw new Error('fix bug');
      },
      suggestions: [
        {
          messageId: 'addUser',
          title: 'Add USER',
          fix: () => {
            throw new Error('suggestion bug');
          },
        },
      ],
    };
    const analysis: Analysis = {
      uri,
      version: 3,
      settings: { enable: true, rules: {} },
      ignored: false,
      engineSettings: {},
      env: {},
      result: { languageId: 'dockerfile', document, findings: [finding], problems: [] },
    };
    const logged: string[] = [];
    const diagnostic = { range: finding.range, source: 'hardline', code: finding.ruleId, message: finding.message, data: { ruleId: finding.ruleId } };
    const actions = await provideCodeActions(
      { textDocument: { uri }, range: finding.range, context: { diagnostics: [diagnostic] } },
      {
        documents: fakeDocuments(doc),
        analyzer: { analyse: async () => analysis } as unknown as Analyzer,
        documentChanges: () => true,
        logError: (m, e) => logged.push(`${m}: ${(e as Error).message}`),
      },
    );
    expect(actions.map((a) => a.title)).toEqual(['Ignore dockerfile/no-root-user for this instruction', 'Ignore dockerfile/no-root-user in this file']);
    expect(logged).toEqual([
      'The fix of dockerfile/no-root-user failed: fix bug',
      'The suggestion "Add USER" of dockerfile/no-root-user failed: suggestion bug',
    ]);
  });

  it('guard turns a throwing handler into its fallback', async () => {
    const logged: string[] = [];
    const handler = guard('hover', (m, e) => logged.push(`${m}: ${(e as Error).message}`), null, () => {
      throw new Error('boom');
    });
    expect(await handler()).toBeNull();
    const asyncHandler = guard('codeAction', (m) => logged.push(m), [] as string[], async () => Promise.reject(new Error('later')));
    expect(await asyncHandler()).toEqual([]);
    expect(logged).toEqual(['hover failed: boom', 'codeAction failed']);
  });
});

describe('Analyzer', () => {
  it('parses each document version once and reruns rules on the same parse only when settings change', async () => {
    const { Analyzer } = await import('../../server/src/lsp/analysis');
    let rules: Record<string, 'off' | 'error'> = {};
    const settings = { get: async () => ({ enable: true, rules }) } as never;
    const analyzer = new Analyzer(settings, new HostFacts());
    const doc = TextDocument.create('untitled:Dockerfile', 'dockerfile', 1, 'FROM node:22\nCMD ["node", "a.js"]\n');
    const first = await analyzer.analyse(doc);
    const again = await analyzer.analyse(doc);
    expect(again.result).toBe(first.result);
    expect(analyzer.document(doc)).toBe(first.result!.document);
    expect(analyzer.parses).toBe(1);

    rules = { 'dockerfile/no-root-user': 'off' };
    const changed = await analyzer.analyse(doc);
    expect(changed.result).not.toBe(first.result);
    expect(changed.result!.document).toBe(first.result!.document);
    expect(changed.result!.findings.some((f) => f.ruleId === 'dockerfile/no-root-user')).toBe(false);
    expect(analyzer.parses).toBe(1);

    TextDocument.update(doc, [{ text: 'FROM node:22\n' }], 2);
    await analyzer.analyse(doc);
    expect(analyzer.parses).toBe(2);
  });

  it('checks a large document in the worker first, then on the main thread once its parse there proved fast', async () => {
    const { Analyzer, OFF_THREAD_MIN_CHARS } = await import('../../server/src/lsp/analysis');
    const settings = { get: async () => ({ enable: true, rules: {} }) } as never;
    const worker: string[] = [];
    const offThread = {
      timeoutMs: 1000,
      check: async (_id: string, text: string) => {
        worker.push(text.slice(-11));
        return { ok: true as const, ms: 5, relevant: true, findings: [], problems: [] };
      },
    };
    const analyzer = new Analyzer(settings, new HostFacts(), offThread as never);
    const large = `FROM node:22-slim\n${'LABEL step=1\n'.repeat(Math.ceil(OFF_THREAD_MIN_CHARS / 13))}ADD . /app\n`;
    const doc = TextDocument.create('untitled:Dockerfile', 'dockerfile', 1, large);
    const first = await analyzer.analyse(doc);
    expect(worker).toEqual(['ADD . /app\n']);
    expect(first.result!.findings.map((f) => f.ruleId)).toContain('dockerfile/add-instead-of-copy');
    expect(analyzer.parses).toBe(1);

    // The next version: the worker is skipped, the main thread parses (reusing the last parse).
    TextDocument.update(doc, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'X' }], 2);
    const second = await analyzer.analyse(doc);
    expect(worker).toHaveLength(1);
    expect(analyzer.parses).toBe(2);
    expect(second.result!.findings.map((f) => f.ruleId)).toContain('dockerfile/add-instead-of-copy');

    // A large paste goes to the worker first again.
    TextDocument.update(doc, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: `RUN ${'a '.repeat(3000)}\n` }], 3);
    await analyzer.analyse(doc);
    expect(worker).toEqual(['ADD . /app\n', 'ADD . /app\n']);
  });
});
