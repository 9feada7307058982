import type { JsonObject, ManifestObject } from '../load/model';
import { isObject } from '../load/model';

/** The pod template of a workload, with what the checks need to know of it. */
export interface PodTemplate {
  object: ManifestObject;
  /** The template's pod spec. */
  spec: JsonObject;
  labels: Record<string, string>;
  /** Deployments, StatefulSets and DaemonSets run for good; Jobs finish. */
  longRunning: boolean;
}

export interface ContainerInfo {
  template: PodTemplate;
  container: JsonObject;
  name: string;
  /** `containers[0]` or `initContainers[1]`, for messages. */
  at: string;
}

const LONG_RUNNING = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
]);

/** Every pod template of the manifests: workloads, Jobs and CronJobs. */
export function podTemplates(objects: ManifestObject[]): PodTemplate[] {
  const templates: PodTemplate[] = [];
  for (const object of objects) {
    const spec = isObject(object.body.spec) ? object.body.spec : undefined;
    let template: unknown;
    if (LONG_RUNNING.has(object.kind) || object.kind === 'Job') {
      template = spec?.template;
    } else if (object.kind === 'CronJob') {
      const jobTemplate = spec?.jobTemplate;
      template =
        isObject(jobTemplate) && isObject(jobTemplate.spec)
          ? jobTemplate.spec.template
          : undefined;
    }
    if (!isObject(template) || !isObject(template.spec)) continue;
    const metadata = isObject(template.metadata) ? template.metadata : {};
    templates.push({
      object,
      spec: template.spec,
      labels: stringMap(metadata.labels),
      longRunning: LONG_RUNNING.has(object.kind),
    });
  }
  return templates;
}

/** The containers and init containers of a pod template. */
export function containers(template: PodTemplate): ContainerInfo[] {
  const all: ContainerInfo[] = [];
  for (const field of ['initContainers', 'containers'] as const) {
    const list = template.spec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((container, index) => {
      if (!isObject(container)) return;
      all.push({
        template,
        container,
        name: typeof container.name === 'string' ? container.name : `#${index}`,
        at: `${field}[${index}]`,
      });
    });
  }
  return all;
}

/** `Deployment trino-coordinator`. */
export function describe(object: { kind: string; name: string }): string {
  return `${object.kind} ${object.name}`;
}

export function stringMap(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/** `a=b,c=d`, as kubectl prints selectors. */
export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}
