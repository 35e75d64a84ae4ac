import type { TextEdit } from '../../../engine/types';
import { insertLineAfter, insertLineBefore, lastInstruction } from '../edits';
import type { DockerfileModel, Stage } from '../model';
import { basename } from '../shell';
import { scanStage, type StageScan } from './scan';
import { isWithin, NON_ROOT, resolvePath, unprivilegedPort } from './util';

/*
 * "Add USER 65532 properly": the USER line, `--chown=65532:65532` on the COPY
 * and ADD steps that put files where the program must write, and the ports a
 * non-root process cannot bind.
 *
 * Where must the program write? Only where the Dockerfile says so — a VOLUME,
 * or a directory it `chmod`s writable or `chown`s — never the whole WORKDIR:
 * application code owned by root and read-only for the process is the point
 * of running as non-root.
 */

/** Does a chmod mode add write permission for the group or others (which a non-root user would rely on)? */
function grantsWrite(mode: string): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) {
    const d = mode.slice(-3);
    return (Number(d[1]) & 2) !== 0 || (Number(d[2]) & 2) !== 0;
  }
  return mode.split(',').some((clause) => {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    return !!m && m[2] !== '-' && m[3].includes('w') && (m[1] === '' || /[goa]/.test(m[1]));
  });
}

export interface WritablePath {
  path: string;
  /** `VOLUME`, `chmod`, `chown`. */
  why: string;
  /** `chown` to a named user other than 65532 (the directory then belongs to someone else). */
  owner?: string;
  /** The directory exists in the stage's file system (a VOLUME alone does not create it). */
  exists: boolean;
}

/** Directories the Dockerfile marks as written at run time. */
export function writablePaths(scan: StageScan): WritablePath[] {
  const result: WritablePath[] = [];
  const created = new Set<string>();
  for (const c of scan.copies) if (c.dest) created.add(c.dest);
  for (const c of scan.commands) {
    if (basename(c.words[0] ?? '') !== 'mkdir') continue;
    for (const t of c.words.slice(1).filter((w) => !w.startsWith('-') && !w.includes('$'))) {
      const path = resolvePath(c.cwd, t);
      if (path) created.add(path);
    }
  }
  for (const v of scan.volumes) for (const path of v.paths) result.push({ path, why: 'VOLUME', exists: created.has(path) });
  for (const c of scan.commands) {
    const tool = basename(c.words[0] ?? '');
    if (tool !== 'chmod' && tool !== 'chown' && tool !== 'chgrp') continue;
    const rest = c.words.slice(1).filter((w) => !w.startsWith('-'));
    if (rest.length < 2) continue;
    const [first, ...targets] = rest;
    if (tool === 'chmod' && !grantsWrite(first)) continue;
    const owner = tool === 'chown' ? first.split(/[:.]/)[0] : undefined;
    for (const t of targets) {
      if (t.includes('$') || /[*?[]/.test(t)) continue;
      const path = resolvePath(c.cwd, t);
      if (path && path !== '/') result.push({ path, why: tool, owner: owner && !/^(65532|nonroot)$/.test(owner) ? owner : undefined, exists: true });
    }
  }
  return result;
}

/** `--chown=65532:65532` on the COPY / ADD steps into writable paths (added, or replacing another owner). */
export function chownEdits(scan: StageScan, writable: readonly WritablePath[]): { edits: TextEdit[]; paths: string[] } {
  const edits: TextEdit[] = [];
  const paths = new Set<string>();
  for (const copy of scan.copies) {
    if (copy.dest === null) continue;
    const hit = writable.find((w) => isWithin(copy.dest!, w.path));
    if (!hit) continue;
    if (copy.chown && /^65532(:65532)?$/.test(copy.chown.value)) continue;
    paths.add(hit.path);
    if (copy.chown) {
      edits.push({ range: copy.chown.range, newText: `--chown=${NON_ROOT}` });
    } else {
      const keyword = copy.instruction.getInstructionRange();
      edits.push({ range: { start: keyword.end, end: keyword.end }, newText: ` --chown=${NON_ROOT}` });
    }
  }
  return { edits, paths: [...paths] };
}

/** Ports below 1024 the stage EXPOSEs. */
export function privilegedPorts(scan: StageScan): number[] {
  const ports = scan.exposes.flatMap((e) => e.ports).filter((p) => p > 0 && p < 1024);
  return [...new Set(ports)];
}

/** One phrase about privileged ports for a title: "port 80 needs root: listen on 8080". */
export function portNote(ports: readonly number[]): string | undefined {
  if (ports.length === 0) return undefined;
  const list = ports.join(', ');
  const alt = ports.map(unprivilegedPort).join(', ');
  return `${ports.length === 1 ? 'port' : 'ports'} ${list} ${ports.length === 1 ? 'needs' : 'need'} root, listen on ${alt}`;
}

/**
 * Where `USER 65532:65532` goes in a stage: before the first CMD / ENTRYPOINT
 * that no RUN, COPY, ADD or USER follows, else after the last instruction.
 */
export function addUserEdit(model: DockerfileModel, stage: Stage): TextEdit {
  const text = `USER ${NON_ROOT}`;
  const instrs = stage.instructions;
  const lastBuildStep = instrs.reduce((acc, i, k) => (['RUN', 'USER', 'COPY', 'ADD'].includes(i.getKeyword()) ? k : acc), -1);
  const anchor = instrs.find((i, k) => k > lastBuildStep && ['CMD', 'ENTRYPOINT'].includes(i.getKeyword()));
  return anchor ? insertLineBefore(model, anchor, text) : insertLineAfter(model, lastInstruction(stage), text);
}

export interface AddUserResult {
  edits: TextEdit[];
  /** Writable paths that received `--chown`. */
  chowned: string[];
  /** Title notes: privileged ports, directories owned by another user. */
  notes: string[];
}

/** The "Add USER 65532:65532" suggestion, done properly. */
export function addUser(model: DockerfileModel, stage: Stage): AddUserResult {
  const scan = scanStage(model, stage);
  const writable = writablePaths(scan);
  const chown = chownEdits(scan, writable);
  const notes: string[] = [];
  const owned = new Map<string, string>();
  for (const w of writable) if (w.owner && !owned.has(w.path)) owned.set(w.path, w.owner);
  for (const [path, owner] of owned) notes.push(`${path} belongs to ${owner}, chown it to 65532`);
  const port = portNote(privilegedPorts(scan));
  if (port) notes.push(port);
  return { edits: [...chown.edits, addUserEdit(model, stage)], chowned: chown.paths, notes };
}
