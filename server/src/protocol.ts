/**
 * Hardline's own requests and commands, shared by the VS Code client and the
 * server (vscode-eslint style). Plain data only: each side builds its
 * `RequestType` from the method name with its own library
 * (vscode-languageclient / vscode-languageserver), so neither bundle pulls in
 * the other and no extra dependency is declared.
 */
import type { Position, TextEdit } from './engine/types';

/** A WorkspaceEdit as LSP sends it: versioned document changes, or plain changes for clients without them. */
export interface ProtocolWorkspaceEdit {
  documentChanges?: { textDocument: { uri: string; version: number | null }; edits: TextEdit[] }[];
  changes?: Record<string, TextEdit[]>;
}

export interface TextDocumentPositionParams {
  textDocument: { uri: string };
  /** Any position on the FROM line (or inside the stage) of interest. */
  position: Position;
}

// ---- Base-image picker --------------------------------------------------------------------

export const PICK_BASE_IMAGE_COMMAND = 'hardline.pickBaseImage';
export const BASE_IMAGE_CANDIDATES_METHOD = 'hardline/baseImageCandidates';

export type CandidateGroup = 'distroless' | 'dhi' | 'chainguard' | 'slim' | 'alpine' | 'scratch';

/** Group order in the picker. */
export const CANDIDATE_GROUPS: readonly CandidateGroup[] = ['distroless', 'dhi', 'chainguard', 'slim', 'alpine', 'scratch'];

export interface BaseImageFacts {
  /** Default user as a UID. */
  user: string;
  userName?: string;
  nonRoot: boolean;
  shell: boolean;
  packageManager: string | null;
  libc: 'glibc' | 'musl' | 'none';
}

export interface BaseImageCandidate {
  group: CandidateGroup;
  /** The image reference the FROM line will name. */
  image: string;
  /** The catalogue's one-line description. */
  description: string;
  /** Catalogue facts of the candidate (null for scratch, which has none). */
  facts: BaseImageFacts | null;
  /** What to know before picking it: musl, no shell, only a latest tag, runs as root, … */
  caveats: string[];
  /** What the edit does besides replacing the image (from the conversion), one line each. */
  changes: string[];
  /** The server-computed edit: apply it as is. */
  edit: ProtocolWorkspaceEdit;
}

export interface BaseImageCandidatesResult {
  /** The FROM line the candidates are for (0-based), when one was found. */
  line?: number;
  current?: {
    /** As written in the FROM line. */
    image: string;
    facts: BaseImageFacts | null;
    /** Runtime family (`node`, `python`, …) and version read from the tag, when known. */
    ecosystem?: string;
    version?: string;
    /** The stage is part of the final image (else it is a build stage). */
    shipped: boolean;
  };
  candidates: BaseImageCandidate[];
  /** Why there are no candidates (an unknown image, a stage reference, build arguments, …). */
  reason?: string;
}

// ---- Pin digest -----------------------------------------------------------------------------

export const PIN_DIGEST_COMMAND = 'hardline.pinDigest';
export const PIN_DIGEST_METHOD = 'hardline/pinDigest';

export interface PinDigestParams {
  textDocument: { uri: string };
  /** The image reference (or its instruction) to pin; without it, every image of the file. */
  position?: Position;
  /** Nothing to pin at `position` (the cursor is elsewhere): pin every image of the file instead. */
  allIfNone?: boolean;
}

export interface PinDigestResult {
  /** One edit for all pinned references (absent when nothing could be pinned). */
  edit?: ProtocolWorkspaceEdit;
  pinned: { image: string; digest: string }[];
  failed: { image: string; message: string }[];
  /** References that cannot be pinned (build arguments, no tag, already pinned). */
  skipped: { image: string; reason: string }[];
  /** `hardline.network.allow` is false: nothing was asked. */
  networkDisabled?: boolean;
  /** The document is not a Dockerfile Hardline checks, or it changed meanwhile. */
  unavailable?: string;
}

/** Options the VS Code client passes in `initializationOptions`. */
export interface HardlineInitializationOptions {
  /** Client-side commands the server may reference (CodeLens commands need one). */
  clientCommands?: string[];
  /**
   * False when the editor does not trust the workspace (VS Code Workspace
   * Trust, Restricted Mode): Hardline still checks, but never goes online, and
   * `.hardline.yaml` may only set severities (no ignorePaths, no Kubernetes
   * profile). Absent (other editors): trusted.
   */
  workspaceTrusted?: boolean;
}
