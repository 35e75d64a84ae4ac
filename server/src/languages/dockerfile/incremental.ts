import type { Comment, Dockerfile, Instruction, ParserDirective } from 'dockerfile-ast';
import { Dockerfile as DockerfileClass } from 'dockerfile-ast/lib/dockerfile';
import { Parser } from 'dockerfile-ast/lib/parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { firstIndex, textChange, type LineIndex, type TextChange } from '../../engine/positions';
import type { Position, Range } from '../../engine/types';

/**
 * dockerfile-ast's parse, split into the items it is made of, so that the next
 * version of the document re-parses only the items an edit touched.
 *
 * The parser reads a file as parser directives (the first lines), then items
 * separated by blanks: a comment (to the end of its line) or an instruction
 * (with its continuation lines, the comments inside them and its here-document
 * bodies). Between items its only state is the position: an item depends on
 * its own text alone, and everything from an item's start on depends only on
 * the text from there to the end. So after an edit, the items that end before
 * it are unchanged, and once the re-parse reaches the start of an old item that
 * lies after the edit (on a later line), the old items from there on are the
 * same, only moved. The result is what `DockerfileParser.parse` gives for the
 * new text, item by item: the same classes, ranges, comments and directives.
 *
 * Full re-parse when the edit touches the directive lines (or the line after
 * them, which could become one). When the edit changes the number of lines,
 * the old items after it are kept too: their text and columns are the same,
 * only their line numbers move, so every position their objects hold (ranges
 * of the instruction, its arguments, flags, properties, here-documents, the
 * comments inside it, and what Hardline remembered on it) is moved by the
 * difference in lines (`shiftLines`).
 */

/** One item of the parse: an instruction (with the comments inside it) or a comment line. */
interface Item {
  start: number;
  /** The offset the parser stopped at (the line break that ends the item, or the text's length). */
  end: number;
  instruction: Instruction | null;
  comments: Comment[];
}

export interface AstParse {
  text: string;
  document: TextDocument;
  ast: Dockerfile;
  escapeChar: string;
  index: LineIndex;
  items: Item[];
  /** Where the items begin (after the directive lines, or after a BOM). */
  bodyStart: number;
  /** An edit that starts before this offset may change the directives: re-parse everything. */
  headerEnd: number;
  /**
   * Instructions kept from the previous version, with how far their text moved
   * (0 before the edit): analyses of them by document offset stay valid once moved.
   */
  kept: Map<Instruction, number>;
}

/** The private parts of dockerfile-ast's Parser this module drives. */
interface ParserInternals {
  escapeChar: string;
  document: TextDocument;
  buffer: string;
  getParserDirectives(document: TextDocument, buffer: string): ParserDirective[];
  processInstruction(dockerfile: Collector, char: string, start: number): number;
  processComment(dockerfile: Collector, start: number): number;
}

/** Stands in for the Dockerfile while items are parsed, to see which objects each item made. */
class Collector {
  instructions: Instruction[] = [];
  comments: Comment[] = [];
  addInstruction(instruction: Instruction): void {
    this.instructions.push(instruction);
  }
  addComment(comment: Comment): void {
    this.comments.push(comment);
  }
}

interface Writable {
  document: TextDocument;
  dockerfile: Dockerfile;
}

/**
 * A TextDocument for the parse, given the line starts Hardline computed
 * already: they are the same (`\n`, `\r\n` and a lone `\r` end a line), and
 * the document would otherwise scan the whole text again for them on the
 * parser's first position lookup.
 */
function newDocument(text: string, index: LineIndex): TextDocument {
  const document = TextDocument.create('', '', 0, text);
  const internals = document as unknown as { _lineOffsets?: number[] };
  if ('_lineOffsets' in internals && internals._lineOffsets === undefined && index.text === text) internals._lineOffsets = index.starts as number[];
  return document;
}

function newParser(document: TextDocument, text: string): ParserInternals {
  const parser = new Parser() as unknown as ParserInternals;
  parser.document = document;
  parser.buffer = text;
  return parser;
}

/** Parse items from `from` until the end, or until `stop` says an old item takes over at an offset. */
function parseItems(
  parser: ParserInternals,
  text: string,
  from: number,
  items: Item[],
  stop?: (offset: number) => boolean,
): number {
  const collector = new Collector();
  for (let i = from; i < text.length; i++) {
    const char = text.charAt(i);
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') continue;
    if (stop?.(i)) return i;
    const c0 = collector.comments.length;
    const i0 = collector.instructions.length;
    const start = i;
    i = char === '#' ? parser.processComment(collector, i) : parser.processInstruction(collector, char, i);
    items.push({
      start,
      end: i,
      instruction: collector.instructions.length > i0 ? collector.instructions[collector.instructions.length - 1] : null,
      comments: collector.comments.slice(c0),
    });
  }
  return text.length;
}

function assemble(
  text: string,
  document: TextDocument,
  index: LineIndex,
  directives: ParserDirective[],
  items: Item[],
  bodyStart: number,
  kept: Map<Instruction, number>,
): AstParse {
  const ast = new DockerfileClass(document) as unknown as Dockerfile & {
    setDirectives(d: ParserDirective[]): void;
    addInstruction(i: Instruction): void;
    addComment(c: Comment): void;
    organizeComments(): void;
  };
  if (directives.length > 0) ast.setDirectives(directives);
  for (const item of items) {
    for (const comment of item.comments) ast.addComment(comment);
    if (item.instruction) {
      (item.instruction as unknown as Writable).dockerfile = ast;
      ast.addInstruction(item.instruction);
    }
  }
  organizeComments(ast as unknown as AstInternals);
  const directiveLines = directives.length;
  const headerEnd = directiveLines + 1 < index.lineCount ? index.starts[directiveLines + 1] : Number.POSITIVE_INFINITY;
  return { text, document, ast, escapeChar: ast.getEscapeCharacter(), index, items, bodyStart, headerEnd, kept };
}

/** `DockerfileParser.parse(text)`, keeping the items apart. */
export function parseAst(text: string, index: LineIndex): AstParse {
  // As Parser.parse does.
  const document = newDocument(text, index);
  const parser = newParser(document, text);
  const directives = parser.getParserDirectives(document, text);
  let offset = 0;
  parser.escapeChar = '\\';
  if (directives.length > 0) {
    const probe = new DockerfileClass(document) as unknown as { setDirectives(d: ParserDirective[]): void; getEscapeCharacter(): string };
    probe.setDirectives(directives);
    parser.escapeChar = probe.getEscapeCharacter();
    offset = document.offsetAt({ line: directives.length, character: 0 });
  } else if (text.charCodeAt(0) === 0xfeff) {
    offset = 1;
  }
  const items: Item[] = [];
  parseItems(parser, text, offset, items);
  return assemble(text, document, index, directives, items, offset, new Map());
}

interface Template {
  getRange(): Range;
  addComment(comment: Comment): void;
}
interface AstInternals {
  getComments(): Comment[];
  initialInstructions: Template;
  buildStages: Template[];
}

/** dockerfile-ast's `Util.isInsideRange`. */
function isInsideRange(position: Position, range: Range): boolean {
  if (range.start.line === range.end.line) {
    return range.start.line === position.line && range.start.character <= position.character && position.character <= range.end.character;
  } else if (range.start.line === position.line) {
    return range.start.character <= position.character;
  } else if (range.end.line === position.line) {
    return position.character <= range.end.character;
  }
  return range.start.line < position.line && position.line < range.end.line;
}

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);

/**
 * `Dockerfile.organizeComments()` (hands each comment to the build stage it is
 * in), with the same result: it asked every stage for its range (made anew on
 * each call) for every comment, quadratic in a large file. A stage's range is
 * that of its instructions, so it is computed once, and the stages (in
 * document order, their ranges ascending) are searched from the first one that
 * does not end before the comment.
 */
function organizeComments(ast: AstInternals): void {
  const initial = ast.initialInstructions;
  const initialRange = initial.getRange();
  const stages = ast.buildStages;
  const ranges = stages.map((s) => s.getRange());
  for (const comment of ast.getComments()) {
    const range = comment.getRange();
    if (isInsideRange(range.end, initialRange)) {
      initial.addComment(comment);
      continue;
    }
    const at = range.start;
    for (let k = firstIndex(ranges.length, (i) => before(ranges[i].end, at)); k < ranges.length && !before(at, ranges[k].start); k++) {
      if (isInsideRange(at, ranges[k])) stages[k].addComment(comment);
    }
  }
}

/** The first index whose value is greater than `value` (values ascending). */
function upperBound(values: readonly Item[], value: number): number {
  return firstIndex(values.length, (i) => values[i].start <= value);
}

/**
 * Move every position an item's objects hold by `lines` (each object once:
 * positions are shared between ranges). The instruction's document and
 * Dockerfile are not walked (they are replaced), nor are numbers: document
 * offsets are moved by the callers that keep them, with the shift in `kept`.
 */
function shiftLines(root: object, lines: number, seen: Set<object>): void {
  const stack: object[] = [root];
  while (stack.length > 0) {
    const o = stack.pop() as Record<string, unknown>;
    const keys = Object.keys(o);
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      if (key === 'document' || key === 'dockerfile') continue;
      const v = o[key];
      if (typeof v !== 'object' || v === null || seen.has(v)) continue;
      seen.add(v);
      const p = v as { line?: unknown; character?: unknown };
      if (typeof p.line === 'number' && typeof p.character === 'number') p.line += lines;
      else stack.push(v);
    }
  }
}

/**
 * The parse of `text`, reusing `previous` (the parse of an earlier version) for
 * the items the edit did not touch; null when a full parse is needed. `change`:
 * where the texts differ. `previous` must not be used afterwards (its objects
 * now belong to the new parse, moved).
 */
export function reparseAst(text: string, index: LineIndex, previous: AstParse, change: TextChange = textChange(previous.text, text)): AstParse | null {
  const old = previous.text;
  const { start: p, oldEnd, newEnd } = change;
  if (p < previous.headerEnd) return null;
  const delta = newEnd - oldEnd;
  const lineShift = index.lineCount - previous.index.lineCount;

  const oldItems = previous.items;
  // Items that end before the edit are kept as they are.
  let a = upperBound(oldItems, p) - 1;
  let from: number;
  if (a < 0) {
    a = 0;
    from = previous.bodyStart;
  } else if (oldItems[a].end < p) {
    from = oldItems[a].end + 1;
    a++;
  } else {
    from = oldItems[a].start;
  }

  const document = newDocument(text, index);
  const parser = newParser(document, text);
  parser.escapeChar = previous.escapeChar;
  const reparsed: Item[] = [];
  let b = oldItems.length;
  let k = a;
  parseItems(parser, text, from, reparsed, (offset) => {
    if (offset < newEnd) return false;
    // Is an old item starting here (at its moved offset), on a line after the edit?
    const target = offset - delta;
    while (k < oldItems.length && oldItems[k].start < target) k++;
    if (k >= oldItems.length || oldItems[k].start !== target) return false;
    for (let j = oldEnd; j < target; j++) {
      const c = old.charCodeAt(j);
      if (c === 10 || c === 13) {
        b = k;
        return true;
      }
    }
    return false;
  });

  if (b < oldItems.length) {
    // The old items from b on keep their text and columns; only their lines may move, all by the same amount.
    const before = previous.index.positionAt(oldItems[b].start);
    const after = index.positionAt(oldItems[b].start + delta);
    if (before.character !== after.character || after.line - before.line !== lineShift) return null;
  }

  const kept = new Map<Instruction, number>();
  const items: Item[] = [];
  const seen = lineShift !== 0 ? new Set<object>() : null;
  const keep = (item: Item, shift: number): void => {
    for (const comment of item.comments) {
      (comment as unknown as Writable).document = document;
      if (seen && shift !== 0) shiftLines(comment, lineShift, seen);
    }
    if (item.instruction) {
      const instruction = item.instruction as unknown as Writable & { property?: Writable | null; properties?: Writable[] };
      instruction.document = document;
      // ARG, ENV and LABEL keep their parsed properties, which hold the document too.
      if (instruction.property) instruction.property.document = document;
      if (Array.isArray(instruction.properties)) for (const property of instruction.properties) property.document = document;
      if (seen && shift !== 0) shiftLines(instruction, lineShift, seen);
      kept.set(item.instruction, shift);
    }
    // The previous parse is not used again: its items are moved in place.
    item.start += shift;
    item.end += shift;
    items.push(item);
  };
  for (let j = 0; j < a; j++) keep(oldItems[j], 0);
  for (const item of reparsed) items.push(item);
  for (let j = b; j < oldItems.length; j++) keep(oldItems[j], delta);
  const directives = previous.ast.getDirectives();
  for (const directive of directives) (directive as unknown as Writable).document = document;
  return assemble(text, document, index, directives, items, previous.bodyStart, kept);
}
