/*
 * InferenceServices checked against KServe v0.20's own CRD (the copy in crd/), as a cluster with KServe
 * installed checks them before storing.
 */
import {
  findUnknownInferenceServiceFields,
  inferenceServiceSchema,
  validateInferenceService,
} from './inferenceServiceSchema';

const model = (storageUri: string) => ({
  modelFormat: { name: 'mlflow' },
  storageUri,
  resources: {
    requests: { cpu: '250m', memory: '512Mi' },
    limits: { cpu: 1, memory: '1Gi' },
  },
});

/** A Standard-mode InferenceService with a canary, as the KServe golden path writes one. */
function standardCanary() {
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: {
      name: 'churn',
      namespace: 'ml-serving',
      annotations: { 'serving.kserve.io/deploymentMode': 'Standard' },
    },
    spec: {
      predictor: {
        serviceAccountName: 'model-reader',
        model: model('s3://models/churn/1'),
      },
      canary: [
        {
          trafficPercent: 20,
          predictor: {
            serviceAccountName: 'model-reader',
            model: {
              name: 'kserve-container',
              ...model('s3://models/churn/2'),
            },
          },
        },
      ],
    },
  } as any;
}

describe('validateInferenceService', () => {
  beforeAll(() => {
    // Compiling the 2 MB CRD takes seconds, once per process.
    inferenceServiceSchema();
  }, 60_000);

  it('is KServe v0.20’s serving.kserve.io/v1beta1 InferenceService', () => {
    expect(inferenceServiceSchema()).toMatchObject({
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
    });
  });

  it('accepts an InferenceService the CRD allows', () => {
    expect(validateInferenceService(standardCanary())).toEqual([]);
  });

  it('requires a container name on a canary’s model, unlike on the predictor’s', () => {
    const service = standardCanary();
    delete service.spec.canary[0].predictor.model.name;
    expect(validateInferenceService(service)).toEqual([
      {
        field: 'spec.canary[0].predictor.model.name',
        reason: 'FieldValueRequired',
        message: 'Required value',
      },
    ]);
  });

  it('names the field of an out-of-range canary, a mistyped percentage and a malformed quantity', () => {
    const service = standardCanary();
    service.spec.canary[0].trafficPercent = 120;
    service.spec.predictor.canaryTrafficPercent = '10';
    service.spec.predictor.model.resources.limits.memory = '1 Gi';
    expect(
      validateInferenceService(service).map(c => `${c.field}: ${c.message}`),
    ).toEqual([
      'spec.canary[0].trafficPercent: Invalid value: 120: spec.canary[0].trafficPercent in body should be less than or equal to 100',
      'spec.predictor.canaryTrafficPercent: Invalid value: "string": spec.predictor.canaryTrafficPercent in body must be of type integer: "string"',
      expect.stringMatching(
        /^spec\.predictor\.model\.resources\.limits\.memory: Invalid value: "1 Gi": spec\.predictor\.model\.resources\.limits\.memory in body should match '\^\(\\\+\|-\)\?/,
      ),
    ]);
  });

  it('requires a predictor', () => {
    expect(
      validateInferenceService({
        ...standardCanary(),
        spec: { transformer: {} },
      }),
    ).toEqual([
      {
        field: 'spec.predictor',
        reason: 'FieldValueRequired',
        message: 'Required value',
      },
    ]);
  });

  it('finds the fields the CRD does not have, which a cluster would drop', () => {
    const service = standardCanary();
    service.spec.predictor.model.storageURI = 's3://models/churn/1';
    service.spec.canary[0].weight = 20;
    expect(findUnknownInferenceServiceFields(service)).toEqual([
      'spec.predictor.model.storageURI',
      'spec.canary[0].weight',
    ]);
    expect(findUnknownInferenceServiceFields(standardCanary())).toEqual([]);
  });
});
