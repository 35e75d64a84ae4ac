import type { Instruction } from 'dockerfile-ast';
import type { Range, TextEdit } from '../../../engine/types';
import type { DockerfileModel, Stage } from '../model';
import { otherOutputs, planBuild, startArgv, type ArtefactCopy, type BuildPlan } from './build';
import { planHealthcheck, planStart } from './command';
import { compatibility } from './compat';
import { installLine, runtimeDeps } from './deps';
import { runtimeFacts, type Runtime } from './runtime';
import { declaredNames, scanStage, type StageScan } from './scan';
import { portNote, privilegedPorts, writablePaths } from './user';
import { comparePositions } from '../../../engine/positions';
import { appendLines, commentOut, endsOpen, execForm, hasHeredoc, insertLinesAfter, instructionText, isWithin, NON_ROOT, TODO, todoSelection } from './util';

/** What a refactoring produces: one set of minimal edits, undoable in one step. */
export interface RefactorResult {
  /** The code action title, caveats included. */
  title: string;
  edits: TextEdit[];
  /** What the user must review (also in the title). */
  caveats: string[];
  /** Lines marked `TODO(hardline)` were written: the result needs the user's edit. */
  todo: boolean;
  /** The image the stage runs on afterwards. */
  runtimeImage: string;
  /** The first TODO line in the edited document, to select it. */
  selection?: Range;
}

export interface SplitOptions {
  /** The runtime image (from a suggestion or the picker); default: the catalogue's runtime for the ecosystem. */
  runtimeImage?: string;
}

/** ENV that only configures the build tools: not carried to the runtime stage. */
const BUILD_ENV =
  /^(DEBIAN_FRONTEND|APT_[A-Z_]+|PIP_[A-Z_]+|POETRY_[A-Z_]+|PIPENV_[A-Z_]+|UV_[A-Z_]+|NPM_CONFIG_[A-Z_]+|npm_config_[a-z_]+|YARN_[A-Z_]+|PNPM_[A-Z_]+|GOPATH|GOFLAGS|GOOS|GOARCH|GOARM|GOPROXY|GOPRIVATE|GONOSUMDB|GOCACHE|GOMODCACHE|GO111MODULE|CGO_ENABLED|CGO_[A-Z_]+|CARGO_[A-Z_]+|RUSTUP_[A-Z_]+|RUSTFLAGS|MAVEN_[A-Z_]+|GRADLE_[A-Z_]+|DOTNET_CLI_[A-Z_]+|NUGET_[A-Z_]+|BUNDLE_WITHOUT|MAKEFLAGS|CC|CXX|CFLAGS|CXXFLAGS|LDFLAGS)$/;

function stageNameFor(model: DockerfileModel, stage: Stage): string {
  if (stage.name) return stage.name;
  const taken = new Set(model.stages.map((s) => s.name?.toLowerCase()).filter(Boolean));
  for (const name of ['build', 'build-stage', 'builder']) if (!taken.has(name)) return name;
  let k = 2;
  while (taken.has(`build${k}`)) k++;
  return `build${k}`;
}

/** `$NAME` / `${NAME}` references in a text. */
function references(text: string): string[] {
  return [...text.matchAll(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|([A-Za-z_][A-Za-z0-9_]*))/g)].map((m) => (m[1] ?? m[2])!);
}

/** The user the runtime stage runs as: 65532, unless the image has its own non-root user (NGINX 101, .NET 1654). */
export function runtimeUser(runtime: Runtime): { line: boolean; id: string } {
  const user = runtime.info?.user;
  if (runtime.nonRootByDefault && user && user !== '65532') return { line: false, id: `${user}:${user}` };
  return { line: true, id: NON_ROOT };
}

function formatCaveats(caveats: readonly string[]): string {
  return caveats.length > 0 ? ` (${caveats.join('; ')}: review)` : '';
}

/** The title of a split, from its parts (the rules build the same text from their messages). */
export function splitTitle(image: string, caveats: readonly string[]): string {
  return `Split into build and runtime stages on ${image}${formatCaveats(caveats)}`;
}

/**
 * Can this stage be split: the final stage, on a real image, with something in
 * it, in a file whose end is not inside a line continuation or a here-document
 * (an appended stage would become part of the last instruction).
 */
export function canSplit(model: DockerfileModel, stage: Stage): boolean {
  if (!stage.isFinal || stage.instructions.length === 0) return false;
  if (endsOpen(model)) return false;
  if (stage.base?.scratch) return false;
  if (!stage.from.getImageRange()) return false;
  return !model.problems.some((p) => p.severity === 'error' && ['no-from', 'from-without-image', 'binary-file', 'file-too-large'].includes(p.code));
}

/**
 * Split the final stage into a build stage (the stage itself, kept byte for
 * byte, named `build` when it has no name) and an appended runtime stage on a
 * hardened image: WORKDIR, the runtime ENV / LABEL / EXPOSE / VOLUME /
 * HEALTHCHECK, `COPY --from=build` of the artefacts, USER 65532:65532 and the
 * start command in exec form. Null when the stage cannot be split.
 */
const defaultSplits = new WeakMap<Stage, { model: DockerfileModel; result: RefactorResult | null }>();

export function splitStage(model: DockerfileModel, stage: Stage, options: SplitOptions = {}): RefactorResult | null {
  // The rules that offer the default split share one computation per parse.
  if (options.runtimeImage === undefined) {
    const cached = defaultSplits.get(stage);
    if (cached && cached.model === model) return cached.result;
    const result = computeSplit(model, stage, options);
    defaultSplits.set(stage, { model, result });
    return result;
  }
  return computeSplit(model, stage, options);
}

function computeSplit(model: DockerfileModel, stage: Stage, options: SplitOptions): RefactorResult | null {
  if (!canSplit(model, stage)) return null;
  const scan = scanStage(model, stage);
  const plan = planBuild(scan);
  const runtime = runtimeFacts(options.runtimeImage ?? plan.runtime.image, options.runtimeImage ? undefined : plan.runtime.description);
  if (!runtime.ref && runtime.image !== 'scratch') return null;
  const name = stageNameFor(model, stage);
  const caveats: string[] = [...plan.caveats];
  if (options.runtimeImage) caveats.push(...compatibility(scan, plan, runtime));

  const lines = runtimeStage(scan, plan, runtime, name, caveats);
  const edits: TextEdit[] = [];
  if (!stage.name) {
    const end = stage.from.getArgumentsRange()!.end;
    edits.push({ range: { start: end, end }, newText: ` AS ${name}` });
  }
  // Build-stage additions (`RUN npm prune --omit=dev`) go after its last build step.
  const lastStep = [...stage.instructions].reverse().find((i) => ['RUN', 'COPY', 'ADD'].includes(i.getKeyword()));
  const tail = plan.buildTail.length > 0 ? insertLinesAfter(model, lastStep ?? stage.from, plan.buildTail) : null;
  const append = appendLines(model, lines);
  if (tail && comparePositions(tail.range.start, append.range.start) === 0) {
    append.newText = tail.newText + append.newText;
  } else if (tail) {
    edits.push(tail);
  }
  edits.push(append);

  const selection = todoSelection(model, edits);
  const unique = [...new Set(caveats)];
  return { title: splitTitle(runtime.image, unique), edits, caveats: unique, todo: selection !== undefined, runtimeImage: runtime.image, selection };
}

/** The lines of the runtime stage. Caveats found on the way are appended to `caveats`. */
function runtimeStage(scan: StageScan, plan: BuildPlan, runtime: Runtime, name: string, caveats: string[]): string[] {
  const { model, stage } = scan;
  const lines: string[] = [`FROM ${runtime.image}`];
  const body: string[] = [];
  const copied: string[] = [];
  const todo = (reason: string) => `# ${TODO}: ${reason}`;
  // An instruction with a here-document cannot be copied as text (its body is not part of it): it is shown, commented out.
  const text = (i: Instruction) =>
    hasHeredoc(model, i)
      ? [todo(`${i.getKeyword()} uses a here-document: write it again here`), ...commentOut(instructionText(model, i), model.eol)].join(model.eol)
      : instructionText(model, i);

  // ENV that matters at run time, as written.
  for (const env of scan.env) {
    const names = declaredNames(env);
    if (names.length > 0 && names.every((n) => BUILD_ENV.test(n))) continue;
    body.push(text(env));
    copied.push(text(env));
  }
  for (const e of plan.env) body.push(`ENV ${e}`);

  const user = runtimeUser(runtime);
  const copies: ArtefactCopy[] = [...plan.copies];
  // Directories the program writes get the runtime user, the rest stays root-owned and read-only.
  const writableDirs = writablePaths(scan);
  const writable = writableDirs.map((w) => w.path);
  const chowned = new Set<string>();
  const copyLine = (c: ArtefactCopy) => {
    const own = writable.some((w) => isWithin(c.to, w));
    if (own) chowned.add(c.to);
    return `COPY --from=${name}${own ? ` --chown=${user.id}` : ''} ${c.from} ${c.to}`;
  };

  const programs = [startArgv(scan)?.[0] ?? '', scan.healthcheck ? healthProgram(scan) ?? '' : ''].map((p) => p.slice(p.lastIndexOf('/') + 1));
  const deps = runtimeDeps(model, stage, runtime, plan.ecosystem, programs);
  // A HEALTHCHECK with curl / wget on a slim or Alpine runtime: install the tool there.
  const probe = programs[1];
  if ((probe === 'curl' || probe === 'wget') && runtime.shell && (runtime.packageManager === 'apt' || runtime.packageManager === 'apk')) {
    const busyboxWget = probe === 'wget' && runtime.packageManager === 'apk';
    if (!busyboxWget && !deps.install.includes(probe)) {
      deps.install.push(probe);
      deps.manager = runtime.packageManager;
    }
  }
  const install = installLine(deps);
  if (install) body.push(install);
  if (deps.missing.length > 0) {
    const where = runtime.packageManager ? `${runtime.image} uses ${runtime.packageManager}` : `${runtime.image} has no package manager`;
    body.push(todo(`the build stage installed ${deps.missing.join(', ')}; ${where}: copy the files the program needs from the build stage, or choose an image that has them`));
    caveats.push(deps.missing.length === 1 ? `${deps.missing[0]} is not in the runtime` : `${deps.missing.length} packages are not in the runtime`);
  }

  for (const c of copies) body.push(copyLine(c));
  if (plan.todo) {
    const t = plan.todo;
    body.push(todo(`copy your build output (${t.reason})`));
    // The marked COPY line to edit, unless the same copy is already there.
    if (!copies.some((c) => c.from === t.copy.from && c.to === t.copy.to)) body.push(copyLine(t.copy));
    caveats.push('build output not known');
  }
  // Files the RUN steps write elsewhere: said, not guessed (only when the artefacts are otherwise known).
  if (!plan.todo) {
    const others = otherOutputs(scan, copies);
    if (others.length > 0) {
      body.push(todo(`the build stage's RUN steps also write ${others.join(', ')}: copy what the program needs at run time`));
      caveats.push(`RUN steps also write ${others.length === 1 ? others[0] : `${others.length} other paths`}`);
    }
  }
  for (const w of writableDirs) {
    if (chowned.has(w.path) || [...chowned].some((c) => isWithin(w.path, c))) continue;
    if (!w.exists) {
      caveats.push(`${w.path} is not writable for ${user.id.split(':')[0]}`);
      continue;
    }
    body.push(`COPY --from=${name} --chown=${user.id} ${w.path} ${w.path}`);
    chowned.add(w.path);
  }

  // Metadata, in the order written.
  const metadata = [...scan.labels, ...scan.exposes.map((e) => e.instruction), ...scan.volumes.map((v) => v.instruction), ...scan.metadata];
  metadata.sort((a, b) => a.getRange().start.line - b.getRange().start.line);
  for (const m of metadata) {
    body.push(text(m));
    copied.push(text(m));
  }
  const ports = privilegedPorts(scan);
  if (ports.length > 0 && (user.line || runtime.nonRootByDefault)) caveats.push(portNote(ports)!);

  if (scan.healthcheck) {
    const h = planHealthcheck(scan, scan.healthcheck, runtime, copies);
    if (h.blocked) {
      body.push(todo(h.blocked.reason));
      body.push(text(scan.healthcheck));
      caveats.push(h.blocked.caveat);
    } else if (h.text) {
      body.push(h.text);
      copied.push(h.text);
    }
  }

  if (user.line) body.push(`USER ${user.id}`);

  const start = planStart(scan, runtime, copies, plan.defaultEntrypoint);
  caveats.push(...start.caveats);
  const originals = [scan.entrypoint?.instruction, scan.cmd?.instruction].filter((i): i is Instruction => !!i);
  originals.sort((a, b) => a.getRange().start.line - b.getRange().start.line);
  if (start.blocked) {
    body.push(todo(start.blocked.reason));
    for (const i of originals) body.push(text(i));
  } else if (start.verbatim) {
    for (const i of originals) {
      body.push(text(i));
      copied.push(text(i));
    }
  } else {
    if (start.entrypoint) body.push(`ENTRYPOINT ${execForm(start.entrypoint)}`);
    if (start.cmd) body.push(`CMD ${execForm(start.cmd)}`);
  }

  // Build-time variables the copied instructions use must be declared again in the new stage.
  const envNames = new Set(scan.env.flatMap(declaredNames));
  const needed = new Set(copied.flatMap(references).filter((n) => !envNames.has(n)));
  const argLines: string[] = [];
  for (const n of needed) {
    const local = scan.args.find((a) => declaredNames(a).includes(n));
    if (local) {
      if (!argLines.includes(text(local))) argLines.push(text(local));
    } else if (model.globalArgs.has(n)) {
      argLines.push(`ARG ${n}`);
    }
  }
  lines.push(...argLines);
  if (scan.workdir && scan.workdir !== '/') lines.push(`WORKDIR ${scan.workdir}`);
  lines.push(...body);
  // Instructions copied as written keep their continuation lines; every line takes the file's line ending.
  return lines.flatMap((l) => l.split(/\r?\n/));
}

function healthProgram(scan: StageScan): string | undefined {
  const args = scan.healthcheck?.getArguments().map((a) => a.getValue()) ?? [];
  const k = args.findIndex((a) => a.toUpperCase() === 'CMD');
  const first = args[k + 1];
  if (!first) return undefined;
  return first.replace(/^\[?"?/, '').replace(/"?,?$/, '');
}
