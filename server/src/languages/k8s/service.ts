import { CONFIG_FILE_NAMES } from '../../engine/config';
import { createService } from '../../engine/service';
import { k8sLanguage, type K8sRule } from './language';
import { looksLikeManifest } from './model';
import { restrictedActions } from './restricted';
import { k8sRules } from './rules';
import { ignoreForFileEdit, ignoreForObjectEdit } from './suppressionEdits';

/** The Kubernetes rules, sorted by id. */
export const sortedK8sRules: readonly K8sRule[] = [...k8sRules].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

/** `.yaml` / `.yml`, but not Hardline's own configuration file. */
export function isYamlName(fileName: string): boolean {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return /\.ya?ml$/i.test(base) && !CONFIG_FILE_NAMES.includes(base);
}

export const k8sService = createService(k8sLanguage, sortedK8sRules, {
  /**
   * Any YAML is a candidate; the content decides (`relevant`): a file with no
   * Kubernetes object (a GitHub workflow, Compose, Helm values) gets nothing at all.
   */
  accepts: (fileName, languageId) => {
    const base = fileName.split(/[\\/]/).pop() ?? fileName;
    if (CONFIG_FILE_NAMES.includes(base)) return false;
    return languageId === 'yaml' || isYamlName(fileName);
  },
  relevant: (model) => model.relevant,
  // Too large or binary (engine/limits.ts): the one problem only for what looks like a manifest, or binary data opened as YAML.
  relevantUnparsed: (text) => text.includes('\u0000') || looksLikeManifest(text),
  ignoreForItemEdit: ignoreForObjectEdit,
  ignoreForFileEdit,
  itemName: 'object',
  /** "Apply restricted securityContext to container "x"" / "… to all containers in this file" (and their /tmp variants). */
  refactorings: (model, range, invoked) =>
    restrictedActions(model, model.index.offsetAt(range.start), invoked).map((a) => ({ title: a.title, kind: 'refactor.rewrite', edits: a.edits })),
});
