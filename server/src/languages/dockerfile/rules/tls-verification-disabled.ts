import { Arg, Env } from 'dockerfile-ast';
import type { Range } from '../../../engine/types';
import { defineRule } from '../language';
import { orderedCommands, packageOperation, spanRange, wordRange } from '../packages';
import { basename, effectiveWords, remembered, type ShellCommand, type ShellWord } from '../shell';

type Kind = 'tls' | 'signature';

/**
 * Where a hit is: the word (`first`), or from `first` to `last` (see
 * spanRange); `range` for an ENV / ARG property. Words, not ranges, so a
 * command's hits are remembered on it across keystrokes (its words move).
 */
interface Hit {
  first?: ShellWord;
  last?: ShellWord;
  range?: Range;
  setting: string;
  tool: string;
  kind: Kind;
}

/** Environment variables that switch verification off, and the value test. */
const ENV_SETTINGS: { name: RegExp; disables: (value: string) => boolean; tool: string }[] = [
  { name: /^NODE_TLS_REJECT_UNAUTHORIZED$/, disables: (v) => v === '0', tool: 'Node.js' },
  { name: /^PYTHONHTTPSVERIFY$/, disables: (v) => v === '0', tool: 'Python' },
  // git only checks that the variable is set.
  { name: /^GIT_SSL_NO_VERIFY$/, disables: (v) => v !== '', tool: 'git' },
  { name: /^npm_config_strict_ssl$/i, disables: (v) => /^(false|0)$/i.test(v), tool: 'npm' },
  { name: /^PIP_TRUSTED_HOST$/, disables: (v) => v !== '', tool: 'pip' },
  { name: /^GOINSECURE$/, disables: (v) => v !== '', tool: 'the go command' },
];

function envSetting(name: string, value: string): { tool: string } | undefined {
  const s = ENV_SETTINGS.find((e) => e.name.test(name) && e.disables(value));
  return s ? { tool: s.tool } : undefined;
}

const LOCAL_URL = /^(https?:\/\/)?(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?(\/|$)/i;

/** Every URL operand targets this machine (`curl -k https://localhost:8443/health`): nothing to intercept. */
function allLocal(urls: string[]): boolean {
  return urls.length > 0 && urls.every((u) => LOCAL_URL.test(u));
}

const CURL_SHORT_WITH_VALUE = new Set('AbcCdDeEFHKmoPQrtTuUwxXyYz'.split(''));
const CURL_LONG_WITH_VALUE = new Set([
  '--output', '--header', '--data', '--data-raw', '--data-binary', '--data-urlencode', '--user', '--request',
  '--user-agent', '--referer', '--write-out', '--upload-file', '--proxy', '--cookie', '--cookie-jar', '--continue-at',
  '--dump-header', '--cert', '--cacert', '--capath', '--key', '--config', '--max-time', '--connect-timeout', '--retry',
  '--retry-delay', '--retry-max-time', '--range', '--form', '--output-dir', '--proto', '--proto-redir', '--resolve',
  '--limit-rate', '--max-filesize', '--oauth2-bearer', '--netrc-file', '--ciphers', '--interface',
]);

function curlHits(words: ShellWord[]): Hit[] {
  const hits: Hit[] = [];
  const urls: string[] = [];
  for (let k = 1; k < words.length; k++) {
    const w = words[k];
    const v = w.value;
    if (v === '--insecure' || v === '--proxy-insecure') {
      hits.push({ first: w, setting: v, tool: 'curl', kind: 'tls' });
    } else if (v === '--url') {
      if (words[k + 1]) urls.push(words[k + 1].value);
      k++;
    } else if (v.startsWith('--')) {
      if (CURL_LONG_WITH_VALUE.has(v)) k++;
    } else if (/^-[A-Za-z0-9#:]/.test(v)) {
      for (let i = 1; i < v.length; i++) {
        if (v[i] === 'k') {
          hits.push({ first: w, setting: v, tool: 'curl', kind: 'tls' });
          break;
        }
        if (CURL_SHORT_WITH_VALUE.has(v[i])) {
          if (i === v.length - 1) k++;
          break;
        }
      }
    } else {
      urls.push(v);
    }
  }
  return allLocal(urls) ? [] : hits;
}

const WGET_SHORT_WITH_VALUE = new Set('OoPUtTeaiBwQlAR'.split(''));
const WGET_LONG_WITH_VALUE = new Set([
  '--output-document', '--output-file', '--directory-prefix', '--user-agent', '--tries', '--timeout', '--header',
  '--user', '--password', '--http-user', '--http-password', '--ca-certificate', '--ca-directory', '--certificate',
  '--private-key', '--wait', '--input-file', '--base', '--append-output', '--quota', '--level', '--accept', '--reject',
]);

function wgetHits(words: ShellWord[]): Hit[] {
  const hits: Hit[] = [];
  const urls: string[] = [];
  for (let k = 1; k < words.length; k++) {
    const w = words[k];
    const v = w.value;
    if (v === '--no-check-certificate') {
      hits.push({ first: w, setting: v, tool: 'wget', kind: 'tls' });
    } else if ((v === '-e' || v === '--execute') && words[k + 1]) {
      // -e check_certificate=off: a wgetrc command on the command line
      if (/^check_?certificate\s*=\s*(off|no|0|false)$/i.test(words[k + 1].value)) {
        hits.push({ first: words[k + 1], setting: words[k + 1].value, tool: 'wget', kind: 'tls' });
      }
      k++;
    } else if (v.startsWith('--')) {
      if (WGET_LONG_WITH_VALUE.has(v)) k++;
    } else if (/^-[A-Za-z0-9]/.test(v)) {
      for (let i = 1; i < v.length; i++) {
        if (WGET_SHORT_WITH_VALUE.has(v[i])) {
          if (i === v.length - 1) k++;
          break;
        }
      }
    } else {
      urls.push(v);
    }
  }
  return allLocal(urls) ? [] : hits;
}

const FALSE = /^(false|0|no|off)$/i;
const TRUE = /^(true|1|yes|on)$/i;

/** An apt `-o Name=value` option that switches verification off. */
function aptOption(option: string): Kind | undefined {
  const m = /^([A-Za-z0-9:_.-]+)=["']?([^"']*)["']?$/.exec(option);
  if (!m) return undefined;
  const [, name, value] = m;
  if (/^Acquire::https(::[^:]+)?::Verify-(Peer|Host)$/i.test(name) && FALSE.test(value)) return 'tls';
  if (/^(APT::Get::AllowUnauthenticated|Acquire::AllowInsecureRepositories|Acquire::AllowDowngradeToInsecureRepositories)$/i.test(name) && TRUE.test(value)) {
    return 'signature';
  }
  return undefined;
}

/** A dnf/yum `--setopt` value that switches verification off. */
function dnfSetopt(option: string): Kind | undefined {
  const m = /^(?:[^=\s]+\.)?(sslverify|gpgcheck|localpkg_gpgcheck|repo_gpgcheck)=["']?([^"']*)["']?$/i.exec(option);
  if (!m || !FALSE.test(m[2])) return undefined;
  return m[1].toLowerCase() === 'sslverify' ? 'tls' : 'signature';
}

/**
 * Every package operand is a local package file (`/tmp/packages/*.apk`,
 * `./build/app.rpm`): self-built packages copied from a build stage are
 * unsigned, and nothing crosses the network to tamper with.
 */
function onlyLocalFiles(cmd: ShellCommand, words: ShellWord[]): boolean {
  const operands = basename(words[0]?.value ?? '') === 'rpm'
    ? words.slice(1).filter((w) => !w.value.startsWith('-'))
    : packageOperation(cmd)?.words ?? [];
  return operands.length > 0 && operands.every((w) => /^\.{0,2}\//.test(w.value) && /\.(apk|rpm|deb)$/.test(w.value));
}

/** The hits of a command (remembered on it). */
function commandHits(cmd: ShellCommand): readonly Hit[] {
  return remembered(cmd, 'hardlineTlsHits', () => computeCommandHits(cmd));
}

function computeCommandHits(cmd: ShellCommand): Hit[] {
  const words = effectiveWords(cmd);
  const hits: Hit[] = [];
  // Inline assignments: `NODE_TLS_REJECT_UNAUTHORIZED=0 node …`, `env GIT_SSL_NO_VERIFY=1 git …`, `export …`.
  const assignments = [...cmd.assignments, ...cmd.words.slice(0, cmd.words.length - words.length)];
  if (basename(words[0]?.value ?? '') === 'export') assignments.push(...words.slice(1));
  for (const a of assignments) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(a.value);
    const s = m && !a.expands ? envSetting(m[1], m[2]) : undefined;
    if (s) hits.push({ first: a, setting: a.value, tool: s.tool, kind: 'tls' });
  }
  if (words.length === 0) return hits;
  let tool = basename(words[0].value);
  let args = words.slice(1);
  if (/^python(\d+(\.\d+)?)?$/.test(tool) && args[0]?.value === '-m' && args[1] && /^pip\d*$/.test(args[1].value)) {
    tool = 'pip';
    args = args.slice(2);
  } else if (tool === 'uv' && args[0]?.value === 'pip') {
    tool = 'pip';
    args = args.slice(1);
  }
  const local = onlyLocalFiles(cmd, words);
  const flag = (w: ShellWord, kind: Kind, name = tool) => {
    if (kind === 'signature' && local) return;
    hits.push({ first: w, setting: w.value, tool: name, kind });
  };
  const values = args.map((w) => w.value);

  if (tool === 'curl') hits.push(...curlHits(words));
  else if (tool === 'wget') hits.push(...wgetHits(words));
  else if (/^pip(\d+(\.\d+)?)?$/.test(tool)) {
    for (const w of args) if (w.value === '--trusted-host' || w.value.startsWith('--trusted-host=')) flag(w, 'tls', 'pip');
    // pip config set global.trusted-host example.com
    const set = values.indexOf('set');
    if (values[0] === 'config' && set >= 0 && /^[a-z]+\.trusted-host$/.test(values[set + 1] ?? '') && args[set + 2]) {
      hits.push({ first: args[set + 1], last: args[set + 2], setting: `${values[set + 1]} ${values[set + 2]}`, tool: 'pip', kind: 'tls' });
    }
  } else if (tool === 'npm' || tool === 'yarn' || tool === 'pnpm') {
    for (const w of args) if (/^--strict-ssl=(false|0)$/.test(w.value) || w.value === '--no-strict-ssl') flag(w, 'tls');
    // npm config set strict-ssl false, npm set strict-ssl=false, yarn config set enableStrictSsl false
    const set = values.findIndex((v, i) => v === 'set' && (i === 0 || ['config', 'c'].includes(values[i - 1])));
    const key = set >= 0 ? args[set + 1] : undefined;
    if (key) {
      const [name, inline] = key.value.split('=');
      if (/^(strict-ssl|enableStrictSsl)$/.test(name)) {
        if (inline !== undefined && /^(false|0)$/.test(inline)) {
          hits.push({ first: key, setting: key.value, tool, kind: 'tls' });
        } else if (inline === undefined && args[set + 2] && /^(false|0)$/.test(args[set + 2].value)) {
          hits.push({ first: key, last: args[set + 2], setting: `${name} ${args[set + 2].value}`, tool, kind: 'tls' });
        }
      }
    }
  } else if (tool === 'git') {
    for (let i = 0; i < args.length; i++) {
      // git -c http.sslVerify=false clone …
      if (args[i].value === '-c' && args[i + 1]) {
        const m = /^http\.(.+\.)?sslverify=(.*)$/i.exec(args[i + 1].value);
        if (m && FALSE.test(m[2])) flag(args[i + 1], 'tls');
        i++;
      }
    }
    // git config --global http.sslVerify false
    const config = values.indexOf('config');
    if (config >= 0) {
      const rest = args.slice(config + 1).filter((w) => !w.value.startsWith('-'));
      if (rest.length >= 2 && /^http\.(.+\.)?sslverify$/i.test(rest[0].value) && FALSE.test(rest[1].value)) {
        hits.push({ first: rest[0], last: rest[1], setting: `${rest[0].value} ${rest[1].value}`, tool, kind: 'tls' });
      }
    }
  } else if (tool === 'apk') {
    for (const w of args) if (w.value === '--allow-untrusted') flag(w, 'signature');
  } else if (tool === 'apt-get' || tool === 'apt' || tool === 'aptitude') {
    for (let i = 0; i < args.length; i++) {
      const w = args[i];
      if (w.value === '--allow-unauthenticated' || w.value === '--force-yes' || w.value === '--allow-insecure-repositories') {
        flag(w, 'signature');
      } else if ((w.value === '-o' || w.value === '--option') && args[i + 1]) {
        const kind = aptOption(args[i + 1].value);
        if (kind) flag(args[i + 1], kind);
        i++;
      } else if (/^-o./.test(w.value) || w.value.startsWith('--option=')) {
        const kind = aptOption(w.value.replace(/^(-o|--option=)/, ''));
        if (kind) flag(w, kind);
      }
    }
  } else if (['yum', 'dnf', 'dnf5', 'microdnf', 'tdnf', 'yum-config-manager'].includes(tool)) {
    for (let i = 0; i < args.length; i++) {
      const w = args[i];
      if (w.value === '--nogpgcheck') flag(w, 'signature');
      else if (w.value === '--setopt' && args[i + 1]) {
        const kind = dnfSetopt(args[i + 1].value);
        if (kind) flag(args[i + 1], kind);
        i++;
      } else if (w.value.startsWith('--setopt=')) {
        const kind = dnfSetopt(w.value.slice('--setopt='.length));
        if (kind) flag(w, kind);
      }
    }
  } else if (tool === 'rpm') {
    for (const w of args) if (['--nosignature', '--nodigest', '--nofiledigest', '--nogpgcheck'].includes(w.value)) flag(w, 'signature');
  } else if (tool === 'zypper') {
    for (const w of args) if (w.value === '--no-gpg-checks' || w.value === '--no-gpgcheck') flag(w, 'signature');
  }
  return hits;
}

export default defineRule({
  meta: {
    id: 'dockerfile/tls-verification-disabled',
    category: 'security',
    defaultSeverity: 'error',
    description: 'Never switch off TLS certificate or package signature verification (curl -k, --trusted-host, --nogpgcheck, …).',
    messages: {
      tls:
        '`{{setting}}` switches off TLS certificate verification for {{tool}}: anyone on the network path can serve the build (or the container) whatever they like. Remove it; if a proxy or private CA is the reason, add that CA certificate to the trust store instead.',
      signature:
        '`{{setting}}` makes {{tool}} accept packages without a valid signature: a tampered package installs silently. Remove it; import the repository\'s signing key instead.',
    },
    aliases: [
      { tool: 'checkov', id: 'CKV2_DOCKER_2' },
      { tool: 'checkov', id: 'CKV2_DOCKER_3' },
      { tool: 'checkov', id: 'CKV2_DOCKER_4' },
      { tool: 'checkov', id: 'CKV2_DOCKER_5' },
      { tool: 'checkov', id: 'CKV2_DOCKER_6' },
      { tool: 'checkov', id: 'CKV2_DOCKER_7' },
      { tool: 'checkov', id: 'CKV2_DOCKER_8' },
      { tool: 'checkov', id: 'CKV2_DOCKER_9' },
      { tool: 'checkov', id: 'CKV2_DOCKER_10' },
      { tool: 'checkov', id: 'CKV2_DOCKER_11' },
      { tool: 'checkov', id: 'CKV2_DOCKER_12' },
      { tool: 'checkov', id: 'CKV2_DOCKER_13' },
      { tool: 'checkov', id: 'CKV2_DOCKER_14' },
      { tool: 'checkov', id: 'CKV2_DOCKER_15' },
      { tool: 'checkov', id: 'CKV2_DOCKER_16' },
      { tool: 'checkov', id: 'CKV2_DOCKER_18' },
    ],
    fixable: false,
    hasSuggestions: false,
  },
  create(context) {
    const { model } = context;
    const report = (h: Hit) =>
      context.report({
        range: h.range ?? (h.last ? spanRange(model, h.first!, h.last) : wordRange(model, h.first!)),
        messageId: h.kind,
        data: { setting: h.setting, tool: h.tool },
      });
    const properties = (instruction: Env | Arg) => {
      for (const p of instruction.getProperties()) {
        const value = p.getValue();
        if (value === null) continue;
        const s = envSetting(p.getName(), value);
        if (s) report({ range: p.getRange(), setting: `${p.getName()}=${value}`, tool: s.tool, kind: 'tls' });
      }
    };
    return {
      RUN(instruction) {
        for (const cmd of orderedCommands(model, instruction)) for (const h of commandHits(cmd)) report(h);
      },
      ENV(instruction, stage) {
        if (stage && instruction instanceof Env) properties(instruction);
      },
      ARG(instruction, stage) {
        // A global ARG (before the first FROM) is not in the environment of any RUN.
        if (stage && instruction instanceof Arg) properties(instruction);
      },
    };
  },
});
