/*
 * Facts of KServe's `serving.kserve.io/v1beta1` InferenceService (CRD of KServe v0.20) that more than one
 * backend package reads: the provider that discovers deployments and the action that checks generated ones,
 * and the CRD's schema itself (kserve/), which the action and the Kubernetes API double check objects with.
 */

/** apiVersion of InferenceServices. @public */
export const INFERENCE_SERVICE_API_VERSION = 'serving.kserve.io/v1beta1';

/**
 * The predictor implementations of a v1beta1 PredictorSpec: the `model` form, the legacy framework keys (each
 * naming its model format) and custom `containers`. A predictor has exactly one.
 * @public
 */
export const PREDICTOR_IMPLEMENTATIONS = [
  'model',
  'sklearn',
  'xgboost',
  'lightgbm',
  'onnx',
  'pytorch',
  'tensorflow',
  'triton',
  'huggingface',
  'pmml',
  'paddle',
  'containers',
] as const;

/** A predictor implementation key. @public */
export type PredictorImplementation =
  (typeof PREDICTOR_IMPLEMENTATIONS)[number];

/** The legacy predictor keys that name a model format (`sklearn: {storageUri}`). @public */
export const FRAMEWORK_PREDICTORS = PREDICTOR_IMPLEMENTATIONS.filter(
  key => key !== 'model' && key !== 'containers',
);

export {
  CustomResourceSchema,
  type CustomResourceFieldError,
} from './kserve/customResourceSchema';
export {
  findUnknownInferenceServiceFields,
  inferenceServiceSchema,
  validateInferenceService,
} from './kserve/inferenceServiceSchema';
