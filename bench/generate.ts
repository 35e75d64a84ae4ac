/**
 * Benchmark inputs: realistic Dockerfiles and Kubernetes manifests of an
 * exact number of lines, generated from a fixed seed (the same bytes on
 * every run and machine). Each input comes with the place where the
 * benchmark types: inside a RUN package list, inside a container's image value.
 *
 *   node bench/run.mjs --generate     writes them to bench/inputs/ (ignored by git)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Input {
  /** File name, also the end of the document URI (`Dockerfile` names make Hardline and the peer take it). */
  name: string;
  language: 'dockerfile' | 'k8s';
  text: string;
  lines: number;
  /** Where the single-character edits are typed (0-based). */
  cursor: { line: number; character: number };
  /** Generated (true) or a real corpus file. */
  generated: boolean;
}

export const DOCKERFILE_SIZES = [10, 100, 1_000, 10_000] as const;
export const MANIFEST_SIZES = [100, 1_000, 10_000, 50_000] as const;

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Pick {
  constructor(readonly next: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  one<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  some<T>(items: readonly T[], lo: number, hi: number): T[] {
    const pool = [...items];
    const n = Math.min(pool.length, this.int(lo, hi));
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]);
    return out;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// ---------------------------------------------------------------- Dockerfiles

const APT_PACKAGES = [
  'build-essential', 'ca-certificates', 'curl', 'git', 'gnupg', 'libssl-dev', 'libffi-dev', 'libpq-dev', 'pkg-config',
  'python3-dev', 'unzip', 'xz-utils', 'zlib1g-dev', 'libxml2-dev', 'libxslt1-dev', 'libjpeg-dev', 'libpng-dev',
  'libcurl4-openssl-dev', 'cmake', 'ninja-build', 'autoconf', 'automake', 'libtool', 'tzdata', 'locales', 'jq',
  'openssh-client', 'rsync', 'wget', 'file', 'patch', 'bzip2', 'libbz2-dev', 'libreadline-dev', 'libsqlite3-dev',
];
const BUILDERS = [
  { image: 'golang:1.22-bookworm', lang: 'go' },
  { image: 'node:20.11.1-bookworm', lang: 'node' },
  { image: 'python:3.12-slim-bookworm', lang: 'python' },
  { image: 'maven:3.9.6-eclipse-temurin-21', lang: 'java' },
  { image: 'rust:1.76-bookworm', lang: 'rust' },
  { image: 'ubuntu:22.04', lang: 'c' },
] as const;
const RUNTIMES = [
  'gcr.io/distroless/static-debian12:nonroot',
  'gcr.io/distroless/nodejs20-debian12',
  'python:3.12-slim',
  'eclipse-temurin:21-jre',
  'debian:bookworm-slim',
  'alpine:3.19',
  'ubuntu:latest',
  'nginx',
];

function buildCommands(lang: string, p: Pick): string[] {
  switch (lang) {
    case 'go':
      return ['go mod download', `go build -trimpath -ldflags="-s -w -X main.version=\${VERSION}" -o /out/app ./cmd/${p.one(['api', 'worker', 'server'])}`];
    case 'node':
      return ['npm ci', 'npm run build', 'npm prune --omit=dev'];
    case 'python':
      return ['python -m venv /opt/venv', '/opt/venv/bin/pip install --no-cache-dir -r requirements.txt', '/opt/venv/bin/python -m compileall -q /app'];
    case 'java':
      return ['mvn -B -q dependency:go-offline', 'mvn -B -q package -DskipTests', 'cp target/*.jar /out/app.jar'];
    case 'rust':
      return ['cargo fetch --locked', 'cargo build --release --locked', 'cp target/release/app /out/app'];
    default:
      return ['./configure --prefix=/usr/local', `make -j"$(nproc)"`, 'make install DESTDIR=/out'];
  }
}

/** A build stage: ARG/ENV, a long apt-get RUN continuation, a heredoc, the build. */
function buildStage(i: number, p: Pick): string[] {
  const b = p.one(BUILDERS);
  const lines = [`# ---- build stage ${i}: ${b.lang} ----`, `FROM ${b.image} AS build-${i}`, 'ARG VERSION=0.0.0-dev', 'ARG TARGETOS TARGETARCH'];
  if (p.chance(0.5)) lines.push(`ENV LANG=C.UTF-8 \\`, `    TZ=Etc/UTC \\`, `    BUILD_ID=${i}`);
  lines.push('WORKDIR /src');
  lines.push('RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\', '    set -eux; \\', '    apt-get update; \\', '    apt-get install -y --no-install-recommends \\');
  for (const pkg of p.some(APT_PACKAGES, 6, 18)) lines.push(`        ${pkg} \\`);
  lines.push('    ; \\', '    rm -rf /var/lib/apt/lists/*');
  if (p.chance(0.6)) {
    lines.push('RUN <<EOF', 'set -eux', `mkdir -p /out /etc/app-${i}`, `echo "build ${i} for \${TARGETOS}/\${TARGETARCH}" > /etc/app-${i}/build-info`, 'EOF');
  }
  if (p.chance(0.4)) {
    lines.push(`COPY <<EOT /etc/app-${i}/config.toml`, '[server]', `port = ${8000 + i}`, 'log_level = "info"', 'EOT');
  }
  lines.push('COPY . .');
  const cmds = buildCommands(b.lang, p);
  lines.push(`RUN ${cmds[0]}${cmds.length > 1 ? ' \\' : ''}`);
  cmds.slice(1).forEach((c, k) => lines.push(`    && ${c}${k < cmds.length - 2 ? ' \\' : ''}`));
  if (p.chance(0.2)) lines.push('RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -');
  if (p.chance(0.15)) lines.push('RUN chmod -R 777 /out');
  lines.push('');
  return lines;
}

function finalStage(stages: number, p: Pick, compact: boolean): string[] {
  const runtime = p.one(RUNTIMES);
  const from = stages > 0 ? `build-${p.int(0, stages - 1)}` : null;
  if (compact) {
    return [
      `FROM ${runtime}`,
      'ARG VERSION=1.0.0',
      'ENV APP_ENV=production',
      'WORKDIR /app',
      'RUN apt-get update && apt-get install -y --no-install-recommends \\',
      '        ca-certificates curl \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'COPY . /app',
      'EXPOSE 8080',
      'CMD ["/app/server"]',
    ];
  }
  return [
    '# ---- runtime ----',
    `FROM ${runtime} AS runtime`,
    'ARG VERSION',
    'LABEL org.opencontainers.image.version="${VERSION}" \\',
    '      org.opencontainers.image.source="https://example.com/acme/app"',
    'ENV APP_ENV=production PORT=8080',
    'WORKDIR /app',
    ...(from ? [`COPY --from=${from} /out/ /app/`] : ['COPY . /app']),
    'EXPOSE 8080',
    'HEALTHCHECK --interval=30s --timeout=3s CMD ["/app/app", "healthcheck"]',
    ...(p.chance(0.5) ? ['USER 65532:65532'] : []),
    'ENTRYPOINT ["/app/app"]',
    'CMD ["serve"]',
  ];
}

/** A Dockerfile of exactly `lines` lines; the cursor is in the middle RUN package list. */
export function generateDockerfile(lines: number, seed = lines): Input {
  const p = new Pick(rng(0xd0c4e7 ^ seed));
  const header = ['# syntax=docker/dockerfile:1.7', `# Generated benchmark input: ${lines} lines`, 'ARG BASE_REGISTRY=docker.io', ''];
  let out: string[];
  if (lines < 40) {
    out = finalStage(0, p, true);
  } else {
    out = [...header];
    const FINAL_STAGE_MAX_LINES = 14;
    for (let i = 0; ; i++) {
      const stage = buildStage(i, p);
      if (out.length + stage.length + FINAL_STAGE_MAX_LINES > lines) {
        out.push(...finalStage(i, p, false));
        break;
      }
      out.push(...stage);
    }
  }
  while (out.length < lines) out.push(`# padding ${out.length}`);
  out.length = lines;
  // Cursor: the package line of an apt-get list nearest the middle, just before " \".
  const mid = Math.floor(lines / 2);
  let best = -1;
  out.forEach((l, i) => {
    if (/^ {8}[a-z0-9.+-]+ \\$/.test(l) || /ca-certificates curl \\$/.test(l)) {
      if (best < 0 || Math.abs(i - mid) < Math.abs(best - mid)) best = i;
    }
  });
  if (best < 0) throw new Error(`no package line in the generated ${lines}-line Dockerfile`);
  return {
    name: `gen-${lines}.Dockerfile`,
    language: 'dockerfile',
    text: out.join('\n') + '\n',
    lines,
    cursor: { line: best, character: out[best].length - 2 },
    generated: true,
  };
}

// ---------------------------------------------------------------- Kubernetes

const APPS = ['cart', 'checkout', 'payments', 'search', 'catalog', 'auth', 'gateway', 'orders', 'billing', 'notifier', 'ledger', 'reports'];
const IMAGES = ['registry.example.com/shop/{app}:1.{n}.{m}', 'ghcr.io/acme/{app}:v2.{n}.{m}', 'docker.io/library/nginx:1.25', '{app}:latest', 'redis:7.2-alpine', 'postgres:16'];

function image(app: string, p: Pick): string {
  return p.one(IMAGES).replace('{app}', app).replace('{n}', String(p.int(0, 30))).replace('{m}', String(p.int(0, 9)));
}

function containerLines(name: string, app: string, indent: string, p: Pick, secure: boolean): string[] {
  const i = indent;
  const l = [`${i}- name: ${name}`, `${i}  image: ${image(app, p)}`, `${i}  imagePullPolicy: IfNotPresent`];
  if (p.chance(0.6)) l.push(`${i}  args: ["--port=8080", "--log-level=info"]`);
  l.push(`${i}  ports:`, `${i}    - name: http`, `${i}      containerPort: 8080`, `${i}      protocol: TCP`);
  l.push(`${i}  env:`);
  for (let k = 0; k < p.int(2, 6); k++) {
    if (p.chance(0.3)) {
      l.push(`${i}    - name: DB_PASSWORD_${k}`, `${i}      valueFrom:`, `${i}        secretKeyRef:`, `${i}          name: ${app}-db`, `${i}          key: password`);
    } else {
      l.push(`${i}    - name: FEATURE_${k}`, `${i}      value: "${p.one(['true', 'false', 'eu-west-1', 'v2', '30s'])}"`);
    }
  }
  if (p.chance(0.8)) {
    l.push(`${i}  resources:`, `${i}    requests:`, `${i}      cpu: ${p.int(1, 5) * 100}m`, `${i}      memory: ${p.int(1, 8) * 64}Mi`);
    if (p.chance(0.7)) l.push(`${i}    limits:`, `${i}      cpu: "${p.int(1, 4)}"`, `${i}      memory: ${p.int(2, 16) * 64}Mi`);
  }
  if (p.chance(0.6)) {
    l.push(`${i}  readinessProbe:`, `${i}    httpGet:`, `${i}      path: /healthz`, `${i}      port: http`, `${i}    periodSeconds: 10`);
    l.push(`${i}  livenessProbe:`, `${i}    tcpSocket:`, `${i}      port: 8080`, `${i}    initialDelaySeconds: 15`);
  }
  if (secure) {
    l.push(`${i}  securityContext:`, `${i}    allowPrivilegeEscalation: false`, `${i}    readOnlyRootFilesystem: true`, `${i}    runAsNonRoot: true`);
    l.push(`${i}    capabilities:`, `${i}      drop: ["ALL"]`);
  } else if (p.chance(0.3)) {
    l.push(`${i}  securityContext:`, `${i}    privileged: ${p.one(['true', 'false'])}`);
    if (p.chance(0.5)) l.push(`${i}    runAsUser: 0`);
  }
  l.push(`${i}  volumeMounts:`, `${i}    - name: config`, `${i}      mountPath: /etc/${app}`, `${i}      readOnly: true`);
  return l;
}

function podSpecLines(app: string, indent: string, p: Pick, secure: boolean, restart?: string): string[] {
  const i = indent;
  const l: string[] = [];
  if (restart) l.push(`${i}restartPolicy: ${restart}`);
  l.push(`${i}serviceAccountName: ${app}`);
  if (p.chance(0.3)) l.push(`${i}automountServiceAccountToken: false`);
  if (!secure && p.chance(0.15)) l.push(`${i}hostNetwork: true`);
  if (secure) {
    l.push(`${i}securityContext:`, `${i}  runAsNonRoot: true`, `${i}  runAsUser: 65532`, `${i}  fsGroup: 65532`, `${i}  seccompProfile:`, `${i}    type: RuntimeDefault`);
  }
  if (p.chance(0.3)) l.push(`${i}initContainers:`, ...containerLines('migrate', app, `${i}  `, p, secure));
  l.push(`${i}containers:`, ...containerLines(app, app, `${i}  `, p, secure));
  if (p.chance(0.25)) l.push(...containerLines('sidecar', 'envoy', `${i}  `, p, secure));
  l.push(`${i}volumes:`, `${i}  - name: config`, `${i}    configMap:`, `${i}      name: ${app}-config`);
  return l;
}

function metadata(name: string, app: string, ns: string, p: Pick, indent = ''): string[] {
  const l = [`${indent}metadata:`, `${indent}  name: ${name}`, `${indent}  namespace: ${ns}`, `${indent}  labels:`, `${indent}    app.kubernetes.io/name: ${app}`, `${indent}    app.kubernetes.io/part-of: shop`];
  if (p.chance(0.3)) l.push(`${indent}  annotations:`, `${indent}    prometheus.io/scrape: "true"`, `${indent}    prometheus.io/port: "9090"`);
  return l;
}

function k8sObject(k: number, p: Pick): string[] {
  const app = `${p.one(APPS)}-${k}`;
  const ns = p.one(['shop', 'payments', 'platform', 'default']);
  const secure = p.chance(0.5);
  const kind = p.one(['Deployment', 'Deployment', 'StatefulSet', 'CronJob', 'Service', 'Service', 'ConfigMap']);
  const head = p.chance(0.2) ? [`# ${app}: ${secure ? 'hardened' : 'legacy'} ${kind}`] : [];
  switch (kind) {
    case 'Deployment':
    case 'StatefulSet':
      return [
        ...head,
        'apiVersion: apps/v1',
        `kind: ${kind}`,
        ...metadata(app, app, ns, p),
        'spec:',
        ...(kind === 'StatefulSet' ? [`  serviceName: ${app}`] : []),
        `  replicas: ${p.int(1, 6)}`,
        '  selector:',
        '    matchLabels:',
        `      app.kubernetes.io/name: ${app}`,
        '  template:',
        '    metadata:',
        '      labels:',
        `        app.kubernetes.io/name: ${app}`,
        '    spec:',
        ...podSpecLines(app, '      ', p, secure),
        ...(kind === 'StatefulSet'
          ? ['  volumeClaimTemplates:', '    - metadata:', '        name: data', '      spec:', '        accessModes: ["ReadWriteOnce"]', '        resources:', '          requests:', `            storage: ${p.int(1, 50)}Gi`]
          : []),
      ];
    case 'CronJob':
      return [
        ...head,
        'apiVersion: batch/v1',
        'kind: CronJob',
        ...metadata(app, app, ns, p),
        'spec:',
        `  schedule: "${p.int(0, 59)} ${p.int(0, 23)} * * *"`,
        '  concurrencyPolicy: Forbid',
        '  jobTemplate:',
        '    spec:',
        '      backoffLimit: 2',
        '      template:',
        '        spec:',
        ...podSpecLines(app, '          ', p, secure, 'OnFailure'),
      ];
    case 'Service':
      return [
        ...head,
        'apiVersion: v1',
        'kind: Service',
        ...metadata(app, app, ns, p),
        'spec:',
        `  type: ${p.one(['ClusterIP', 'ClusterIP', 'NodePort', 'LoadBalancer'])}`,
        '  selector:',
        `    app.kubernetes.io/name: ${app}`,
        '  ports:',
        '    - name: http',
        '      port: 80',
        '      targetPort: http',
      ];
    default:
      return [
        ...head,
        'apiVersion: v1',
        'kind: ConfigMap',
        ...metadata(`${app}-config`, app, ns, p),
        'data:',
        '  config.yaml: |',
        '    server:',
        `      port: ${8000 + k}`,
        '      timeout: 30s',
        `  LOG_LEVEL: ${p.one(['info', 'debug', 'warn'])}`,
      ];
  }
}

/** A multi-document manifest of exactly `lines` lines; the cursor is at the end of an image value near the middle. */
export function generateManifest(lines: number, seed = lines): Input {
  const p = new Pick(rng(0x6b3e5 ^ seed));
  const out: string[] = [`# Generated benchmark input: ${lines} lines of Kubernetes objects`];
  for (let k = 0; ; k++) {
    const doc = ['---', ...k8sObject(k, p)];
    if (out.length + doc.length > lines) break;
    out.push(...doc);
  }
  while (out.length < lines) out.push(`# padding ${out.length}`);
  const mid = Math.floor(lines / 2);
  let best = -1;
  out.forEach((l, i) => {
    if (/^\s+image: /.test(l) && (best < 0 || Math.abs(i - mid) < Math.abs(best - mid))) best = i;
  });
  if (best < 0) throw new Error(`no image line in the generated ${lines}-line manifest`);
  return {
    name: `gen-${lines}.k8s.yaml`,
    language: 'k8s',
    text: out.join('\n') + '\n',
    lines,
    cursor: { line: best, character: out[best].length },
    generated: true,
  };
}

/** Where to type in a real file: in the RUN nearest the middle (Dockerfile) or at the end of an image value (YAML). */
export function corpusCursor(text: string, language: Input['language']): Input['cursor'] {
  const lines = text.split(/\r?\n/);
  const mid = Math.floor(lines.length / 2);
  const pattern = language === 'dockerfile' ? /^\s*RUN\s/i : /^\s*-?\s*image:\s*\S/;
  let best = -1;
  lines.forEach((l, i) => {
    if (pattern.test(l) && (best < 0 || Math.abs(i - mid) < Math.abs(best - mid))) best = i;
  });
  if (best < 0) {
    // No RUN / image: the end of the last non-empty line.
    best = lines.length - 1;
    while (best > 0 && lines[best].trim() === '') best--;
    return { line: best, character: lines[best].length };
  }
  const line = lines[best];
  const end = line.replace(/\s*\\\s*$/, '').replace(/\s+#.*$/, '').length;
  return { line: best, character: language === 'dockerfile' ? end : line.replace(/\s+$/, '').length };
}

export function generateAll(): Input[] {
  return [...DOCKERFILE_SIZES.map((n) => generateDockerfile(n)), ...MANIFEST_SIZES.map((n) => generateManifest(n))];
}

/** Write the generated inputs to `dir` (for looking at them; the benchmark generates in memory). */
export function writeInputs(dir: string): Input[] {
  mkdirSync(dir, { recursive: true });
  const inputs = generateAll();
  for (const input of inputs) {
    writeFileSync(join(dir, input.name), input.text);
    writeFileSync(join(dir, `${input.name}.cursor.json`), JSON.stringify(input.cursor) + '\n');
  }
  return inputs;
}
