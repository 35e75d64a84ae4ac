import type { K8sRule } from '../language';
import allowPrivilegeEscalation from './allow-privilege-escalation';
import apparmor from './apparmor';
import capabilitiesAdded from './capabilities-added';
import capabilitiesDropAll from './capabilities-drop-all';
import hostIpc from './host-ipc';
import hostNetwork from './host-network';
import hostPathVolumes from './host-path-volumes';
import hostPid from './host-pid';
import hostPorts from './host-ports';
import hostProbes from './host-probes';
import privileged from './privileged';
import procMount from './proc-mount';
import restrictedVolumes from './restricted-volumes';
import runAsNonRoot from './run-as-non-root';
import runAsUser from './run-as-user';
import seccompProfile from './seccomp-profile';
import selinux from './selinux';
import sysctls from './sysctls';
import windowsHostProcess from './windows-host-process';

// Beyond the Pod Security Standards:
import automountServiceAccountToken from './automount-service-account-token';
import containerRuntimeSocket from './container-runtime-socket';
import cpuLimit from './cpu-limit';
import memoryLimit from './memory-limit';
import noLatestTag from './no-latest-tag';
import pinDigest from './pin-digest';
import readOnlyRootFilesystem from './read-only-root-filesystem';
import secretInEnv from './secret-in-env';

/** Every Kubernetes rule, one import per rule file (the registry sorts them by id). */
export const k8sRules: K8sRule[] = [
  allowPrivilegeEscalation,
  apparmor,
  capabilitiesAdded,
  capabilitiesDropAll,
  hostIpc,
  hostNetwork,
  hostPathVolumes,
  hostPid,
  hostPorts,
  hostProbes,
  privileged,
  procMount,
  restrictedVolumes,
  runAsNonRoot,
  runAsUser,
  seccompProfile,
  selinux,
  sysctls,
  windowsHostProcess,
  automountServiceAccountToken,
  containerRuntimeSocket,
  cpuLimit,
  memoryLimit,
  noLatestTag,
  pinDigest,
  readOnlyRootFilesystem,
  secretInEnv,
];
