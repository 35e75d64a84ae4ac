import type { Instruction } from 'dockerfile-ast';
import { copyArgs, fromFlag, isRemoteSource } from '../copyArgs';
import { cleanPath, DockerignoreMatcher } from '../dockerignore';
import { defineRule } from '../language';

/** Paths that must stay out of an image built from the whole context. */
const MUST_EXCLUDE = [
  { path: '.git', what: '.git (the whole repository history)' },
  { path: '.env', what: '.env (which usually holds secrets)' },
] as const;

/** `.`, `./`, `*`, `./*`, `/`: the whole build context. */
export function isWholeContext(source: string): boolean {
  const cleaned = cleanPath(source).replace(/^\/+/, '');
  return cleaned === '' || cleaned === '.' || cleaned === '*';
}

function list(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export default defineRule({
  meta: {
    id: 'dockerfile/missing-dockerignore',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'COPY . / ADD . needs a .dockerignore that keeps .git and .env files out of the build context and the image.',
    messages: {
      noDockerignore:
        'No .dockerignore: {{instruction}} {{source}} sends and copies everything, including .git and .env files. Add a .dockerignore next to the build context that excludes at least .git and .env*.',
      notExcluded:
        'The .dockerignore does not exclude {{missing}}: {{instruction}} {{source}} sends {{pronoun}} to the builder and copies {{pronoun}} into the image.',
    },
    aliases: [],
    fixable: false,
    hasSuggestions: false,
  },
  create(context) {
    const { env } = context;
    let done = false;
    const check = (instruction: Instruction) => {
      if (done) return;
      // Unknown build context (untitled buffer, no file system): nothing to say.
      if (env.dockerignore === undefined) {
        done = true;
        return;
      }
      const args = copyArgs(instruction);
      if (!args || !args.dest || fromFlag(args)) return;
      const source = args.sources.find((s) => !s.heredoc && !isRemoteSource(s.value) && isWholeContext(s.value));
      if (!source) return;
      done = true;
      const data = { instruction: instruction.getKeyword(), source: source.raw };
      if (env.dockerignore === null) {
        context.report({ range: source.range, messageId: 'noDockerignore', data });
        return;
      }
      const parsed = DockerignoreMatcher.parse(env.dockerignore.content);
      // An invalid .dockerignore fails the build with its own error; no guess here.
      if (!parsed.ok) return;
      const missing = MUST_EXCLUDE.filter((m) => !parsed.matcher.excludes(m.path));
      if (missing.length === 0) return;
      context.report({
        range: source.range,
        messageId: 'notExcluded',
        data: { ...data, missing: list(missing.map((m) => m.what)), pronoun: missing.length > 1 ? 'them' : 'it' },
      });
    };
    return { COPY: check, ADD: check };
  },
});
