import { describe, expect, it } from 'vitest';
import { effectiveWords, parseShell } from '../../../server/src/languages/dockerfile/shell';

const words = (script: string) => parseShell(script).commands.map((c) => c.words.map((w) => w.value));
const spans = (script: string) =>
  parseShell(script).commands.map((c) => c.words.map((w) => `${w.value}@${w.start}-${w.end}=${script.slice(w.start, w.end)}`));

describe('shell tokenizer', () => {
  it('splits on operators and keeps offsets', () => {
    expect(spans('apt-get update && apt-get install -y gcc; echo ok')).toEqual([
      ['apt-get@0-7=apt-get', 'update@8-14=update'],
      ['apt-get@18-25=apt-get', 'install@26-33=install', '-y@34-36=-y', 'gcc@37-40=gcc'],
      ['echo@42-46=echo', 'ok@47-49=ok'],
    ]);
  });

  it('removes quotes but keeps the raw span', () => {
    expect(spans(`echo "a b" 'c|d'`)).toEqual([['echo@0-4=echo', 'a b@5-10="a b"', 'c|d@11-16=\'c|d\'']]);
  });

  it('does not split inside quotes', () => {
    expect(words(`echo "curl x | sh" && true`)).toEqual([['echo', 'curl x | sh'], ['true']]);
  });

  it('records the pipe between commands', () => {
    const cmds = parseShell('curl -fsSL https://x.sh | sh -s -- -y').commands;
    expect(cmds.map((c) => [c.words[0].value, c.prev, c.next])).toEqual([
      ['curl', null, '|'],
      ['sh', '|', null],
    ]);
  });

  it('analyses $(…), backticks, <(…) and sh -c scripts as nested commands', () => {
    // The script of sh -c is the output of curl: curl is analysed once, and the script word is kept.
    expect(parseShell('sh -c "$(curl -fsSL https://x)"').commands.filter((c) => c.nested).map((c) => c.words[0].value)).toEqual([
      'curl',
      '$(curl -fsSL https://x)',
    ]);
    expect(parseShell('bash <(wget -qO- https://x)').commands.filter((c) => c.nested).map((c) => c.words[0].value)).toEqual(['wget']);
    expect(parseShell('echo `id -u`').commands.filter((c) => c.nested).map((c) => c.words[0].value)).toEqual(['id']);
    const nested = parseShell(`sh -c 'apt-get install -y gcc && make'`).commands.filter((c) => c.nested);
    expect(nested.map((c) => c.words.map((w) => w.value))).toEqual([['apt-get', 'install', '-y', 'gcc'], ['make']]);
    // offsets of nested words point into the original text
    const s = `sh -c 'apt-get install -y gcc'`;
    const gcc = parseShell(s).commands.find((c) => c.nested)!.words[3];
    expect(s.slice(gcc.start, gcc.end)).toBe('gcc');
  });

  it('drops redirections and file descriptors', () => {
    expect(words('make > /dev/null 2>&1 && cat < in.txt >> out.txt')).toEqual([['make'], ['cat']]);
    expect(words('cmd &> log')).toEqual([['cmd']]);
  });

  it('handles compound-command keywords', () => {
    expect(words('if [ -f x ]; then apt-get install -y gcc; fi')).toEqual([['[', '-f', 'x', ']'], ['apt-get', 'install', '-y', 'gcc']]);
    expect(words('for p in a b; do pip install $p; done')).toEqual([['for', 'p', 'in', 'a', 'b'], ['pip', 'install', '$p']]);
  });

  it('separates leading assignments', () => {
    const [cmd] = parseShell('DEBIAN_FRONTEND=noninteractive apt-get install -y curl').commands;
    expect(cmd.assignments.map((w) => w.value)).toEqual(['DEBIAN_FRONTEND=noninteractive']);
    expect(cmd.words.map((w) => w.value)).toEqual(['apt-get', 'install', '-y', 'curl']);
  });

  it('skips comments and reports shell syntax', () => {
    expect(words('echo a # curl | sh')).toEqual([['echo', 'a']]);
    expect(parseShell('node server.js').hasShellSyntax).toBe(false);
    for (const s of ['a && b', 'echo $HOME', 'a > b', 'ls *.js', 'a | b', 'echo `x`']) expect(parseShell(s).hasShellSyntax, s).toBe(true);
  });

  it('reads heredoc bodies; a shell body is analysed, a data body is not', () => {
    const script = 'cat > /etc/x.conf <<EOF\ncurl | sh\nEOF\napt-get install -y vim';
    expect(words(script)).toEqual([['cat'], ['apt-get', 'install', '-y', 'vim']]);
    const asShell = '<<EOF\napt-get install -y gcc\nEOF';
    expect(words(asShell)).toEqual([['apt-get', 'install', '-y', 'gcc']]);
    expect(words('bash <<-"END"\n\techo hi\n\tEND\n')).toEqual([['echo', 'hi'], ['bash']]);
  });

  it('strips wrappers with effectiveWords', () => {
    const [cmd] = parseShell('sudo -E -u app env A=1 apt-get install -y curl').commands;
    expect(effectiveWords(cmd).map((w) => w.value)).toEqual(['apt-get', 'install', '-y', 'curl']);
  });

  it('is total: never throws and terminates on hostile input', () => {
    for (const s of ['"', "'", '$(', '`', '<<', '<<EOF', '\\', '$((1+', '((((((', '}}}}', 'a &&', '| |', '\u0000\u0001', '$(echo "$(echo \'$(', 'x'.repeat(100000)]) {
      expect(() => parseShell(s)).not.toThrow();
    }
    const deep = '$('.repeat(2000) + ')'.repeat(2000);
    expect(() => parseShell(deep)).not.toThrow();
  });
});
