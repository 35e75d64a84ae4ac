/**
 * What looks like a secret in a Dockerfile: variable names (after BuildKit's
 * `SecretsUsedInArgOrEnv`), values (well-known token formats and long random
 * strings) and file names (private keys, credential files).
 */

/**
 * BuildKit's tokens (frontend/dockerfile/dockerfile2llb `getSecretsRegex`):
 * apikey, auth, credential(s), key, password, pword, passwd, secret, token;
 * plus password spellings (pass, passphrase, pswd, psw as in Jenkins `_PSW`)
 * and `pat` (personal access token).
 */
const SECRET_TOKENS = new Set([
  'apikey', 'auth', 'credential', 'credentials', 'key', 'password', 'pword', 'passwd', 'secret', 'token',
  'pass', 'passphrase', 'pswd', 'psw', 'pat',
]);

/** BuildKit's allow tokens: the name describes something else than the secret itself. */
const BUILDKIT_ALLOW = new Set(['public', 'file', 'version']);

/** Ours, in the same spirit: metadata about a secret, not the secret. */
const METADATA_ALLOW = new Set([
  'url', 'uri', 'endpoint', 'host', 'port', 'server', 'type', 'method', 'mode', 'enabled', 'disabled', 'size',
  'length', 'bits', 'ttl', 'timeout', 'expiry', 'algorithm', 'name', 'header', 'format',
]);

/** The name holds a path to the secret, not the secret. */
const PATH_TOKENS = new Set(['file', 'path', 'dir', 'location']);

/**
 * Variables that name a credentials FILE (Trivy DS-0031 `secret_file_envs`,
 * plus AWS's shared credentials file and KUBECONFIG).
 */
export const SECRET_FILE_VARIABLES = new Set([
  'GOOGLE_APPLICATION_CREDENTIALS',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'HF_TOKEN_PATH',
  'KUBECONFIG',
]);

/** `GITHUB_TOKEN` → github, token; `dbPassword` → db, password; `AWSSecretKey` → aws, secret, key. */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .split(/[_\-.]+/)
    .filter(Boolean)
    .map((t) => t.toLowerCase());
}

export type NameClass = 'secret' | 'path' | 'none';

/**
 * Answers of the pure functions below, by their arguments: every ARG and ENV
 * of a file is classified again on every keystroke, and the names and values
 * rarely change. Bounded (cleared when full).
 */
const MEMO_MAX = 4096;
const nameClasses = new Map<string, NameClass>();
const valueKinds = new Map<string, string | null>();

/** Is this ARG / ENV name one for a secret, for a path to a secret, or neither? */
export function classifyName(name: string): NameClass {
  let cls = nameClasses.get(name);
  if (cls === undefined) {
    if (nameClasses.size >= MEMO_MAX) nameClasses.clear();
    cls = computeNameClass(name);
    nameClasses.set(name, cls);
  }
  return cls;
}

function computeNameClass(name: string): NameClass {
  if (SECRET_FILE_VARIABLES.has(name)) return 'path';
  const tokens = nameTokens(name);
  const hits = tokens.filter(
    (t, i) =>
      SECRET_TOKENS.has(t) ||
      // `DB_PWD` (but not the shell's `PWD`); Jenkins' `<CRED>_USR` half of a username/password binding.
      (t === 'pwd' && tokens.length > 1) ||
      (t === 'usr' && i === tokens.length - 1 && i > 0),
  );
  if (hits.length === 0) return 'none';
  if (tokens.some((t) => PATH_TOKENS.has(t))) return 'path';
  if (tokens.some((t) => BUILDKIT_ALLOW.has(t) || METADATA_ALLOW.has(t))) return 'none';
  // `GPG_KEY`, `PGP_KEY_ID`: a public key's fingerprint (the python images set `GPG_KEY`).
  if (tokens.some((t) => ['gpg', 'pgp', 'gnupg'].includes(t)) && hits.every((t) => t === 'key') && !tokens.includes('private')) {
    return 'none';
  }
  return 'secret';
}

/** A value that is a file system path (`/run/secrets/db`, `./key.json`, `~/.aws/config`, `C:\keys`). */
export function looksLikePath(value: string): boolean {
  return /^(?:\/|\.{1,2}\/|~\/|[A-Za-z]:[\\/])\S*$/.test(value);
}

/** A URL; `withPassword` when it carries `user:password@`. */
export function urlInfo(value: string): { url: boolean; withPassword: boolean } {
  const url = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(value);
  return { url, withPassword: url && /^[a-z][a-z0-9+.-]*:\/\/[^/@\s:]+:[^/@\s]+@/i.test(value) };
}

interface ValuePattern {
  kind: string;
  re: RegExp;
}

/** Well-known credential formats (prefixes documented by their vendors). */
const VALUE_PATTERNS: ValuePattern[] = [
  { kind: 'private key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
  { kind: 'AWS access key ID', re: /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/ },
  { kind: 'GitHub token', re: /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,}(?![A-Za-z0-9_])/ },
  { kind: 'GitHub token', re: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,}/ },
  { kind: 'GitLab token', re: /(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{20,}/ },
  { kind: 'Slack token', re: /(?<![A-Za-z0-9])xox[baprs]-[A-Za-z0-9-]{10,}/ },
  { kind: 'Google API key', re: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/ },
  { kind: 'Stripe live key', re: /(?<![A-Za-z0-9_])[sr]k_live_[0-9A-Za-z]{24,}/ },
  { kind: 'JSON Web Token', re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  { kind: 'npm token', re: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/ },
];

/** Placeholders and documentation examples: `AKIAIOSFODNN7EXAMPLE`, `ghp_xxxx…`, `sk_live_your_key_here`. */
function isPlaceholder(token: string): boolean {
  if (/example|placeholder|changeme|your|dummy|fake|sample|redacted|x{6,}|\*{3,}|0{8,}/i.test(token)) return true;
  const body = token.replace(/^[a-z]+[_-]/i, '');
  return new Set(body).size < 8;
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Names whose values are digests, checksums or identifiers: long and random, but public. */
const PUBLIC_RANDOM_TOKENS = new Set([
  'sha', 'sha1', 'sha256', 'sha384', 'sha512', 'checksum', 'checksums', 'hash', 'digest', 'md5', 'sum', 'integrity',
  'fingerprint', 'commit', 'rev', 'revision', 'ref', 'version', 'id', 'uuid', 'build', 'nonce', 'salt',
]);

/**
 * A long random-looking token: 32+ characters of base64 / base64url / base62,
 * mixed case and digits, high entropy; not hex (digests, commit ids, GPG
 * fingerprints), not a path, URL, version or identifier.
 */
export function isHighEntropyToken(value: string): boolean {
  if (value.length < 32 || value.length > 512) return false;
  if (!/^[A-Za-z0-9+/=_-]+$/.test(value)) return false;
  if (/^[0-9a-f]+$/i.test(value)) return false;
  if (value.startsWith('/') || value.includes('//')) return false;
  if (!/[a-z]/.test(value) || !/[A-Z]/.test(value) || !/[0-9]/.test(value)) return false;
  if (/^(md5|sha1|sha256|sha384|sha512)[-:]/i.test(value)) return false;
  // Words in CamelCase or snake_case change character class (upper, lower, digit) only at word
  // boundaries; random strings change it at most characters (about 60% for base62).
  const cls = (c: string) => (/[a-z]/.test(c) ? 'l' : /[A-Z]/.test(c) ? 'u' : /[0-9]/.test(c) ? 'd' : 's');
  let changes = 0;
  for (let i = 1; i < value.length; i++) if (cls(value[i]) !== cls(value[i - 1])) changes++;
  if (changes / (value.length - 1) < 0.35) return false;
  // A run of seven lower-case letters is a word (random base62 has one in under 1% of cases).
  if (/[a-z]{7}/.test(value)) return false;
  return entropy(value) >= 4.2;
}

/** What kind of secret a value looks like, or null. */
export function secretValueKind(value: string, name: string): string | null {
  const key = `${name}\u0000${value}`;
  let kind = valueKinds.get(key);
  if (kind === undefined) {
    if (valueKinds.size >= MEMO_MAX) valueKinds.clear();
    kind = computeValueKind(value, name);
    valueKinds.set(key, kind);
  }
  return kind;
}

function computeValueKind(value: string, name: string): string | null {
  for (const { kind, re } of VALUE_PATTERNS) {
    const m = re.exec(value);
    if (m && (kind === 'private key' || !isPlaceholder(m[0]))) return kind;
  }
  if (value.includes('$')) return null;
  if (nameTokens(name).some((t) => PUBLIC_RANDOM_TOKENS.has(t))) return null;
  if (isHighEntropyToken(value) && !isPlaceholder(value)) return 'random secret (long high-entropy string)';
  return null;
}

/** A local file that holds a secret by its name: a private key, a keystore, a credentials file, `.env`. */
export function secretFileKind(source: string): string | null {
  const path = source.replace(/\/+$/, '');
  const base = path.slice(path.lastIndexOf('/') + 1);
  const lower = base.toLowerCase();
  if (/^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/.test(lower)) return 'a private SSH key';
  if (/\.(p12|pfx)$/.test(lower)) return 'a PKCS#12 keystore (certificates with their private keys)';
  const publicName = /(^|[._-])(pub|public|gpg|pgp|asc|signing|release|repo|archive|keyring|trusted)([._-]|$)/;
  if (/\.key$/.test(lower) && !publicName.test(lower.replace(/\.key$/, ''))) return 'a private key';
  if (/\.pem$/.test(lower) && /(^|[._-])(priv|private|privkey|key)([._-]|$)/.test(lower.replace(/\.pem$/, '')) && !/pub/.test(lower)) {
    return 'a private key';
  }
  if (lower === '.env' || (/^\.env\./.test(lower) && !/^\.env\.(example|sample|template|dist|defaults?)$/.test(lower))) {
    return 'a .env file (usually secrets)';
  }
  if (['.netrc', '_netrc', '.git-credentials', '.pypirc', '.dockercfg'].includes(lower)) return 'a credentials file';
  if (/(^|\/)\.aws\/credentials$/.test(path) || /(^|\/)\.docker\/config\.json$/.test(path) || /(^|\/)\.kube\/config$/.test(path)) {
    return 'a credentials file';
  }
  return null;
}
