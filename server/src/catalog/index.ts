import type { ImageRef } from '../languages/dockerfile/imageRef';
import { FAMILIES } from './images';
import type { Alternative, ImageFamily, ImageInfo, ResolvedAlternative } from './types';

export type * from './types';
export { FAMILIES } from './images';
export * from './runtimes';

interface CompiledFamily {
  family: ImageFamily;
  names: RegExp[];
  tags: { re: RegExp; variant: NonNullable<ImageFamily['tags']>[number] }[];
}

const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

const compiled: CompiledFamily[] = FAMILIES.map((family) => ({
  family,
  names: family.names.map((n) => new RegExp(`^${n.split('*').map(escape).join('[^/]*')}$`)),
  tags: (family.tags ?? []).map((variant) => ({ re: new RegExp(`^(?:${variant.tag})$`), variant })),
}));

const exactIndex = new Map<string, CompiledFamily>();
for (const c of compiled) for (const n of c.family.names) if (!n.includes('*')) exactIndex.set(n, c);

export function findFamily(name: string): ImageFamily | undefined {
  return (exactIndex.get(name) ?? compiled.find((c) => c.names.some((re) => re.test(name))))?.family;
}

/**
 * Lookups by name and tag: a Dockerfile names few images, and every keystroke
 * looks them all up again (each lookup tries the family patterns in turn).
 * Bounded: cleared when full.
 */
const lookups = new Map<string, ImageInfo | null>();
const LOOKUPS_MAX = 2048;

/** Catalogue facts for an image reference, or null when the image is unknown (never guessed). */
export function lookupImage(ref: Pick<ImageRef, 'name' | 'tag'>): ImageInfo | null {
  const key = ref.tag === undefined ? `${ref.name}\n` : `${ref.name}\n:${ref.tag}`;
  const known = lookups.get(key);
  if (known !== undefined) return cloneInfo(known);
  const info = computeLookup(ref);
  if (lookups.size >= LOOKUPS_MAX) lookups.clear();
  lookups.set(key, info);
  return cloneInfo(info);
}

/** A copy for the caller (callers own what they get, as before the lookups were remembered). */
function cloneInfo(info: ImageInfo | null): ImageInfo | null {
  return info && { ...info, alternatives: info.alternatives.map((a) => ({ ...a })) };
}

function computeLookup(ref: Pick<ImageRef, 'name' | 'tag'>): ImageInfo | null {
  const c = exactIndex.get(ref.name) ?? compiled.find((f) => f.names.some((re) => re.test(ref.name)));
  if (!c) return null;
  const tag = ref.tag ?? 'latest';
  const match = c.tags.find((t) => t.re.test(tag))?.variant;
  const facts = { ...c.family.facts, ...(match?.facts ?? {}) };
  return {
    ...facts,
    family: c.family.id,
    vendor: c.family.vendor,
    ecosystem: c.family.ecosystem,
    nonRoot: facts.user !== '0',
    note: match?.note,
    alternatives: (c.family.alternatives ?? []).map((a) => resolveAlternative(a, runtimeVersionTag(c.family, ref.tag))),
  };
}

/** The part of a tag that carries the runtime version (the whole tag unless the family says otherwise). */
function runtimeVersionTag(family: ImageFamily, tag: string | undefined): string | undefined {
  if (!family.versionPattern || !tag) return tag;
  return new RegExp(family.versionPattern).exec(tag)?.[1];
}

/** `22.4.1-bookworm` → { version: '22.4.1', major: '22', minor: '22.4' }. */
export function tagVersion(tag: string | undefined): { version?: string; major?: string; minor?: string } {
  const m = tag ? /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(tag) : null;
  if (!m) return {};
  return { version: m[0].replace(/^v/, ''), major: m[1], minor: m[2] !== undefined ? `${m[1]}.${m[2]}` : m[1] };
}

function nearest(versions: string[], wanted: string | undefined, fallback: string | undefined): string | undefined {
  if (!wanted) return fallback ?? versions[versions.length - 1];
  if (versions.includes(wanted)) return wanted;
  const n = parseFloat(wanted);
  // The highest supported version not above the wanted one, else the lowest supported.
  const lower = versions.filter((v) => parseFloat(v) <= n).sort((a, b) => parseFloat(b) - parseFloat(a))[0];
  return lower ?? versions[0];
}

export function resolveAlternative(alt: Alternative, tag: string | undefined): ResolvedAlternative {
  const v = tagVersion(tag);
  const needs = alt.image.includes('{major}') ? 'major' : alt.image.includes('{minor}') ? 'minor' : 'version';
  let value = v[needs as 'major' | 'minor' | 'version'];
  if (alt.versions) value = nearest(alt.versions, value, alt.defaultVersion);
  else if (!value) value = alt.defaultVersion;
  const image = alt.image
    .replace('{major}', value ?? '')
    .replace('{minor}', value ?? '')
    .replace('{version}', value ?? '');
  return { kind: alt.kind, image, description: alt.description };
}
