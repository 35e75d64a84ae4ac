import { copyArgs, isRemoteSource } from '../copyArgs';
import { replace } from '../edits';
import { defineRule } from '../language';
import { resolveAt } from '../variables';

/**
 * Names ADD may unpack. BuildKit decides by content (tar, optionally gzip,
 * bzip2, xz or zstd compressed), so every archive or compressor extension is
 * treated as "may be unpacked".
 */
const ARCHIVE = /\.(tar|tgz|taz|tpz|tb2|tbz|tbz2|txz|tlz|tzst|tz|gz|bz2|xz|lz|lzma|lz4|zst|zstd|z)$/i;

/** Flags COPY accepts as well; with any other flag the keyword cannot simply change. */
const SHARED_FLAGS = new Set(['chown', 'chmod', 'link', 'exclude']);

function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

export function isArchiveName(path: string): boolean {
  return ARCHIVE.test(basename(path));
}

/** A wildcard source whose matches might include an archive (`*`, `pkg-*`, `dist/?`). */
function mayMatchArchive(path: string): boolean {
  const base = basename(path);
  if (!/[*?[]/.test(base)) return false;
  const ext = /\.([A-Za-z0-9]+)$/.exec(base);
  return !ext || /[*?[\]]/.test(ext[0]) || ARCHIVE.test(base);
}

/** A git source pinned to a full commit id (`…git#<sha>`, `?ref=<sha>`): content-addressed. */
function pinnedGitSource(url: string): boolean {
  return /(?:#|[?&]ref=)[0-9a-f]{40}(?:[:&]|$)/i.test(url);
}

/** `add` → `copy`, `Add` → `Copy`, `ADD` → `COPY`. */
export function copyKeyword(written: string): string {
  if (written === written.toLowerCase()) return 'copy';
  if (written === written.toUpperCase()) return 'COPY';
  return 'Copy';
}

export default defineRule({
  meta: {
    id: 'dockerfile/add-instead-of-copy',
    category: 'supply-chain',
    defaultSeverity: 'warning',
    description: 'Use COPY for local files (ADD also fetches URLs and unpacks archives); pin remote ADD sources with --checksum.',
    messages: {
      useCopy:
        'ADD of local files: use COPY, which only copies. ADD also fetches URLs and unpacks archives, so a reader has to check which one happens here.',
      useCopyWildcard:
        'ADD of local files: use COPY, which only copies. Not changed automatically: ADD would unpack a tar archive that {{source}} happens to match.',
      remoteNoChecksum:
        'ADD {{url}} downloads without a checksum, so whatever the server returns goes into the image: use `ADD --checksum=sha256:…` (for git, pin a commit), or download with `RUN curl` and verify the file.',
    },
    aliases: [
      { tool: 'hadolint', id: 'DL3020' },
      { tool: 'trivy', id: 'DS-0005' },
      { tool: 'checkov', id: 'CKV_DOCKER_4' },
    ],
    fixable: true,
    hasSuggestions: false,
  },
  create(context) {
    const { model } = context;
    return {
      ADD(instruction, stage) {
        const args = copyArgs(instruction);
        if (!args || !args.dest || args.sources.length === 0) return;
        // `ADD <<EOF /file` copies the here-document, exactly like COPY; nothing to say.
        if (args.sources.some((s) => s.heredoc)) return;
        const sources: { value: string; range: (typeof args.sources)[number]['range'] }[] = [];
        for (const s of args.sources) {
          if (!s.value.includes('$')) {
            sources.push({ value: s.value, range: s.range });
            continue;
          }
          // A build argument may turn into a URL or an archive: unknown, not guessed.
          const resolved = stage ? resolveAt(model, stage, instruction, s.value) : null;
          if (resolved === null) return;
          sources.push({ value: resolved, range: s.range });
        }

        const remote = sources.filter((s) => isRemoteSource(s.value));
        if (remote.length > 0) {
          const checksum = args.flags.some((f) => f.getName() === 'checksum');
          for (const s of remote) {
            if (checksum || pinnedGitSource(s.value)) continue;
            context.report({ range: s.range, messageId: 'remoteNoChecksum', data: { url: s.value } });
          }
          return;
        }
        // ADD unpacks local tar archives: legitimate.
        if (sources.some((s) => isArchiveName(s.value))) return;

        const keywordRange = instruction.getInstructionRange();
        const wildcard = sources.find((s) => mayMatchArchive(s.value));
        if (wildcard) {
          context.report({ range: keywordRange, messageId: 'useCopyWildcard', data: { source: wildcard.value } });
          return;
        }
        const safe = args.flags.every((f) => SHARED_FLAGS.has(f.getName()));
        context.report({
          range: keywordRange,
          messageId: 'useCopy',
          fix: safe ? () => [replace(keywordRange, copyKeyword(instruction.getInstruction()))] : undefined,
        });
      },
    };
  },
});
