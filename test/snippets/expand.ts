/**
 * TextMate / VS Code snippet expansion with default values, as VS Code
 * inserts a snippet when the user accepts every default: tab stops `$1`,
 * `${1}`, placeholders `${1:default}` (nested), choices `${1|a,b|}` (first
 * option), mirrors (the same number elsewhere), the final stop `$0`,
 * variables (`$TM_FILENAME`, `${VAR:default}`) and escapes (`\$`, `\}`, `\\`,
 * and `\,` `\|` in choices). Malformed snippets throw, so a broken snippet
 * fails its test instead of expanding to something else.
 */

type Node =
  | { kind: 'text'; value: string }
  | { kind: 'tabstop'; index: number; children: Node[] | null; choices?: string[] }
  | { kind: 'variable'; name: string; children: Node[] | null };

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Node[] {
    const nodes = this.sequence(false);
    if (this.pos < this.src.length) throw this.error('unexpected }');
    return nodes;
  }

  private error(message: string): Error {
    return new Error(`snippet syntax: ${message} at ${this.pos} in ${JSON.stringify(this.src.slice(Math.max(0, this.pos - 20), this.pos + 20))}`);
  }

  /** Text and placeholders up to the end, or up to the `}` that closes the enclosing placeholder. */
  private sequence(nested: boolean): Node[] {
    const nodes: Node[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', value: text });
      text = '';
    };
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === '\\') {
        const next = this.src[this.pos + 1];
        // Inside placeholders `\}` escapes; everywhere `\$` and `\\` escape; other backslashes are literal.
        if (next === '$' || next === '\\' || (next === '}' && nested)) {
          text += next;
          this.pos += 2;
          continue;
        }
        text += c;
        this.pos++;
        continue;
      }
      if (c === '}' && nested) break;
      if (c === '$') {
        const node = this.dollar();
        if (node) {
          flush();
          nodes.push(node);
          continue;
        }
        text += c;
        this.pos++;
        continue;
      }
      text += c;
      this.pos++;
    }
    flush();
    return nodes;
  }

  /** `$1`, `${1}`, `${1:…}`, `${1|a,b|}`, `$VAR`, `${VAR}`, `${VAR:…}`; null when `$` is plain text. */
  private dollar(): Node | null {
    const rest = this.src.slice(this.pos + 1);
    let m = /^(\d+)/.exec(rest);
    if (m) {
      this.pos += 1 + m[1].length;
      return { kind: 'tabstop', index: Number(m[1]), children: null };
    }
    m = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (m) {
      this.pos += 1 + m[1].length;
      return { kind: 'variable', name: m[1], children: null };
    }
    if (rest[0] !== '{') return null;
    this.pos += 2;
    m = /^(\d+)/.exec(this.src.slice(this.pos));
    if (m) {
      const index = Number(m[1]);
      this.pos += m[1].length;
      const c = this.src[this.pos];
      if (c === '}') {
        this.pos++;
        return { kind: 'tabstop', index, children: null };
      }
      if (c === ':') {
        this.pos++;
        const children = this.sequence(true);
        this.expect('}');
        return { kind: 'tabstop', index, children };
      }
      if (c === '|') {
        this.pos++;
        const choices = this.choices();
        return { kind: 'tabstop', index, children: null, choices };
      }
      throw this.error(`unexpected ${JSON.stringify(c ?? 'end')} after \${${index}`);
    }
    m = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(this.src.slice(this.pos));
    if (!m) throw this.error('expected a tab stop number or a variable name after ${');
    const name = m[1];
    this.pos += name.length;
    const c = this.src[this.pos];
    if (c === '}') {
      this.pos++;
      return { kind: 'variable', name, children: null };
    }
    if (c === ':') {
      this.pos++;
      const children = this.sequence(true);
      this.expect('}');
      return { kind: 'variable', name, children };
    }
    throw this.error(`unsupported variable form after \${${name} (transforms are not used by Hardline snippets)`);
  }

  private choices(): string[] {
    const options: string[] = [];
    let current = '';
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === '\\' && [',', '|', '\\', '$', '}'].includes(this.src[this.pos + 1])) {
        current += this.src[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (c === ',') {
        options.push(current);
        current = '';
        this.pos++;
        continue;
      }
      if (c === '|' && this.src[this.pos + 1] === '}') {
        options.push(current);
        this.pos += 2;
        if (options.length === 0 || options.every((o) => o === '')) throw this.error('empty choice');
        return options;
      }
      current += c;
      this.pos++;
    }
    throw this.error('unterminated choice');
  }

  private expect(c: string): void {
    if (this.src[this.pos] !== c) throw this.error(`expected ${c}`);
    this.pos++;
  }
}

export function parseSnippet(body: string): Node[] {
  return new Parser(body).parse();
}

export interface Expansion {
  text: string;
  /** Tab stop numbers in use (0 included when present). */
  tabstops: number[];
  /** Offsets of `$0` in the text, when present. */
  finalStop: number | null;
}

/**
 * Expand with defaults. `variables` supplies values for variables (VS Code's
 * `TM_FILENAME`, …); an unknown variable takes its default, else its name (as VS Code does).
 */
export function expandSnippet(body: string | string[], variables: Record<string, string> = {}): Expansion {
  const source = Array.isArray(body) ? body.join('\n') : body;
  const nodes = parseSnippet(source);
  // The value of a tab stop: the first occurrence with a default or choice defines it for its mirrors.
  const defining = new Map<number, Node & { kind: 'tabstop' }>();
  const collect = (list: Node[]) => {
    for (const n of list) {
      if (n.kind === 'tabstop' && !defining.has(n.index) && (n.children || n.choices)) defining.set(n.index, n);
      if (n.kind !== 'text' && n.children) collect(n.children);
    }
  };
  collect(nodes);
  const seen = new Set<number>();
  let finalStop: number | null = null;
  const values = new Map<number, string>();
  const render = (list: Node[], out: { text: string }, stack: number[]): void => {
    for (const n of list) {
      if (n.kind === 'text') out.text += n.value;
      else if (n.kind === 'variable') {
        if (n.name in variables) out.text += variables[n.name];
        else if (n.children) render(n.children, out, stack);
        else out.text += n.name;
      } else {
        seen.add(n.index);
        if (n.index === 0) {
          if (n.children || n.choices) throw new Error('snippet syntax: $0 cannot have a default');
          finalStop = out.text.length;
          continue;
        }
        if (stack.includes(n.index)) throw new Error(`snippet syntax: tab stop ${n.index} contains itself`);
        let value = values.get(n.index);
        if (value === undefined) {
          const def = defining.get(n.index);
          const inner = { text: '' };
          if (def?.choices) inner.text = def.choices[0];
          else if (def?.children) render(def.children, inner, [...stack, n.index]);
          value = inner.text;
          values.set(n.index, value);
        }
        out.text += value;
      }
    }
  };
  const out = { text: '' };
  render(nodes, out, []);
  return { text: out.text, tabstops: [...seen].sort((a, b) => a - b), finalStop };
}
