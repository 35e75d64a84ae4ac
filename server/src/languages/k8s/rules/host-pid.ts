import { hostNamespaceRule } from '../hostNamespaces';

export default hostNamespaceRule('k8s/host-pid', 'hostPID', [
  { tool: 'trivy', id: 'KSV-0010' },
  { tool: 'checkov', id: 'CKV_K8S_17' },
  { tool: 'kube-linter', id: 'host-pid' },
]);
