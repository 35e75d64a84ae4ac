import type { K8sRule } from '../language';
import privileged from './privileged';

/** Every Kubernetes rule, one import per rule file (the registry sorts them by id). */
export const k8sRules: K8sRule[] = [privileged];
