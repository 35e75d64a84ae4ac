/**
 * Generated inputs: Dockerfiles built from instruction generators and
 * Kubernetes manifests built from object generators, each rendered in varied
 * layouts (line ends, escape character, indentation, quoting, comments), and
 * the language-specific mutations of real files.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { FAMILIES } from '../../server/src/catalog';
import { allMeta } from '../../server/src/engine/registry';
import { at, eolOf, insert, lineAt, lines, mutation, type Mutation } from './mutations';

// ---- Dockerfiles -------------------------------------------------------------------------

const IMAGE_NAMES = [
  ...new Set(FAMILIES.flatMap((f) => f.names).filter((n) => !n.includes('*'))),
  'scratch', 'gcr.io/distroless/static-debian12', 'cgr.dev/chainguard/node', 'dhi.io/python', 'registry.example.com:5000/team/app', 'localhost/x', '${BASE}', '$IMAGE',
];
const TAGS = ['', ':latest', ':22', ':3.12-slim', ':1.23-alpine', ':nonroot', ':debug', ':24.04', ':${VERSION}', ':8-jdk', ':17-jre', '@sha256:' + 'a'.repeat(64), ':1@sha256:' + 'b'.repeat(64), ':'];

const image = fc.tuple(fc.constantFrom(...IMAGE_NAMES), fc.constantFrom(...TAGS)).map(([n, t]) => `${n}${t}`);
const stageName = fc.constantFrom('build', 'builder', 'base', 'runtime', 'deps', 'Build', 'final', '0');
const path = fc.constantFrom('/app', '/usr/local/bin', '.', './', '/tmp', '/var/tmp/x', '/root/.ssh/id_rsa', '$HOME/.npmrc', '/etc/shadow', '*.pem', '/srv/data', 'package*.json', '/');
const user = fc.constantFrom('root', '0', '0:0', '65532', '65532:65532', 'node', 'app', '1000:1000', 'nobody', '$UID', 'nonroot:nonroot', '');
const command = fc.constantFrom(
  'apt-get update && apt-get install -y curl gcc build-essential',
  'apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*',
  'apk add --no-cache git openssh sudo',
  'apk add --virtual .build-deps gcc musl-dev && apk del .build-deps',
  'curl -fsSL https://example.com/install.sh | sh',
  'wget -qO- https://x.example/i | bash -s --',
  'sh -c "$(curl -k https://example.com/x)"',
  'chmod 777 /app', 'chmod -R o+w /data', 'mkdir -m 1777 /scratch', 'install -m 0666 a /etc/a',
  'sudo make install', 'npm install', 'npm ci --omit=dev', 'npm prune --production', 'pip install --trusted-host pypi.org -r requirements.txt',
  'go build -o /out ./...', 'mvn package', 'git config --global http.sslVerify false', 'yum install -y --nogpgcheck foo',
  'echo "$SECRET" > /tmp/x', 'useradd -u 10001 app', 'export A=1; echo $A', 'set -eux; for f in *; do echo $f; done',
  'if [ -f x ]; then echo y; fi', 'case $x in a) echo a;; esac', 'echo $(( 1 + 2 ))', 'cat <<EOF > /x\nhello\nEOF', 'a && b || c | d ; e &',
  '"unbalanced', "it's", 'echo \\"', '( cd /x && make )', '{ echo a; }', 'true',
);
const secretName = fc.constantFrom('API_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'PASSWORD', 'DB_PASS', 'GITHUB_TOKEN', 'NODE_ENV', 'PATH', 'HOME', 'VERSION', 'BASE', 'APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE');
const secretValue = fc.constantFrom('', 'production', '1', 'true', 'ghp_' + 'A'.repeat(36), 'AKIA' + 'B'.repeat(16), 'hunter2', '"quoted value"', "'single'", '$OTHER', '${A:-b}', 'a\\ b');
const flags = fc.constantFrom('', '--from=build ', '--from=0 ', '--chown=app:app ', '--chmod=777 ', '--chmod=0644 ', '--link ', '--platform=$BUILDPLATFORM ', '--checksum=sha256:' + 'c'.repeat(64) + ' ', '--from=nginx:latest ', '--mount=type=cache,target=/root/.cache ', '--mount=type=secret,id=tok,env=TOKEN ', '--mount=from=build,target=/x ', '--network=none ');
const jsonArgs = fc.array(fc.constantFrom('node', 'server.js', '/bin/sh', '-c', 'echo hi && exec app', 'python', '-m', 'http.server', '', 'a"b', '\\u0041'), { minLength: 0, maxLength: 4 });
const ruleId = fc.constantFrom(...allMeta.map((m) => m.id), 'dockerfile/unknown-rule', 'DL3002', 'DS-0002');
const ignoreComment = fc.oneof(
  ruleId.map((id) => `# hardline-ignore ${id}`),
  ruleId.map((id) => `# hardline-ignore-file ${id} -- reason`),
  fc.constantFrom('# hadolint ignore=DL3002,DL3008', '# hadolint global ignore=DL3007', '# check=skip=SecretsUsedInArgOrEnv', '# trivy:ignore:DS-0002', '# syntax=docker/dockerfile:1', '# escape=`', '# just a comment'),
);

/** One instruction (possibly over several lines, written with `\n`; the renderer applies the line ends and escape). */
const instruction: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(image, fc.option(stageName, { nil: undefined }), fc.constantFrom('', '--platform=linux/amd64 ')).map(([i, s, p]) => `FROM ${p}${i}${s ? ` ${['AS', 'as'][s.length % 2]} ${s}` : ''}`),
  fc.tuple(flags, command).map(([f, c]) => `RUN ${f.startsWith('--mount') || f.startsWith('--network') ? f : ''}${c}`),
  command.map((c) => `RUN ${c.replace(/ && /g, ' \\\n    && ')}`),
  fc.tuple(command, command).map(([a, b]) => `RUN <<EOF\n${a}\n${b}\nEOF`),
  fc.tuple(flags, path, path).map(([f, a, b]) => `COPY ${f}${a} ${b}`),
  fc.tuple(flags, fc.constantFrom('.', 'https://example.com/a.tar.gz', 'app.tar.gz', 'git@github.com:x/y.git', 'src/'), path).map(([f, a, b]) => `ADD ${f}${a} ${b}`),
  fc.tuple(path).map(([p]) => `COPY <<EOF ${p}\ncontent\nEOF`),
  user.map((u) => `USER ${u}`),
  fc.tuple(secretName, secretValue).map(([n, v]) => `ENV ${n}=${v}`),
  fc.tuple(secretName, secretValue).map(([n, v]) => `ENV ${n} ${v}`),
  fc.tuple(secretName, fc.option(secretValue, { nil: undefined })).map(([n, v]) => `ARG ${n}${v !== undefined ? `=${v}` : ''}`),
  fc.constantFrom('EXPOSE 22', 'EXPOSE 80/tcp 443', 'EXPOSE 20-30', 'EXPOSE $PORT', 'EXPOSE 22/udp'),
  jsonArgs.map((a) => `CMD ${JSON.stringify(a)}`),
  jsonArgs.map((a) => `ENTRYPOINT ${JSON.stringify(a)}`),
  command.map((c) => `CMD ${c}`),
  command.map((c) => `ENTRYPOINT ${c}`),
  fc.constantFrom('CMD ["node", "server.js"', 'CMD [node, server.js]', "CMD ['a']", 'CMD []', 'ENTRYPOINT ["/bin/sh", "-c"]', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'SHELL ["cmd", "/S", "/C"]'),
  fc.constantFrom('HEALTHCHECK CMD curl -f http://localhost/ || exit 1', 'HEALTHCHECK NONE', 'HEALTHCHECK --interval=5s CMD ["/healthcheck"]'),
  path.map((p) => `WORKDIR ${p}`),
  path.map((p) => `VOLUME ${p}`),
  fc.constantFrom('LABEL a=b "c d"=e', 'MAINTAINER x', 'STOPSIGNAL SIGTERM', 'ONBUILD RUN make', 'ONBUILD COPY . /app', 'FROBNICATE x', 'RUN', 'FROM', 'USER', 'COPY', 'ENV', 'ARG', 'run echo lower', 'From alpine'),
  ignoreComment,
  fc.constant(''),
);

export interface RenderedDockerfile {
  text: string;
}

/** A generated Dockerfile: header directives, instructions, then a layout (line ends, escape character, indentation). */
export const generatedDockerfile: fc.Arbitrary<RenderedDockerfile> = fc
  .record({
    directives: fc.subarray(['# syntax=docker/dockerfile:1', '# escape=`', '# check=skip=all'], { maxLength: 2 }),
    first: fc.tuple(fc.constantFrom('', 'ARG BASE=node:22\n', 'ARG VERSION\n'), instruction.filter((i) => i.startsWith('FROM')), fc.boolean()),
    body: fc.array(instruction, { maxLength: 14 }),
    eol: fc.constantFrom('\n', '\r\n'),
    indent: fc.constantFrom('', '  ', '\t'),
    finalNewline: fc.boolean(),
  })
  .map(({ directives, first, body, eol, indent, finalNewline }) => {
    const [preamble, from, withFrom] = first;
    const escape = directives.includes('# escape=`') ? '`' : '\\';
    const all = [...directives, ...(preamble ? [preamble.trimEnd()] : []), ...(withFrom ? [from] : []), ...body];
    const text = all
      .map((i) => i.replace(/\\\n/g, `${escape}\n`))
      .map((i, k) => (k > 0 && /^[A-Z]/.test(i) ? indent + i : i))
      .join('\n')
      .replace(/\n/g, eol);
    const rendered = finalNewline ? text + eol : text;
    return { text: rendered, [fc.toStringMethod]: () => JSON.stringify(rendered) };
  });

/** Dockerfile-specific damage to real files. */
export function dockerfileMutations(): fc.Arbitrary<Mutation>[] {
  const k = fc.nat();
  return [
    fc.tuple(k, fc.constantFrom('RUN <<EOF', 'RUN <<-"EOT" bash', "COPY <<'EOF' /dst", 'RUN <<EOF <<EOT', 'RUN cat <<EOF', 'RUN <<')).map(([n, h]) =>
      mutation(`heredoc ${JSON.stringify(h)} without end at line ${n}`, (t) => { const l = lines(t); l.splice(lineAt(l, n), 0, h + eolOf(t)); return l.join(''); }),
    ),
    fc.constantFrom('# escape=`', '# escape=\\', '# escape=x', '# syntax=docker/dockerfile:1.10', '# check=error=true').map((d) => mutation(`directive ${d}`, (t) => `${d}${eolOf(t)}${t}`)),
    fc.tuple(k, instruction).map(([n, i]) => mutation(`insert ${JSON.stringify(i)} at line ${n}`, (t) => { const l = lines(t); const e = eolOf(t); l.splice(lineAt(l, n), 0, i.replace(/\n/g, e) + e); return l.join(''); })),
    fc.tuple(k, ignoreComment).map(([n, c]) => mutation(`insert ${JSON.stringify(c)} at line ${n}`, (t) => { const l = lines(t); l.splice(lineAt(l, n), 0, c + eolOf(t)); return l.join(''); })),
    k.map((n) => mutation(`continuation at end of line ${n}`, (t) => { const l = lines(t); const i = lineAt(l, n); if (l[i] !== undefined) l[i] = l[i].replace(/(\r\n|\r|\n)?$/, (e) => ` \\${e || eolOf(t)}`); return l.join(''); })),
    k.map((n) => mutation(`comment inside continuation at line ${n}`, (t) => { const l = lines(t); l.splice(lineAt(l, n), 0, `# comment \\${eolOf(t)}`, `  ${eolOf(t)}`); return l.join(''); })),
    fc.tuple(k, image).map(([n, i]) => mutation(`FROM ${i} at ${n}`, (t) => t.replace(/^(\s*FROM\s+(?:--\S+\s+)*)\S+/im, `$1${i}`))),
    k.map((n) => mutation(`break a JSON array at ${n}`, (t) => { const o = at(t, n); const j = t.indexOf('[', o); return j < 0 ? t : t.slice(0, j + 1) + t.slice(j + 2); })),
    k.map((n) => mutation(`unterminated quote at ${n}`, (t) => insert(t, at(t, n), '"'))),
  ];
}

// ---- Kubernetes manifests ----------------------------------------------------------------

const k8sImage = fc.constantFrom('nginx', 'nginx:latest', 'nginx:1.27', 'registry.k8s.io/pause:3.9', 'busybox@sha256:' + 'd'.repeat(64), 'ghcr.io/x/y:v1@sha256:' + 'e'.repeat(64), '', 'a b', ':');
const boolish = fc.constantFrom<unknown>(true, false, 'true', 'yes', 'no', 'on', 0, 1, null, 'True');
const uid = fc.constantFrom<unknown>(0, 1, 1000, 65532, -1, '0', '1000', 'root', 2147483648, 1.5, null);
const capability = fc.constantFrom('ALL', 'all', 'NET_ADMIN', 'SYS_ADMIN', 'NET_BIND_SERVICE', 'CAP_SYS_PTRACE', 'CHOWN', '');

const securityContext = fc.record(
  {
    privileged: boolish,
    allowPrivilegeEscalation: boolish,
    runAsNonRoot: boolish,
    runAsUser: uid,
    runAsGroup: uid,
    readOnlyRootFilesystem: boolish,
    procMount: fc.constantFrom('Default', 'Unmasked', 'unmasked', ''),
    capabilities: fc.record({ add: fc.array(capability, { maxLength: 3 }), drop: fc.array(capability, { maxLength: 3 }) }, { requiredKeys: [] }),
    seccompProfile: fc.record({ type: fc.constantFrom('RuntimeDefault', 'Unconfined', 'Localhost', 'x'), localhostProfile: fc.constantFrom('p.json', '') }, { requiredKeys: ['type'] }),
    seLinuxOptions: fc.record({ type: fc.constantFrom('spc_t', 'container_t', ''), user: fc.constantFrom('system_u', '') }, { requiredKeys: [] }),
    windowsOptions: fc.record({ hostProcess: boolish }, { requiredKeys: [] }),
    appArmorProfile: fc.record({ type: fc.constantFrom('RuntimeDefault', 'Unconfined', 'Localhost') }),
    sysctls: fc.array(fc.record({ name: fc.constantFrom('net.ipv4.ip_forward', 'kernel.shm_rmid_forced', 'net.ipv4.ping_group_range'), value: fc.constantFrom('1', '0 1') }), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);

const container = fc.record(
  {
    name: fc.constantFrom('app', 'sidecar', 'init', 'c-1', ''),
    image: k8sImage,
    imagePullPolicy: fc.constantFrom('Always', 'IfNotPresent'),
    securityContext,
    ports: fc.array(fc.record({ containerPort: fc.constantFrom<unknown>(80, 8080, '8080', 22), hostPort: fc.constantFrom<unknown>(80, 0, 22, 'x') }, { requiredKeys: ['containerPort'] }), { maxLength: 2 }),
    resources: fc.record({ limits: fc.record({ cpu: fc.constantFrom('500m', '1', ''), memory: fc.constantFrom('128Mi', '1Gi', '0') }, { requiredKeys: [] }), requests: fc.record({ cpu: fc.constantFrom('100m') }, { requiredKeys: [] }) }, { requiredKeys: [] }),
    env: fc.array(fc.record({ name: fc.constantFrom('DB_PASSWORD', 'API_TOKEN', 'MODE', 'AWS_SECRET_ACCESS_KEY'), value: fc.constantFrom('hunter2', 'prod', 'ghp_' + 'Z'.repeat(36), '') }), { maxLength: 2 }),
    volumeMounts: fc.array(fc.record({ name: fc.constantFrom('data', 'sock', 'tmp'), mountPath: fc.constantFrom('/data', '/var/run/docker.sock', '/tmp') }), { maxLength: 2 }),
    livenessProbe: fc.record({ httpGet: fc.record({ host: fc.constantFrom('10.0.0.1', 'localhost', ''), port: fc.constantFrom<unknown>(8080, 'http') }, { requiredKeys: ['port'] }) }),
    command: fc.array(fc.constantFrom('sh', '-c', 'sleep 3600'), { maxLength: 3 }),
  },
  { requiredKeys: ['name', 'image'] },
);

const podSpec = fc.record(
  {
    containers: fc.array(container, { minLength: 0, maxLength: 2 }),
    initContainers: fc.array(container, { maxLength: 1 }),
    ephemeralContainers: fc.array(container, { maxLength: 1 }),
    hostNetwork: boolish,
    hostPID: boolish,
    hostIPC: boolish,
    automountServiceAccountToken: boolish,
    securityContext,
    volumes: fc.array(
      fc.oneof(
        fc.record({ name: fc.constant('data'), hostPath: fc.record({ path: fc.constantFrom('/var/run/docker.sock', '/', '/data', '/run/containerd/containerd.sock'), type: fc.constantFrom('Directory', 'Socket', '') }, { requiredKeys: ['path'] }) }),
        fc.record({ name: fc.constant('tmp'), emptyDir: fc.constant({}) }),
        fc.record({ name: fc.constant('x'), nfs: fc.record({ server: fc.constant('nfs'), path: fc.constant('/') }) }),
      ),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: ['containers'] },
);

const metadata = fc.record(
  {
    name: fc.constantFrom('web', 'db', 'x'),
    namespace: fc.constantFrom('default', 'kube-system', 'prod'),
    labels: fc.constant({ app: 'web' }),
    annotations: fc.dictionary(
      fc.constantFrom('hardline.dev/ignore', 'container.apparmor.security.beta.kubernetes.io/app', 'ignore-check.kube-linter.io/privileged-container', 'kube-linter.io/ignore-all', 'polaris.fairwinds.com/exempt', 'note'),
      fc.constantFrom('k8s/privileged', 'k8s/run-as-non-root,k8s/host-network', 'unconfined', 'runtime/default', 'true', 'reason'),
      { maxKeys: 2 },
    ),
  },
  { requiredKeys: ['name'] },
);

const template = fc.record({ metadata, spec: podSpec });

const k8sObject: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('Pod'), metadata, spec: podSpec }),
  fc.record({ apiVersion: fc.constant('apps/v1'), kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'), metadata, spec: fc.record({ replicas: fc.constantFrom(1, 3), template }) }),
  fc.record({ apiVersion: fc.constant('batch/v1'), kind: fc.constant('Job'), metadata, spec: fc.record({ template }) }),
  fc.record({ apiVersion: fc.constant('batch/v1'), kind: fc.constant('CronJob'), metadata, spec: fc.record({ schedule: fc.constant('* * * * *'), jobTemplate: fc.record({ spec: fc.record({ template }) }) }) }),
  fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('Namespace'), metadata: fc.record({ name: fc.constant('prod'), labels: fc.dictionary(fc.constantFrom('pod-security.kubernetes.io/enforce', 'pod-security.kubernetes.io/warn'), fc.constantFrom('restricted', 'baseline', 'privileged'), { maxKeys: 2 }) }) }),
  fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('ConfigMap'), metadata, data: fc.dictionary(fc.constantFrom('a', 'b.yaml'), fc.constantFrom('x', 'apiVersion: v1\nkind: Pod\n')) }),
  fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('List'), items: fc.array(fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('Pod'), metadata, spec: podSpec }), { maxLength: 2 }) }),
  fc.record({ name: fc.constant('not kubernetes'), on: fc.constant({ push: null }), jobs: fc.constant({ a: { 'runs-on': 'ubuntu-latest' } }) }),
);

export const generatedManifest: fc.Arbitrary<RenderedDockerfile> = fc
  .record({
    objects: fc.array(k8sObject, { minLength: 1, maxLength: 2 }),
    indent: fc.constantFrom(2, 4),
    indentSeq: fc.boolean(),
    quoting: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE') as fc.Arbitrary<'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE'>,
    flow: fc.boolean(),
    eol: fc.constantFrom('\n', '\r\n'),
    comments: fc.array(fc.tuple(fc.nat(), fc.constantFrom('# a comment', '# hardline-ignore k8s/privileged', '# hardline-ignore-file k8s/run-as-non-root', '# hardline-ignore k8s/nope', '---')), { maxLength: 3 }),
    leading: fc.constantFrom('', '---\n', '%YAML 1.2\n---\n', '# header\n'),
  })
  .map(({ objects, indent, indentSeq, quoting, flow, eol, comments, leading }) => {
    const docs = objects.map((o) => stringify(o, { indent, indentSeq, defaultStringType: quoting, defaultKeyType: 'PLAIN', lineWidth: 0, collectionStyle: flow ? 'any' : 'block', flowCollectionPadding: flow }));
    let text = leading + docs.join('---\n');
    for (const [n, c] of comments) {
      const l = lines(text);
      l.splice(lineAt(l, n), 0, `${c}\n`);
      text = l.join('');
    }
    const rendered = text.replace(/\r?\n/g, eol);
    return { text: rendered, [fc.toStringMethod]: () => JSON.stringify(rendered) };
  });

/** YAML-specific damage to real files: nesting, anchors and aliases, alias bombs, duplicate keys, tags, documents. */
export function yamlMutations(): fc.Arbitrary<Mutation>[] {
  const k = fc.nat();
  const atLine = (label: string, piece: (indent: string, eol: string) => string) =>
    k.map((n) =>
      mutation(`${label} at line ${n}`, (t) => {
        const l = lines(t);
        const i = lineAt(l, n);
        const indent = /^[ ]*/.exec(l[i] ?? '')?.[0] ?? '';
        l.splice(i, 0, piece(indent, eolOf(t)));
        return l.join('');
      }),
    );
  return [
    fc.integer({ min: 10, max: 700 }).map((depth) => mutation(`flow nesting ${depth} deep`, (t) => `${t}${eolOf(t)}deep: ${'['.repeat(depth)}1${']'.repeat(depth)}${eolOf(t)}`)),
    fc.integer({ min: 10, max: 700 }).map((depth) => mutation(`block nesting ${depth} deep`, (t) => {
      const e = eolOf(t);
      let s = '';
      for (let d = 0; d < depth; d++) s += `${' '.repeat(d)}k${d}:${e}`;
      return `${t}${e}${s}${' '.repeat(depth)}v${e}`;
    })),
    fc.integer({ min: 2, max: 12 }).map((levels) => mutation(`alias bomb of ${levels} levels`, (t) => {
      const e = eolOf(t);
      let s = `---${e}a0: &a0 ["x","x","x","x","x","x","x","x","x"]${e}`;
      for (let n = 1; n < levels; n++) s += `a${n}: &a${n} [${Array(9).fill(`*a${n - 1}`).join(',')}]${e}`;
      return `${t}${e}${s}`;
    })),
    atLine('anchor and alias', (i, e) => `${i}anchored: &anc {a: 1}${e}${i}aliased: *anc${e}`),
    atLine('undefined alias', (i, e) => `${i}x: *nowhere${e}`),
    atLine('merge key', (i, e) => `${i}<<: *anc${e}`),
    atLine('self-referencing anchor', (i, e) => `${i}s: &s [*s]${e}`),
    k.map((n) => mutation(`anchor on the node at line ${n}`, (t) => {
      const l = lines(t);
      const i = lineAt(l, n);
      if (l[i]) l[i] = l[i].replace(/:(\s+)(?=\S)/, ': &fz$1');
      return `${l.join('')}${eolOf(t)}alias-of-fz: *fz${eolOf(t)}`;
    })),
    k.map((n) => mutation(`duplicate key line ${n}`, (t) => { const l = lines(t); const i = lineAt(l, n); if (l[i] && /:/.test(l[i])) l.splice(i + 1, 0, l[i]); return l.join(''); })),
    fc.tuple(k, fc.constantFrom('!!js/function "function(){ return 1 }"', '!!binary aGVsbG8=', '!custom x', '!!str 1', '!!int "x"', '!!map []', '!!python/object:os.system ls', '!<tag:yaml.org,2002:str> x')).map(([n, tag]) =>
      mutation(`tag ${tag} at line ${n}`, (t) => { const l = lines(t); const i = lineAt(l, n); if (l[i]) l[i] = l[i].replace(/:(\s+)(?=\S)/, `: ${tag} #`); return l.join(''); }),
    ),
    atLine('document separator', (_i, e) => `---${e}`),
    atLine('document end marker', (_i, e) => `...${e}`),
    atLine('directive', (_i, e) => `%YAML 1.1${e}%TAG ! tag:x,2000:${e}---${e}`),
    atLine('block scalar', (i, e) => `${i}script: |${e}${i}  echo "[{"${e}${i} bad indent${e}`),
    atLine('flow map', (i, e) => `${i}flow: {a: [1, 2, {b: c}], d: "e", f: 'g', h}${e}`),
    atLine('unclosed flow', (i, e) => `${i}flow: {a: [1, 2${e}`),
    atLine('plain multiline', (i, e) => `${i}k: a${e}${i}b${e}`),
    atLine('tab indentation', (i, e) => `${i}\tk: v${e}`),
    atLine('scalars of every type', (i, e) => `${i}s: [yes, no, on, off, ~, null, .inf, -.Inf, .NaN, 0x1F, 0o17, 012, 1_000, 2001-12-14, "\\u0000", '']${e}`),
    atLine('complex key', (i, e) => `${i}? [a, b]${e}${i}: c${e}`),
    atLine('privileged container', (i, e) => `${i}securityContext: {privileged: true, runAsUser: 0}${e}`),
    k.map((n) => mutation(`dedent line ${n}`, (t) => { const l = lines(t); const i = lineAt(l, n); if (l[i]) l[i] = l[i].replace(/^ {1,2}/, ''); return l.join(''); })),
    k.map((n) => mutation(`strip the value of line ${n}`, (t) => { const l = lines(t); const i = lineAt(l, n); if (l[i]) l[i] = l[i].replace(/:\s.*?(\r\n|\r|\n)?$/, ':$1'); return l.join(''); })),
  ];
}
