import { dockerfileLanguage } from '../languages/dockerfile/language';
import { dockerfileService, sortedDockerfileRules } from '../languages/dockerfile/service';
import { k8sLanguage } from '../languages/k8s/language';
import { k8sService, sortedK8sRules } from '../languages/k8s/service';
import type { LanguageService } from './service';
import type { LanguageId, RuleMeta } from './types';

/**
 * The single list of rules and languages. It feeds the language server, the
 * CLI, the settings schema in package.json and the docs index (tests keep them equal).
 */

/** Every rule of every language, sorted by id (only `meta` is language-independent). */
export const allRules: readonly { meta: RuleMeta }[] = [...sortedDockerfileRules, ...sortedK8sRules].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

export const allMeta: readonly RuleMeta[] = allRules.map((r) => r.meta);

export const ruleById = new Map<string, { meta: RuleMeta }>(allRules.map((r) => [r.meta.id, r]));

/** Typed access for code that works on one language's model (tests, conformance). */
export const languages = {
  dockerfile: { language: dockerfileLanguage, rules: sortedDockerfileRules },
  k8s: { language: k8sLanguage, rules: sortedK8sRules },
};

/** The languages the hosts serve, in the order they are tried. */
export const services: readonly LanguageService[] = [dockerfileService, k8sService];

export function serviceById(id: LanguageId): LanguageService | undefined {
  return services.find((s) => s.id === id);
}

/** The language of a file: by the editor's language id or, without one, by its name. */
export function serviceFor(fileName: string, languageId?: string): LanguageService | undefined {
  return services.find((s) => s.accepts(fileName, languageId));
}
