import { Instruction, type Argument } from 'dockerfile-ast';

/**
 * dockerfile-ast recomputes an instruction's arguments from the document text
 * on every `getArguments()` call, and calls it again and again itself (flags,
 * ranges, JSON and heredoc parsing), so parsing and checking a Dockerfile
 * spent half its time there. An instruction and its document never change
 * after parsing: the result is computed once per instruction. Callers get a
 * copy, as before (the library's own subclasses shift flags off the array).
 */
interface Cached {
  getRawArguments(): Argument[];
  hardlineRawArguments?: Argument[];
}
const proto = Instruction.prototype as unknown as Cached & { hardlineCaches?: true };

if (!proto.hardlineCaches) {
  const compute = proto.getRawArguments;
  proto.getRawArguments = function (this: Cached): Argument[] {
    // A plain property, not a WeakMap: thousands of weak keys per parse slow the garbage collector down.
    const args = (this.hardlineRawArguments ??= compute.call(this));
    return args.slice();
  };
  proto.hardlineCaches = true;
}

/**
 * The same for `getHeredocs()` (it re-scans the instruction's text on every
 * call; the model asks for every RUN, COPY and ADD on every parse, and an
 * instruction kept from the previous version keeps its result). A throw is
 * remembered too. Callers get a copy of the array.
 */
interface HeredocCached {
  getHeredocs(): unknown[];
  hardlineHeredocs?: { value: unknown[] } | { error: unknown };
}
const heredocProto = Instruction.prototype as unknown as HeredocCached & { hardlineHeredocCache?: true };

if (!heredocProto.hardlineHeredocCache) {
  const compute = heredocProto.getHeredocs;
  heredocProto.getHeredocs = function (this: HeredocCached): unknown[] {
    let cached = this.hardlineHeredocs;
    if (!cached) {
      try {
        cached = { value: compute.call(this) };
      } catch (error) {
        cached = { error };
      }
      this.hardlineHeredocs = cached;
    }
    if ('error' in cached) throw cached.error;
    return cached.value.slice();
  };
  heredocProto.hardlineHeredocCache = true;
}

/**
 * `getKeyword()` upper-cases the instruction's name on every call, and the
 * model and every rule ask it of every instruction on every check: remembered.
 */
interface KeywordCached {
  getKeyword(): string;
  hardlineKeyword?: string;
}
const keywordProto = Instruction.prototype as unknown as KeywordCached & { hardlineKeywordCache?: true };

if (!keywordProto.hardlineKeywordCache) {
  const compute = keywordProto.getKeyword;
  keywordProto.getKeyword = function (this: KeywordCached): string {
    return (this.hardlineKeyword ??= compute.call(this));
  };
  keywordProto.hardlineKeywordCache = true;
}
