/**
 * The base-image picker: a QuickPick of the catalogue's hardened alternatives
 * for one FROM line, grouped, each with its facts and caveats. Everything
 * comes from the server (hardline/baseImageCandidates), including the edit
 * each pick applies, so the rule, the hover and the picker read one catalogue.
 * The item building is pure; the command wires it to VS Code.
 */
import { QuickPickItemKind, type QuickPickItem } from 'vscode';
import {
  CANDIDATE_GROUPS,
  type BaseImageCandidate,
  type BaseImageCandidatesResult,
  type BaseImageFacts,
  type CandidateGroup,
} from '../../server/src/protocol';

export const GROUP_LABELS: Record<CandidateGroup, string> = {
  distroless: 'Distroless',
  dhi: 'Docker Hardened Images',
  chainguard: 'Chainguard',
  slim: 'Slim',
  alpine: 'Alpine',
  scratch: 'Scratch',
};

export interface CandidateItem extends QuickPickItem {
  candidate?: BaseImageCandidate;
}

/** `UID 65532 (nonroot) · no shell · no package manager · glibc`. */
export function factsLine(facts: BaseImageFacts | null): string {
  if (!facts) return 'no user · no shell · no package manager · no libc';
  const name = facts.userName ? ` (${facts.userName})` : '';
  const user = facts.nonRoot ? `UID ${facts.user}${name}` : `root${facts.user === '0' ? '' : ` UID ${facts.user}`}`;
  return [user, facts.shell ? 'shell' : 'no shell', facts.packageManager ? `package manager ${facts.packageManager}` : 'no package manager', facts.libc === 'none' ? 'no libc' : facts.libc].join(' · ');
}

/** The detail line: what the catalogue says, then the caveats, then what the edit changes besides the image. */
export function detailLine(candidate: BaseImageCandidate): string {
  const parts = [candidate.description];
  if (candidate.caveats.length > 0) parts.push(`⚠ ${candidate.caveats.join('; ')}`);
  if (candidate.changes.length > 0) parts.push(`Also: ${candidate.changes.join('; ')}`);
  return parts.join('  ');
}

/** QuickPick items: one separator per group in picker order, then its candidates. */
export function pickerItems(result: BaseImageCandidatesResult): CandidateItem[] {
  const items: CandidateItem[] = [];
  for (const group of CANDIDATE_GROUPS) {
    const members = result.candidates.filter((c) => c.group === group);
    if (members.length === 0) continue;
    items.push({ label: GROUP_LABELS[group], kind: QuickPickItemKind.Separator });
    for (const candidate of members) {
      items.push({ label: candidate.image, description: factsLine(candidate.facts), detail: detailLine(candidate), candidate });
    }
  }
  return items;
}

/** The prompt: what the FROM line uses now. */
export function pickerPlaceholder(result: BaseImageCandidatesResult): string {
  const current = result.current;
  if (!current) return 'Pick a hardened base image';
  const version = current.ecosystem && current.version ? `, ${current.ecosystem} ${current.version}` : '';
  const stage = current.shipped ? '' : ' (a build stage)';
  return `Replace ${current.image}${version}${stage}: ${factsLine(current.facts)}`;
}

export function pickerTitle(result: BaseImageCandidatesResult): string {
  return result.line !== undefined ? `Hardened base image for the FROM on line ${result.line + 1}` : 'Hardened base image';
}
