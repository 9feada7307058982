/*
 * Pods as a cluster holds them, for the Backstage Kubernetes plugin to list: the spec with the API server's
 * defaults (pkg/apis/core/v1/defaults.go) and the status the kubelet reports for the pod's phase.
 */
import type { JsonObject } from './fields';

/**
 * A Pod for {@link KubernetesApiDouble.addPod}.
 *
 * @public
 */
export interface KubernetesPodInput {
  name: string;
  /** Default `default`. */
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Default: one container `main` running `registry.k8s.io/pause:3.10`. */
  containers?: Array<{ name: string; image: string; [key: string]: unknown }>;
  /** Default `Running`. */
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  /** Whether the containers are ready. Default: true when Running. */
  ready?: boolean;
  /** Restarts of each container. Default 0. */
  restartCount?: number;
  ownerReferences?: Array<Record<string, unknown>>;
  /** Replaces the generated status entirely. */
  status?: Record<string, unknown>;
}

/** The Pod object (without status) the API server stores for `input`. */
export function podObject(input: KubernetesPodInput, namespace: string) {
  const containers = (input.containers ?? defaultContainers()).map(c => ({
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: c.image.endsWith(':latest') ? 'Always' : 'IfNotPresent',
    resources: {},
    ...c,
  }));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: input.name,
      namespace,
      ...(input.labels ? { labels: input.labels } : {}),
      ...(input.annotations ? { annotations: input.annotations } : {}),
      ...(input.ownerReferences
        ? { ownerReferences: input.ownerReferences }
        : {}),
    },
    spec: {
      containers,
      nodeName: 'worker-1',
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
      serviceAccountName: 'default',
      securityContext: {},
    },
  };
}

function defaultContainers() {
  return [{ name: 'main', image: 'registry.k8s.io/pause:3.10' }];
}

/** The status the kubelet reports for a pod of `input`, started at `started` with IP `podIp`. */
export function podStatus(
  input: KubernetesPodInput,
  started: string,
  podIp: string,
): JsonObject {
  if (input.status) {
    return input.status;
  }
  const phase = input.phase ?? 'Running';
  const ready = input.ready ?? phase === 'Running';
  const condition = (type: string, value: boolean) => ({
    type,
    status: value ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: started,
  });
  return {
    phase,
    conditions: [
      condition('PodReadyToStartContainers', phase !== 'Pending'),
      condition('Initialized', true),
      condition('Ready', ready),
      condition('ContainersReady', ready),
      condition('PodScheduled', true),
    ],
    hostIP: '172.18.0.2',
    hostIPs: [{ ip: '172.18.0.2' }],
    podIP: podIp,
    podIPs: [{ ip: podIp }],
    startTime: started,
    containerStatuses: (input.containers ?? defaultContainers()).map(c => ({
      name: c.name,
      state: containerState(phase, started),
      lastState: {},
      ready,
      restartCount: input.restartCount ?? 0,
      image: c.image,
      imageID: '',
      started: phase === 'Running',
    })),
    qosClass: 'BestEffort',
  };
}

/** The state the kubelet reports for a container of a pod in `phase`. */
function containerState(phase: string, started: string): JsonObject {
  if (phase === 'Running') {
    return { running: { startedAt: started } };
  }
  if (phase === 'Pending') {
    return { waiting: { reason: 'ContainerCreating' } };
  }
  return {
    terminated: {
      exitCode: phase === 'Succeeded' ? 0 : 1,
      reason: phase === 'Succeeded' ? 'Completed' : 'Error',
      startedAt: started,
      finishedAt: started,
    },
  };
}
