import type { Infra } from '../load/model';
import { isObject } from '../load/model';
import type { Problem } from '../problems';
import type { Inventory } from './inventory';
import { key } from './inventory';
import type { PodTemplate } from './podTemplates';
import {
  containers,
  describe,
  formatLabels,
  podTemplates,
  stringMap,
} from './podTemplates';

/**
 * Services reach pods: a Service's selector matches the pod labels of a
 * workload in its namespace, and each targetPort is a container port of it
 * (by number, or by name). A workload's own selector matches its template,
 * and a StatefulSet's serviceName is a Service.
 */
export function checkServices(infra: Infra, inventory: Inventory): Problem[] {
  const problems: Problem[] = [];
  const templates = podTemplates(infra.objects);

  for (const template of templates) {
    const { object } = template;
    const report = (message: string) =>
      problems.push({ file: object.file, object: describe(object), message });
    const spec = isObject(object.body.spec) ? object.body.spec : {};
    const selector = isObject(spec.selector)
      ? stringMap(spec.selector.matchLabels)
      : {};
    if (
      object.kind !== 'Job' &&
      object.kind !== 'CronJob' &&
      !matches(selector, template.labels)
    ) {
      report(
        `selects pods ${formatLabels(
          selector,
        )}, but its template's labels are ${formatLabels(template.labels)}`,
      );
    }
    if (
      object.kind === 'StatefulSet' &&
      typeof spec.serviceName === 'string' &&
      !inventory.services.has(key(object.namespace, spec.serviceName))
    ) {
      report(
        `has serviceName ${spec.serviceName}, but namespace ${object.namespace} has no such Service`,
      );
    }
  }

  for (const service of infra.objects.filter(o => o.kind === 'Service')) {
    const report = (message: string) =>
      problems.push({ file: service.file, object: describe(service), message });
    const spec = isObject(service.body.spec) ? service.body.spec : {};
    const selector = stringMap(spec.selector);
    // Without a selector, endpoints are managed by hand (or ExternalName).
    if (Object.keys(selector).length === 0) continue;
    const selected = templates.filter(
      template =>
        template.object.namespace === service.namespace &&
        template.longRunning &&
        matches(selector, template.labels),
    );
    if (selected.length === 0) {
      report(
        `selects ${formatLabels(selector)}, but no workload has those labels`,
      );
      continue;
    }
    for (const port of Array.isArray(spec.ports) ? spec.ports : []) {
      if (!isObject(port)) continue;
      const target = port.targetPort ?? port.port;
      if (target === undefined) continue;
      const missing = selected.filter(
        template => !hasContainerPort(template, target),
      );
      for (const template of missing) {
        report(
          `port ${String(port.name ?? port.port)} targets ${
            typeof target === 'string'
              ? `the port named ${target}`
              : `port ${target}`
          }, but no container of ${describe(template.object)} has it`,
        );
      }
    }
  }
  return problems;
}

function matches(
  selector: Record<string, string>,
  labels: Record<string, string>,
): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function hasContainerPort(template: PodTemplate, target: unknown): boolean {
  return containers(template).some(({ container }) =>
    (Array.isArray(container.ports) ? container.ports : []).some(
      port =>
        isObject(port) &&
        (typeof target === 'string'
          ? port.name === target
          : port.containerPort === target),
    ),
  );
}
