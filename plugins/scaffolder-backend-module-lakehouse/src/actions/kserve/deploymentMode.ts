/** The annotation that picks an InferenceService's deployment mode. */
export const DEPLOYMENT_MODE_ANNOTATION = 'serving.kserve.io/deploymentMode';

/** KServe 0.20's deployment modes. */
export type DeploymentMode = 'Knative' | 'Standard' | 'ModelMesh';

/**
 * Annotation values KServe accepts, and the mode each means: Serverless and
 * RawDeployment are the names Knative and Standard had before KServe 0.15,
 * still accepted.
 */
export const DEPLOYMENT_MODE_VALUES: Record<string, DeploymentMode> = {
  Knative: 'Knative',
  Serverless: 'Knative',
  Standard: 'Standard',
  RawDeployment: 'Standard',
  ModelMesh: 'ModelMesh',
};

/**
 * The mode of an InferenceService: its annotation, or else the cluster's
 * default.
 *
 * @returns the mode, or the unknown annotation value
 */
export function deploymentModeOf(
  annotations: Record<string, unknown> | undefined,
  clusterDefault: DeploymentMode,
): { mode: DeploymentMode } | { unknown: unknown } {
  const value = annotations?.[DEPLOYMENT_MODE_ANNOTATION];
  if (value === undefined) return { mode: clusterDefault };
  const mode =
    typeof value === 'string' &&
    Object.prototype.hasOwnProperty.call(DEPLOYMENT_MODE_VALUES, value)
      ? DEPLOYMENT_MODE_VALUES[value]
      : undefined;
  return mode ? { mode } : { unknown: value };
}
