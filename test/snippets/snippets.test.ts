/**
 * The snippets: the expander itself, the manifest entries, and what every
 * snippet produces when expanded with its defaults (and with every option
 * of its choices): Dockerfile templates have zero Hardline findings with a
 * .dockerignore present; fragments have zero findings in the template they
 * belong in; Kubernetes snippets pass the restricted profile.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { checkText } from '../../server/src/engine/check';
import { allRules } from '../../server/src/engine/registry';
import type { Environment } from '../../server/src/engine/types';
import { lookupImage } from '../../server/src/catalog';
import { parseDockerfile } from '../../server/src/languages/dockerfile/model';
import { PLACEHOLDER_DIGEST } from '../../server/src/languages/dockerfile/pinTargets';
import { expandSnippet, parseSnippet } from './expand';

const root = resolve(__dirname, '../..');
interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}
const load = (file: string) => JSON.parse(readFileSync(join(root, 'snippets', file), 'utf8')) as Record<string, Snippet>;
const dockerfileSnippets = load('dockerfile.json');
const kubernetesSnippets = load('kubernetes.json');
const prefixes = (s: Snippet) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]);

/** A .dockerignore as a project would have one (missing-dockerignore needs it for COPY .). */
const ENV: Environment = { dockerignore: { path: '/project/.dockerignore', content: '.git\n.env\n*.pem\nnode_modules\n' } };

/** Every combination of the options of the snippet's choice tab stops (the defaults first). */
function choiceCombinations(body: string[]): Record<number, string>[] {
  const choices = new Map<number, string[]>();
  for (const m of body.join('\n').matchAll(/\$\{(\d+)\|((?:[^|\\]|\\.)*)\|\}/g)) choices.set(Number(m[1]), m[2].split(','));
  let combos: Record<number, string>[] = [{}];
  for (const [index, options] of choices) combos = combos.flatMap((c) => options.map((o) => ({ ...c, [index]: o })));
  return combos;
}

function expandWith(body: string[], values: Record<number, string>): string {
  // Choosing an option = the choice tab stop takes that value (mirrors follow).
  const patched = body.map((line) => line.replace(/\$\{(\d+)\|((?:[^|\\]|\\.)*)\|\}/g, (m, n: string) => (values[Number(n)] !== undefined ? `\${${n}|${values[Number(n)]}|}` : m)));
  return expandSnippet(patched).text + '\n';
}

function findings(languageId: 'dockerfile' | 'k8s', text: string, env: Environment = {}): string[] {
  const { findings: f, problems } = checkText(languageId, text, {}, env);
  return [...problems.map((p) => `problem ${p.code}: ${p.message}`), ...f.map((x) => `${x.ruleId} ${x.range.start.line + 1}: ${x.message}`)];
}

describe('snippet expansion', () => {
  it('expands tab stops, placeholders, mirrors, choices, nesting and $0', () => {
    expect(expandSnippet('FROM ${1:node}:${2|22,20|} AS ${3:build}\nCOPY --from=$3 /a /b\n$0').text).toBe('FROM node:22 AS build\nCOPY --from=build /a /b\n');
    expect(expandSnippet(['${1:outer ${2:inner}}', 'again: $2 and ${1}']).text).toBe('outer inner\nagain: inner and outer inner');
    expect(expandSnippet('$1 then ${1:defined later}').text).toBe('defined later then defined later');
    expect(expandSnippet('a$0b')).toEqual({ text: 'ab', tabstops: [0], finalStop: 1 });
    expect(expandSnippet('${1}|$2|').text).toBe('||');
  });

  it('honours escapes', () => {
    expect(expandSnippet('RUN echo \\$HOME \\\\ ${1:a\\}b} \\n').text).toBe('RUN echo $HOME \\ a}b \\n');
    expect(expandSnippet('${1|a\\,b,c\\|d|}').text).toBe('a,b');
    expect(expandSnippet('} and $ alone and $ {').text).toBe('} and $ alone and $ {');
  });

  it('expands variables: known values, defaults, else the name (as VS Code)', () => {
    expect(expandSnippet('$TM_FILENAME ${TM_FILENAME} ${NOPE:dflt} $NOPE', { TM_FILENAME: 'Dockerfile' }).text).toBe('Dockerfile Dockerfile dflt NOPE');
  });

  it('rejects malformed snippets', () => {
    expect(() => parseSnippet('${1:unclosed')).toThrow(/expected }/);
    expect(() => parseSnippet('${1|a,b}')).toThrow(/unterminated choice/);
    expect(() => parseSnippet('${x/transform/}')).toThrow(/unsupported variable form/);
    expect(() => parseSnippet('${:a}')).toThrow(/expected a tab stop number/);
    expect(() => expandSnippet('${0:default}')).toThrow(/\$0 cannot have a default/);
    expect(() => expandSnippet('${1:a $1}')).toThrow(/contains itself/);
  });
});

describe('snippet files', () => {
  it('are contributed for dockerfile and yaml', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(manifest.contributes.snippets).toEqual([
      { language: 'dockerfile', path: './snippets/dockerfile.json' },
      { language: 'yaml', path: './snippets/kubernetes.json' },
    ]);
  });

  it('every snippet has prefixes, a description and a body that parses; prefixes are unique', () => {
    const all = [...Object.values(dockerfileSnippets), ...Object.values(kubernetesSnippets)];
    const seen = new Set<string>();
    for (const s of all) {
      expect(s.description.length).toBeGreaterThan(20);
      expect(prefixes(s).length).toBeGreaterThan(0);
      for (const p of prefixes(s)) {
        expect(seen.has(p), `duplicate prefix ${p}`).toBe(false);
        seen.add(p);
      }
      expect(() => expandSnippet(s.body)).not.toThrow();
    }
  });

  it('Kubernetes prefixes start with k8s- (they show in every YAML file)', () => {
    for (const s of Object.values(kubernetesSnippets)) for (const p of prefixes(s)) expect(p).toMatch(/^k8s-/);
  });
});

const templates = Object.entries(dockerfileSnippets).filter(([, s]) => (s.body as string[])[0].startsWith('# syntax='));
const fragments = Object.fromEntries(Object.entries(dockerfileSnippets).filter(([, s]) => !(s.body as string[])[0].startsWith('# syntax=')));

describe('Dockerfile templates', () => {
  it('cover Go, Node.js, Python, Java, Rust, .NET and a static site', () => {
    expect(templates.map(([name]) => name)).toEqual([
      'Hardened multi-stage: Go',
      'Hardened multi-stage: Node.js',
      'Hardened multi-stage: Python',
      'Hardened multi-stage: Java',
      'Hardened multi-stage: Rust',
      'Hardened multi-stage: .NET',
      'Hardened multi-stage: static site',
    ]);
  });

  for (const [name, snippet] of templates) {
    describe(name, () => {
      for (const values of choiceCombinations(snippet.body as string[])) {
        const label = Object.keys(values).length ? ` with ${JSON.stringify(values)}` : '';
        it(`has zero findings${label}`, () => {
          const text = expandWith(snippet.body as string[], values);
          expect(findings('dockerfile', text, ENV), text).toEqual([]);
        });
      }

      it('is multi-stage, ends non-root on a pinned hardened base, starts in exec form', () => {
        const text = expandWith(snippet.body as string[], {});
        const model = parseDockerfile(text);
        expect(text.split('\n')[0]).toBe('# syntax=docker/dockerfile:1');
        expect(model.stages.length).toBeGreaterThanOrEqual(2);
        for (const stage of model.stages) {
          // Every FROM: a version tag and the placeholder digest the user replaces (Pin image digests).
          expect(stage.base?.ref?.tag, stage.from.getImage()!).toMatch(/^\d|^[a-z]+$/);
          expect(stage.base?.ref?.tag).not.toBe('latest');
          expect(stage.base?.ref?.digest).toBe(PLACEHOLDER_DIGEST);
        }
        const final = model.finalStage!;
        expect(final.user.source).toBe('instruction');
        expect(final.user.value).toMatch(/^[1-9]\d*:[1-9]\d*$/);
        const info = lookupImage(final.base!.ref!);
        expect(info, final.base!.resolved).not.toBeNull();
        expect(['distroless', 'chainguard', 'dhi', 'alpine', 'slim']).toContain(info!.variant);
        expect(info!.nonRoot).toBe(true);
        const start = final.instructions.filter((i) => ['ENTRYPOINT', 'CMD'].includes(i.getKeyword()));
        expect(start.length).toBeGreaterThan(0);
        for (const i of start) expect(i.getArgumentsContent()?.trim()).toMatch(/^\[".*"\]$/);
      });
    });
  }
});

/** Where each fragment goes to be checked: a template and the line it is inserted before. */
const FRAGMENT_HOSTS: Record<string, { host: string; before: RegExp }> = {
  'USER 65532 (non-root)': { host: 'Hardened multi-stage: Go', before: /^ENTRYPOINT/ },
  'RUN with a build secret': { host: 'Hardened multi-stage: Node.js', before: /^COPY \. \.$/ },
  'HEALTHCHECK without curl': { host: 'Hardened multi-stage: Go', before: /^ENTRYPOINT/ },
};

describe('Dockerfile fragments', () => {
  it('each has a host template', () => {
    expect(Object.keys(fragments).sort()).toEqual(Object.keys(FRAGMENT_HOSTS).sort());
  });

  for (const [name, snippet] of Object.entries(fragments)) {
    for (const values of choiceCombinations(snippet.body as string[])) {
      const label = Object.keys(values).length ? ` with ${JSON.stringify(values)}` : '';
      it(`${name}: zero findings in its template${label}`, () => {
        const { host, before } = FRAGMENT_HOSTS[name];
        const hostText = expandWith(dockerfileSnippets[host].body as string[], {});
        const lines = hostText.split('\n');
        const at = lines.findIndex((l) => before.test(l));
        expect(at, `${before} in ${host}`).toBeGreaterThan(0);
        const fragment = expandWith(snippet.body as string[], values).replace(/\n$/, '');
        const text = [...lines.slice(0, at), fragment, ...lines.slice(at)].join('\n');
        expect(findings('dockerfile', text, ENV), text).toEqual([]);
      });
    }
  }

  it('the secret RUN mounts the secret as a variable (Dockerfile 1.10+) and requires it', () => {
    expect(expandSnippet(fragments['RUN with a build secret'].body).text).toBe(
      'RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN,required=true \\\n    npm ci',
    );
  });
});

// ---------------------------------------------------------------------------------------------

const k8sRules = allRules.filter((r) => r.meta.id.startsWith('k8s/'));
const PINNED_IMAGE = `registry.example.com/app:1.0.0@${PLACEHOLDER_DIGEST}`;

/** Indent every line of a fragment (as VS Code does when it inserts at an indented position). */
const indent = (text: string, by: number) =>
  text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => (l ? ' '.repeat(by) + l : l))
    .join('\n');

function k8sHosts(): Record<string, string> {
  const k = (name: string) => expandWith(kubernetesSnippets[name].body as string[], {});
  // A pod that is otherwise complete (token not mounted, resource limits), so each fragment is what is checked.
  const pod = (container: string, spec = '') =>
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: app',
      'spec:',
      '  automountServiceAccountToken: false',
      spec,
      '  containers:',
      '    - name: app',
      `      image: ${PINNED_IMAGE}`,
      '      resources:',
      '        limits:',
      '          cpu: 500m',
      '          memory: 128Mi',
      container,
      '',
    ]
      .filter((l) => l !== '')
      .join('\n') + '\n';
  return {
    'Restricted Deployment': k('Restricted Deployment'),
    'Restricted container securityContext': pod(indent(k('Restricted container securityContext'), 6)),
    'emptyDir volume for /tmp (container mount)': pod(
      [indent(k('Restricted container securityContext'), 6), indent(k('emptyDir volume for /tmp (container mount)'), 6)].join('\n'),
      indent(k('emptyDir volume for /tmp (pod volume)'), 2),
    ),
    'emptyDir volume for /tmp (pod volume)': pod(
      [indent(k('Restricted container securityContext'), 6), indent(k('emptyDir volume for /tmp (container mount)'), 6)].join('\n'),
      indent(k('emptyDir volume for /tmp (pod volume)'), 2),
    ),
  };
}

describe('Kubernetes snippets', () => {
  it('every snippet is checked', () => {
    expect(Object.keys(k8sHosts()).sort()).toEqual(Object.keys(kubernetesSnippets).sort());
  });

  for (const [name, text] of Object.entries(k8sHosts())) {
    it(`${name}: valid YAML`, () => {
      const docs = parseAllDocuments(text);
      expect(docs.flatMap((d) => d.errors.map((e) => e.message))).toEqual([]);
    });

    // Runs once the Kubernetes rules are registered (they check the restricted profile by default).
    it.skipIf(k8sRules.length === 0)(`${name}: passes the restricted profile (${k8sRules.length} k8s rules)`, () => {
      expect(findings('k8s', text), text).toEqual([]);
    });
  }

  it('the restricted Deployment really is checked: breaking it is reported', () => {
    if (k8sRules.length === 0) return;
    const broken = k8sHosts()['Restricted Deployment'].replace('allowPrivilegeEscalation: false', 'privileged: true');
    expect(findings('k8s', broken).length).toBeGreaterThan(0);
  });
});
