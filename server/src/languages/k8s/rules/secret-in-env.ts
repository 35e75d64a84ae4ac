import { isMap, type Node, type YAMLMap } from 'yaml';
import type { Severity } from '../../../engine/types';
import { classifyName, looksLikePath, nameTokens, secretValueKind, urlInfo } from '../../dockerfile/secrets';
import { replacePair } from '../edits';
import { defineRule } from '../language';
import type { K8sModel, K8sObject } from '../model';
import { containerLabel, valueRange } from '../pss';
import { asMap, get, items, keyString, ownPair, str } from '../yamlNodes';

/** Secrets of the file (namespace, name) and the keys they hold. */
function secretsOf(model: K8sModel): { object: K8sObject; keys: Set<string> }[] {
  const out: { object: K8sObject; keys: Set<string> }[] = [];
  for (const o of model.objects) {
    if (o.kind !== 'Secret' || o.apiVersion !== 'v1' || !o.name) continue;
    const keys = new Set<string>();
    for (const field of ['data', 'stringData']) {
      for (const pair of asMap(get(o.node, field))?.items ?? []) {
        const k = keyString(pair.key);
        if (k) keys.add(k);
      }
    }
    out.push({ object: o, keys });
  }
  return out;
}

/** The name refers to a secret kept elsewhere (`SECRET_ID`, `API_KEY_REF`, `AWS_ACCESS_KEY_ID`, `TOKEN_VERSION`), not the secret itself. */
function namesAReference(name: string): boolean {
  const tokens = nameTokens(name);
  return ['id', 'ids', 'ref', 'arn', 'version', 'name', 'names'].includes(tokens[tokens.length - 1] ?? '');
}

/** Documentation placeholders: `<Client Secret>`, `YOUR_API_KEY`, `replace-me`. */
function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return /^<[^<>]*>$/.test(v) || /^(your|replace|insert)[-_ ]/i.test(v) || /^(replace[-_ ]?me|change[-_ ]?me|todo|xxx+)$/i.test(v);
}

/** A Secret name for a workload: `<name>-secrets` (DNS-1123, at most 253 characters). */
function secretNameFor(object: K8sObject): string {
  const base = (object.name ?? 'app').toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'app';
  return `${base.slice(0, 245)}-secrets`;
}

export default defineRule({
  meta: {
    id: 'k8s/secret-in-env',
    category: 'security',
    defaultSeverity: 'warning',
    description: 'Secrets must not be written as literal env values (names like *_PASSWORD or *_TOKEN, values like real keys): reference a Secret with valueFrom.secretKeyRef.',
    messages: {
      secretName:
        'env {{name}} of {{container}} is named like a secret and set to a literal value: it is stored in the manifest (and its Git history) and shown to anyone who can read the {{kind}} (`kubectl get -o yaml`, `kubectl describe`). Put it in a Secret and reference it with valueFrom.secretKeyRef.',
      secretValue:
        'The value of env {{name}} of {{container}} looks like a {{secretKind}}: it is stored in the manifest (and its Git history) and shown to anyone who can read the {{kind}}. If it is real, revoke it; then put it in a Secret and reference it with valueFrom.secretKeyRef.',
      credentialUrl:
        'env {{name}} of {{container}} is a URL with a password in it: it is stored in the manifest (and its Git history) and shown to anyone who can read the {{kind}}. Put the URL (or the password, composed with $(VAR)) in a Secret and reference it with valueFrom.secretKeyRef.',
      useSecretRef:
        'Read {{name}} from key {{key}} of Secret "{{secret}}" (valueFrom.secretKeyRef; create the Secret first: kubectl create secret generic {{secret}} --from-literal={{key}}=…)',
      useExistingSecretRef: 'Read {{name}} from key {{key}} of Secret "{{secret}}", defined in this file (valueFrom.secretKeyRef)',
    },
    aliases: [{ tool: 'kube-linter', id: 'env-var-secret' }],
    fixable: false,
    hasSuggestions: true,
  },
  create(context) {
    const { model } = context;
    let secrets: ReturnType<typeof secretsOf> | undefined;
    return {
      container(container, pod) {
        for (const item of items(get(container.node, 'env'))) {
          if (!isMap(item)) continue;
          const name = str(get(item, 'name'));
          const valuePair = ownPair(item, 'value');
          const value = str(valuePair?.value);
          if (!name || !valuePair || value === undefined || value.trim() === '') continue;
          let messageId: 'secretName' | 'secretValue' | 'credentialUrl' | undefined;
          let severity: Severity | undefined;
          const secretKind = secretValueKind(value, name);
          const url = urlInfo(value);
          if (secretKind) {
            messageId = 'secretValue';
            // A known credential format is an error; a merely random-looking string stays a warning.
            if (!secretKind.startsWith('random')) severity = 'error';
          } else if (url.withPassword && !/\$\(|\$\{/.test(value)) {
            messageId = 'credentialUrl';
          } else if (
            classifyName(name) === 'secret' &&
            !namesAReference(name) &&
            !isPlaceholder(value) &&
            // `$(OTHER)` composes other variables (the secret is elsewhere); `${X}` is a template placeholder.
            !/\$\(|\$\{/.test(value) &&
            // A switch, a path or a plain URL is not the secret itself.
            !/^(true|false|yes|no|on|off|0|1)$/i.test(value.trim()) &&
            !looksLikePath(value.trim()) &&
            !url.url
          ) {
            messageId = 'secretName';
          }
          if (!messageId) continue;
          secrets ??= secretsOf(model);
          const existing = secrets.find((s) => s.keys.has(name) && (s.object.namespace ?? '') === (pod.object.namespace ?? ''));
          const secret = existing?.object.name ?? secretNameFor(pod.object);
          const data = { name, container: containerLabel(container), kind: pod.object.kind, secretKind: secretKind ?? '', key: name, secret };
          context.report({
            range: valueRange(model, valuePair.value as Node, model.nodeRange(valuePair.key as Node)),
            messageId,
            severity,
            data,
            suggest: [
              {
                messageId: existing ? 'useExistingSecretRef' : 'useSecretRef',
                data,
                fix: () => replacePair(model, item as YAMLMap, valuePair, 'valueFrom', { secretKeyRef: { name: secret, key: name } }),
              },
            ],
          });
        }
      },
    };
  },
});
