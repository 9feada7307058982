/*
 * Tests of kubernetes:apply against the Kubernetes API double (a real HTTP server that
 * @kubernetes/client-node talks to): server-side apply of a KServe InferenceService with its MinIO Secret
 * and ServiceAccount, field manager conflicts, admission denials, dry runs and input errors.
 */
import { tmpdir } from 'node:os';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
} from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { JsonObject } from '@backstage/types';
import {
  type KubernetesApiDoubleOptions,
  KubernetesApiDouble,
} from '@internal/platform-doubles';
import { createKubernetesApplyAction } from './apply';

const ISVC_API = 'serving.kserve.io/v1beta1';
const TOKEN = 'portal-sa-token';

function manifest(storageUri = 's3://models/customer-churn/v1'): string {
  return `apiVersion: v1
kind: Secret
metadata:
  name: minio-credentials
  annotations:
    serving.kserve.io/s3-endpoint: minio:9000
    serving.kserve.io/s3-usehttps: "0"
stringData:
  AWS_ACCESS_KEY_ID: minio
  AWS_SECRET_ACCESS_KEY: minio123
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: customer-churn-sa
secrets:
  - name: minio-credentials
---
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: customer-churn
  annotations:
    serving.kserve.io/deploymentMode: Standard
spec:
  predictor:
    serviceAccountName: customer-churn-sa
    model:
      modelFormat:
        name: sklearn
      storageUri: ${storageUri}
`;
}

describe('kubernetes:apply', () => {
  let k8s: KubernetesApiDouble;

  const start = async (options: KubernetesApiDoubleOptions = {}) => {
    k8s = await KubernetesApiDouble.start({
      token: TOKEN,
      namespaces: ['default', 'ml-serving'],
      ...options,
    });
  };

  afterEach(async () => {
    await k8s?.stop();
  });

  const configFor = (
    clusters: JsonObject[] = [{ ...k8s.clusterConfig('lakehouse-dev') }],
  ) =>
    new ConfigReader({
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [{ type: 'config', clusters }],
      },
    });

  const run = async (
    input: Record<string, unknown>,
    options: { isDryRun?: boolean; config?: ConfigReader } = {},
  ) => {
    const action = createKubernetesApplyAction({
      config: options.config ?? configFor(),
    });
    const logger = mockServices.logger.mock();
    const ctx = {
      ...createMockActionContext({
        input: {
          cluster: 'lakehouse-dev',
          namespace: 'ml-serving',
          ...input,
        } as any,
        logger,
        // A fixed workspace: the action writes no files.
        workspacePath: tmpdir(),
      }),
      isDryRun: options.isDryRun,
    };
    await action.handler(ctx as any);
    const output = (ctx.output as jest.Mock).mock.calls;
    const logs = (logger.info as jest.Mock).mock.calls.map(c => String(c[0]));
    return { output, logs };
  };

  const patches = () => k8s.requests.filter(r => r.method === 'PATCH');
  const storedIsvc = () =>
    k8s.getObject(ISVC_API, 'InferenceService', 'ml-serving', 'customer-churn');
  const storedKinds = () =>
    k8s.objects.filter(o => o.kind !== 'Namespace').map(o => o.kind);

  it('applies a KServe InferenceService with its Secret and ServiceAccount, dry run first', async () => {
    await start();
    const { output, logs } = await run({ manifest: manifest() });

    const isvc = storedIsvc();
    expect(isvc).toBeDefined();
    expect((isvc!.spec as any).predictor.model.storageUri).toBe(
      's3://models/customer-churn/v1',
    );
    expect(isvc!.metadata!.managedFields).toEqual([
      expect.objectContaining({
        manager: 'backstage-lakehouse-portal',
        operation: 'Apply',
        apiVersion: ISVC_API,
      }),
    ]);
    const secret = k8s.getObject(
      'v1',
      'Secret',
      'ml-serving',
      'minio-credentials',
    )!;
    expect((secret.data as any).AWS_SECRET_ACCESS_KEY).toBe(
      Buffer.from('minio123').toString('base64'),
    );
    expect(
      k8s.getObject('v1', 'ServiceAccount', 'ml-serving', 'customer-churn-sa')!
        .secrets,
    ).toEqual([{ name: 'minio-credentials' }]);

    // Three server dry runs, then three real applies, all server-side apply, never forced.
    const sent = patches();
    expect(
      sent.map(r => [r.path.split('/').slice(-2).join('/'), r.query.dryRun]),
    ).toEqual([
      ['secrets/minio-credentials', 'All'],
      ['serviceaccounts/customer-churn-sa', 'All'],
      ['inferenceservices/customer-churn', 'All'],
      ['secrets/minio-credentials', undefined],
      ['serviceaccounts/customer-churn-sa', undefined],
      ['inferenceservices/customer-churn', undefined],
    ]);
    for (const request of sent) {
      expect(request.headers['content-type']).toBe(
        'application/apply-patch+yaml',
      );
      expect(request.query.fieldManager).toBe('backstage-lakehouse-portal');
      expect(request.query.force).toBeUndefined();
    }

    expect(output).toEqual([
      [
        'objects',
        [
          {
            kind: 'Secret',
            namespace: 'ml-serving',
            name: 'minio-credentials',
            uid: secret.metadata!.uid,
            resourceVersion: secret.metadata!.resourceVersion,
            created: true,
          },
          expect.objectContaining({
            kind: 'ServiceAccount',
            name: 'customer-churn-sa',
            created: true,
          }),
          {
            kind: 'InferenceService',
            namespace: 'ml-serving',
            name: 'customer-churn',
            uid: isvc!.metadata!.uid,
            resourceVersion: isvc!.metadata!.resourceVersion,
            created: true,
          },
        ],
      ],
    ]);
    expect(logs).toEqual([
      `Applying 3 object(s) to cluster "lakehouse-dev" (${k8s.url}) as field manager "backstage-lakehouse-portal"`,
      'Server dry run: Secret ml-serving/minio-credentials would be created',
      'Server dry run: ServiceAccount ml-serving/customer-churn-sa would be created',
      'Server dry run: InferenceService ml-serving/customer-churn would be created',
      `Applied Secret ml-serving/minio-credentials: created, resourceVersion ${
        secret.metadata!.resourceVersion
      }`,
      expect.stringMatching(
        /^Applied ServiceAccount ml-serving\/customer-churn-sa: created, resourceVersion \d+$/,
      ),
      `Applied InferenceService ml-serving/customer-churn: created, resourceVersion ${
        isvc!.metadata!.resourceVersion
      }`,
    ]);
  });

  it('re-applies the same manifest as an update (created: false) without changing the object', async () => {
    await start();
    await run({ manifest: manifest() });
    const before = storedIsvc()!.metadata!.resourceVersion;
    const { output } = await run({ manifest: manifest() });
    expect(output[0][1].map((o: any) => o.created)).toEqual([
      false,
      false,
      false,
    ]);
    expect(storedIsvc()!.metadata!.resourceVersion).toBe(before);
  });

  it('reports a field manager conflict from another manager and changes nothing', async () => {
    await start();
    await run({ manifest: manifest() });
    const before = k8s.objects;
    const requestsBefore = k8s.requests.length;

    // Another team's release template applies the InferenceService with a new model version.
    const inferenceServiceOnly = manifest('s3://models/customer-churn/v2')
      .split('---\n')
      .pop();
    const error = await run({
      manifest: inferenceServiceOnly,
      fieldManager: 'ml-team-release',
    }).then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain(
      'InferenceService ml-serving/customer-churn',
    );
    expect(error.message).toContain(
      'Apply failed with 1 conflict: conflict with "backstage-lakehouse-portal" using serving.kserve.io/v1beta1: .spec.predictor.model.storageUri',
    );
    expect(error.message).toContain(
      'Conflicting fields: .spec.predictor.model.storageUri',
    );
    expect(k8s.objects).toEqual(before);
    // Only dry runs were sent in the failed run.
    expect(
      k8s.requests
        .slice(requestsBefore)
        .filter(r => r.method === 'PATCH' && r.query.dryRun !== 'All'),
    ).toEqual([]);
  });

  it('stores nothing when the admission webhook denies an object, not even the objects before it', async () => {
    await start({
      admission: obj =>
        (obj.spec as any).predictor.model.storageUri.startsWith(
          's3://models/approved/',
        )
          ? undefined
          : 'models must come from s3://models/approved/',
    });
    const error = await run({ manifest: manifest() }).then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toContain(
      'InferenceService ml-serving/customer-churn',
    );
    expect(error.message).toContain(
      'admission webhook "inferenceservice.kserve-webhook-server.validator.webhook" denied the request: models must come from s3://models/approved/',
    );
    expect(storedKinds()).toEqual([]);
    expect(patches().every(r => r.query.dryRun === 'All')).toBe(true);
    expect(patches()).toHaveLength(3);
  });

  it('in a scaffolder dry run, only runs the server dry run and stores nothing', async () => {
    await start();
    const { output, logs } = await run(
      { manifest: manifest() },
      { isDryRun: true },
    );
    expect(storedKinds()).toEqual([]);
    expect(patches()).toHaveLength(3);
    expect(patches().every(r => r.query.dryRun === 'All')).toBe(true);
    expect(output).toEqual([
      [
        'objects',
        [
          {
            kind: 'Secret',
            namespace: 'ml-serving',
            name: 'minio-credentials',
            created: true,
          },
          {
            kind: 'ServiceAccount',
            namespace: 'ml-serving',
            name: 'customer-churn-sa',
            created: true,
          },
          {
            kind: 'InferenceService',
            namespace: 'ml-serving',
            name: 'customer-churn',
            created: true,
          },
        ],
      ],
    ]);
    expect(logs[logs.length - 1]).toBe(
      'Dry run: the cluster accepted all 3 object(s); nothing was applied',
    );
  });

  it('refuses an unknown cluster before any request', async () => {
    await start();
    const error = await run({
      manifest: manifest(),
      cluster: 'lakehouse-prod',
    }).then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'Unknown Kubernetes cluster "lakehouse-prod": the configured clusters are "lakehouse-dev" (kubernetes.clusterLocatorMethods[].clusters[] of type "config")',
    );
    expect(k8s.requests).toEqual([]);
  });

  it('refuses invalid YAML and unsupported or incomplete objects before any request', async () => {
    await start();
    const invalidYaml = await run({
      manifest: 'apiVersion: v1\nkind: Secret\nmetadata: [unclosed',
    }).then(
      () => undefined,
      e => e,
    );
    expect(invalidYaml).toBeInstanceOf(InputError);
    expect(invalidYaml.message).toMatch(
      /^The manifest is not valid YAML: document 1: /,
    );

    const unsupported = await run({
      manifest: `${manifest()}---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
---
apiVersion: v1
kind: Secret
metadata: {}
`,
    }).then(
      () => undefined,
      e => e,
    );
    expect(unsupported).toBeInstanceOf(InputError);
    expect(unsupported.message).toBe(
      'Invalid manifest: document 4 (Deployment web): Deployment (apps/v1) is not supported; kubernetes:apply applies Secret (v1), ServiceAccount (v1), InferenceService (serving.kserve.io/v1beta1); document 5 has no metadata.name',
    );
    expect(k8s.requests).toEqual([]);
  });

  it('names the object and quotes the server for invalid objects (422)', async () => {
    await start();
    const error = await run({
      manifest: {
        apiVersion: ISVC_API,
        kind: 'InferenceService',
        metadata: { name: 'no-predictor' },
        spec: { transformer: {} },
      },
    }).then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'Kubernetes refused the server dry run of InferenceService ml-serving/no-predictor on cluster "lakehouse-dev" (422 Invalid): InferenceService.serving.kserve.io "no-predictor" is invalid:\n- spec.predictor: Required value',
    );
  });

  it('lists every field KServe’s CRD refuses, one a line, and applies nothing', async () => {
    await start();
    const canary = manifest().replace(
      '      storageUri: s3://models/customer-churn/v1\n',
      `      storageUri: s3://models/customer-churn/v1
  canary:
    - trafficPercent: 120
      predictor:
        model:
          modelFormat:
            name: sklearn
          storageUri: s3://models/customer-churn/v2
`,
    );
    const error = await run({ manifest: canary }).then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message.split('\n')).toEqual([
      'Kubernetes refused the server dry run of InferenceService ml-serving/customer-churn on cluster "lakehouse-dev" (422 Invalid): InferenceService.serving.kserve.io "customer-churn" is invalid:',
      '- spec.canary[0].predictor.model.name: Required value',
      '- spec.canary[0].trafficPercent: Invalid value: 120: spec.canary[0].trafficPercent in body should be less than or equal to 100',
    ]);
    expect(k8s.objects.filter(o => o.kind !== 'Namespace')).toEqual([]);
  });

  it('reports refused credentials (401) and an unreachable cluster', async () => {
    await start();
    const wrongToken = await run(
      { manifest: manifest() },
      {
        config: configFor([
          {
            ...k8s.clusterConfig('lakehouse-dev'),
            serviceAccountToken: 'expired',
          },
        ]),
      },
    ).then(
      () => undefined,
      e => e,
    );
    expect(wrongToken).toBeInstanceOf(AuthenticationError);
    expect(wrongToken.message).toContain(
      'Kubernetes refused the server dry run of Secret ml-serving/minio-credentials on cluster "lakehouse-dev" (401 Unauthorized)',
    );

    const config = configFor();
    await k8s.stop();
    const unreachable = await run({ manifest: manifest() }, { config }).then(
      () => undefined,
      e => e,
    );
    expect(unreachable.message).toMatch(
      /^Could not reach Kubernetes cluster "lakehouse-dev" at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\) for the server dry run of Secret ml-serving\/minio-credentials: /,
    );
  });
});
