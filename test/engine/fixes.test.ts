import { describe, expect, it } from 'vitest';
import { fixAll, selectNonOverlapping } from '../../server/src/engine/fixes';
import { LineIndex, applyEdits, diffAsEdit, range } from '../../server/src/engine/positions';
import { runRules } from '../../server/src/engine/run';
import { defineRule, dockerfileLanguage } from '../../server/src/languages/dockerfile/language';

/** A test rule: lower-case `as` in FROM → `AS` (safe), to exercise the fix machinery generically. */
const asCasing = defineRule({
  meta: {
    id: 'dockerfile/test-as-casing',
    category: 'correctness',
    defaultSeverity: 'warning',
    description: 'test',
    messages: { lower: 'lower-case as' },
    aliases: [],
    fixable: true,
    hasSuggestions: false,
  },
  create(ctx) {
    return {
      FROM(instr) {
        const args = instr.getArguments();
        const as = args.find((a) => a.getValue() === 'as');
        if (as) ctx.report({ range: as.getRange(), messageId: 'lower', fix: () => [{ range: as.getRange(), newText: 'AS' }] });
      },
    };
  },
});

/** A rule whose fix needs a second pass: appends one `!` per pass to a LABEL until it has three. */
const bang = defineRule({
  meta: {
    id: 'dockerfile/test-bang',
    category: 'correctness',
    defaultSeverity: 'warning',
    description: 'test',
    messages: { more: 'needs more' },
    aliases: [],
    fixable: true,
    hasSuggestions: false,
  },
  create(ctx) {
    return {
      LABEL(instr) {
        const r = instr.getArgumentsRange()!;
        const text = instr.getArgumentsContent() ?? '';
        if (!text.endsWith('!!!')) ctx.report({ range: r, messageId: 'more', fix: () => [{ range: { start: r.end, end: r.end }, newText: '!' }] });
      },
    };
  },
});

/** A rule whose fix throws: fix-all must skip it and lose nothing. */
const broken = defineRule({
  meta: { id: 'dockerfile/test-broken', category: 'correctness', defaultSeverity: 'warning', description: 'test', messages: { m: 'm' }, aliases: [], fixable: true, hasSuggestions: false },
  create(ctx) {
    return {
      FROM(instr) {
        ctx.report({ range: instr.getRange(), messageId: 'm', fix: () => { throw new Error('boom'); } });
      },
    };
  },
});

describe('fixAll', () => {
  it('applies safe fixes and reports one minimal edit', () => {
    const code = 'FROM a as one\nFROM b as two\n';
    const r = fixAll(dockerfileLanguage, code, [asCasing]);
    expect(r.output).toBe('FROM a AS one\nFROM b AS two\n');
    expect(r.fixed).toBe(2);
    expect(r.passes).toBe(1);
    expect(r.edit).toEqual({ range: range(0, 7, 1, 9), newText: 'AS one\nFROM b AS' });
  });

  it('runs passes until nothing is left (at most 10)', () => {
    const r = fixAll(dockerfileLanguage, 'FROM a\nLABEL x=y\n', [bang]);
    expect(r.output).toBe('FROM a\nLABEL x=y!!!\n');
    expect(r.passes).toBe(3);
    const capped = fixAll(dockerfileLanguage, 'FROM a\nLABEL x=y\n', [bang], {}, {}, 2);
    expect(capped.output).toBe('FROM a\nLABEL x=y!!\n');
  });

  it('skips a throwing fix without losing text', () => {
    const code = 'FROM a as one\n';
    expect(fixAll(dockerfileLanguage, code, [broken, asCasing]).output).toBe('FROM a AS one\n');
  });

  it('keeps CRLF', () => {
    expect(fixAll(dockerfileLanguage, 'FROM a as one\r\nRUN x\r\n', [asCasing]).output).toBe('FROM a AS one\r\nRUN x\r\n');
  });

  it('respects off in settings', () => {
    const r = fixAll(dockerfileLanguage, 'FROM a as one\n', [asCasing], { rules: { 'dockerfile/test-as-casing': 'off' } });
    expect(r.output).toBe('FROM a as one\n');
    expect(r.edit).toBeNull();
  });
});

describe('selectNonOverlapping', () => {
  const text = 'abcdef\n';
  const index = new LineIndex(text);
  const e = (s: number, en: number, t: string) => ({ range: range(0, s, 0, en), newText: t });

  it('keeps the first of overlapping fixes, in document order', () => {
    const { edits, count } = selectNonOverlapping([[e(2, 4, 'X')], [e(0, 3, 'Y')], [e(5, 6, 'Z')]], index);
    expect(count).toBe(2);
    expect(applyEdits(text, edits)).toBe('YdeZ\n');
  });

  it('drops a fix whose own edits overlap, and two insertions at one point', () => {
    expect(selectNonOverlapping([[e(0, 2, 'a'), e(1, 3, 'b')]], index).count).toBe(0);
    expect(selectNonOverlapping([[e(1, 1, 'x')], [e(1, 1, 'y')]], index).count).toBe(1);
  });

  it('adjacent edits do not overlap', () => {
    expect(selectNonOverlapping([[e(0, 2, 'A')], [e(2, 4, 'B')]], index).count).toBe(2);
  });
});

describe('positions', () => {
  it('maps offsets and positions with CRLF, LF and lone CR', () => {
    const idx = new LineIndex('a\r\nbc\nd\re');
    expect(idx.lineCount).toBe(4);
    expect(idx.positionAt(3)).toEqual({ line: 1, character: 0 });
    expect(idx.offsetAt({ line: 2, character: 0 })).toBe(6);
    expect(idx.offsetAt({ line: 0, character: 99 })).toBe(3);
    expect(idx.lineText(0)).toBe('a');
    expect(idx.lineText(3)).toBe('e');
  });

  it('diffAsEdit never splits CRLF and returns null for no change', () => {
    expect(diffAsEdit('a\r\nb', 'a\r\nb')).toBeNull();
    const before = 'x\r\ny';
    const after = 'x\r\nz\r\ny';
    expect(diffAsEdit(before, after)).toEqual({ range: range(1, 0, 1, 0), newText: 'z\r\n' });
    // A change right after a CR must not start between CR and LF.
    const edit = diffAsEdit('a\r\nb', 'a\nb')!;
    expect(edit).toEqual({ range: range(0, 1, 1, 0), newText: '\n' });
    expect(applyEdits('a\r\nb', [edit])).toBe('a\nb');
  });

  it('applyEdits refuses overlapping edits', () => {
    expect(() => applyEdits('abc', [{ range: range(0, 0, 0, 2), newText: '' }, { range: range(0, 1, 0, 3), newText: '' }])).toThrow('overlapping');
  });
});

describe('runner', () => {
  it('isolates a rule that throws and reports an internal error', () => {
    const thrower = defineRule({
      meta: { id: 'dockerfile/test-throws', category: 'correctness', defaultSeverity: 'warning', description: 'test', messages: { m: 'm' }, aliases: [], fixable: false, hasSuggestions: false },
      create() {
        return { FROM() { throw new Error('kaboom'); } };
      },
    });
    const { findings, problems } = runRules(dockerfileLanguage, dockerfileLanguage.parse('FROM a as b\n'), [thrower, asCasing]);
    expect(findings.map((f) => f.ruleId)).toEqual(['dockerfile/test-as-casing']);
    expect(problems.map((p) => [p.code, p.message])).toEqual([
      ['internal-error', 'Internal error in rule dockerfile/test-throws: kaboom. Other rules still ran; please report this.'],
    ]);
  });

  it('enforces the declarations: fix without fixable, unknown messageId, missing placeholder', () => {
    const bad = (report: (ctx: never) => void) =>
      defineRule({
        meta: { id: 'dockerfile/test-bad', category: 'correctness', defaultSeverity: 'warning', description: 'test', messages: { m: 'needs {{x}}' }, aliases: [], fixable: false, hasSuggestions: false },
        create(ctx) {
          return { FROM: (i) => report({ ctx, i } as never) };
        },
      });
    const run = (rule: ReturnType<typeof bad>) => runRules(dockerfileLanguage, dockerfileLanguage.parse('FROM a\n'), [rule]).problems.map((p) => p.message);
    expect(run(bad(({ ctx, i }: any) => ctx.report({ range: i.getRange(), messageId: 'm', data: { x: '1' }, fix: () => [] })))[0]).toMatch(/meta.fixable is false/);
    expect(run(bad(({ ctx, i }: any) => ctx.report({ range: i.getRange(), messageId: 'nope' })))[0]).toMatch(/unknown messageId "nope"/);
    expect(run(bad(({ ctx, i }: any) => ctx.report({ range: i.getRange(), messageId: 'm' })))[0]).toMatch(/placeholder \{\{x\}\} has no value/);
  });

  it('a report may raise its own severity; a configured severity wins', () => {
    const raising = defineRule({
      meta: { id: 'dockerfile/test-raise', category: 'correctness', defaultSeverity: 'warning', description: 'test', messages: { m: 'm' }, aliases: [], fixable: false, hasSuggestions: false },
      create(ctx) {
        return { FROM: (i) => ctx.report({ range: i.getRange(), messageId: 'm', severity: 'error' }) };
      },
    });
    const parse = () => dockerfileLanguage.parse('FROM a\n');
    expect(runRules(dockerfileLanguage, parse(), [raising]).findings[0].severity).toBe('error');
    expect(runRules(dockerfileLanguage, parse(), [raising], { rules: { 'dockerfile/test-raise': 'info' } }).findings[0].severity).toBe('info');
  });

  it('applies severity overrides and off', () => {
    const parse = () => dockerfileLanguage.parse('FROM a as b\n');
    expect(runRules(dockerfileLanguage, parse(), [asCasing], { rules: { 'dockerfile/test-as-casing': 'error' } }).findings[0].severity).toBe('error');
    expect(runRules(dockerfileLanguage, parse(), [asCasing], { rules: { 'dockerfile/test-as-casing': 'off' } }).findings).toEqual([]);
    expect(runRules(dockerfileLanguage, parse(), [asCasing]).findings[0].severity).toBe('warning');
  });
});
