import type { Problem } from './types';

/**
 * What Hardline refuses to analyse, and how long it may spend on one
 * document: the same limits and the same messages for every language and
 * both hosts (language server and CLI). A refused file gets exactly one
 * information problem; it is not an error of the file, and it never fails a CI run.
 */

/** Largest file analysed, in UTF-8 bytes (a real Dockerfile or manifest is a few kilobytes). */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

/**
 * Time the rules may take on one document before the remaining ones are
 * skipped. The slowest file of the real-world corpus takes well under 100 ms
 * with every rule, fix and suggestion evaluated (see test/reliability).
 */
export const DEFAULT_TIME_BUDGET_MS = 3000;

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** UTF-8 length of a string without allocating its encoding. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function tooLargeProblem(bytes: number): Problem {
  return {
    severity: 'info',
    code: 'file-too-large',
    message: `This file is ${megabytes(bytes)}; Hardline checks files up to ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB, so it was not checked.`,
    range: ZERO,
  };
}

export function binaryProblem(): Problem {
  return {
    severity: 'info',
    code: 'binary-file',
    message: 'This file contains binary data (NUL bytes), so it was not checked.',
    range: ZERO,
  };
}

/** The one problem of a text Hardline does not analyse (too large, binary), or null. */
export function inputLimitProblem(text: string): Problem | null {
  // Every UTF-16 unit is at most 3 UTF-8 bytes: count only when it could matter.
  if (text.length * 3 > MAX_DOCUMENT_BYTES) {
    const bytes = utf8Length(text);
    if (bytes > MAX_DOCUMENT_BYTES) return tooLargeProblem(bytes);
  }
  if (text.includes('\u0000')) return binaryProblem();
  return null;
}

export function timeBudgetProblem(budgetMs: number, skipped: readonly string[]): Problem {
  const names = skipped.length > 3 ? `${skipped.slice(0, 3).join(', ')} and ${skipped.length - 3} more` : skipped.join(', ');
  return {
    severity: 'info',
    code: 'time-budget',
    message: `Checking this file took longer than ${budgetMs / 1000} s, so some rules were stopped early (${names}): problems they would find may be missing.`,
    range: ZERO,
  };
}

/** A document whose whole check (parse and rules) ran out of time and was stopped (language server: off the main thread). */
export function timeoutProblem(budgetMs: number): Problem {
  return {
    severity: 'info',
    code: 'time-budget',
    message: `Checking this file took longer than ${budgetMs / 1000} s, so it was stopped and the file was not checked.`,
    range: ZERO,
  };
}
