import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { createInferenceServiceValidateAction } from './createInferenceServiceValidateAction';

const demoManifest = fs.readFileSync(
  path.resolve(__dirname, '../../../../../infra/serving/customer-churn.yaml'),
  'utf8',
);

const SECRET = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'minio-model-reader',
    namespace: 'ml-serving',
    annotations: {
      'serving.kserve.io/s3-endpoint': 'minio.minio.svc:9000',
      'serving.kserve.io/s3-usehttps': '0',
    },
  },
  type: 'Opaque',
  stringData: { AWS_ACCESS_KEY_ID: 'model-reader', AWS_SECRET_ACCESS_KEY: 'x' },
};

const SERVICE_ACCOUNT = {
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: 'model-reader', namespace: 'ml-serving' },
  secrets: [{ name: 'minio-model-reader' }],
};

/** A Knative-mode (no annotation) sklearn service reading from GCS. */
function sklearnService(): any {
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name: 'iris', namespace: 'ml-serving' },
    spec: {
      predictor: {
        canaryTrafficPercent: 10,
        sklearn: {
          storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model',
          resources: {
            requests: { cpu: '500m', memory: '512Mi' },
            limits: { cpu: 1, memory: '1Gi' },
          },
        },
      },
    },
  };
}

/** A Standard-mode MLflow model on MinIO with a canary. */
function standardService(): any {
  const predictor = (container?: string) => ({
    serviceAccountName: 'model-reader',
    model: {
      // KServe's CRD wants the canary's model container named.
      ...(container ? { name: container } : {}),
      modelFormat: { name: 'mlflow' },
      protocolVersion: 'v2',
      storageUri: 's3://mlflow/artifacts/1/abc/artifacts/model',
    },
  });
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: {
      name: 'customer-churn',
      namespace: 'ml-serving',
      annotations: { 'serving.kserve.io/deploymentMode': 'Standard' },
    },
    spec: {
      predictor: predictor(),
      canary: [
        { trafficPercent: 20, predictor: predictor('kserve-container') },
      ],
    },
  };
}

const toYaml = (...docs: unknown[]) =>
  docs.map(d => yaml.stringify(d)).join('---\n');

describe('kserve:inferenceservice:validate', () => {
  const workspace = createMockDirectory();
  const outside = createMockDirectory();

  beforeEach(() => {
    workspace.clear();
    outside.setContent({ 'isvc.yaml': toYaml(sklearnService()) });
  });

  async function run(
    manifest: string | undefined,
    input: Record<string, unknown> = {},
  ): Promise<ReturnType<typeof createMockActionContext>> {
    if (manifest !== undefined) {
      workspace.addContent({ 'serving/isvc.yaml': manifest });
    }
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: { manifestPath: 'serving/isvc.yaml', ...input },
    });
    await createInferenceServiceValidateAction().handler(ctx as any);
    return ctx;
  }

  async function problemsOf(
    manifest: string,
    input?: Record<string, unknown>,
  ): Promise<string[]> {
    const error = await run(manifest, input).then(
      () => undefined,
      e => e as Error,
    );
    expect(error?.name).toBe('InputError');
    return error!.message.split('\n').slice(1);
  }

  /**
   * Problems of a manifest about its InferenceService, each checked to start
   * with the file, the line where the InferenceService starts and its name,
   * and returned without that prefix.
   */
  async function serviceProblems(manifest: string, name: string) {
    const line =
      manifest
        .split('\n')
        .findIndex(l => l.startsWith('apiVersion: serving.kserve.io')) + 1;
    const prefix = `serving/isvc.yaml:${line}: InferenceService ${name}: `;
    const problems = await problemsOf(manifest);
    for (const problem of problems)
      expect(problem.startsWith(prefix)).toBe(true);
    return problems.map(p => p.slice(prefix.length));
  }

  /** Problems of the usual MinIO manifest after `change` edits its InferenceService. */
  function problemsOfStandard(change: (isvc: any) => void) {
    const isvc = standardService();
    change(isvc);
    return serviceProblems(
      toYaml(SECRET, SERVICE_ACCOUNT, isvc),
      isvc.metadata.name ?? '(unnamed)',
    );
  }
  function problemsOfSklearn(change: (isvc: any) => void) {
    const isvc = sklearnService();
    change(isvc);
    return serviceProblems(toYaml(isvc), isvc.metadata.name ?? '(unnamed)');
  }

  describe('on a valid manifest', () => {
    it('accepts the demo customer-churn manifest', async () => {
      const ctx = await run(demoManifest);
      expect(ctx.output).toHaveBeenCalledWith('valid', true);
      expect(ctx.output).toHaveBeenCalledWith('name', 'customer-churn');
      expect(ctx.output).toHaveBeenCalledWith('namespace', 'ml-serving');
      expect(ctx.output).toHaveBeenCalledWith('deploymentMode', 'Standard');
    });

    it('accepts a Knative service with a canary percentage, with or without the annotation', async () => {
      const ctx = await run(toYaml(sklearnService()));
      expect(ctx.output).toHaveBeenCalledWith('deploymentMode', 'Knative');

      const annotated = sklearnService();
      annotated.metadata.annotations = {
        'serving.kserve.io/deploymentMode': 'Serverless',
      };
      const ctx2 = await run(toYaml(annotated));
      expect(ctx2.output).toHaveBeenCalledWith('deploymentMode', 'Knative');
    });

    it('accepts a Standard service with spec.canary and S3 credentials in the manifest', async () => {
      const ctx = await run(toYaml(SECRET, SERVICE_ACCOUNT, standardService()));
      expect(ctx.output).toHaveBeenCalledWith('deploymentMode', 'Standard');
    });

    it("uses the cluster's default mode when there is no annotation", async () => {
      const isvc = standardService();
      delete isvc.metadata.annotations;
      const ctx = await run(toYaml(SECRET, SERVICE_ACCOUNT, isvc), {
        defaultDeploymentMode: 'RawDeployment',
      });
      expect(ctx.output).toHaveBeenCalledWith('deploymentMode', 'Standard');
    });
  });

  describe("KServe's CRD schema", () => {
    it('refuses a canary whose model container has no name, naming the field', async () => {
      expect(
        await problemsOfStandard(i => {
          delete i.spec.canary[0].predictor.model.name;
        }),
      ).toEqual(['spec.canary[0].predictor.model.name: Required value']);
    });

    it('refuses values of the wrong type and unsupported values as the API server words them', async () => {
      expect(
        await problemsOfSklearn(i => {
          i.spec.predictor.canaryTrafficPercent = '10';
          i.spec.predictor.logger = { mode: 'everything' };
        }),
      ).toEqual([
        'spec.predictor.canaryTrafficPercent: Invalid value: "string": spec.predictor.canaryTrafficPercent in body must be of type integer: "string"',
        'spec.predictor.logger.mode: Unsupported value: "everything": supported values: "all", "request", "response"',
      ]);
      expect(
        await problemsOfStandard(i => {
          i.spec.canary = { trafficPercent: 20 };
        }),
      ).toEqual([
        'spec.canary: Invalid value: "object": spec.canary in body must be of type array: "object"',
      ]);
    });

    it('refuses fields the CRD does not have, which the cluster would drop', async () => {
      expect(
        await problemsOfStandard(i => {
          i.spec.predictor.model.storageURI = i.spec.predictor.model.storageUri;
        }),
      ).toEqual([
        "spec.predictor.model.storageURI: unknown field; KServe's InferenceService CRD has no such field, so the cluster would drop it",
      ]);
    });

    it('checks every InferenceService of the manifest, even when there are too many', async () => {
      const second = sklearnService();
      second.metadata.name = 'iris-2';
      second.spec.predictor.minReplicas = 'one';
      expect(await problemsOf(toYaml(sklearnService(), second))).toEqual([
        'serving/isvc.yaml:19: InferenceService iris-2: spec.predictor.minReplicas: Invalid value: "string": spec.predictor.minReplicas in body must be of type integer: "string"',
        'serving/isvc.yaml: contains 2 InferenceServices; exactly one is allowed per manifest',
      ]);
    });
  });

  describe('metadata', () => {
    it('requires serving.kserve.io/v1beta1', async () => {
      expect(
        await problemsOfSklearn(i => {
          i.apiVersion = 'serving.kserve.io/v1alpha1';
        }),
      ).toEqual([
        `apiVersion: must be serving.kserve.io/v1beta1 (found "serving.kserve.io/v1alpha1")`,
      ]);
    });

    it('checks the name and the namespace', async () => {
      expect(
        await problemsOfSklearn(i => {
          i.metadata.name = 'Iris_Model';
          i.metadata.namespace = 'ML_Serving';
        }),
      ).toEqual([
        `metadata.name: "Iris_Model" must be lower-case letters, digits and "-", start with a letter and end with a letter or digit`,
        `metadata.namespace: "ML_Serving" must be lower-case letters, digits and "-", start with a letter or digit and end with a letter or digit`,
      ]);
      const long = `a${'-b'.repeat(31)}`; // 63 characters
      const longest = sklearnService();
      longest.metadata.name = long;
      await expect(run(toYaml(longest))).resolves.toBeDefined();
      expect(
        await problemsOfSklearn(i => {
          i.metadata.name = `${long}c`;
        }),
      ).toEqual([
        `metadata.name: "${long}c" is 64 characters long; at most 63 are allowed`,
      ]);
      expect(
        await problemsOfSklearn(i => {
          i.metadata.name = '1iris';
        }),
      ).toEqual([
        `metadata.name: "1iris" must be lower-case letters, digits and "-", start with a letter and end with a letter or digit`,
      ]);
      expect(
        await problemsOfSklearn(i => {
          delete i.metadata.name;
        }),
      ).toEqual(['metadata.name: is required']);
    });

    it('refuses an unknown deployment mode', async () => {
      expect(
        await problemsOfSklearn(i => {
          i.metadata.annotations = {
            'serving.kserve.io/deploymentMode': 'Serverful',
          };
        }),
      ).toEqual([
        `metadata.annotations["serving.kserve.io/deploymentMode"]: "Serverful" is not one of Knative, Serverless, Standard, RawDeployment, ModelMesh`,
      ]);
    });
  });

  describe('predictor', () => {
    it('allows exactly one predictor implementation', async () => {
      expect(
        await problemsOfSklearn(i => {
          i.spec.predictor.model = {
            modelFormat: { name: 'sklearn' },
            storageUri: 'gs://bucket/model',
          };
        }),
      ).toEqual([
        `spec.predictor: has both sklearn and model; exactly one predictor implementation is allowed`,
      ]);
      expect(
        await problemsOfSklearn(i => {
          delete i.spec.predictor.sklearn;
        }),
      ).toEqual([
        `spec.predictor: has no predictor implementation; give exactly one of model, sklearn, xgboost, lightgbm, onnx, pytorch, tensorflow, triton, huggingface, pmml, paddle, containers`,
      ]);
    });

    it('requires a known modelFormat.name with model', async () => {
      expect(
        await problemsOfStandard(i => {
          delete i.spec.predictor.model.modelFormat;
          i.spec.canary[0].predictor.model.modelFormat.name = 'keras';
        }),
      ).toEqual([
        `spec.predictor.model.modelFormat.name: is required with model; KServe picks the serving runtime by it`,
        `spec.canary[0].predictor.model.modelFormat.name: "keras" is not one of sklearn, xgboost, lightgbm, onnx, pytorch, tensorflow, triton, huggingface, mlflow, pmml, paddle`,
      ]);
    });

    it('accepts a custom container predictor', async () => {
      const isvc = sklearnService();
      delete isvc.spec.predictor.sklearn;
      isvc.spec.predictor.containers = [
        { name: 'kserve-container', image: 'example/model:1' },
      ];
      await expect(run(toYaml(isvc))).resolves.toBeDefined();
    });
  });

  describe('storage', () => {
    it('accepts each supported scheme and refuses others', async () => {
      for (const uri of [
        'pvc://models/iris',
        'https://example.com/model.joblib',
        'hf://org/model',
        'oci://registry/model:1',
      ]) {
        const isvc = sklearnService();
        isvc.spec.predictor.sklearn.storageUri = uri;
        await expect(run(toYaml(isvc))).resolves.toBeDefined();
      }
      expect(
        await problemsOfSklearn(i => {
          i.spec.predictor.sklearn.storageUri = 'ftp://example.com/model';
          i.spec.predictor.storageUris = [{ uri: 'file:///models' }];
        }),
      ).toEqual([
        `spec.predictor.sklearn.storageUri: "ftp://example.com/model" must start with one of s3://, gs://, pvc://, https://, http://, hf://, oci://`,
        `spec.predictor.storageUris[0].uri: "file:///models" must start with one of s3://, gs://, pvc://, https://, http://, hf://, oci://`,
      ]);
    });

    it('requires a service account for s3', async () => {
      expect(
        await problemsOfStandard(i => {
          delete i.spec.predictor.serviceAccountName;
        }),
      ).toEqual([
        `spec.predictor.serviceAccountName: is required to read s3://mlflow/artifacts/1/abc/artifacts/model; name a ServiceAccount that lists a Secret annotated serving.kserve.io/s3-endpoint`,
      ]);
    });

    it('requires the service account in the manifest to list a Secret with the S3 endpoint', async () => {
      const plainSecret = {
        ...SECRET,
        metadata: { name: 'minio-model-reader', namespace: 'ml-serving' },
      };
      expect(
        await serviceProblems(
          toYaml(plainSecret, SERVICE_ACCOUNT, standardService()),
          'customer-churn',
        ),
      ).toEqual([
        'spec.predictor.serviceAccountName: ServiceAccount model-reader lists no Secret annotated serving.kserve.io/s3-endpoint (it lists minio-model-reader), so s3://mlflow/artifacts/1/abc/artifacts/model cannot be read',
        'spec.canary[0].predictor.serviceAccountName: ServiceAccount model-reader lists no Secret annotated serving.kserve.io/s3-endpoint (it lists minio-model-reader), so s3://mlflow/artifacts/1/abc/artifacts/model cannot be read',
      ]);
      const bareAccount = { ...SERVICE_ACCOUNT, secrets: [] };
      const problems = await serviceProblems(
        toYaml(SECRET, bareAccount, standardService()),
        'customer-churn',
      );
      expect(problems[0]).toBe(
        'spec.predictor.serviceAccountName: ServiceAccount model-reader lists no secrets; it needs a Secret annotated serving.kserve.io/s3-endpoint to read s3://mlflow/artifacts/1/abc/artifacts/model',
      );
    });

    it('trusts service accounts and secrets that live in the cluster', async () => {
      await expect(run(toYaml(standardService()))).resolves.toBeDefined();
      await expect(
        run(toYaml(SERVICE_ACCOUNT, standardService())),
      ).resolves.toBeDefined();
    });
  });

  describe('canary', () => {
    it('refuses predictor.canaryTrafficPercent in Standard mode', async () => {
      expect(
        await problemsOfStandard(i => {
          i.spec.predictor.canaryTrafficPercent = 20;
          delete i.spec.canary;
        }),
      ).toEqual([
        `spec.predictor.canaryTrafficPercent: only applies in Knative (Serverless) deployment mode, not Standard; in Standard mode give spec.canary[] with trafficPercent`,
      ]);
    });

    it('refuses spec.canary in Knative mode', async () => {
      expect(
        await problemsOfSklearn(i => {
          const { sklearn } = i.spec.predictor;
          i.spec.canary = [
            {
              trafficPercent: 10,
              predictor: { sklearn: { ...sklearn, name: 'kserve-container' } },
            },
          ];
        }),
      ).toEqual([
        `spec.canary: only applies in Standard deployment mode (annotation serving.kserve.io/deploymentMode: Standard), not Knative; in Knative mode give spec.predictor.canaryTrafficPercent`,
      ]);
    });

    it('requires percentages from 0 to 100', async () => {
      expect(
        await problemsOfSklearn(i => {
          i.spec.predictor.canaryTrafficPercent = 150;
        }),
      ).toEqual([
        `spec.predictor.canaryTrafficPercent: 150 must be from 0 to 100`,
      ]);
      expect(
        await problemsOfStandard(i => {
          i.spec.canary[0].trafficPercent = -1;
          i.spec.canary.push({
            trafficPercent: 12.5,
            predictor: i.spec.canary[0].predictor,
          });
          i.spec.canary.push({ predictor: i.spec.canary[0].predictor });
        }),
      ).toEqual([
        `spec.canary[0].trafficPercent: Invalid value: -1: spec.canary[0].trafficPercent in body should be greater than or equal to 0`,
        `spec.canary[1].trafficPercent: Invalid value: "number": spec.canary[1].trafficPercent in body must be of type integer: "number"`,
        `spec.canary[2].trafficPercent: Required value`,
      ]);
    });

    it('refuses canaries whose traffic adds up to more than 100', async () => {
      expect(
        await problemsOfStandard(i => {
          i.spec.canary[0].trafficPercent = 60;
          i.spec.canary.push({ ...i.spec.canary[0] });
        }),
      ).toEqual([
        `spec.canary: trafficPercent adds up to 120; at most 100 is allowed`,
      ]);
    });
  });

  describe('resources', () => {
    it('refuses requests above limits, in any notation', async () => {
      expect(
        await problemsOfSklearn(i => {
          i.spec.predictor.sklearn.resources = {
            requests: { cpu: '1500m', memory: '1025Mi', 'nvidia.com/gpu': 1 },
            limits: { cpu: 1, memory: '1Gi', 'nvidia.com/gpu': '1' },
          };
        }),
      ).toEqual([
        `spec.predictor.sklearn.resources.requests.cpu: 1500m is more than its limit 1`,
        `spec.predictor.sklearn.resources.requests.memory: 1025Mi is more than its limit 1Gi`,
      ]);
    });

    it('checks the resources of containers and of the pod, and refuses bad quantities as the CRD does', async () => {
      expect(
        await problemsOfSklearn(i => {
          delete i.spec.predictor.sklearn;
          i.spec.predictor.containers = [
            {
              name: 'kserve-container',
              image: 'example/model:1',
              resources: {
                requests: { memory: '2G' },
                limits: { memory: '1Gi' },
              },
            },
          ];
          i.spec.predictor.resources = { requests: { cpu: 'two' } };
        }),
      ).toEqual([
        expect.stringMatching(
          /^spec\.predictor\.resources\.requests\.cpu: Invalid value: "two": spec\.predictor\.resources\.requests\.cpu in body should match '\^/,
        ),
        `spec.predictor.containers[0].resources.requests.memory: 2G is more than its limit 1Gi`,
      ]);
    });

    it('accepts equal requests and limits written differently', async () => {
      const isvc = sklearnService();
      isvc.spec.predictor.sklearn.resources = {
        requests: { cpu: '0.5', memory: '1024Mi' },
        limits: { cpu: '500m', memory: '1Gi' },
      };
      await expect(run(toYaml(isvc))).resolves.toBeDefined();
    });
  });

  describe('documents', () => {
    it('requires exactly one InferenceService', async () => {
      expect(await problemsOf(toYaml(SECRET, SERVICE_ACCOUNT))).toEqual([
        'serving/isvc.yaml: contains no InferenceService (apiVersion serving.kserve.io/v1beta1, kind InferenceService)',
      ]);
      expect(
        await problemsOf(toYaml(sklearnService(), sklearnService())),
      ).toEqual([
        'serving/isvc.yaml: contains 2 InferenceServices; exactly one is allowed per manifest',
      ]);
    });

    it('reports YAML errors and documents that are not Kubernetes objects', async () => {
      const problems = await problemsOf(
        'apiVersion: v1\nkind: [Secret\n---\nmetadata: {}\n',
      );
      expect(problems[0]).toMatch(
        /^serving\/isvc\.yaml:\d+: is not valid YAML: /,
      );
      expect(
        await problemsOf(
          `${toYaml(sklearnService())}---\n- a list\n---\nfoo: bar\n`,
        ),
      ).toEqual([
        'serving/isvc.yaml:19: document 2: must be a Kubernetes object (a mapping)',
        'serving/isvc.yaml:21: document 3: apiVersion: is required',
        'serving/isvc.yaml:21: document 3: kind: is required',
      ]);
    });

    it('lists every problem at once', async () => {
      const isvc = standardService();
      isvc.metadata.name = 'Churn';
      isvc.spec.predictor.sklearn = { storageUri: 'gs://b/m' };
      isvc.spec.canary[0].trafficPercent = 101;
      const error = await run(toYaml(isvc)).catch(e => e);
      expect(error.message.split('\n')).toEqual([
        'InferenceService manifest serving/isvc.yaml is not valid (3 problems):',
        // KServe's CRD first, as the API server checks it before the webhook sees anything.
        'serving/isvc.yaml:1: InferenceService Churn: spec.canary[0].trafficPercent: Invalid value: 101: spec.canary[0].trafficPercent in body should be less than or equal to 100',
        'serving/isvc.yaml:1: InferenceService Churn: metadata.name: "Churn" must be lower-case letters, digits and "-", start with a letter and end with a letter or digit',
        'serving/isvc.yaml:1: InferenceService Churn: spec.predictor: has both model and sklearn; exactly one predictor implementation is allowed',
      ]);
    });
  });

  describe('hostile input', () => {
    it('refuses paths out of the workspace', async () => {
      await expect(
        run(undefined, { manifestPath: '../../etc/passwd' }),
      ).rejects.toThrow(
        'manifestPath: "../../etc/passwd" contains a ".." segment; give a path inside the workspace',
      );
      await expect(
        run(undefined, { manifestPath: outside.resolve('isvc.yaml') }),
      ).rejects.toThrow(/^manifestPath: ".*" is an absolute path/);
    });

    it('refuses a manifest that links out of the workspace', async () => {
      workspace.addContent({
        'serving/linked.yaml': ({ symlink }) =>
          symlink(outside.resolve('isvc.yaml')),
      });
      await expect(
        run(undefined, { manifestPath: 'serving/linked.yaml' }),
      ).rejects.toThrow(
        'manifestPath: serving/linked.yaml leads out of the workspace through a symbolic link',
      );
    });

    it('stops alias expansion bombs instead of expanding them', async () => {
      const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
      for (let i = 1; i < 10; i++) {
        const prev = String.fromCharCode(96 + i);
        const next = String.fromCharCode(97 + i);
        levels.push(
          `${next}: &${next} [${Array(10).fill(`*${prev}`).join(',')}]`,
        );
      }
      const problems = await problemsOf(`${levels.join('\n')}\n`);
      expect(problems[0]).toMatch(/^serving\/isvc\.yaml:1: cannot be read: /);
    });
  });
});
