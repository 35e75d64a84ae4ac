/**
 * Inputs the fuzzer found breaking a property, minimised (test/fuzz/minimize.ts)
 * and kept here inline, each with what was wrong and what fixed it. Every one
 * is checked against every property (properties.ts), with all findings' edits applied.
 */
import { describe, expect, it } from 'vitest';
import { serviceById } from '../../server/src/engine/registry';
import type { EngineSettings } from '../../server/src/engine/run';
import type { Environment, LanguageId } from '../../server/src/engine/types';
import { KNOWN_ISSUES, knownIssue } from './known';
import { checkDocument, PropertyViolation } from './properties';

interface Regression {
  language: LanguageId;
  /** What broke, and the fix. */
  found: string;
  text: string;
  settings?: EngineSettings;
  env?: Environment;
}

const REGRESSIONS: Regression[] = [
  {
    language: 'dockerfile',
    found:
      'never-throws (100,000-case run): with lone CR line ends, a RUN continued into a comment made dockerfile-ast 0.7.1 throw from getHeredocs(), which the unterminated-heredoc check (model.ts) calls for every RUN, so the whole parse failed. The call is guarded now.',
    text: 'RUN \\\r#n\n',
  },
  {
    language: 'k8s',
    found:
      'does-not-recreate-finding (100,000-case run; a false alarm of the property): removing one capability from a flow list moved the next one onto its spot; the property now tells the rule\'s other findings, moved by the edit, from a re-created one.',
    text: '{apiVersion: 1",kind: "Pod",{},spec:{containers:[{securityContext:{capabilities:{add:[E,\u000e]}}}]}}',
  },
  {
    language: 'dockerfile',
    found:
      'no-new-problems: "Ignore … for this instruction" inserted its comment above line 1, before the byte order mark, which then sat inside the text and made FROM an unknown instruction. Edits at the very start now go after a leading BOM (engine keepLeadingBom, applied by the service and by fix-all).',
    text: '\uFEFFFROM p',
  },
  {
    language: 'k8s',
    found:
      'range-inside-document: the YAML parser reports an error at the \\n of a CRLF, and the model turned that offset into a position between \\r and \\n (character 4 of a 3-character line), which LSP does not allow. LineIndex.positionAt now never splits a CRLF.',
    text: ": '\r\n'",
  },
  {
    language: 'dockerfile',
    found:
      'does-not-recreate-finding: with a continuation escape left dangling on the last line, "Add USER 65532:65532" appended its line to the continuation (FROM -USER 65532:65532). insertLineAfter now drops a dangling escape at the end of the file, which changes nothing for Docker.',
    text: 'FROM -\\',
  },
  {
    language: 'dockerfile',
    found: 'does-not-recreate-finding: the same with the dangling escape followed by a newline (and blank or comment lines): the new line now goes right after the escaped line.',
    text: 'FROM d \\\n# c\n\n',
  },
  {
    language: 'dockerfile',
    found:
      'does-not-recreate-finding (20,000-case run, nginx Dockerfile truncated): a line holding only the escape character after the dangling one (an empty continuation line) carried the continuation on into the appended USER line. Such lines now go with the dangling escape.',
    text: 'FROM x\nRUN a \\\n    \\\n#',
  },
  {
    language: 'dockerfile',
    found:
      'does-not-recreate-finding: a here-document never closed swallows every later line, so the appended USER became heredoc text. BuildKit fails on such a file ("unterminated heredoc"): the model now reports unterminated-heredoc (error), and edits appended to such a file are not expected to remove findings.',
    text: 'FROM 2\nRUN <<E',
  },
];

describe('fuzz regressions', () => {
  for (const r of REGRESSIONS) {
    it(`${r.language}: ${r.found.split(':')[0]} — ${JSON.stringify(r.text).slice(0, 60)}`, () => {
      checkDocument(serviceById(r.language)!, r.text, { settings: r.settings ?? {}, env: r.env ?? {} });
    });
  }
});

describe('known issues (test/fuzz/known.ts) still fail: delete an entry once it is fixed', () => {
  for (const k of KNOWN_ISSUES) {
    it(`${k.limitation ? 'limitation' : 'open'}: ${k.language} ${k.property}${k.ruleId ? ` ${k.ruleId}` : ''}: ${k.note.slice(0, 80)}`, () => {
      let violation: unknown;
      try {
        checkDocument(serviceById(k.language)!, k.example, { settings: {}, env: {} });
      } catch (error) {
        violation = error;
      }
      expect(violation, 'this known issue is fixed: delete it from test/fuzz/known.ts and add the example to REGRESSIONS').toBeInstanceOf(PropertyViolation);
      expect(knownIssue(k.language, violation as PropertyViolation, k.example)).toBe(k);
    });
  }
});
