import { comparePositions } from '../../engine/positions';
import type { Position, Range, TextEdit } from '../../engine/types';
import type { ImageRef } from './imageRef';
import { imageUses, type ImageUse } from './imageUses';
import type { DockerfileModel } from './model';

/**
 * The image references "Pin digest" can pin, and why the others cannot:
 * only a literal `name:tag` (no build arguments, no `latest`, not pinned yet,
 * or pinned to the all-zero placeholder digest of Hardline's snippets).
 * Pure: the language server resolves the digests and builds the edit.
 */

export type PinTarget =
  | {
      ok: true;
      use: ImageUse;
      ref: ImageRef & { tag: string };
      range: Range;
      written: string;
      /** The placeholder `@sha256:000…` to replace (Hardline's snippets write it), else undefined: insert after the tag. */
      placeholder?: Range;
    }
  | { ok: false; use: ImageUse; range: Range; written: string; reason: string; pinned?: boolean };

function contains(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

/** The all-zero digest that marks "pin me" (the snippets use it; a build fails on it). */
export const PLACEHOLDER_DIGEST = `sha256:${'0'.repeat(64)}`;

export function pinTarget(use: ImageUse): PinTarget {
  const { written, range } = use;
  const base = { use, range, written };
  if (written.endsWith(`@${PLACEHOLDER_DIGEST}`) && range.start.line === range.end.line && use.ref?.tag && !written.includes('$')) {
    const at = written.length - PLACEHOLDER_DIGEST.length - 1;
    const placeholder = { start: { line: range.start.line, character: range.start.character + at }, end: range.end };
    return { ok: true, use, ref: use.ref as ImageRef & { tag: string }, range, written, placeholder };
  }
  if (use.ref?.digest || /@sha256:/.test(written)) return { ok: false, ...base, pinned: true, reason: `${written} is already pinned by digest.` };
  if (written.includes('$')) {
    return {
      ok: false,
      ...base,
      reason: `${written} is built from build arguments: a digest here would stay the same when the argument changes. Pin the image where its value is set.`,
    };
  }
  const ref = use.ref;
  if (!ref) return { ok: false, ...base, reason: `${written} is not a valid image reference.` };
  if (!ref.tag || ref.tag === 'latest') {
    return { ok: false, ...base, reason: `${written} has no version tag: choose a version first (a digest of latest is unreadable and goes stale).` };
  }
  return { ok: true, use, ref: ref as ImageRef & { tag: string }, range, written };
}

/**
 * The pin targets at a position: the image reference under it, else those of
 * the instruction on that line. Without a position: every image the build pulls.
 */
export function pinTargets(model: DockerfileModel, position?: Position): PinTarget[] {
  const uses = imageUses(model);
  if (!position) return uses.map(pinTarget);
  const exact = uses.filter((u) => contains(u.range, position));
  if (exact.length > 0) return exact.map(pinTarget);
  return uses.filter((u) => contains(u.instruction.getRange(), position) || u.instruction.getRange().start.line === position.line).map(pinTarget);
}

/** The edit that pins one reference: `@sha256:…` right after the tag, nothing else touched. */
export function pinEdit(target: Extract<PinTarget, { ok: true }>, digest: string): TextEdit {
  if (target.placeholder) return { range: target.placeholder, newText: `@${digest}` };
  return { range: { start: target.range.end, end: target.range.end }, newText: `@${digest}` };
}
