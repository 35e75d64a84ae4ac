import { serviceById } from './registry';
import type { EngineSettings, RunResult } from './run';
import type { ParsedDocument } from './service';
import type { Environment, LanguageId } from './types';

export interface CheckResult extends RunResult {
  languageId: LanguageId;
  document: ParsedDocument;
}

/** Parse once and run every enabled rule of the language. */
export function checkText(languageId: LanguageId, text: string, settings: EngineSettings = {}, env: Environment = {}): CheckResult {
  const service = serviceById(languageId);
  if (!service) throw new Error(`unsupported language ${languageId}`);
  const document = service.parse(text);
  return { languageId, document, ...document.run(settings, env) };
}
