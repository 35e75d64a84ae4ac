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
