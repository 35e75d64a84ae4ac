/**
 * Delta debugging (Zeller's ddmin) of a failing input: first whole lines,
 * then characters, keeping only reductions that fail the same property. The
 * result is what goes into regressions.test.ts.
 */
import { PropertyViolation } from './properties';

/** The property an input violates, or null when it passes (other errors count as their message). */
export function violationOf(check: (text: string) => void, text: string): string | null {
  try {
    check(text);
    return null;
  } catch (error) {
    return error instanceof PropertyViolation ? error.property : `error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
}

function ddmin(parts: string[], fails: (parts: string[]) => boolean, budget: { left: number }): string[] {
  let n = 2;
  while (parts.length >= 2 && budget.left > 0) {
    const size = Math.ceil(parts.length / n);
    let reduced = false;
    for (let start = 0; start < parts.length && budget.left > 0; start += size) {
      const complement = [...parts.slice(0, start), ...parts.slice(start + size)];
      budget.left--;
      if (complement.length > 0 && fails(complement)) {
        parts = complement;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= parts.length) break;
      n = Math.min(parts.length, n * 2);
    }
  }
  return parts;
}

/** The smallest text found (within `maxChecks` property checks) that violates the same property as `text`. */
export function minimize(check: (text: string) => void, text: string, maxChecks = 3000): { text: string; property: string | null } {
  const property = violationOf(check, text);
  if (property === null) return { text, property };
  const budget = { left: maxChecks };
  const fails = (candidate: string) => violationOf(check, candidate) === property;
  const lines = text.match(/[^\r\n]*(\r\n|\r|\n)|[^\r\n]+$/g) ?? [text];
  let result = ddmin(lines, (p) => fails(p.join('')), budget).join('');
  result = ddmin([...result], (p) => fails(p.join('')), budget).join('');
  return { text: result, property };
}
