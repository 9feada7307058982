import { chartKnowledge } from '../charts/charts';
import type { Infra } from '../load/model';
import { isObject } from '../load/model';
import type { Problem } from '../problems';
import type { ContainerInfo } from './podTemplates';
import { containers, describe, podTemplates } from './podTemplates';

/**
 * The platform's rules for what runs: every image is pinned to a version
 * (a tag other than latest, or a digest), every container states its CPU and
 * memory requests and limits, and every container of a long-running
 * workload has a readiness and a liveness probe whose named port exists.
 * Helm releases are pinned to a chart version, and the container of a chart
 * infra-check knows is held to the same image and resource rules.
 */
export function checkWorkloadPolicy(infra: Infra): Problem[] {
  const problems: Problem[] = [];
  for (const template of podTemplates(infra.objects)) {
    for (const info of containers(template)) {
      const report = (message: string) =>
        problems.push({
          file: template.object.file,
          object: describe(template.object),
          message: `container ${info.name}: ${message}`,
        });
      const imageProblem = unpinnedImage(info.container.image);
      if (imageProblem) report(imageProblem);
      const resourceProblem = missingResources(info.container.resources);
      if (resourceProblem) report(resourceProblem);
      if (template.longRunning && info.at.startsWith('containers')) {
        for (const probe of ['readinessProbe', 'livenessProbe'] as const) {
          if (!isObject(info.container[probe])) report(`has no ${probe}`);
          else {
            const portProblem = probePortProblem(info, probe);
            if (portProblem) report(portProblem);
          }
        }
      }
    }
  }
  for (const release of infra.releases) {
    const file = 'infra/helm-releases.yaml';
    if (!/^v?\d+\.\d+\.\d+/.test(release.version)) {
      problems.push({
        file,
        object: `release ${release.name}`,
        message: `version ${release.version} is not a pinned chart version`,
      });
    }
    const knowledge = chartKnowledge(release);
    if (!knowledge || !release.valuesFile) continue;
    const container = knowledge.container(release.values ?? {});
    const report = (message: string) =>
      problems.push({
        file: release.valuesFile!,
        object: `Helm release ${release.name}`,
        message,
      });
    const imageProblem = unpinnedImage(container.image);
    if (imageProblem) report(imageProblem);
    const resourceProblem = missingResources(container.resources);
    if (resourceProblem) report(`resources: ${resourceProblem}`);
  }
  return problems;
}

function unpinnedImage(image: unknown): string | undefined {
  if (typeof image !== 'string' || image === '') return 'has no image';
  if (image.includes('@sha256:')) return undefined;
  const lastPart = image.split('/').pop()!;
  const tag = lastPart.includes(':') ? lastPart.split(':').pop() : undefined;
  if (!tag) return `image ${image} has no tag: pin a version`;
  if (tag === 'latest') return `image ${image} uses latest: pin a version`;
  return undefined;
}

function missingResources(resources: unknown): string | undefined {
  const missing: string[] = [];
  for (const kind of ['requests', 'limits'] as const) {
    const values = isObject(resources) ? resources[kind] : undefined;
    for (const resource of ['cpu', 'memory']) {
      if (!isObject(values) || values[resource] === undefined)
        missing.push(`${kind}.${resource}`);
    }
  }
  return missing.length > 0
    ? `sets no resources ${missing.join(', ')}`
    : undefined;
}

function probePortProblem(
  info: ContainerInfo,
  probe: string,
): string | undefined {
  const spec = info.container[probe];
  if (!isObject(spec)) return undefined;
  const handler = [spec.httpGet, spec.tcpSocket, spec.grpc].find(isObject);
  if (!handler || typeof handler.port !== 'string') return undefined;
  const ports = Array.isArray(info.container.ports) ? info.container.ports : [];
  return ports.some(port => isObject(port) && port.name === handler.port)
    ? undefined
    : `${probe} uses the port named ${handler.port}, which the container does not declare`;
}
