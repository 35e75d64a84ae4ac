import { FAMILIES, lookupImage, tagVersion, type ImageInfo } from '../../catalog';
import type { Position, TextEdit } from '../../engine/types';
import type { BaseImageFacts, CandidateGroup } from '../../protocol';
import { replace } from './edits';
import { parseImageRef } from './imageRef';
import type { DockerfileModel, Stage } from './model';
import { convertBaseImage } from './refactor';

/**
 * The base-image picker's data: the catalogue's hardened alternatives for the
 * image of one FROM line, with their facts, caveats and the edit that switches
 * to each. Pure; the same catalogue feeds the minimal-base rule and the hover.
 */

/** Switch `stage` to `image`: the edits and what they change besides the image. Null when not possible. */
export type Converter = (model: DockerfileModel, stage: Stage, image: string) => { edits: TextEdit[]; changes: string[]; caveats: string[] } | null;

/** The plain switch: only the image reference changes (AS name, flags and the rest stay). */
export const replaceImageOnly: Converter = (_model, stage, image) => {
  const range = stage.base?.range ?? stage.from.getImageRange();
  return range ? { edits: [replace(range, image)], changes: [], caveats: [] } : null;
};

/**
 * The conversion of the hardening refactorings (`convertBaseImage`): on a
 * shell-less, non-root image the stage is made to work there (RUN steps to a
 * build stage, exec form, USER, --chown). Where it cannot convert (a build
 * stage with RUN steps, for instance), only the image changes and the picker says so.
 */
export const convertStage: Converter = (model, stage, image) => {
  let converted: ReturnType<typeof convertBaseImage>;
  try {
    converted = convertBaseImage(model, stage, image);
  } catch {
    // A conversion that fails on odd input (a USER without argument) must not take the picker down.
    converted = null;
  }
  if (!converted) {
    // Not convertible (a stage other than the final one, with RUN steps): an image with a
    // shell takes the plain switch; a shell-less one would break the stage, so it is not offered.
    const ref = image === 'scratch' ? null : parseImageRef(image);
    const info = ref ? lookupImage(ref) : null;
    return info?.shell ? replaceImageOnly(model, stage, image) : null;
  }
  const changes: string[] = [];
  if (converted.kind === 'split') changes.push('RUN steps move to a build stage; the new runtime stage copies the result');
  if (converted.kind === 'convert') changes.push('the stage is adapted to the image (exec-form CMD/ENTRYPOINT, USER, --chown)');
  if (converted.todo) changes.push('TODO(hardline) lines mark what you must complete');
  return { edits: converted.edits, changes, caveats: converted.caveats };
};

export interface CandidatePlan {
  group: CandidateGroup;
  image: string;
  description: string;
  facts: BaseImageFacts | null;
  caveats: string[];
  changes: string[];
  edits: TextEdit[];
}

export interface CandidatesPlan {
  line?: number;
  stage?: Stage;
  current?: { image: string; facts: BaseImageFacts | null; ecosystem?: string; version?: string; shipped: boolean };
  candidates: CandidatePlan[];
  reason?: string;
}

export function factsOf(info: ImageInfo): BaseImageFacts {
  return { user: info.user, userName: info.userName, nonRoot: info.nonRoot, shell: info.shell, packageManager: info.packageManager, libc: info.libc };
}

/** The stage of a FROM on `position`'s line, else the stage the position is in. */
export function stageAt(model: DockerfileModel, position: Position): Stage | undefined {
  let found: Stage | undefined;
  for (const stage of model.stages) {
    const r = stage.from.getRange();
    if (r.start.line <= position.line && position.line <= r.end.line) return stage;
    if (r.start.line <= position.line) found = stage;
  }
  return found;
}

/** What the user should know about a candidate before picking it. */
export function caveatsOf(image: string, info: ImageInfo | null): string[] {
  if (image === 'scratch') return ['empty image: only a static binary runs; bring CA certificates, time zones and a non-root USER'];
  const caveats: string[] = [];
  if (!info) return ['not in the catalogue: facts unknown'];
  if (info.libc === 'musl') caveats.push('musl libc: programs and native modules built for glibc may not run');
  if (info.libc === 'none') caveats.push('no libc: only statically linked programs run');
  if (!info.shell) caveats.push('no shell: RUN, shell-form CMD and docker exec sh do not work');
  const tag = parseImageRef(image)?.tag ?? 'latest';
  if (tag === 'latest') caveats.push('only a latest tag (free tier): the version moves with each release; pin it by digest');
  if (!info.nonRoot) caveats.push('runs as root: add USER 65532');
  return caveats;
}

/** The runtime version of the current tag, as the catalogue reads it (maven:3.9-eclipse-temurin-21 → 21). */
function runtimeVersion(info: ImageInfo, tag: string | undefined): string | undefined {
  const family = FAMILIES.find((f) => f.id === info.family);
  const versionTag = family?.versionPattern && tag ? new RegExp(family.versionPattern).exec(tag)?.[1] : tag;
  return tagVersion(versionTag).version;
}

/**
 * The candidates for the FROM at `position`. `withEdits: false` skips the
 * edits (the CodeLens only needs to know there are candidates).
 */
export function baseImageCandidates(
  model: DockerfileModel,
  position: Position,
  options: { converter?: Converter; withEdits?: boolean } = {},
): CandidatesPlan {
  const converter = options.converter ?? convertStage;
  const withEdits = options.withEdits ?? true;
  const stage = stageAt(model, position);
  if (!stage) return { candidates: [], reason: 'There is no FROM line here.' };
  const line = stage.from.getRange().start.line;
  const written = stage.from.getImage() ?? '';
  if (stage.parent) {
    return { line, stage, candidates: [], reason: `This stage is built FROM the stage ${stage.parent.name ?? written}: pick the base image on that stage's FROM line.` };
  }
  const base = stage.base;
  if (!base) return { line, stage, candidates: [], reason: 'This FROM line names no image.' };
  if (base.unresolved || written.includes('$')) {
    return { line, stage, candidates: [], reason: `${written} is built from build arguments: Hardline does not rewrite it (set the argument's default instead).` };
  }
  const shipped = stage.inFinalImage || stage.usedByFinal;
  if (base.scratch) return { line, stage, current: { image: written, facts: null, shipped }, candidates: [], reason: 'scratch is already the smallest base image.' };
  const info = base.info;
  if (!info) {
    return {
      line,
      stage,
      current: { image: written, facts: null, shipped },
      candidates: [],
      reason: `${base.resolved} is not in Hardline's catalogue, so its hardened alternatives are not known.`,
    };
  }
  const current = { image: written, facts: factsOf(info), ecosystem: info.ecosystem, version: runtimeVersion(info, base.ref?.tag), shipped };
  const alternatives = info.alternatives.filter((a) => a.image !== base.resolved);
  if (alternatives.length === 0) {
    return { line, stage, current, candidates: [], reason: `${base.resolved} has no hardened alternative in the catalogue (it is already a ${info.variant} image).` };
  }
  const candidates: CandidatePlan[] = [];
  for (const alt of alternatives) {
    const ref = alt.image === 'scratch' ? null : parseImageRef(alt.image);
    const altInfo = ref ? lookupImage(ref) : null;
    const caveats = caveatsOf(alt.image, altInfo);
    if (!shipped && !(altInfo?.shell && altInfo.packageManager)) caveats.unshift('this is a build stage: a runtime image has no compilers or package manager');
    let edits: TextEdit[] = [];
    let changes: string[] = [];
    if (withEdits) {
      const converted = converter(model, stage, alt.image);
      if (!converted || converted.edits.length === 0) continue;
      edits = converted.edits;
      changes = converted.changes;
      // The conversion names some of the same things ("musl libc …"): one mention each.
      const topic = (c: string) => c.split(/[:(;,]/)[0].trim().toLowerCase();
      for (const c of converted.caveats) if (!caveats.some((k) => topic(k) === topic(c))) caveats.push(c);
    }
    candidates.push({ group: alt.kind, image: alt.image, description: alt.description, facts: altInfo ? factsOf(altInfo) : null, caveats, changes, edits });
  }
  if (candidates.length === 0) {
    return { line, stage, current, candidates, reason: `No alternative fits this stage: its RUN steps need a shell, and Hardline converts only the final stage to a shell-less image.` };
  }
  return { line, stage, current, candidates };
}
