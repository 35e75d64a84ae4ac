import type { ImageRef } from '../languages/dockerfile/imageRef';

/** Where a tag lives in the OCI Distribution API. */
export interface ManifestLocation {
  /** `https://registry-1.docker.io`, `http://localhost:5000`. */
  baseUrl: string;
  /** Host (and port) for messages: `registry-1.docker.io`, `localhost:5000`. */
  host: string;
  /** Repository path in the API: `library/node`, `distroless/static-debian12`. */
  repository: string;
  tag: string;
  /** The name as people write it, with the tag: `node:22`, `gcr.io/distroless/static-debian12:nonroot`. */
  display: string;
}

/** Docker Hub's API host: `docker.io` is an alias that serves no API. */
export const DOCKER_HUB_API = 'registry-1.docker.io';

/** `localhost`, `127.0.0.0/8` and `::1`, with or without a port: Docker talks plain HTTP to these. */
export function isLoopbackHost(host: string): boolean {
  const bareIpv6 = !host.startsWith('[') && host.split(':').length > 2;
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : bareIpv6 ? host : host.replace(/:\d+$/, '');
  return name === 'localhost' || name === '::1' || /^127(?:\.\d{1,3}){3}$/.test(name);
}

/**
 * The API location of a tagged image reference: Docker Hub names get the
 * registry-1.docker.io host and the `library/` namespace of official images
 * (`node` → registry-1.docker.io/library/node); loopback registries use HTTP.
 */
export function manifestLocation(ref: Pick<ImageRef, 'registry' | 'path' | 'name'>, tag: string): ManifestLocation {
  const hub = ref.registry === 'docker.io';
  const host = hub ? DOCKER_HUB_API : ref.registry;
  const repository = hub && !ref.path.includes('/') ? `library/${ref.path}` : ref.path;
  const scheme = isLoopbackHost(host) ? 'http' : 'https';
  return { baseUrl: `${scheme}://${host}`, host, repository, tag, display: `${ref.name}:${tag}` };
}
