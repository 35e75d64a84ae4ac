import { allMeta } from '../engine/registry';
import type { RuleMeta } from '../engine/types';
import { aliasString } from './summary';
import { NO_COLORS, type Colors } from './formats/text';

/** `hardline rules`: the registry, as a table or as JSON. */

export interface JsonRule {
  id: string;
  language: string;
  category: string;
  defaultSeverity: string;
  description: string;
  aliases: string[];
  fixable: boolean;
  hasSuggestions: boolean;
  docs: string;
}

export function ruleToJson(meta: RuleMeta): JsonRule {
  return {
    id: meta.id,
    language: meta.language,
    category: meta.category,
    defaultSeverity: meta.defaultSeverity,
    description: meta.description,
    aliases: meta.aliases.map(aliasString),
    fixable: meta.fixable,
    hasSuggestions: meta.hasSuggestions,
    docs: meta.docs,
  };
}

export function formatRulesJson(rules: readonly RuleMeta[] = allMeta): string {
  return `${JSON.stringify({ version: 1, rules: rules.map(ruleToJson) }, null, 2)}\n`;
}

export function formatRulesText(rules: readonly RuleMeta[] = allMeta, c: Colors = NO_COLORS): string {
  const idWidth = Math.max(2, ...rules.map((r) => r.id.length));
  const catWidth = Math.max(...rules.map((r) => r.category.length), 8);
  const lines = rules.map((r) => {
    const marks = [r.fixable ? 'fix' : '', r.hasSuggestions ? 'suggest' : ''].filter(Boolean).join(',');
    const aliases = r.aliases.length > 0 ? c.dim(`  [${r.aliases.map(aliasString).join(', ')}]`) : '';
    return `${c.bold(r.id.padEnd(idWidth))}  ${r.defaultSeverity.padEnd(7)}  ${r.category.padEnd(catWidth)}  ${marks.padEnd(11)}  ${r.description}${aliases}`;
  });
  return `${lines.join('\n')}\n\n${rules.length === 1 ? '1 rule' : `${rules.length} rules`}; fix: safe fix (--fix), suggest: suggestions in the editor.\n`;
}
