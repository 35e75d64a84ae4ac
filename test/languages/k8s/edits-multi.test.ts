/**
 * The multi-field YAML edits the combined fixes use (edits.ts, second part):
 * several entries at once, map items appended to sequences, a pair replaced,
 * sequence items filtered, deep completion, and same-point insertions merged
 * in an order that keeps every line in its structure.
 */
import { describe, expect, it } from 'vitest';
import type { YAMLMap, YAMLSeq } from 'yaml';
import { applyEdits } from '../../../server/src/engine/positions';
import {
  appendItemsToSeq,
  ensureEntries,
  insertEntries,
  keepSeqItems,
  mergeEdits,
  replacePair,
} from '../../../server/src/languages/k8s/edits';
import { parseK8s } from '../../../server/src/languages/k8s/model';
import { podSpecOf } from '../../../server/src/languages/k8s/podspec';
import { asMap, asSeq, findPair, get, str } from '../../../server/src/languages/k8s/yamlNodes';

const pod = (containers: string) => `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n${containers}`;

function first(text: string) {
  const model = parseK8s(text);
  const spec = podSpecOf(model, model.objects[0])!;
  return { model, spec, container: spec.containers[0] };
}

/** The edited text re-parses without problems and differs from the original. */
function check(text: string, out: string) {
  expect(parseK8s(out).problems, out).toEqual([]);
  expect(out).not.toBe(text);
  return out;
}

describe('multi-field YAML edits', () => {
  it('insertEntries writes several entries as one block, maps inside sequences in block style', () => {
    const text = pod('    - name: app # main\n      image: x\n');
    const { model, container } = first(text);
    const edits = insertEntries(model, container.node, [
      ['securityContext', { runAsNonRoot: true }],
      ['volumeMounts', [{ name: 'tmp', mountPath: '/tmp' }]],
    ])!;
    expect(edits).toHaveLength(1);
    expect(check(text, applyEdits(text, edits))).toBe(
      pod('    - name: app # main\n      image: x\n      securityContext:\n        runAsNonRoot: true\n      volumeMounts:\n        - name: tmp\n          mountPath: /tmp\n'),
    );
  });

  it('insertEntries into flow maps, empty or not', () => {
    const text = pod('    - {name: app, securityContext: {}}\n');
    const { model, container } = first(text);
    const sc = asMap(get(container.node, 'securityContext'))!;
    expect(applyEdits(text, insertEntries(model, sc, [['a', 1], ['b', [true]]])!)).toBe(pod('    - {name: app, securityContext: {a: 1, b: [true]}}\n'));
    expect(applyEdits(text, insertEntries(model, container.node, [['x', 'w'], ['z', { k: 'v' }]])!)).toBe(
      pod('    - {name: app, securityContext: {}, x: w, z: {k: v}}\n'),
    );
  });

  it('appendItemsToSeq keeps the siblings\' dash column and gap, and the flow padding', () => {
    const block = pod('  - name: app\n    volumeMounts:\n    -   name: a\n        mountPath: /a\n');
    const b = first(block);
    const seq = asSeq(get(b.container.node, 'volumeMounts'))!;
    expect(check(block, applyEdits(block, appendItemsToSeq(b.model, seq, [{ name: 'tmp', mountPath: '/tmp' }, 'x'])!))).toBe(
      pod('  - name: app\n    volumeMounts:\n    -   name: a\n        mountPath: /a\n    -   name: tmp\n        mountPath: /tmp\n    -   x\n'),
    );
    const flow = pod('  - {name: app, volumeMounts: [ {name: a} ], ports: []}\n');
    const f = first(flow);
    expect(applyEdits(flow, appendItemsToSeq(f.model, asSeq(get(f.container.node, 'volumeMounts'))!, [{ name: 'tmp' }])!)).toBe(
      pod('  - {name: app, volumeMounts: [ {name: a}, { name: tmp } ], ports: []}\n'),
    );
    expect(applyEdits(flow, appendItemsToSeq(f.model, asSeq(get(f.container.node, 'ports'))!, [80])!)).toBe(
      pod('  - {name: app, volumeMounts: [ {name: a} ], ports: [80]}\n'),
    );
  });

  it('replacePair swaps a whole entry, block (comments above kept) or flow', () => {
    const text = pod('  - name: app\n    env:\n      - name: TOKEN\n        # old\n        value: abc # inline\n      - name: B\n');
    const { model, container } = first(text);
    const item = asSeq(get(container.node, 'env'))!.items[0] as YAMLMap;
    const pair = findPair(item, 'value')!.pair;
    expect(check(text, applyEdits(text, replacePair(model, item, pair, 'valueFrom', { secretKeyRef: { name: 's', key: 'TOKEN' } })!))).toBe(
      pod('  - name: app\n    env:\n      - name: TOKEN\n        # old\n        valueFrom:\n          secretKeyRef:\n            name: s\n            key: TOKEN # inline\n      - name: B\n'),
    );
  });

  describe('keepSeqItems', () => {
    const text = pod('  - name: app\n    securityContext:\n      capabilities:\n        add:\n          - NET_ADMIN\n          - NET_BIND_SERVICE # port 80\n          - SYS_TIME\n          - SYS_PTRACE\n        drop: [ALL]\n');
    const caps = () => {
      const { model, container } = first(text);
      const map = asMap(get(get(container.node, 'securityContext'), 'capabilities'))!;
      const pair = findPair(map, 'add')!.pair;
      return { model, map, pair, seq: pair.value as YAMLSeq };
    };
    it('removes runs of block items, the trailing run from the end of the last kept line', () => {
      const { model, map, pair, seq } = caps();
      expect(check(text, applyEdits(text, keepSeqItems(model, map, pair, seq, (n) => str(n) === 'NET_BIND_SERVICE')!))).toBe(
        pod('  - name: app\n    securityContext:\n      capabilities:\n        add:\n          - NET_BIND_SERVICE # port 80\n        drop: [ALL]\n'),
      );
    });
    it('leaves `[]` when nothing is kept, and nothing to do when everything is', () => {
      const { model, map, pair, seq } = caps();
      expect(check(text, applyEdits(text, keepSeqItems(model, map, pair, seq, () => false)!))).toBe(
        pod('  - name: app\n    securityContext:\n      capabilities:\n        add: []\n        drop: [ALL]\n'),
      );
      expect(keepSeqItems(model, map, pair, seq, () => true)).toEqual([]);
    });
    it('rewrites a flow sequence with the kept items as written', () => {
      const flow = pod('  - {name: app, securityContext: {capabilities: {add: [ "NET_BIND_SERVICE", SYS_ADMIN ]}}}\n');
      const { model, container } = first(flow);
      const map = asMap(get(get(container.node, 'securityContext'), 'capabilities'))!;
      const pair = findPair(map, 'add')!.pair;
      expect(applyEdits(flow, keepSeqItems(model, map, pair, pair.value as YAMLSeq, (n) => str(n) === 'NET_BIND_SERVICE')!)).toBe(
        pod('  - {name: app, securityContext: {capabilities: {add: [ "NET_BIND_SERVICE" ]}}}\n'),
      );
    });
  });

  it('ensureEntries completes deeply: sets differing scalars, fills null values, appends missing list items, inserts the rest together', () => {
    const text = pod('  - name: app\n    securityContext:\n      allowPrivilegeEscalation: true\n      capabilities:\n        drop:\n          - NET_RAW\n      seccompProfile:\n');
    const { model, container } = first(text);
    const edits = ensureEntries(model, container.node, {
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL', 'NET_RAW'] },
        seccompProfile: { type: 'RuntimeDefault' },
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
      },
    })!;
    expect(check(text, applyEdits(text, edits))).toBe(
      pod(
        '  - name: app\n    securityContext:\n      allowPrivilegeEscalation: false\n      capabilities:\n        drop:\n          - NET_RAW\n          - ALL\n      seccompProfile:\n        type: RuntimeDefault\n      runAsNonRoot: true\n      readOnlyRootFilesystem: true\n',
      ),
    );
    expect(ensureEntries(model, container.node, { securityContext: { capabilities: { drop: ['NET_RAW'] } } })).toEqual([]);
    // A scalar where a map is wanted: no guess.
    expect(ensureEntries(model, container.node, { securityContext: { allowPrivilegeEscalation: { x: 1 } } })).toBeNull();
  });

  it('mergeEdits joins insertions at one point deepest first, sequence items before keys of the same column, and refuses overlaps', () => {
    const text = pod('  - name: app\n    volumeMounts:\n    - name: a\n');
    const { model, spec, container } = first(text);
    const seq = asSeq(get(container.node, 'volumeMounts'))!;
    const key = insertEntries(model, container.node, [['securityContext', { runAsNonRoot: true }]])!;
    const item = appendItemsToSeq(model, seq, [{ name: 'tmp' }])!;
    const podKey = insertEntries(model, spec.node, [['volumes', [{ name: 'tmp', emptyDir: {} }]]])!;
    const merged = mergeEdits(model, [...podKey, ...key, ...item])!;
    expect(merged).toHaveLength(1);
    expect(check(text, applyEdits(text, merged))).toBe(
      pod('  - name: app\n    volumeMounts:\n    - name: a\n    - name: tmp\n    securityContext:\n      runAsNonRoot: true\n  volumes:\n  - name: tmp\n    emptyDir: {}\n'),
    );
    const a = { range: { start: { line: 4, character: 2 }, end: { line: 4, character: 8 } }, newText: 'x' };
    const b = { range: { start: { line: 4, character: 5 }, end: { line: 4, character: 9 } }, newText: 'y' };
    expect(mergeEdits(model, [a, b])).toBeNull();
  });
});
