import type { Language, RuleUnit, SourceComment } from '../../engine/language';
import type { Range, Rule, RuleMeta } from '../../engine/types';
import { parseK8s, type K8sModel, type K8sObject, type YamlDocument } from './model';
import { podMetadataOf, podSpecFor } from './podspec';
import type { ContainerView, PodSpecView } from './podspec';

export { podSpecFor };
import { asMap, get, getPath, keyString, str } from './yamlNodes';

/**
 * A Kubernetes rule's visitor. Called in document order: `document` for each
 * YAML document that holds Kubernetes objects, `object` for each object
 * (List items included), then for objects with a pod template `workload`,
 * `podSpec` and `container` for each of its containers (init, regular,
 * ephemeral), and `end` once at the end.
 */
export interface K8sVisitor {
  document?: (document: YamlDocument) => void;
  object?: (object: K8sObject) => void;
  workload?: (object: K8sObject, podSpec: PodSpecView) => void;
  podSpec?: (podSpec: PodSpecView) => void;
  container?: (container: ContainerView, podSpec: PodSpecView) => void;
  end?: () => void;
}

export type K8sRule<MessageId extends string = string> = Rule<K8sModel, K8sVisitor, MessageId>;

/** Define a Kubernetes rule with typed message ids; `docs` is derived from the id. */
export function defineRule<MessageId extends string>(rule: {
  meta: Omit<RuleMeta<MessageId>, 'language' | 'docs'>;
  create: K8sRule<MessageId>['create'];
}): K8sRule<MessageId> {
  if (!rule.meta.id.startsWith('k8s/')) throw new Error(`Kubernetes rule ids start with k8s/: ${rule.meta.id}`);
  return {
    meta: { ...rule.meta, language: 'k8s', docs: `docs/rules/${rule.meta.id}.md` },
    create: rule.create,
  };
}

/** The annotation that silences rules for one object: `hardline.dev/ignore: k8s/privileged,k8s/host-namespaces`. */
export const IGNORE_ANNOTATION = 'hardline.dev/ignore';

function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

const KUBE_LINTER_IGNORE = 'ignore-check.kube-linter.io/';
const KUBE_LINTER_IGNORE_ALL = 'kube-linter.io/ignore-all';
const POLARIS_EXEMPT = /^polaris\.fairwinds\.com\/(?:(.+)-)?exempt$/;

/**
 * Other tools' annotations that silence their checks on an object, honoured
 * through the rules' aliases: kube-linter's `ignore-check.kube-linter.io/<check>`
 * (any value: it is the reason) and `kube-linter.io/ignore-all`, Polaris'
 * `polaris.fairwinds.com/<check>-exempt: "true"` and `polaris.fairwinds.com/exempt: "true"`.
 */
function foreignDirective(key: string | undefined, value: string | undefined): SourceComment['directive'] {
  if (!key) return undefined;
  if (key.startsWith(KUBE_LINTER_IGNORE) && key.length > KUBE_LINTER_IGNORE.length) {
    return { tool: 'kube-linter', ids: [key.slice(KUBE_LINTER_IGNORE.length)] };
  }
  if (key === KUBE_LINTER_IGNORE_ALL) return { tool: 'kube-linter', ids: ['*'] };
  const m = POLARIS_EXEMPT.exec(key);
  if (m && value?.trim().toLowerCase() === 'true') return { tool: 'polaris', ids: [m[1] ?? '*'] };
  return undefined;
}

/**
 * Suppression comments and their targets: a comment on its own line
 * annotates the node that follows (the outermost one starting there: the
 * whole container for a comment above `- name: app`, the whole object above
 * `apiVersion:`); a comment after content annotates the node its line
 * starts. `hardline.dev/ignore` annotations act as a comment on their object,
 * kube-linter and Polaris annotations as a directive on it.
 */
function comments(model: K8sModel): SourceComment[] {
  const result: SourceComment[] = [];
  const firstContent = model.documents.find((d) => d.doc.contents)?.start ?? Number.MAX_SAFE_INTEGER;
  for (const c of model.comments) {
    let target: Range | null = null;
    if (c.trailing) {
      const item = model.itemFrom(lineStartOf(model.text, c.offset));
      if (item && item.start < c.offset) target = model.rangeOf(item.start, item.end);
    } else {
      const item = model.itemFrom(c.end);
      if (item) target = model.rangeOf(item.start, item.end);
    }
    result.push({ text: c.text, range: c.range, target, header: c.offset < firstContent });
  }
  for (const document of model.documents) {
    if (document.objects.length === 0) continue;
    document.directives ??= directivesOf(model, document.objects);
    for (const d of document.directives) result.push(d);
  }
  return result;
}

/** The suppressions the annotations of these objects make. */
function directivesOf(model: K8sModel, objects: readonly K8sObject[]): SourceComment[] {
  const result: SourceComment[] = [];
  for (const object of objects) {
    const metadatas = [asMap(get(object.node, 'metadata'))];
    const podMetadata = podMetadataOf(object);
    if (podMetadata && podMetadata !== metadatas[0]) metadatas.push(podMetadata);
    for (const metadata of metadatas) {
      const annotations = asMap(get(metadata, 'annotations'));
      if (!annotations) continue;
      for (const pair of annotations.items) {
        const foreign = foreignDirective(keyString(pair.key), str(pair.value));
        if (foreign) {
          const key = (pair.key ?? pair.value) as { range?: [number, number, number] | null };
          result.push({ text: keyString(pair.key) ?? '', range: model.nodeRange(key), target: object.range, header: false, directive: foreign });
          continue;
        }
        if (keyString(pair.key) !== IGNORE_ANNOTATION) continue;
        const value = str(pair.value);
        const node = (pair.value ?? pair.key) as { range?: [number, number, number] | null };
        const ids = (value ?? '').split(/[\s,]+/).filter(Boolean);
        if (ids.length === 0) continue;
        result.push({ text: `hardline-ignore ${ids.join(',')}`, range: model.nodeRange(node), target: object.range, header: false });
      }
    }
  }
  return result;
}

function visitDocument(model: K8sModel, document: YamlDocument, visitors: K8sVisitor[]): void {
  if (!document.ok || document.objects.length === 0) return;
  for (const v of visitors) v.document?.(document);
  for (const object of document.objects) {
    for (const v of visitors) v.object?.(object);
    const pod = podSpecFor(model, object);
    if (!pod) continue;
    for (const v of visitors) {
      v.workload?.(object, pod);
      v.podSpec?.(pod);
    }
    for (const container of pod.containers) {
      for (const v of visitors) v.container?.(container, pod);
    }
  }
}

/** A chunk of the file (see model.ts) as a unit of incremental rule runs. */
interface K8sUnit extends RuleUnit {
  documents: YamlDocument[];
}

/** Kinds whose objects rules read from other documents (profile.ts, limits.ts, secret-in-env, automount-service-account-token). */
const FACT_KINDS = new Set(['Namespace', 'Secret', 'ServiceAccount', 'RoleBinding', 'ClusterRoleBinding', 'LimitRange']);

/** Each chunk with its documents (a refused model has none). */
function chunkDocuments(model: K8sModel): { chunk: K8sModel['chunks'][number]; documents: YamlDocument[]; ok: string }[] {
  const out: { chunk: K8sModel['chunks'][number]; documents: YamlDocument[]; ok: string }[] = [];
  let i = 0;
  for (const chunk of model.chunks) {
    const documents = model.documents.slice(i, i + chunk.docs.length);
    i += chunk.docs.length;
    out.push({ chunk, documents, ok: documents.map((d) => (d.ok ? '1' : '0')).join('') });
  }
  return out;
}

export const k8sLanguage: Language<K8sModel, K8sVisitor> = {
  id: 'k8s',
  parse: parseK8s,
  traverse(model, visitors) {
    for (const document of model.documents) visitDocument(model, document, visitors);
    for (const v of visitors) v.end?.();
  },
  /**
   * Rules run again only on the chunks an edit changed: a chunk keeps its
   * identity while its text is unchanged (model.ts), and its documents' `ok`
   * may change with a neighbour's errors. Facts from other documents: the
   * chunks holding Namespaces, Secrets, ServiceAccounts, role bindings and
   * LimitRanges.
   */
  incremental: {
    units: (model) =>
      chunkDocuments(model).map(({ chunk, documents, ok }): K8sUnit => ({ key: `${chunk.id}:${ok}`, line: chunk.line, documents })),
    traverseUnit(model, unit, visitors) {
      for (const document of (unit as K8sUnit).documents) visitDocument(model, document, visitors);
    },
    traverseEnd(_model, visitors) {
      for (const v of visitors) v.end?.();
    },
    wholeModel: ['end'],
    factsKey: (model) =>
      chunkDocuments(model)
        .filter(({ documents }) => documents.some((d) => d.objects.some((o) => FACT_KINDS.has(o.kind))))
        .map(({ chunk, ok }) => `${chunk.id}:${ok}`)
        .join(','),
    cache: (model) => model.ruleCache,
  },
  comments,
  problems(model) {
    return model.problems;
  },
};

/** `metadata.labels[key]` of an object, as a string. */
export function labelOf(object: K8sObject, key: string): string | undefined {
  const labels = asMap(getPath(object.node, ['metadata', 'labels']));
  if (!labels) return undefined;
  for (const pair of labels.items) if (keyString(pair.key) === key) return str(pair.value);
  return undefined;
}
