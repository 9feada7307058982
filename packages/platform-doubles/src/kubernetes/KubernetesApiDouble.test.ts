/*
 * Tests of the Kubernetes API double with the real @kubernetes/client-node 1.4 (KubernetesObjectApi and
 * CustomObjectsApi), checked against the API server's documented behaviour: server-side apply (201 on
 * create, 200 after, managedFields in FieldsV1, FieldManagerConflict 409 unless force, dryRun=All),
 * PatchOptions validation (422), InferenceService validation (CRD 422, KServe webhook 403), bearer token
 * auth (401), create/replace/list/get and Status bodies; what the double does not serve answers 404/405/415.
 */
import {
  ApiException,
  type KubernetesObject as ClientObject,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  ServerConfiguration,
  createConfiguration,
} from '@kubernetes/client-node';
import {
  type KubernetesApiDoubleOptions,
  type KubernetesStoredObject,
  KubernetesApiDouble,
} from './KubernetesApiDouble';

const ISVC_API = 'serving.kserve.io/v1beta1';

function inferenceService(
  storageUri = 's3://models/churn/v1',
  extra: Record<string, unknown> = {},
): KubernetesStoredObject {
  return {
    apiVersion: ISVC_API,
    kind: 'InferenceService',
    metadata: { name: 'customer-churn', namespace: 'ml-serving' },
    spec: {
      predictor: {
        serviceAccountName: 'churn-sa',
        model: { modelFormat: { name: 'sklearn' }, storageUri },
      },
    },
    ...extra,
  };
}

/** A kubeconfig for the double, with its token unless another is given. */
function kubeConfigFor(
  k8s: KubernetesApiDouble,
  token = k8s.clusterConfig().serviceAccountToken,
) {
  const kc = new KubeConfig();
  // Plain http: @kubernetes/client-node requires skipTLSVerify for it.
  kc.loadFromOptions({
    clusters: [{ name: 'double', server: k8s.url, skipTLSVerify: true }],
    users: [{ name: 'portal', ...(token ? { token } : {}) }],
    contexts: [{ name: 'double', cluster: 'double', user: 'portal' }],
    currentContext: 'double',
  });
  return kc;
}

/** A client whose last HTTP status code is readable (the typed API only returns bodies). */
function client(k8s: KubernetesApiDouble, token?: string) {
  const kc = kubeConfigFor(k8s, token);
  let lastStatus: number | undefined;
  const api = new KubernetesObjectApi(
    createConfiguration({
      baseServer: new ServerConfiguration(k8s.url, {}),
      authMethods: { default: kc },
      promiseMiddleware: [
        {
          pre: async context => context,
          post: async response => {
            lastStatus = response.httpStatusCode;
            return response;
          },
        },
      ],
    }),
  );
  const apply = async (
    obj: KubernetesStoredObject,
    manager: string | null = 'lakehouse-portal',
    opts: { force?: boolean; dryRun?: string } = {},
  ) => {
    const result = await api.patch(
      JSON.parse(JSON.stringify(obj)),
      undefined,
      opts.dryRun,
      manager ?? undefined,
      opts.force,
      PatchStrategy.ServerSideApply,
    );
    return { status: lastStatus, object: result as KubernetesStoredObject };
  };
  return { api, apply, status: () => lastStatus };
}

/** Awaits a rejected client call and returns the HTTP code and the parsed Status body. */
async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    e => e,
  );
  expect(error).toBeInstanceOf(ApiException);
  const body =
    typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
  return { code: error.code as number, body };
}

describe('KubernetesApiDouble', () => {
  let k8s: KubernetesApiDouble;
  const start = async (options: KubernetesApiDoubleOptions = {}) => {
    k8s = await KubernetesApiDouble.start({
      namespaces: ['default', 'ml-serving'],
      ...options,
    });
    return k8s;
  };

  afterEach(async () => {
    await k8s?.stop();
  });

  it('serves discovery that the client resolves kinds with', async () => {
    await start();
    const { api } = client(k8s);
    // KubernetesObjectApi finds the resource of a kind through /api/v1 and /apis/<group>/<version>.
    const lists = await Promise.all([
      api.list('v1', 'Secret', 'ml-serving'),
      api.list('v1', 'ServiceAccount', 'ml-serving'),
      api.list(ISVC_API, 'InferenceService', 'ml-serving'),
    ]);
    expect(lists.map(l => (l as { kind?: string }).kind)).toEqual([
      'SecretList',
      'ServiceAccountList',
      'InferenceServiceList',
    ]);
    await expect(
      api.list('apps/v1', 'Deployment', 'ml-serving'),
    ).rejects.toThrow(
      /Failed to fetch resource metadata for apps\/v1\/Deployment/,
    );
    const core = await (await fetch(`${k8s.url}/api/v1`)).json();
    expect(core).toMatchObject({ kind: 'APIResourceList', groupVersion: 'v1' });
    expect(
      core.resources.map((r: { name: string; verbs: string[] }) => [
        r.name,
        r.verbs.join(','),
      ]),
    ).toEqual([
      ['pods', 'get,list'],
      ['secrets', 'create,get,list,patch,update'],
      ['serviceaccounts', 'create,get,list,patch,update'],
      ['services', 'get,list'],
    ]);
    const kserve = await (
      await fetch(`${k8s.url}/apis/serving.kserve.io/v1beta1`)
    ).json();
    expect(kserve.resources[0]).toMatchObject({
      name: 'inferenceservices',
      singularName: 'inferenceservice',
      namespaced: true,
      kind: 'InferenceService',
      shortNames: ['isvc'],
    });
    // The client asks for nothing else: the group and version lists are not served.
    for (const path of ['/api', '/apis', '/version']) {
      expect((await fetch(`${k8s.url}${path}`)).status).toBe(404);
    }
  });

  it('answers every response, errors included, as application/json', async () => {
    await start({ token: 'secret-token' });
    const auth = { headers: { Authorization: 'Bearer secret-token' } };
    const urls = [
      ['/api/v1', auth, 200],
      ['/apis/serving.kserve.io/v1beta1', auth, 200],
      ['/api/v1/namespaces/ml-serving/secrets', auth, 200],
      [
        '/apis/serving.kserve.io/v1beta1/namespaces/ml-serving/inferenceservices/x',
        auth,
        404,
      ],
      ['/apis/apps/v1', auth, 404],
      ['/api/v1/namespaces', auth, 404],
      ['/api/v1/namespaces', {}, 401],
    ] as const;
    for (const [path, init, code] of urls) {
      const res = await fetch(`${k8s.url}${path}`, init);
      expect([path, res.status]).toEqual([path, code]);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(typeof (await res.json())).toBe('object');
    }
  });

  it('creates with server-side apply (201), then re-applies (200) and tracks managedFields', async () => {
    await start();
    const { apply } = client(k8s);

    const created = await apply(inferenceService());
    expect(created.status).toBe(201);
    const meta = created.object.metadata!;
    expect(meta.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(meta.creationTimestamp).toBeDefined();
    expect(meta.generation).toBe(1);
    expect(meta.managedFields).toEqual([
      {
        manager: 'lakehouse-portal',
        operation: 'Apply',
        apiVersion: ISVC_API,
        time: expect.any(Date),
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:spec': {
            'f:predictor': {
              'f:model': {
                'f:modelFormat': { 'f:name': {} },
                'f:storageUri': {},
              },
              'f:serviceAccountName': {},
            },
          },
        },
      },
    ]);
    const stored = k8s.getObject(
      ISVC_API,
      'InferenceService',
      'ml-serving',
      'customer-churn',
    )!;
    expect(stored.metadata!.resourceVersion).toBe(meta.resourceVersion);

    // The same configuration again changes nothing: no new resourceVersion.
    const again = await apply(inferenceService());
    expect(again.status).toBe(200);
    expect(again.object.metadata!.resourceVersion).toBe(meta.resourceVersion);

    const changed = await apply(inferenceService('s3://models/churn/v2'));
    expect(changed.status).toBe(200);
    expect(Number(changed.object.metadata!.resourceVersion)).toBeGreaterThan(
      Number(meta.resourceVersion),
    );
    expect(changed.object.metadata!.generation).toBe(2);
    expect(changed.object.metadata!.uid).toBe(meta.uid);
    expect((changed.object.spec as any).predictor.model.storageUri).toBe(
      's3://models/churn/v2',
    );
  });

  it('removes fields a manager stops applying, but keeps fields others own', async () => {
    await start();
    const { apply } = client(k8s);
    const labelled = inferenceService();
    labelled.metadata!.labels = { team: 'churn', tier: 'gold' };
    await apply(labelled);
    await apply(
      {
        apiVersion: ISVC_API,
        kind: 'InferenceService',
        metadata: {
          name: 'customer-churn',
          namespace: 'ml-serving',
          labels: { tier: 'gold' },
        },
      },
      'finops',
    );
    const result = await apply(inferenceService());
    expect(result.object.metadata!.labels).toEqual({ tier: 'gold' });
  });

  it('answers 409 FieldManagerConflict when another manager changes an owned field, unless forced', async () => {
    await start();
    const { apply } = client(k8s);
    const first = await apply(inferenceService());

    const conflict = await rejection(
      apply(inferenceService('s3://models/churn/v9'), 'ml-team'),
    );
    expect(conflict.code).toBe(409);
    expect(conflict.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Apply failed with 1 conflict: conflict with "lakehouse-portal" using serving.kserve.io/v1beta1: .spec.predictor.model.storageUri',
      reason: 'Conflict',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message:
              'conflict with "lakehouse-portal" using serving.kserve.io/v1beta1',
            field: '.spec.predictor.model.storageUri',
          },
        ],
      },
      code: 409,
    });
    const unchanged = k8s.getObject(
      ISVC_API,
      'InferenceService',
      'ml-serving',
      'customer-churn',
    )!;
    expect((unchanged.spec as any).predictor.model.storageUri).toBe(
      's3://models/churn/v1',
    );
    expect(unchanged.metadata!.resourceVersion).toBe(
      first.object.metadata!.resourceVersion,
    );

    // The same value is no conflict: both managers own the field.
    await apply(inferenceService(), 'ml-team');
    const shared = k8s.getObject(
      ISVC_API,
      'InferenceService',
      'ml-serving',
      'customer-churn',
    )!;
    expect(shared.metadata!.managedFields!.map(m => m.manager)).toEqual([
      'lakehouse-portal',
      'ml-team',
    ]);

    const forced = await apply(
      inferenceService('s3://models/churn/v9'),
      'ml-team',
      { force: true },
    );
    expect(forced.status).toBe(200);
    expect((forced.object.spec as any).predictor.model.storageUri).toBe(
      's3://models/churn/v9',
    );
    const portal = forced.object.metadata!.managedFields!.find(
      m => m.manager === 'lakehouse-portal',
    )!;
    expect(
      (portal.fieldsV1 as any)['f:spec']['f:predictor']['f:model'],
    ).toEqual({ 'f:modelFormat': { 'f:name': {} } });
  });

  it('lists every conflict, grouped by manager, when several fields conflict', async () => {
    await start();
    const { apply } = client(k8s);
    await apply(inferenceService());
    const other = inferenceService('s3://other');
    (other.spec as any).predictor.serviceAccountName = 'other-sa';
    const conflict = await rejection(apply(other, 'ml-team'));
    expect(conflict.body.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "lakehouse-portal" using serving.kserve.io/v1beta1:\n- .spec.predictor.model.storageUri\n- .spec.predictor.serviceAccountName',
    );
    expect(conflict.body.details.causes.map((c: any) => c.field)).toEqual([
      '.spec.predictor.model.storageUri',
      '.spec.predictor.serviceAccountName',
    ]);
  });

  it('validates and answers dryRun=All without storing anything', async () => {
    await start();
    const { apply } = client(k8s);
    const before = k8s.objects;
    const dry = await apply(inferenceService(), 'lakehouse-portal', {
      dryRun: 'All',
    });
    expect(dry.status).toBe(201);
    expect(dry.object.metadata!.uid).toBeDefined();
    expect(dry.object.metadata!.managedFields![0].manager).toBe(
      'lakehouse-portal',
    );
    expect(
      k8s.getObject(
        ISVC_API,
        'InferenceService',
        'ml-serving',
        'customer-churn',
      ),
    ).toBeUndefined();
    expect(k8s.objects).toEqual(before);

    await apply(inferenceService());
    const dryUpdate = await apply(
      inferenceService('s3://models/churn/v2'),
      'lakehouse-portal',
      { dryRun: 'All' },
    );
    expect(dryUpdate.status).toBe(200);
    expect((dryUpdate.object.spec as any).predictor.model.storageUri).toBe(
      's3://models/churn/v2',
    );
    expect(
      (
        k8s.getObject(
          ISVC_API,
          'InferenceService',
          'ml-serving',
          'customer-churn',
        )!.spec as any
      ).predictor.model.storageUri,
    ).toBe('s3://models/churn/v1');

    // A dry run reports conflicts too.
    const conflict = await rejection(
      apply(inferenceService('s3://x'), 'ml-team', { dryRun: 'All' }),
    );
    expect(conflict.code).toBe(409);

    // Any other dryRun value is refused by PatchOptions validation (as ValidateDryRun does: 422 Invalid).
    const bad = await rejection(
      apply(inferenceService(), 'lakehouse-portal', { dryRun: 'Server' }),
    );
    expect(bad.code).toBe(422);
    expect(bad.body.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: ["Server"]: supported values: "All"',
    );
  });

  it('requires a fieldManager for apply (422 Invalid naming fieldManager)', async () => {
    await start();
    const { apply } = client(k8s);
    const error = await rejection(apply(inferenceService(), null));
    expect(error.code).toBe(422);
    expect(error.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      reason: 'Invalid',
      details: {
        group: 'meta.k8s.io',
        kind: 'PatchOptions',
        causes: [
          {
            reason: 'FieldValueRequired',
            message: 'Required value: is required for apply patch',
            field: 'fieldManager',
          },
        ],
      },
      code: 422,
    });
    expect(k8s.objects.filter(o => o.kind === 'InferenceService')).toEqual([]);
  });

  it('serves server-side apply only: other patch types 415, delete 405', async () => {
    await start();
    const { api, apply } = client(k8s);
    await apply(inferenceService());
    // KubernetesObjectApi.patch defaults to strategic merge patch.
    const error = await rejection(
      api.patch({
        apiVersion: ISVC_API,
        kind: 'InferenceService',
        metadata: { name: 'customer-churn', namespace: 'ml-serving' },
        spec: { predictor: { minReplicas: 2 } },
      } as ClientObject),
    );
    expect(error.code).toBe(415);
    expect(error.body).toMatchObject({
      reason: 'UnsupportedMediaType',
      message:
        'the body of the request was in an unknown format - accepted media types include: application/apply-patch+yaml',
    });
    const deleted = await rejection(
      api.delete({
        apiVersion: ISVC_API,
        kind: 'InferenceService',
        metadata: { name: 'customer-churn', namespace: 'ml-serving' },
      }),
    );
    expect(deleted.code).toBe(405);
    expect(deleted.body.reason).toBe('MethodNotAllowed');
    // Pods are read-only: the double seeds them with addPod.
    const pod = await fetch(`${k8s.url}/api/v1/namespaces/ml-serving/pods`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(pod.status).toBe(405);
    expect(
      k8s.getObject(
        ISVC_API,
        'InferenceService',
        'ml-serving',
        'customer-churn',
      ),
    ).toBeDefined();
  });

  it('validates InferenceServices as the CRD schema does (422 with causes)', async () => {
    await start();
    const { apply } = client(k8s);
    const badName = inferenceService();
    badName.metadata!.name = 'customer_churn';
    const nameError = await rejection(apply(badName));
    expect(nameError.code).toBe(422);
    expect(nameError.body).toMatchObject({
      reason: 'Invalid',
      details: {
        name: 'customer_churn',
        group: 'serving.kserve.io',
        kind: 'InferenceService',
        causes: [{ reason: 'FieldValueInvalid', field: 'metadata.name' }],
      },
    });
    expect(nameError.body.message).toMatch(
      /^InferenceService\.serving\.kserve\.io "customer_churn" is invalid: metadata\.name: Invalid value: "customer_churn": a lowercase RFC 1123 subdomain/,
    );

    const noPredictor = inferenceService();
    noPredictor.spec = { transformer: {} };
    const predictorError = await rejection(apply(noPredictor));
    expect(predictorError.code).toBe(422);
    expect(predictorError.body.message).toBe(
      'InferenceService.serving.kserve.io "customer-churn" is invalid: spec.predictor: Required value',
    );
    expect(predictorError.body.details.causes).toEqual([
      {
        reason: 'FieldValueRequired',
        message: 'Required value',
        field: 'spec.predictor',
      },
    ]);

    // The CRD makes modelFormat optional, but not its name.
    const noFormat = inferenceService();
    (noFormat.spec as any).predictor.model = {
      modelFormat: { version: '1' },
      storageUri: 's3://m',
    };
    const formatError = await rejection(apply(noFormat));
    expect(formatError.body.details.causes[0].field).toBe(
      'spec.predictor.model.modelFormat.name',
    );
    expect(k8s.objects.filter(o => o.kind === 'InferenceService')).toEqual([]);
  });

  it('checks InferenceServices against the whole CRD schema on create, apply, update and dry run', async () => {
    await start();
    const { api, apply } = client(k8s);
    // A Standard-mode canary whose model container is unnamed, which KServe v0.20's CRD requires.
    const standardCanary = () =>
      inferenceService('s3://models/churn/1', {
        spec: {
          predictor: {
            serviceAccountName: 'churn-sa',
            model: {
              modelFormat: { name: 'sklearn' },
              storageUri: 's3://models/churn/1',
            },
          },
          canary: [
            {
              trafficPercent: 20,
              predictor: {
                serviceAccountName: 'churn-sa',
                model: {
                  modelFormat: { name: 'sklearn' },
                  storageUri: 's3://models/churn/2',
                },
              },
            },
          ],
        },
      });
    const expected = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'InferenceService.serving.kserve.io "customer-churn" is invalid: spec.canary[0].predictor.model.name: Required value',
      reason: 'Invalid',
      details: {
        name: 'customer-churn',
        group: 'serving.kserve.io',
        kind: 'InferenceService',
        causes: [
          {
            reason: 'FieldValueRequired',
            message: 'Required value',
            field: 'spec.canary[0].predictor.model.name',
          },
        ],
      },
      code: 422,
    };
    const refusals = [
      await rejection(api.create(standardCanary() as any)),
      await rejection(apply(standardCanary())),
      await rejection(
        apply(standardCanary(), 'lakehouse-portal', { dryRun: 'All' }),
      ),
    ];
    for (const refusal of refusals) {
      expect(refusal).toEqual({ code: 422, body: expected });
    }
    expect(k8s.objects.filter(o => o.kind === 'InferenceService')).toEqual([]);

    // Named, it is stored; an update that breaks a field the schema bounds is refused with every cause.
    const named = standardCanary();
    (named.spec as any).canary[0].predictor.model.name = 'kserve-container';
    await apply(named);
    const stored = (await api.read(named as any)) as any;
    stored.spec.canary[0].trafficPercent = 120;
    stored.spec.predictor.minReplicas = 'two';
    const update = await rejection(api.replace(stored));
    expect(update.code).toBe(422);
    expect(update.body.message).toBe(
      'InferenceService.serving.kserve.io "customer-churn" is invalid: [spec.canary[0].trafficPercent: Invalid value: 120: spec.canary[0].trafficPercent in body should be less than or equal to 100, spec.predictor.minReplicas: Invalid value: "string": spec.predictor.minReplicas in body must be of type integer: "string"]',
    );
    expect(update.body.details.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        message:
          'Invalid value: 120: spec.canary[0].trafficPercent in body should be less than or equal to 100',
        field: 'spec.canary[0].trafficPercent',
      },
      {
        reason: 'FieldValueTypeInvalid',
        message:
          'Invalid value: "string": spec.predictor.minReplicas in body must be of type integer: "string"',
        field: 'spec.predictor.minReplicas',
      },
    ]);
    expect(await api.read(named as any)).toMatchObject({
      spec: { canary: [{ trafficPercent: 20 }] },
    });
  });

  it('runs the KServe validating webhook and the admission hook (403), dry runs included', async () => {
    const seen: Array<{ name: string; dryRun: boolean; operation: string }> =
      [];
    await start({
      admission: (obj, request) => {
        seen.push({
          name: request.name,
          dryRun: request.dryRun,
          operation: request.operation,
        });
        const uri = (obj.spec as any).predictor.model?.storageUri ?? '';
        return uri.startsWith('s3://models/')
          ? undefined
          : `storageUri ${uri} is outside the models bucket`;
      },
    });
    const { apply } = client(k8s);
    const denied = await rejection(
      apply(inferenceService('s3://scratch/x'), 'lakehouse-portal', {
        dryRun: 'All',
      }),
    );
    expect(denied.code).toBe(403);
    expect(denied.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'admission webhook "inferenceservice.kserve-webhook-server.validator.webhook" denied the request: storageUri s3://scratch/x is outside the models bucket',
      reason: 'Forbidden',
      code: 403,
    });
    expect(seen).toEqual([
      { name: 'customer-churn', dryRun: true, operation: 'CREATE' },
    ]);

    await rejection(apply(inferenceService('s3://scratch/x')));
    expect(k8s.objects.filter(o => o.kind === 'InferenceService')).toEqual([]);

    expect((await apply(inferenceService())).status).toBe(201);
    expect(seen[seen.length - 1]).toEqual({
      name: 'customer-churn',
      dryRun: false,
      operation: 'CREATE',
    });

    // KServe's own checks: the name must start with a letter, exactly one predictor implementation.
    const digitName = inferenceService();
    digitName.metadata!.name = '1-churn';
    const nameDenial = await rejection(apply(digitName));
    expect(nameDenial.code).toBe(403);
    expect(nameDenial.body.message).toContain(
      `The InferenceService "1-churn" is invalid: a InferenceService name must consist of lower case alphanumeric characters or '-', and must start with alphabetical character.`,
    );
    const twoPredictors = inferenceService('s3://models/a');
    twoPredictors.metadata!.name = 'two-predictors';
    (twoPredictors.spec as any).predictor.sklearn = { storageUri: 's3://b' };
    const predictorDenial = await rejection(apply(twoPredictors, 'other'));
    expect(predictorDenial.code).toBe(403);
    expect(predictorDenial.body.message).toMatch(
      /denied the request: exactly one of \[.*\] must be specified in predictor, got \[model, sklearn\]/,
    );
  });

  it('requires the bearer token when one is configured (401 Status)', async () => {
    await start({ token: 'sa-token' });
    const wrong = await rejection(
      client(k8s, 'not-the-token').apply(inferenceService()),
    );
    expect(wrong.code).toBe(401);
    expect(wrong.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
    const res = await fetch(`${k8s.url}/api/v1/namespaces/ml-serving/secrets`);
    expect(res.status).toBe(401);

    const ok = await client(k8s).apply(inferenceService());
    expect(ok.status).toBe(201);
    expect(k8s.requests[k8s.requests.length - 1].headers.authorization).toBe(
      'Bearer sa-token',
    );
  });

  it('lists and gets InferenceServices through CustomObjectsApi', async () => {
    await start({ token: 't' });
    const custom = kubeConfigFor(k8s).makeApiClient(CustomObjectsApi);
    const { apply } = client(k8s);
    const labelled = inferenceService();
    labelled.metadata!.labels = { team: 'churn' };
    await apply(labelled);
    const other = inferenceService();
    other.metadata!.name = 'fraud';
    await apply(other);

    const ref = {
      group: 'serving.kserve.io',
      version: 'v1beta1',
      namespace: 'ml-serving',
      plural: 'inferenceservices',
    };
    const list = await custom.listNamespacedCustomObject(ref);
    expect(list).toMatchObject({
      apiVersion: ISVC_API,
      kind: 'InferenceServiceList',
      metadata: { resourceVersion: expect.stringMatching(/^\d+$/) },
    });
    expect(
      list.items.map((i: KubernetesStoredObject) => i.metadata!.name),
    ).toEqual(['customer-churn', 'fraud']);
    expect(list.items[0]).toMatchObject({
      apiVersion: ISVC_API,
      kind: 'InferenceService',
    });
    const selected = await custom.listNamespacedCustomObject({
      ...ref,
      labelSelector: 'team=churn',
    });
    expect(
      selected.items.map((i: KubernetesStoredObject) => i.metadata!.name),
    ).toEqual(['customer-churn']);
    const paged = await custom.listNamespacedCustomObject({ ...ref, limit: 1 });
    expect(paged.items).toHaveLength(1);
    const rest = await custom.listNamespacedCustomObject({
      ...ref,
      _continue: paged.metadata.continue,
    });
    expect(
      rest.items.map((i: KubernetesStoredObject) => i.metadata!.name),
    ).toEqual(['fraud']);

    const one = await custom.getNamespacedCustomObject({
      ...ref,
      name: 'fraud',
    });
    expect(one.metadata.name).toBe('fraud');

    const missing = await rejection(
      custom.getNamespacedCustomObject({ ...ref, name: 'ranking' }),
    );
    expect(missing.code).toBe(404);
    expect(missing.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'inferenceservices.serving.kserve.io "ranking" not found',
      reason: 'NotFound',
      details: {
        name: 'ranking',
        group: 'serving.kserve.io',
        kind: 'inferenceservices',
      },
      code: 404,
    });
    const all = await custom.listClusterCustomObject({
      group: 'serving.kserve.io',
      version: 'v1beta1',
      plural: 'inferenceservices',
    });
    expect(all.items).toHaveLength(2);
  });

  it('stores Secrets and ServiceAccounts as the core API does', async () => {
    await start();
    const { api, apply } = client(k8s);
    const secret = await apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'minio-credentials',
        namespace: 'ml-serving',
        annotations: {
          'serving.kserve.io/s3-endpoint': 'minio:9000',
          'serving.kserve.io/s3-usehttps': '0',
        },
      },
      stringData: {
        AWS_ACCESS_KEY_ID: 'minio',
        AWS_SECRET_ACCESS_KEY: 'minio123',
      },
    });
    expect(secret.status).toBe(201);
    expect(secret.object).toMatchObject({
      type: 'Opaque',
      data: {
        AWS_ACCESS_KEY_ID: Buffer.from('minio').toString('base64'),
        AWS_SECRET_ACCESS_KEY: Buffer.from('minio123').toString('base64'),
      },
    });
    expect(secret.object.stringData).toBeUndefined();
    await apply({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'churn-sa', namespace: 'ml-serving' },
      secrets: [{ name: 'minio-credentials' }],
    });

    const list = (await api.list('v1', 'Secret', 'ml-serving')) as any;
    expect(list.kind).toBe('SecretList');
    expect(
      list.items.map((i: KubernetesStoredObject) => i.metadata!.name),
    ).toEqual(['minio-credentials']);
    const read = (await api.read({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'churn-sa', namespace: 'ml-serving' },
    })) as KubernetesStoredObject;
    expect(read.secrets).toEqual([{ name: 'minio-credentials' }]);

    const badKey = await rejection(
      apply({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'bad', namespace: 'ml-serving' },
        stringData: { 'not a key': 'x' },
      }),
    );
    expect(badKey.code).toBe(422);
    expect(badKey.body.details.causes[0].field).toBe('data[not a key]');

    const missingNamespace = await rejection(
      apply({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'x', namespace: 'nowhere' },
      }),
    );
    expect(missingNamespace.code).toBe(404);
    expect(missingNamespace.body.message).toBe(
      'namespaces "nowhere" not found',
    );
    expect(k8s.objects.map(o => o.kind)).toEqual(['Secret', 'ServiceAccount']);
  });

  it('accepts YAML apply bodies and refuses undecodable ones (400)', async () => {
    await start();
    const url = `${k8s.url}/apis/serving.kserve.io/v1beta1/namespaces/ml-serving/inferenceservices/customer-churn?fieldManager=kubectl`;
    const yamlBody = [
      '# applied by hand',
      'apiVersion: serving.kserve.io/v1beta1',
      'kind: InferenceService',
      'metadata:',
      '  name: customer-churn',
      '  annotations:',
      '    serving.kserve.io/deploymentMode: "Standard"',
      '    note: |',
      '      line one',
      '      line two',
      'spec:',
      '  predictor:',
      '    minReplicas: 1',
      '    model:',
      '      modelFormat: {name: sklearn, version: "1"}',
      "      storageUri: 's3://models/churn'",
      '      args: [--workers, "2"]',
      // go-yaml v2 reads the first document only.
      '---',
      'kind: [ignored',
      '',
    ].join('\n');
    const res = await fetch(url, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/apply-patch+yaml' },
      body: yamlBody,
    });
    expect(res.status).toBe(201);
    const obj = await res.json();
    expect(obj.metadata.annotations).toEqual({
      'serving.kserve.io/deploymentMode': 'Standard',
      note: 'line one\nline two\n',
    });
    expect(obj.spec.predictor).toEqual({
      minReplicas: 1,
      model: {
        modelFormat: { name: 'sklearn', version: '1' },
        storageUri: 's3://models/churn',
        args: ['--workers', '2'],
      },
    });

    const bad = await fetch(url, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/apply-patch+yaml' },
      body: 'apiVersion: v1\n  kind: [unclosed',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      reason: 'BadRequest',
      message: expect.stringMatching(
        /^error decoding YAML: error converting YAML to JSON: yaml: line 1: /,
      ),
    });
    const list = await fetch(url, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/apply-patch+yaml' },
      body: '- a\n- b\n',
    });
    expect((await list.json()).message).toBe(
      'error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
  });

  it('answers create, replace and stale writes like the API server', async () => {
    await start();
    const base = `${k8s.url}/api/v1/namespaces/ml-serving/secrets`;
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'token' },
      data: { t: Buffer.from('x').toString('base64') },
    };
    const json = { 'Content-Type': 'application/json' };
    const created = await fetch(`${base}?fieldManager=setup`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify(secret),
    });
    expect(created.status).toBe(201);
    const createdBody = await created.json();
    expect(createdBody.metadata.managedFields[0]).toMatchObject({
      manager: 'setup',
      operation: 'Update',
    });
    const again = await fetch(base, {
      method: 'POST',
      headers: json,
      body: JSON.stringify(secret),
    });
    expect(again.status).toBe(409);
    expect((await again.json()).reason).toBe('AlreadyExists');

    const stale = await fetch(`${base}/token`, {
      method: 'PUT',
      headers: json,
      body: JSON.stringify({
        ...secret,
        metadata: { name: 'token', resourceVersion: '1' },
      }),
    });
    expect(stale.status).toBe(409);
    expect((await stale.json()).message).toBe(
      'Operation cannot be fulfilled on secrets "token": the object has been modified; please apply your changes to the latest version and try again',
    );
    const replaced = await fetch(`${base}/token`, {
      method: 'PUT',
      headers: json,
      body: JSON.stringify({
        ...secret,
        metadata: {
          name: 'token',
          resourceVersion: createdBody.metadata.resourceVersion,
        },
        data: { t: Buffer.from('y').toString('base64') },
      }),
    });
    expect(replaced.status).toBe(200);
    expect((await replaced.json()).data.t).toBe(
      Buffer.from('y').toString('base64'),
    );
  });

  it('keeps status apart from spec: the controller writes it, apply and replace leave it', async () => {
    await start();
    const { api, apply } = client(k8s);
    await apply(inferenceService());
    const withStatus = k8s.setInferenceServiceStatus(
      'ml-serving',
      'customer-churn',
      {
        url: 'http://customer-churn.ml-serving.example.com',
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    );
    expect(withStatus.metadata!.generation).toBe(1);
    expect(withStatus.metadata!.managedFields).toContainEqual(
      expect.objectContaining({
        manager: 'kserve-controller',
        subresource: 'status',
      }),
    );
    // The subresource itself is not served over HTTP.
    const res = await fetch(
      `${k8s.url}/apis/serving.kserve.io/v1beta1/namespaces/ml-serving/inferenceservices/customer-churn/status`,
    );
    expect(res.status).toBe(404);
    const reapplied = await apply(
      inferenceService('s3://models/churn/v1', {
        status: { url: 'http://forged' },
      }),
    );
    expect((reapplied.object.status as any).url).toBe(
      'http://customer-churn.ml-serving.example.com',
    );
    const read = (await api.read(inferenceService() as any)) as any;
    read.status = { url: 'http://forged' };
    const replaced = (await api.replace(read)) as KubernetesStoredObject;
    expect((replaced.status as any).url).toBe(
      'http://customer-churn.ml-serving.example.com',
    );
  });

  it('injects faults with Status bodies', async () => {
    await start();
    const { apply } = client(k8s);
    k8s.failNext(1, { status: 503, method: 'PATCH' });
    const error = await rejection(apply(inferenceService()));
    expect(error.code).toBe(503);
    expect(error.body).toMatchObject({
      kind: 'Status',
      reason: 'ServiceUnavailable',
    });
    expect((await apply(inferenceService())).status).toBe(201);
  });
});
