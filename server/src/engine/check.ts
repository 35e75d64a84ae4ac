import { languages } from './registry';
import { runRules, type EngineSettings, type RunResult } from './run';
import type { Environment, LanguageId } from './types';
import type { DockerfileModel } from '../languages/dockerfile/model';

export interface CheckResult extends RunResult {
  languageId: LanguageId;
  model: DockerfileModel;
}

/** Parse once and run every enabled rule of the language: the one entry point of CLI and server. */
export function checkText(languageId: LanguageId, text: string, settings: EngineSettings = {}, env: Environment = {}): CheckResult {
  if (languageId !== 'dockerfile') throw new Error(`unsupported language ${languageId}`);
  const { language, rules } = languages.dockerfile;
  const model = language.parse(text);
  return { languageId, model, ...runRules(language, model, rules, settings, env) };
}
