/**
 * The base-image catalogue: knowledge about image families as data, shared by
 * rules, fixes, hover and the base-image picker.
 */

export type Libc = 'glibc' | 'musl' | 'none';
export type PackageManager = 'apt' | 'apk' | 'dnf' | 'microdnf' | 'yum' | 'zypper' | 'tdnf';
/**
 * - `full`: a full distribution or a language image on one (ubuntu, debian, node:22, python:3.12)
 * - `sdk`: a toolchain image (golang, maven, gradle, rust, dotnet/sdk, *-dev, *-sdk)
 * - `slim` / `alpine`: smaller variants that still have a shell and package manager
 * - `distroless` / `chainguard` / `dhi`: minimal runtime images (no package manager, usually no shell)
 * - `scratch`: empty
 */
export type Variant = 'full' | 'sdk' | 'slim' | 'alpine' | 'distroless' | 'chainguard' | 'dhi' | 'scratch';
export type Ecosystem = 'go' | 'node' | 'python' | 'java' | 'rust' | 'dotnet' | 'ruby' | 'php' | 'static' | 'cc' | 'os' | 'web';
export type Vendor = 'docker-official' | 'distroless' | 'chainguard' | 'dhi' | 'microsoft' | 'redhat' | 'other';

export interface ImageFacts {
  /** Default user as a UID (`0`, `65532`, `1000`); `0` is root. */
  user: string;
  /** Default user name when known (`root`, `nonroot`, `node`). */
  userName?: string;
  shell: boolean;
  packageManager: PackageManager | null;
  libc: Libc;
  variant: Variant;
}

/** A tag pattern of a family and how its facts differ from the family defaults. */
export interface TagVariant {
  /** Regular expression over the tag (anchored). */
  tag: string;
  facts: Partial<ImageFacts>;
  note?: string;
}

export type AlternativeKind = 'slim' | 'alpine' | 'distroless' | 'dhi' | 'chainguard' | 'scratch';

/** A hardened replacement; `{major}`/`{version}` are filled from the current tag. */
export interface Alternative {
  kind: AlternativeKind;
  /** Image reference template, e.g. `gcr.io/distroless/nodejs{major}-debian12:nonroot`. */
  image: string;
  /** Versions the template exists for; the nearest is used when the current one is missing. */
  versions?: string[];
  /** Used when the current tag carries no version. */
  defaultVersion?: string;
  /** One line for the picker and hover. */
  description: string;
}

export interface ImageFamily {
  id: string;
  /** Image names (`node`, `gcr.io/distroless/static-debian12`); `*` matches within a path segment. */
  names: string[];
  vendor: Vendor;
  ecosystem: Ecosystem;
  /** Facts of the default tag. */
  facts: ImageFacts;
  /** First matching tag variant wins. */
  tags?: TagVariant[];
  alternatives?: Alternative[];
  /**
   * How to read the runtime version from a tag when it is not the leading number
   * (`maven:3.9-eclipse-temurin-21` → 21): a regular expression with one capture group.
   */
  versionPattern?: string;
  /** Where the facts come from (image docs), for reviewers. */
  source: string;
}

/** What `lookupImage` returns: the facts for one concrete reference. */
export interface ImageInfo extends ImageFacts {
  family: string;
  vendor: Vendor;
  ecosystem: Ecosystem;
  /** The runtime user is not root. */
  nonRoot: boolean;
  note?: string;
  alternatives: ResolvedAlternative[];
}

export interface ResolvedAlternative {
  kind: AlternativeKind;
  image: string;
  description: string;
}
