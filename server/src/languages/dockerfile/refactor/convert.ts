import type { Instruction } from 'dockerfile-ast';
import type { TextEdit } from '../../../engine/types';
import { insertLineBefore } from '../edits';
import type { DockerfileModel, Stage } from '../model';
import { orderedCommands, packageOperation } from '../packages';
import { planBuild, type ArtefactCopy } from './build';
import { planHealthcheck, planStart } from './command';
import { compatibility } from './compat';
import { runtimeFacts, type Runtime } from './runtime';
import { scanStage, type StageScan } from './scan';
import { runtimeUser, splitStage, type RefactorResult } from './split';
import { addUserEdit, chownEdits, portNote, privilegedPorts, writablePaths } from './user';
import { endsOpen, execForm, TODO, todoSelection } from './util';

/*
 * "Convert to <image>": change a stage's base image and make the stage work
 * there. For an image with a shell and a package manager (slim, Alpine, -dev)
 * that is the image reference alone, with what may break said in the title.
 * For a shell-less, package-manager-less, non-root image (distroless,
 * Chainguard, Docker Hardened Images) the RUN steps move to a build stage (the
 * split), shell-form CMD / ENTRYPOINT become exec form with the interpreter
 * the image provides, USER 65532:65532 is added unless the image is already
 * non-root, and `--chown` flags name a user the image has.
 */

export interface ConversionResult extends RefactorResult {
  /**
   * - `swap`: only the image reference changes (the image has a shell and a package manager);
   * - `convert`: the stage is rewritten in place (no RUN steps);
   * - `split`: the stage becomes the build stage of a new runtime stage on the image.
   */
  kind: 'swap' | 'convert' | 'split';
}

/** Users every distroless / Chainguard / DHI image has in /etc/passwd. */
const KNOWN_USERS = /^(root|nonroot|nobody|0|65532|65534)$/;

function formatCaveats(caveats: readonly string[]): string {
  return caveats.length > 0 ? ` (${caveats.join('; ')}: review)` : '';
}

/** The code action title of a conversion (the minimal-base rule builds the same text from its messages). */
export function conversionTitle(kind: ConversionResult['kind'], image: string, caveats: readonly string[]): string {
  const notes = formatCaveats(caveats);
  if (kind === 'swap') return `Use ${image}${notes}`;
  if (kind === 'split') return `Convert to ${image}, moving RUN steps to a build stage${notes}`;
  return `Convert to ${image}${notes}`;
}

/**
 * Convert `stage` to `targetImage`. Pure: returns the edits and what the
 * user must review, or null when the conversion is not possible (not an image
 * reference, already that image, or a stage other than the final one whose
 * RUN steps would need a build stage).
 */
export function convertBaseImage(model: DockerfileModel, stage: Stage, targetImage: string): ConversionResult | null {
  const target = targetImage.trim();
  const runtime = runtimeFacts(target);
  if (!runtime.ref && target !== 'scratch') return null;
  const imageRange = stage.from.getImageRange();
  if (!imageRange || endsOpen(model)) return null;
  if (stage.base && !stage.base.unresolved && stage.base.resolved === target) return null;
  const scan = scanStage(model, stage);

  if (runtime.shell) return swap(model, stage, scan, runtime);
  if (scan.runs.length > 0) {
    if (!stage.isFinal) return null;
    const split = splitStage(model, stage, { runtimeImage: target });
    if (!split) return null;
    const caveats = [...split.caveats, ...childCaveats(model, stage)];
    return { ...split, caveats, kind: 'split', title: conversionTitle('split', target, caveats) };
  }
  return convertInPlace(model, stage, scan, runtime);
}

function childCaveats(model: DockerfileModel, stage: Stage): string[] {
  const children = model.stages.filter((s) => s.parent === stage);
  if (children.length === 0) return [];
  const name = stage.name ?? 'it';
  return [children.length === 1 ? `the stage built FROM ${name} changes too` : `${children.length} stages built FROM ${name} change too`];
}

/** An image with a shell and a package manager: replace the reference, say what may break. */
function swap(model: DockerfileModel, stage: Stage, scan: StageScan, runtime: Runtime): ConversionResult {
  const caveats: string[] = [];
  const base = stage.base?.info;
  const managers = new Set<string>();
  for (const run of scan.runs) {
    for (const cmd of orderedCommands(model, run)) {
      const op = packageOperation(cmd);
      if (op && op.kind === 'install') managers.add(op.manager);
    }
  }
  const pm = runtime.packageManager;
  const family = (m: string | null | undefined) => (m === 'apt' ? 'apt' : m === 'apk' ? 'apk' : m ? 'rpm' : null);
  for (const m of managers) {
    if (m === 'pip' || m === 'npm-global' || m === 'gem') continue;
    const want = m === 'apt' ? 'apt' : m === 'apk' ? 'apk' : 'rpm';
    if (runtime.info && family(pm) !== want) {
      const tool = m === 'apt' ? 'apt-get' : m === 'apk' ? 'apk' : m;
      caveats.push(pm ? `${tool} steps need ${pm}` : `${tool} steps need a package manager`);
    }
  }
  if (base && runtime.info && base.libc === 'glibc' && runtime.info.libc === 'musl') caveats.push('musl libc, so native code built for glibc does not run');
  if (base && runtime.info && base.libc === 'musl' && runtime.info.libc === 'glibc') caveats.push('glibc instead of musl');
  if (!runtime.info) caveats.push(`${runtime.image} is not in the catalogue`);
  if (runtime.info) caveats.push(...compatibility(scan, planBuild(scan), runtime, { libc: false }));
  caveats.push(...childCaveats(model, stage));
  const edits: TextEdit[] = [{ range: stage.from.getImageRange()!, newText: runtime.image }];
  return { kind: 'swap', title: conversionTitle('swap', runtime.image, caveats), edits, caveats, todo: false, runtimeImage: runtime.image };
}

/** A stage without RUN steps on a shell-less image: rewrite it in place. */
function convertInPlace(model: DockerfileModel, stage: Stage, scan: StageScan, runtime: Runtime): ConversionResult {
  const caveats: string[] = compatibility(scan, planBuild(scan), runtime, { libc: false });
  const edits: TextEdit[] = [{ range: stage.from.getImageRange()!, newText: runtime.image }];
  const todoAbove = (instr: Instruction, reason: string) => edits.push(insertLineBefore(model, instr, `# ${TODO}: ${reason}`));
  const copies: ArtefactCopy[] = scan.copies.filter((c) => c.dest !== null).map((c) => ({ from: c.dest!, to: c.dest! }));
  const user = runtimeUser(runtime);
  let todo = false;

  // The start command, in exec form with the image's interpreter.
  const start = planStart(scan, runtime, copies);
  caveats.push(...start.caveats);
  const ep = scan.entrypoint?.instruction;
  const cmd = scan.cmd?.instruction;
  if (start.blocked) {
    const first = [ep, cmd].filter((i): i is Instruction => !!i).sort((a, b) => a.getRange().start.line - b.getRange().start.line)[0];
    if (first) todoAbove(first, start.blocked.reason);
    todo = true;
  } else if (!start.verbatim) {
    const replace = (instr: Instruction | undefined, keyword: string, argv: string[] | undefined, anchor: Instruction | undefined) => {
      if (instr && argv) {
        const args = instr.getArgumentsRange();
        if (args) edits.push({ range: args, newText: execForm(argv) });
      } else if (instr && !argv) {
        const r = instr.getRange();
        const lineEnd = r.end.line + 1 < model.index.lineCount ? { line: r.end.line + 1, character: 0 } : { line: r.end.line, character: model.index.lineText(r.end.line).length };
        edits.push({ range: { start: { line: r.start.line, character: 0 }, end: lineEnd }, newText: '' });
      } else if (!instr && argv && anchor) {
        edits.push(insertLineBefore(model, anchor, `${keyword} ${execForm(argv)}`));
      }
    };
    const anchor = [ep, cmd].filter((i): i is Instruction => !!i).sort((a, b) => a.getRange().start.line - b.getRange().start.line)[0];
    replace(ep, 'ENTRYPOINT', start.entrypoint, anchor);
    replace(cmd, 'CMD', start.cmd, anchor);
  }

  // HEALTHCHECK: no curl, no shell.
  if (scan.healthcheck) {
    const h = planHealthcheck(scan, scan.healthcheck, runtime, copies);
    if (h.blocked) {
      todoAbove(scan.healthcheck, h.blocked.reason);
      caveats.push(h.blocked.caveat);
      todo = true;
    } else if (h.text !== undefined) {
      const r = scan.healthcheck.getRange();
      const original = model.text.slice(model.index.offsetAt(r.start), model.index.offsetAt(r.end));
      if (h.text !== original) edits.push({ range: r, newText: h.text });
    }
  }

  // Users: names the image does not have become 65532; a root image gets USER 65532:65532.
  for (const u of scan.users) {
    const range = u.getArgumentsRange();
    const value = (u.getArgumentsContent() ?? '').trim();
    const name = value.split(':')[0];
    // A USER without argument is a build error of its own: left as it is.
    if (!range || !name || name.includes('$') || KNOWN_USERS.test(name) || /^\d+$/.test(name)) continue;
    edits.push({ range, newText: user.id });
  }
  for (const copy of scan.copies) {
    const owner = copy.chown?.value.split(':')[0];
    if (!copy.chown || !owner || owner.includes('$') || KNOWN_USERS.test(owner) || /^\d+$/.test(owner)) continue;
    edits.push({ range: copy.chown.range, newText: `--chown=${user.id}` });
  }
  const lastUser = [...scan.users].reverse().find((u) => (u.getArgumentsContent() ?? '').trim() !== '');
  const lastValue = lastUser ? (lastUser.getArgumentsContent() ?? '').trim().split(':')[0] : undefined;
  if (lastValue === 'root' || lastValue === '0') caveats.push('USER root');
  const needsUser = !runtime.nonRootByDefault && !lastUser;
  if (needsUser && user.line) edits.push(addUserEdit(model, stage));
  if (runtime.nonRootByDefault || needsUser) {
    const writable = writablePaths(scan);
    const chowned = new Set(edits.map((e) => `${e.range.start.line}:${e.range.start.character}`));
    for (const e of chownEdits(scan, writable).edits) if (!chowned.has(`${e.range.start.line}:${e.range.start.character}`)) edits.push(e);
    const ports = portNote(privilegedPorts(scan));
    if (ports) caveats.push(ports);
  }
  caveats.push(...childCaveats(model, stage));
  const unique = [...new Set(caveats)];
  return { kind: 'convert', title: conversionTitle('convert', runtime.image, unique), edits, caveats: unique, todo, runtimeImage: runtime.image, selection: todoSelection(model, edits) };
}
