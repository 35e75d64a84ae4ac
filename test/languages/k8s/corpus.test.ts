/**
 * The vendored Kubernetes corpus (test/corpus/k8s, see its SOURCES.md):
 * every manifest is checked by every rule without an internal error, and
 * every suggestion of every Pod Security rule, applied alone, yields YAML
 * that parses to the same objects plus exactly the intended fields (the
 * parsed documents are compared leaf by leaf) and makes its finding go away.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { applyEdits } from '../../../server/src/engine/positions';
import { languages } from '../../../server/src/engine/registry';
import { runRules } from '../../../server/src/engine/run';

const dir = join(__dirname, '../../corpus/k8s');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
const { language, rules } = languages.k8s;
const pssRules = rules.filter((r) => r.meta.aliases.some((a) => a.tool === 'psa'));

const S = '\u241f'; // path separator that no key contains
/** Where each rule's suggestions may change the parsed objects (path suffixes). */
const ALLOWED: Record<string, RegExp> = {
  'k8s/allow-privilege-escalation': /securityContext(\u241fallowPrivilegeEscalation)?$/,
  'k8s/apparmor': /(appArmorProfile\u241ftype|annotations\u241fcontainer\.apparmor\.security\.beta\.kubernetes\.io\/[^\u241f]+)$/,
  'k8s/capabilities-added': /securityContext\u241fcapabilities\u241fadd(\u241f\d+)?$/,
  'k8s/capabilities-drop-all': /securityContext(\u241fcapabilities(\u241fdrop(\u241f\d+)?)?)?$/,
  'k8s/host-ipc': /\u241fhostIPC$/,
  'k8s/host-network': /\u241fhostNetwork$/,
  'k8s/host-pid': /\u241fhostPID$/,
  'k8s/host-ports': /\u241fports\u241f\d+\u241fhostPort$/,
  'k8s/host-probes': /(Probe|postStart|preStop)\u241f(httpGet|tcpSocket)\u241fhost$/,
  'k8s/privileged': /securityContext\u241fprivileged$/,
  'k8s/proc-mount': /securityContext\u241fprocMount$/,
  'k8s/run-as-non-root': /securityContext(\u241frunAsNonRoot)?$/,
  'k8s/run-as-user': /securityContext\u241frunAsUser$/,
  'k8s/seccomp-profile': /securityContext(\u241fseccompProfile(\u241ftype)?)?$/,
  'k8s/selinux': /seLinuxOptions\u241f(type|user|role)$/,
  'k8s/sysctls': /securityContext\u241fsysctls(\u241f\d+(\u241f(name|value))?)?$/,
  'k8s/windows-host-process': /windowsOptions\u241fhostProcess$/,
};

/** Every leaf (scalar, empty collection) of the parsed documents, by path. */
function leaves(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      if (value.length === 0) out.set(path, '[]');
      value.forEach((v, i) => walk(v, `${path}${S}${i}`));
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length === 0) out.set(path, '{}');
      for (const [k, v] of entries) walk(v, `${path}${S}${k}`);
    } else {
      out.set(path, JSON.stringify(value));
    }
  };
  parseAllDocuments(text, { version: '1.1', merge: true }).forEach((d, i) => walk(d.toJS({ maxAliasCount: 1000 }), `doc${i}`));
  return out;
}

function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}

describe('Kubernetes corpus', () => {
  it('has the vendored manifests', () => {
    expect(files.length).toBe(183);
  });

  it('checks every manifest with every rule without an internal error', () => {
    const failures: string[] = [];
    for (const name of files) {
      const text = readFileSync(join(dir, name), 'utf8');
      const { problems } = runRules(language, language.parse(text), rules, {}, {});
      for (const p of problems.filter((x) => x.code === 'internal-error')) failures.push(`${name}: ${p.message}`);
    }
    expect(failures).toEqual([]);
  });

  it('every Pod Security rule with suggestions has its allowed change paths listed', () => {
    expect(pssRules.filter((r) => r.meta.hasSuggestions).map((r) => r.meta.id).filter((id) => !ALLOWED[id])).toEqual([]);
  });

  it('every suggestion changes exactly the intended fields, re-parses cleanly and removes its finding', () => {
    const failures: string[] = [];
    let applied = 0;
    for (const name of files) {
      const text = readFileSync(join(dir, name), 'utf8');
      const model = language.parse(text);
      const before = leaves(text);
      const problemsBefore = model.problems.length;
      for (const rule of pssRules) {
        const { findings } = runRules(language, model, [rule], {}, {});
        for (const f of findings) {
          for (const s of f.suggestions) {
            const edits = s.fix();
            if (!edits) continue; // declined (e.g. an alias-shared node): nothing to check
            applied++;
            const where = `${name} ${rule.meta.id} ${f.range.start.line + 1}:${f.range.start.character + 1} "${s.title}"`;
            const output = applyEdits(text, edits);
            const reparsed = language.parse(output);
            if (reparsed.problems.length > problemsBefore) {
              failures.push(`${where}: new YAML problems: ${reparsed.problems.map((p) => p.message).join('; ')}`);
              continue;
            }
            const changed = changedPaths(before, leaves(output));
            if (changed.length === 0) failures.push(`${where}: changed nothing`);
            const docs = new Set(changed.map((p) => p.split(S)[0]));
            if (docs.size > 1) failures.push(`${where}: changed several documents`);
            for (const p of changed.filter((x) => !ALLOWED[rule.meta.id].test(x))) failures.push(`${where}: unexpected change at ${p.split(S).join('.')}`);
            const after = runRules(language, reparsed, [rule], {}, {}).findings;
            if (after.length >= findings.length) failures.push(`${where}: the finding is still there`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(applied).toBeGreaterThan(500);
  }, 120_000);
});
