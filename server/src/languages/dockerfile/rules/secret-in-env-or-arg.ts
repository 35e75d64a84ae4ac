import { Workdir, type Instruction } from 'dockerfile-ast';
import type { Range } from '../../../engine/types';
import { copyArgs, isRemoteSource, type CopyArgs } from '../copyArgs';
import { cleanPath } from '../dockerignore';
import { defineRule } from '../language';
import type { DockerfileModel, Stage } from '../model';
import { pairs, planSecretMount, type SecretMountPlan } from '../secretMount';
import {
  classifyName,
  looksLikePath,
  SECRET_FILE_VARIABLES,
  secretFileKind,
  secretValueKind,
  urlInfo,
} from '../secrets';
import { resolveAt, stageLineage } from '../variables';

const LEAK = {
  arg: 'build-argument values are recorded in the build provenance and, once a RUN uses them, in the image history.',
  envShipped: 'ENV values are stored in the image config, readable by anyone who can pull the image.',
  envBuild: "ENV values are stored in the config of this stage's image and in the build cache.",
};

/** Destinations where public signing keys go (`COPY docker.key /etc/apt/keyrings/`). */
const KEYRING_DIR = /^(\/etc\/apt\/|\/usr\/share\/keyrings|\/etc\/pki\/rpm-gpg|\/etc\/apk\/keys)/;

function join(dir: string, path: string): string {
  return cleanPath(path.startsWith('/') ? path : `${dir}/${path}`);
}

interface Copy {
  instruction: Instruction;
  args: CopyArgs;
  /** Absolute destination. */
  dest: string;
  wholeContext: boolean;
}

/** COPY / ADD destinations of a stage and its FROM ancestors, and its final WORKDIR. */
function copiesOf(model: DockerfileModel, stage: Stage): { copies: Copy[]; workdir: string | null } {
  const copies: Copy[] = [];
  let workdir: string | null = '/';
  for (const s of stageLineage(stage)) {
    for (const instr of s.instructions) {
      if (instr instanceof Workdir) {
        const written = instr.getArgumentsContent()?.trim().replace(/^["']|["']$/g, '');
        const path = written ? resolveAt(model, s, instr, written) : null;
        if (path === null) workdir = null;
        else if (path.startsWith('/')) workdir = cleanPath(path);
        else if (workdir !== null) workdir = join(workdir, path);
        continue;
      }
      const args = copyArgs(instr);
      if (!args?.dest || args.sources.length === 0 || workdir === null) continue;
      const dest = resolveAt(model, s, instr, args.dest.value);
      if (dest === null) continue;
      const wholeContext = args.sources.some((src) => ['.', '*', ''].includes(cleanPath(src.value).replace(/^\/+/, '')));
      copies.push({ instruction: instr, args, dest: join(workdir, dest), wholeContext });
    }
  }
  return { copies, workdir };
}

export default defineRule({
  meta: {
    id: 'dockerfile/secret-in-env-or-arg',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'No secrets in ARG or ENV (names like *_TOKEN, values like real keys) and no private keys or credential files copied into the image.',
    messages: {
      secretName:
        '{{instruction}} {{name}} is named like a secret: {{leak}} Use a build secret (`RUN --mount=type=secret`) or pass it at run time.',
      secretValue:
        'The value of {{instruction}} {{name}} looks like a {{kind}}: {{leak}} If it is real, revoke it; then use a build secret (`RUN --mount=type=secret`) or pass it at run time.',
      secretFilePath:
        '{{instruction}} {{name}} points to {{path}}, and a {{copy}} copies files to {{dest}}: the credentials file is then probably in the image, readable by anyone who can pull it. Mount it at run time instead (or use `RUN --mount=type=secret` during the build).',
      secretFileCopy:
        '{{instruction}} {{source}} copies {{kind}} into the image, readable by anyone who can pull it. Use `RUN --mount=type=secret` to use it during the build, or mount it at run time.',
      useSecretMount:
        'Use a build secret for {{name}}: add --mount=type=secret,id={{id}},env={{name}} to {{where}} and remove {{removed}} (build with --secret id={{id}},env={{name}})',
      useSecretMountShipped:
        'Use a build secret for {{name}}: add --mount=type=secret,id={{id}},env={{name}} to {{where}} and remove {{removed}} (build with --secret id={{id}},env={{name}}; if the program reads {{name}} at run time, pass it with docker run -e)',
      removeSecretDeclaration:
        'Remove {{removed}} of {{name}}: the RUN steps that use it already mount it as a build secret',
      copyToSecretFile:
        '{{instruction}} to {{dest}} puts a credentials file where {{name}} points: it is then in the image, readable by anyone who can pull it. Mount it at run time instead (or use `RUN --mount=type=secret` during the build).',
    },
    aliases: [
      { tool: 'buildkit', id: 'SecretsUsedInArgOrEnv' },
      { tool: 'trivy', id: 'DS-0031' },
      { tool: 'hadolint', id: 'DL3064' },
    ],
    fixable: false,
    hasSuggestions: true,
  },
  create(context) {
    const { model } = context;
    /** Variables that hold a path to a secret: checked at the end, against every COPY of the stage. */
    const pathVariables: { instruction: Instruction; stage: Stage; name: string; value: string; range: Range }[] = [];
    /** One plan per variable name (the rewrite covers every declaration of the name). */
    const plans = new Map<string, SecretMountPlan | null>();
    const suggest = (name: string) => {
      if (!plans.has(name)) plans.set(name, planSecretMount(model, name));
      const plan = plans.get(name);
      if (!plan) return [];
      const n = plan.runLines.length;
      const where = n === 1 ? '1 RUN step' : `${n} RUN steps`;
      const messageId = n === 0 ? 'removeSecretDeclaration' : plan.shippedEnv ? 'useSecretMountShipped' : 'useSecretMount';
      return [
        {
          messageId: messageId as 'removeSecretDeclaration' | 'useSecretMountShipped' | 'useSecretMount',
          data: { name, id: plan.id, where, removed: plan.removed },
          fix: () => plan.edits,
        },
      ];
    };

    const variables = (instruction: Instruction, stage: Stage | undefined) => {
      const keyword = instruction.getKeyword() as 'ARG' | 'ENV';
      const leak = keyword === 'ARG' ? LEAK.arg : stage && !stage.inFinalImage ? LEAK.envBuild : LEAK.envShipped;
      for (const { name, nameRange, value, valueRange } of pairs(instruction)) {
        if (!name) continue;
        const data = { instruction: keyword, name, leak };

        const kind = value ? secretValueKind(value, name) : null;
        if (kind && valueRange) {
          // A known credential format is an error; a merely random-looking string stays a warning.
          const severity = kind.startsWith('random') ? undefined : 'error';
          context.report({ range: valueRange, messageId: 'secretValue', data: { ...data, kind }, severity, suggest: suggest(name) });
          continue;
        }

        let cls = classifyName(name);
        if (cls === 'secret' && value !== null) {
          // An empty ENV stores nothing; a switch, a path or a plain URL is not the secret itself
          // (`APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE=1`, `SSL_KEY=/etc/ssl/private/app.key`).
          if (value === '' && keyword === 'ENV') continue;
          if (/^(true|false|yes|no|on|off|0|1)$/i.test(value)) continue;
          if (looksLikePath(value)) cls = 'path';
          else if (urlInfo(value).url && !urlInfo(value).withPassword) continue;
        }
        if (cls === 'secret') {
          context.report({ range: nameRange, messageId: 'secretName', data, suggest: suggest(name) });
        } else if (cls === 'path' && value && valueRange && !value.includes('$') && stage?.inFinalImage) {
          pathVariables.push({ instruction, stage, name, value, range: valueRange });
        }
      }
    };

    const copies = (instruction: Instruction, stage: Stage | undefined) => {
      // A file copied into a build-only stage does not ship.
      if (!stage?.inFinalImage) return;
      const args = copyArgs(instruction);
      if (!args?.dest) return;
      const keyword = args.keyword;
      const target = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(args.dest.value);
      if (target && SECRET_FILE_VARIABLES.has(target[1])) {
        context.report({
          range: args.dest.range,
          messageId: 'copyToSecretFile',
          data: { instruction: keyword, dest: args.dest.raw, name: target[1] },
        });
        return;
      }
      for (const source of args.sources) {
        if (source.heredoc || isRemoteSource(source.value)) continue;
        const kind = secretFileKind(source.value);
        if (!kind) continue;
        if (kind === 'a private key' && KEYRING_DIR.test(args.dest.value)) continue;
        context.report({ range: source.range, messageId: 'secretFileCopy', data: { instruction: keyword, source: source.raw, kind } });
      }
    };

    return {
      ARG: variables,
      ENV: variables,
      COPY: copies,
      ADD: copies,
      end() {
        const byStage = new Map<Stage, ReturnType<typeof copiesOf>>();
        for (const v of pathVariables) {
          if (!byStage.has(v.stage)) byStage.set(v.stage, copiesOf(model, v.stage));
          const { copies: stageCopies, workdir } = byStage.get(v.stage)!;
          // `~` depends on the user; a relative path on an unknown WORKDIR: not guessed.
          if (v.value.startsWith('~') || (workdir === null && !v.value.startsWith('/'))) continue;
          const path = join(workdir ?? '/', v.value);
          const copy = stageCopies.find((c) => (c.dest !== '/' || c.wholeContext) && (path === c.dest || path.startsWith(c.dest === '/' ? '/' : `${c.dest}/`)));
          if (!copy) continue;
          context.report({
            range: v.range,
            messageId: 'secretFilePath',
            data: {
              instruction: v.instruction.getKeyword(),
              name: v.name,
              path: v.value,
              copy: copy.args.keyword,
              dest: copy.dest,
            },
          });
        }
      },
    };
  },
});
