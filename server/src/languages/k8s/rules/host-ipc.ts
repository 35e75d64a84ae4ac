import { hostNamespaceRule } from '../hostNamespaces';

export default hostNamespaceRule('k8s/host-ipc', 'hostIPC', [
  { tool: 'trivy', id: 'KSV-0008' },
  { tool: 'checkov', id: 'CKV_K8S_18' },
  { tool: 'kube-linter', id: 'host-ipc' },
]);
