import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../server/src/engine/positions';
import { appendToSeq, ensurePath, removeEntry, removeSeqItem, scalarText, styleOf } from '../../../server/src/languages/k8s/edits';
import { parseK8s } from '../../../server/src/languages/k8s/model';
import { podSpecOf } from '../../../server/src/languages/k8s/podspec';
import { asSeq, findPair, get } from '../../../server/src/languages/k8s/yamlNodes';

/** Apply `ensurePath` on the first container of the first object. */
function onContainer(text: string, path: string[], value: Parameters<typeof ensurePath>[3]): string | null {
  const m = parseK8s(text);
  const c = podSpecOf(m, m.objects[0])!.containers[0];
  const edits = ensurePath(m, c.node, path, value);
  if (!edits) return null;
  const out = applyEdits(text, edits);
  expect(parseK8s(out).problems, out).toEqual([]);
  return out;
}

const pod = (containers: string) => `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n${containers}`;

describe('YAML edits', () => {
  it('inserts a field into an existing block securityContext, after the last sibling and its comment', () => {
    expect(onContainer(pod('    - name: app\n      securityContext:\n        runAsUser: 1000 # uid of app\n      image: x\n'), ['securityContext', 'runAsNonRoot'], true)).toBe(
      pod('    - name: app\n      securityContext:\n        runAsUser: 1000 # uid of app\n        runAsNonRoot: true\n      image: x\n'),
    );
  });

  it('creates the missing securityContext with the document\'s indentation and sequence style', () => {
    expect(onContainer(pod('    - name: app\n      image: x\n'), ['securityContext', 'capabilities', 'drop'], ['ALL'])).toBe(
      pod('    - name: app\n      image: x\n      securityContext:\n        capabilities:\n          drop:\n            - ALL\n'),
    );
    // kubectl style: sequences not indented under their key; 4-space maps.
    const kubectl = 'apiVersion: v1\nkind: Pod\nspec:\n    containers:\n    -   name: app\n        image: x\n';
    expect(styleOf(parseK8s(kubectl), parseK8s(kubectl).documents[0])).toEqual({ indent: 4, seqIndent: 0 });
    expect(onContainer(kubectl, ['securityContext', 'capabilities', 'drop'], ['ALL'])).toBe(
      kubectl + '        securityContext:\n            capabilities:\n                drop:\n                - ALL\n',
    );
  });

  it('writes into flow maps in flow style, keeping their padding', () => {
    expect(onContainer(pod('    - {name: app, securityContext: {runAsUser: 1}}\n'), ['securityContext', 'seccompProfile', 'type'], 'RuntimeDefault')).toBe(
      pod('    - {name: app, securityContext: {runAsUser: 1, seccompProfile: {type: RuntimeDefault}}}\n'),
    );
    expect(onContainer(pod('    - { name: app, securityContext: { } }\n'), ['securityContext', 'runAsNonRoot'], true)).toBe(
      pod('    - { name: app, securityContext: { runAsNonRoot: true } }\n'),
    );
    expect(onContainer(pod('    - {name: app}\n'), ['securityContext', 'capabilities', 'drop'], ['ALL'])).toBe(
      pod('    - {name: app, securityContext: {capabilities: {drop: [ALL]}}}\n'),
    );
  });

  it('replaces a null value (`key:`, `key: ~`) from the colon on', () => {
    expect(onContainer(pod('    - name: app\n      securityContext:\n      image: x\n'), ['securityContext', 'runAsNonRoot'], true)).toBe(
      pod('    - name: app\n      securityContext:\n        runAsNonRoot: true\n      image: x\n'),
    );
    expect(onContainer(pod('    - name: app\n      securityContext: ~ # later\n'), ['securityContext', 'runAsNonRoot'], true)).toBe(
      pod('    - name: app\n      securityContext:\n        runAsNonRoot: true # later\n'),
    );
  });

  it('sets an existing scalar in place and does nothing when it is already right', () => {
    expect(onContainer(pod('    - name: app\n      securityContext: {privileged: "true"}\n'), ['securityContext', 'privileged'], false)).toBe(
      pod('    - name: app\n      securityContext: {privileged: false}\n'),
    );
    const m = parseK8s(pod('    - name: app\n      securityContext: {privileged: false}\n'));
    expect(ensurePath(m, podSpecOf(m, m.objects[0])!.containers[0].node, ['securityContext', 'privileged'], false)).toEqual([]);
  });

  it('keeps CRLF', () => {
    const crlf = pod('    - name: app\n').replace(/\n/g, '\r\n');
    expect(onContainer(crlf, ['securityContext', 'runAsNonRoot'], true)).toBe(
      pod('    - name: app\n      securityContext:\n        runAsNonRoot: true\n').replace(/\n/g, '\r\n'),
    );
  });

  it('refuses to edit anchored maps that aliases share, and values of the wrong type', () => {
    const shared = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      securityContext: &sc\n        runAsUser: 1\n    - name: b\n      securityContext: *sc\n';
    expect(onContainer(shared, ['securityContext', 'runAsNonRoot'], true)).toBeNull();
    expect(onContainer(pod('    - name: app\n      securityContext: strict\n'), ['securityContext', 'runAsNonRoot'], true)).toBeNull();
    const merged = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - &base\n      name: a\n      securityContext: {runAsUser: 1}\n    - <<: *base\n      name: b\n';
    const m = parseK8s(merged);
    expect(ensurePath(m, podSpecOf(m, m.objects[0])!.containers[1].node, ['securityContext', 'runAsNonRoot'], true)).toBeNull();
  });

  it('appends to and removes from sequences in either style', () => {
    const text = pod('    - name: app\n      securityContext:\n        capabilities:\n          add: [NET_ADMIN, SYS_TIME]\n          drop:\n            - NET_RAW\n');
    const m = parseK8s(text);
    const caps = get(get(podSpecOf(m, m.objects[0])!.containers[0].node, 'securityContext'), 'capabilities');
    const drop = asSeq(get(caps, 'drop'))!;
    const add = asSeq(get(caps, 'add'))!;
    expect(applyEdits(text, appendToSeq(m, drop, 'ALL')!)).toBe(text.replace('- NET_RAW\n', '- NET_RAW\n            - ALL\n'));
    expect(applyEdits(text, appendToSeq(m, add, 'CHOWN')!)).toBe(text.replace('SYS_TIME]', 'SYS_TIME, CHOWN]'));
    const capsMap = caps as never;
    expect(applyEdits(text, removeSeqItem(m, capsMap, findPair(capsMap, 'add')!.pair, add, 0)!)).toBe(text.replace('[NET_ADMIN, SYS_TIME]', '[SYS_TIME]'));
    expect(applyEdits(text, removeSeqItem(m, capsMap, findPair(capsMap, 'add')!.pair, add, 1)!)).toBe(text.replace('[NET_ADMIN, SYS_TIME]', '[NET_ADMIN]'));
    expect(applyEdits(text, removeSeqItem(m, capsMap, findPair(capsMap, 'drop')!.pair, drop, 0)!)).toBe(text.replace('drop:\n            - NET_RAW', 'drop: []'));
    expect(applyEdits(text, removeEntry(m, capsMap, 'add')!)).toBe(text.replace('          add: [NET_ADMIN, SYS_TIME]\n', ''));
  });

  it('quotes what would not read back as the same string', () => {
    expect([scalarText('RuntimeDefault'), scalarText('yes'), scalarText('on'), scalarText('a b'), scalarText('*x'), scalarText(65532), scalarText(true)]).toEqual([
      'RuntimeDefault',
      '"yes"',
      '"on"',
      '"a b"',
      '"*x"',
      '65532',
      'true',
    ]);
  });

});
