import type { DockerfileModel } from '../languages/dockerfile/model';
import type { DockerfileRule, DockerfileVisitor } from '../languages/dockerfile/language';
import { dockerfileLanguage } from '../languages/dockerfile/language';
import { dockerfileRules } from '../languages/dockerfile/rules';
import type { Language } from './language';
import type { RuleMeta } from './types';

/**
 * The single list of rules. It feeds the language server, the CLI, the
 * settings schema in package.json and the docs index (tests keep them equal).
 */
export const allRules: readonly DockerfileRule[] = [...dockerfileRules].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

export const ruleById = new Map<string, DockerfileRule>(allRules.map((r) => [r.meta.id, r]));

export const allMeta: readonly RuleMeta[] = allRules.map((r) => r.meta);

export interface LanguageEntry {
  language: Language<DockerfileModel, DockerfileVisitor>;
  rules: readonly DockerfileRule[];
}

export const languages: Record<'dockerfile', LanguageEntry> = {
  dockerfile: { language: dockerfileLanguage, rules: allRules.filter((r) => r.meta.language === 'dockerfile') },
};
