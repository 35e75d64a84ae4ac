import type { ImageInfo, Vendor } from '../../catalog/types';
import { comparePositions } from '../../engine/positions';
import type { Position, Range } from '../../engine/types';
import type { DockerfileModel, Stage } from './model';

/**
 * Hover text for the image of a FROM line: the catalogue's facts and its
 * hardened alternatives, as Markdown. Pure: the language server only wraps it.
 */

export interface ImageHover {
  markdown: string;
  /** The image reference in the FROM line. */
  range: Range;
}

const VENDORS: Record<Vendor, string> = {
  'docker-official': 'Docker Official Image',
  distroless: 'Google distroless',
  chainguard: 'Chainguard',
  dhi: 'Docker Hardened Image',
  microsoft: 'Microsoft',
  redhat: 'Red Hat',
  other: 'third-party image',
};

/** Inline code that survives backticks in the content. */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function inRange(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

/** The hover for the FROM image under `position`, or null when the position is not on one. */
export function imageHoverAt(model: DockerfileModel, position: Position): ImageHover | null {
  for (const stage of model.stages) {
    const range = stage.from.getImageRange();
    if (range && inRange(range, position)) return { markdown: imageHoverMarkdown(model, stage), range };
  }
  return null;
}

/** Variables a FROM image uses, with their global ARG defaults (undefined: no default). */
function usedArgs(model: DockerfileModel, written: string): { name: string; value: string | undefined }[] {
  const names = new Set<string>();
  for (const m of written.matchAll(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/g)) names.add(m[1] ?? m[2]);
  return [...names].map((name) => ({ name, value: model.globalArgs.get(name) }));
}

function userText(info: ImageInfo): string {
  const root = info.nonRoot ? '' : ' (root)';
  if (info.userName) return `${code(info.userName)}, UID ${info.user}${info.userName === 'root' ? '' : root}`;
  return `UID ${info.user}${root}`;
}

function factsMarkdown(info: ImageInfo): string[] {
  const lines = [
    `- **Family:** ${code(info.family)} (${VENDORS[info.vendor]})`,
    `- **Default user:** ${userText(info)}`,
    `- **Shell:** ${info.shell ? 'yes' : 'no'}`,
    `- **Package manager:** ${info.packageManager ?? 'none'}`,
    `- **libc:** ${info.libc}`,
    `- **Variant:** ${info.variant}`,
  ];
  if (info.note) lines.push(`- **Note:** ${info.note}`);
  return lines;
}

/** The catalogue's hardened alternatives, minus the image already in use. */
function alternativesMarkdown(info: ImageInfo, current: string): string[] {
  const alternatives = info.alternatives.filter((a) => a.image !== current);
  if (alternatives.length === 0) return [];
  return [
    '',
    '**Hardened alternatives**',
    '',
    ...alternatives.map((a) => `- ${code(a.image)} (${a.kind}): ${a.description}`),
  ];
}

/** The hover Markdown for one stage's base image. */
export function imageHoverMarkdown(model: DockerfileModel, stage: Stage): string {
  const written = stage.from.getImage() ?? '';
  const out: string[] = [];
  if (stage.parent) {
    const line = stage.parent.from.getRange().start.line + 1;
    out.push(`**Stage** ${code(stage.parent.name ?? written)}: built FROM the stage on line ${line}.`);
    const root = stage.base;
    if (!root) return out.join('\n');
    out.push('', `Its base image is ${code(root.resolved || root.written)}.`);
    if (root.info) out.push('', ...factsMarkdown(root.info), ...alternativesMarkdown(root.info, root.resolved));
    return out.join('\n');
  }
  const base = stage.base;
  if (!base) return `**Base image** ${code(written)}`;

  out.push(`**Base image** ${code(base.unresolved ? base.written : base.resolved)}`);
  const args = usedArgs(model, base.written);
  if (args.length > 0) {
    out.push('');
    if (base.unresolved) {
      out.push(`${code(base.written)} cannot be resolved: Hardline does not guess build arguments.`);
    } else {
      out.push(`Resolved from ${code(base.written)} with the global ARG defaults.`);
    }
    out.push('', ...args.map((a) => `- ${code(`ARG ${a.name}`)}: ${a.value === undefined ? 'no default' : code(a.value)}`));
    if (base.unresolved) return out.join('\n');
  }
  if (base.scratch) {
    out.push('', 'The empty image: no shell, no package manager, no libc, no users. Processes run as UID 0 unless USER is set.');
    return out.join('\n');
  }
  if (!base.info) {
    out.push('', `**Unknown image: Hardline does not guess.** ${code(base.resolved)} is not in Hardline's catalogue, so its default user, shell and package manager are unknown.`);
    return out.join('\n');
  }
  if (base.ref?.digest) out.push('', `Pinned to digest ${code(base.ref.digest)}.`);
  out.push('', ...factsMarkdown(base.info), ...alternativesMarkdown(base.info, base.resolved));
  return out.join('\n');
}
