import type { Infra } from '../load/model';
import type { Problem } from '../problems';
import {
  isCustomKind,
  validateCustomResource,
} from '../schemas/customResources';
import { validateHelmValues } from '../schemas/helmValues';
import { isCoreKind, validateCoreObject } from '../schemas/kubernetesObjects';
import { describe } from './podTemplates';

/**
 * Every object validates against its schema: core kinds against the
 * Kubernetes API's (kubernetes-models), custom resources against their
 * CRD's openAPIV3Schema, Helm values against the chart's values.schema.json.
 * An object of a kind infra-check has no schema for is a problem too, so
 * nothing goes unchecked. Secret templates are left out: their values are
 * placeholders.
 */
export function checkSchemas(infra: Infra): Problem[] {
  const problems: Problem[] = [];
  for (const object of infra.objects) {
    let errors: string[];
    if (isCoreKind(object.apiVersion, object.kind)) {
      errors = validateCoreObject(object);
    } else if (isCustomKind(object.apiVersion, object.kind)) {
      errors = validateCustomResource(object);
    } else {
      errors = [
        `infra-check has no schema for ${object.apiVersion} ${object.kind}: add the kind to src/schemas/kubernetesObjects.ts or its CRD to src/schemas/data`,
      ];
    }
    for (const message of errors)
      problems.push({ file: object.file, object: describe(object), message });
  }
  for (const release of infra.releases) {
    for (const message of validateHelmValues(release)) {
      problems.push({
        file: release.valuesFile ?? 'infra/helm-releases.yaml',
        object: `Helm release ${release.name} (chart ${release.chart} ${release.version})`,
        message,
      });
    }
  }
  return problems;
}
