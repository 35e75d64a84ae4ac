import { hostNamespaceRule } from '../hostNamespaces';

export default hostNamespaceRule('k8s/host-network', 'hostNetwork', [
  { tool: 'trivy', id: 'KSV-0009' },
  { tool: 'checkov', id: 'CKV_K8S_19' },
  { tool: 'kube-linter', id: 'host-network' },
]);
