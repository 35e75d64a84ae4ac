import {
  findFamily,
  imageEntrypoint,
  lookupImage,
  resolveAlternative,
  RUNTIME_DEFAULTS,
  type Alternative,
  type ImageEntrypoint,
  type ImageInfo,
  type RuntimeKey,
} from '../../../catalog';
import { parseImageRef, type ImageRef } from '../imageRef';

/** What the refactorings need to know about the image a stage is converted to. */
export interface Runtime {
  image: string;
  ref: ImageRef | null;
  /** Catalogue facts; null for an image the catalogue does not know. */
  info: ImageInfo | null;
  /** Has /bin/sh (unknown images are assumed to have one: nothing is rewritten for them). */
  shell: boolean;
  packageManager: ImageInfo['packageManager'];
  /** The image's default user is not root. */
  nonRootByDefault: boolean;
  /** The interpreter ENTRYPOINT the image sets (distroless language images). */
  entrypoint?: ImageEntrypoint;
  /** One line about the image, for titles and comments. */
  description?: string;
}

export function runtimeFacts(image: string, description?: string): Runtime {
  const ref = image === 'scratch' ? null : parseImageRef(image);
  const info = ref ? lookupImage(ref) : null;
  const scratch = image === 'scratch';
  return {
    image,
    ref,
    info,
    shell: scratch ? false : info ? info.shell : true,
    packageManager: scratch ? null : info ? info.packageManager : null,
    nonRootByDefault: info ? info.nonRoot : false,
    entrypoint: ref ? imageEntrypoint(ref.name) : undefined,
    description,
  };
}

/** The version part of a build image's tag for a family (`maven:3.9-eclipse-temurin-21` → `21`). */
export function runtimeVersionTag(ref: ImageRef | null): string | undefined {
  if (!ref) return undefined;
  const family = findFamily(ref.name);
  if (family?.versionPattern && ref.tag) return new RegExp(family.versionPattern).exec(ref.tag)?.[1];
  return ref.tag;
}

/** A runtime default of the catalogue, its version taken from the build image's tag. */
export function runtimeDefault(key: RuntimeKey, ref: ImageRef | null): { image: string; description: string } {
  const alt: Alternative = RUNTIME_DEFAULTS[key];
  const resolved = resolveAlternative(alt, runtimeVersionTag(ref));
  return { image: resolved.image, description: resolved.description };
}

/**
 * The slim (or Alpine) image of the same release as a build image, by its tag:
 * `python:3.12-bookworm` → `python:3.12-slim-bookworm`, `python:3.12` →
 * `python:3.12-slim`; a slim or Alpine tag is kept as it is. Undefined for
 * tags it cannot read (Windows, custom suffixes).
 */
export function slimVariant(ref: ImageRef | null): string | undefined {
  if (!ref || !ref.tag || ref.digest) return undefined;
  const tag = ref.tag;
  if (/(^|-)(slim|alpine)/.test(tag)) return `${ref.name}:${tag}`;
  const m = /^(\d+(?:\.\d+){0,2}(?:(?:a|b|rc)\d+)?)(?:-(bookworm|bullseye|buster|trixie|forky))?$/.exec(tag);
  if (!m) return undefined;
  return `${ref.name}:${m[1]}-slim${m[2] ? `-${m[2]}` : ''}`;
}
