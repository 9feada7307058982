import {
  INFERENCE_SERVICE_API_VERSION,
  inferenceServiceSchema,
} from '@internal/plugin-lakehouse-node';
import type { ManifestObject } from '../load/model';

/** InferenceService names become DNS labels (RFC 1035), as KServe's webhook requires. */
const INFERENCE_SERVICE_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Whether infra-check has the CRD of this apiVersion and kind: KServe's InferenceService, from the copy the
 * portal's validate action and Kubernetes double check with (@internal/plugin-lakehouse-node).
 */
export function isCustomKind(apiVersion: string, kind: string): boolean {
  return (
    apiVersion === INFERENCE_SERVICE_API_VERSION && kind === 'InferenceService'
  );
}

/**
 * Schema errors of a custom resource against its CRD in the API server's words
 * (`spec.predictor.minReplicas: Invalid value: "string": ...`), and the fields the CRD does not declare,
 * which the API server would drop and kubectl's strict field validation refuses.
 */
export function validateCustomResource(object: ManifestObject): string[] {
  if (!isCustomKind(object.apiVersion, object.kind)) return [];
  const schema = inferenceServiceSchema();
  const errors = [
    ...schema.validate(object.body).map(c => `${c.field}: ${c.message}`),
    ...schema
      .unknownFields(object.body)
      .map(field => `${field}: unknown field (the CRD does not declare it)`),
  ];
  if (!INFERENCE_SERVICE_NAME.test(object.name)) {
    errors.push(`metadata.name must match ${INFERENCE_SERVICE_NAME.source}`);
  }
  return errors;
}
