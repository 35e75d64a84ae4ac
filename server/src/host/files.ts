import { basename } from 'node:path';

/** Extensions that make `Dockerfile.<ext>` source code or documentation, not a Dockerfile variant. */
const NOT_DOCKERFILE = /\.(dockerignore|go|rs|py|js|mjs|cjs|ts|tsx|java|kt|rb|php|cs|c|h|cpp|md|rst|txt|json|ya?ml|toml|xml|html|sh|ps1|bat|cmd|tmpl|tpl|j2|jinja|erb|template|in)$/i;

/**
 * Dockerfile / Containerfile names: `Dockerfile`, `Dockerfile.*`, `*.dockerfile`, and the same for
 * Containerfile (`dockerfile` in any case). `dockerfile.go`, `Dockerfile.md` or a template
 * `Dockerfile.tmpl` are not Dockerfiles.
 */
export function isDockerfileName(path: string): boolean {
  const name = basename(path);
  if (NOT_DOCKERFILE.test(name)) return false;
  return /^(docker|container)file(\..+)?$/i.test(name) || /\.(docker|container)file$/i.test(name);
}

/** A glob (`**`, `*`, `?`, `[...]`) as a regular expression over `/`-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  let g = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  const anchored = g.startsWith('/');
  if (anchored) g = g.slice(1);
  if (g.endsWith('/')) g += '**';
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        const slash = g[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = g.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        re += `[${g.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  // A pattern without a slash matches at any depth (like .gitignore); a matched folder matches its contents.
  const prefix = anchored || g.includes('/') ? '^' : '^(?:.*/)?';
  return new RegExp(`${prefix}${re}(?:/.*)?$`);
}
