import type { Node } from 'yaml';
import { volumeMounts } from '../hardening';
import { defineRule } from '../language';
import { containerLabel, valueRange } from '../pss';
import { get, str } from '../yamlNodes';

/** Sockets of container runtimes (and their engines' API) by file name. */
const SOCKETS: Record<string, string> = {
  'docker.sock': 'the Docker daemon socket',
  'containerd.sock': 'the containerd socket',
  'crio.sock': 'the CRI-O socket',
  'cri-dockerd.sock': 'the cri-dockerd socket',
  'dockershim.sock': 'the dockershim socket',
  'podman.sock': 'the Podman socket',
  'buildkitd.sock': 'the BuildKit daemon socket',
};

/** Directories that hold those sockets: mounting one exposes the socket inside it. */
const DIRECTORIES: Record<string, string> = {
  '/var/run': 'the directory of the container runtime sockets (docker.sock, containerd/containerd.sock, crio/crio.sock)',
  '/run': 'the directory of the container runtime sockets (docker.sock, containerd/containerd.sock, crio/crio.sock)',
  '/var/run/docker': 'the Docker runtime directory',
  '/run/docker': 'the Docker runtime directory',
  '/var/run/containerd': 'the containerd runtime directory (containerd.sock)',
  '/run/containerd': 'the containerd runtime directory (containerd.sock)',
  '/var/run/crio': 'the CRI-O runtime directory (crio.sock)',
  '/run/crio': 'the CRI-O runtime directory (crio.sock)',
  '/run/k3s/containerd': 'the k3s containerd directory (containerd.sock)',
  '/var/run/k3s/containerd': 'the k3s containerd directory (containerd.sock)',
  '/var/run/cri-dockerd': 'the cri-dockerd runtime directory',
  '/run/cri-dockerd': 'the cri-dockerd runtime directory',
  '/run/podman': 'the Podman runtime directory (podman.sock)',
  '/var/run/podman': 'the Podman runtime directory (podman.sock)',
  '/run/buildkit': 'the BuildKit runtime directory (buildkitd.sock)',
};

/** What a hostPath exposes, or undefined when it is not a container runtime socket or its directory. */
export function runtimeSocket(path: string): string | undefined {
  const p = path.trim().replace(/\/+/g, '/').replace(/\/$/, '');
  const base = p.slice(p.lastIndexOf('/') + 1);
  return SOCKETS[base] ?? DIRECTORIES[p];
}

export default defineRule({
  meta: {
    id: 'k8s/container-runtime-socket',
    category: 'security',
    defaultSeverity: 'error',
    description: 'Pods must not mount the Docker, containerd or CRI-O socket (or its directory) from the node: whoever can talk to it controls every container on the node.',
    messages: {
      socket:
        'The hostPath volume "{{volume}}" mounts {{path}} from the node, which is {{what}}; {{mounted}}: whoever can reach the socket can start a privileged container with the node\'s root file system mounted, so a compromise of this pod is a compromise of the node and of every pod on it. Build images with a daemonless builder (BuildKit rootless, kaniko) and read container data through the Kubernetes API instead.',
    },
    aliases: [
      { tool: 'trivy', id: 'KSV-0006' },
      { tool: 'checkov', id: 'CKV_K8S_27' },
      { tool: 'kube-linter', id: 'docker-sock' },
    ],
    fixable: false,
    hasSuggestions: false,
  },
  create(context) {
    const { model } = context;
    return {
      podSpec(pod) {
        for (const volume of pod.volumes) {
          if (volume.type !== 'hostPath') continue;
          const pathNode = get(volume.typePair?.value, 'path');
          const path = str(pathNode);
          if (path === undefined) continue;
          const what = runtimeSocket(path);
          if (!what) continue;
          const users = pod.containers.filter((c) => volume.name !== undefined && volumeMounts(c).some((m) => m.name === volume.name)).map(containerLabel);
          const mounted = users.length === 0 ? 'no container mounts it yet' : `${users.join(', ')} ${users.length === 1 ? 'mounts' : 'mount'} it`;
          context.report({
            range: valueRange(model, pathNode as Node, volume.range),
            messageId: 'socket',
            data: { volume: volume.name ?? '', what, path, mounted },
          });
        }
      },
    };
  },
});
