import { tagVersion } from '../../../catalog';
import type { BuildPlan } from './build';
import type { Runtime } from './runtime';
import type { StageScan } from './scan';

/**
 * Why a chosen runtime image may not run what the build produces: another
 * language, another version, no libc for a dynamically linked program.
 * Phrases for a code action title; empty when nothing is known to clash.
 */
export function compatibility(scan: StageScan, plan: BuildPlan, runtime: Runtime, options: { libc?: boolean } = {}): string[] {
  const caveats: string[] = [];
  const info = runtime.info;
  const libc = runtimeLibc(runtime);
  if (runtime.image === 'scratch') {
    if (options.libc !== false && plan.needs.libc && plan.needs.libc !== 'none') caveats.push(noLibc(plan));
    caveats.push('scratch has no CA certificates or time zone data');
    return caveats;
  }
  if (!info) {
    caveats.push(`${runtime.image} is not in the catalogue`);
    return caveats;
  }
  const needs = plan.needs;
  const interp = needs.interpreter;
  const eco = runtimeEcosystem(runtime);
  if (interp && eco && eco !== interp.name && eco !== 'os' && eco !== 'static' && eco !== 'cc') {
    caveats.push(`a ${interp.name} program on a ${eco} image`);
  }
  if (interp && eco === interp.name && interp.version) {
    const have = runtimeVersion(runtime);
    if (have && have !== interp.version) caveats.push(`${interp.name} ${interp.version} build, ${interp.name} ${have} runtime`);
  }
  if (!interp && (plan.ecosystem === 'node' || plan.ecosystem === 'python' || plan.ecosystem === 'java' || plan.ecosystem === 'ruby')) {
    // An interpreted program needs its interpreter.
    if (eco !== plan.ecosystem) caveats.push(`a ${plan.ecosystem} program on ${runtime.image}`);
  }
  if (options.libc === false) return caveats;
  if (needs.libc === 'glibc' && libc === 'none') caveats.push(noLibc(plan));
  if (needs.libc === 'musl' && libc === 'none') caveats.push(noLibc(plan));
  if (needs.libc === 'glibc' && libc === 'musl') caveats.push('built for glibc, the runtime has musl');
  if (needs.libc === 'musl' && libc === 'glibc') caveats.push('built on musl (Alpine), the runtime has glibc');
  void scan;
  return caveats;
}

/** The language of a runtime image, also for Chainguard / DHI names the catalogue files under `os`. */
export function runtimeEcosystem(runtime: Runtime): string | undefined {
  const eco = runtime.info?.ecosystem;
  if (eco && eco !== 'os') return eco;
  const path = runtime.ref?.path ?? '';
  const last = path.slice(path.lastIndexOf('/') + 1);
  if (/^node$/.test(last)) return 'node';
  if (/^python$/.test(last)) return 'python';
  if (/^(jre|jdk|eclipse-temurin|openjdk|java)$/.test(last)) return 'java';
  if (/^(aspnet-runtime|dotnet-runtime|aspnetcore|dotnet)$/.test(last)) return 'dotnet';
  if (/^ruby$/.test(last)) return 'ruby';
  if (/^(static|glibc-dynamic)$/.test(last)) return last === 'static' ? 'static' : 'cc';
  return eco;
}

/** The language version a runtime image ships, when its name or tag says. */
function runtimeVersion(runtime: Runtime): string | undefined {
  if (runtime.entrypoint?.version) return runtime.entrypoint.version;
  const m = /(?:nodejs|java)(\d+)-/.exec(runtime.ref?.path ?? '');
  if (m) return m[1];
  if (runtime.info?.vendor === 'chainguard') return undefined;
  const v = tagVersion(runtime.ref?.tag);
  const eco = runtimeEcosystem(runtime);
  if (eco === 'python' || eco === 'ruby' || eco === 'dotnet') return v.minor;
  return v.major;
}

/** The libc of a runtime image (the catalogue files DHI's static image under its glibc default). */
function runtimeLibc(runtime: Runtime): 'glibc' | 'musl' | 'none' | undefined {
  if (runtime.image === 'scratch') return 'none';
  if (runtimeEcosystem(runtime) === 'static') return 'none';
  return runtime.info?.libc;
}

/** Why a dynamically linked program cannot run on an image without libc, and what to do. */
function noLibc(plan: BuildPlan): string {
  if (plan.ecosystem === 'go') return 'cgo is on but the runtime has no libc, build with CGO_ENABLED=0';
  if (plan.ecosystem === 'rust') return 'the runtime has no libc, build for a musl target';
  return 'the runtime has no libc';
}
