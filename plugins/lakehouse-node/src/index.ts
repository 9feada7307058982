/*
 * Node library of the lakehouse plugins: what several backend packages need to reach the Kubernetes clusters
 * of the app's `kubernetes` configuration (the catalog's KServe provider, the scaffolder's kubernetes:apply).
 */

/**
 * Kubernetes access shared by the lakehouse backend packages: the clusters of the app's
 * `kubernetes.clusterLocatorMethods` configuration, a `@kubernetes/client-node` KubeConfig for one of them,
 * error messages that name the cluster and what its API server answered, and KServe's InferenceService CRD
 * schema, checked as the API server checks it.
 *
 * @packageDocumentation
 */

export {
  readConfiguredClusters,
  resolveCluster,
  type KubernetesClusterDetails,
} from './clusters';
export { createKubeConfig } from './kubeConfig';
export {
  describeKubernetesError,
  parseKubernetesFailure,
  type KubernetesFailure,
  type KubernetesStatusCause,
} from './errors';
export {
  CustomResourceSchema,
  FRAMEWORK_PREDICTORS,
  INFERENCE_SERVICE_API_VERSION,
  PREDICTOR_IMPLEMENTATIONS,
  findUnknownInferenceServiceFields,
  inferenceServiceSchema,
  validateInferenceService,
  type CustomResourceFieldError,
  type PredictorImplementation,
} from './kserve';

/*
 * SQL and dbt, as the SQL console, the Trino double, column lineage, the
 * catalog's dbt source and the scaffolder's dbt model check read them.
 */
export * from './sql';
export * from './dbt';
