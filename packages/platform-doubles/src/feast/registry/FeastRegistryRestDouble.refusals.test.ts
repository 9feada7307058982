/*
 * Requests Feast's REST registry server (`feast serve_registry --rest-api`) refuses, replayed against the
 * double over HTTP. Facts from feast-dev/feast at f0bc0700be70 (read for facts only):
 * sdk/python/feast/api/registry/rest/rest_registry_server.py (the exception handlers and their
 * `{status_code, detail, error_type}` bodies), rest/{entities,data_sources,feature_views,feature_services,
 * projects}.py (the routes and their parameters: `project: str = Query(...)`), rest_utils.py (`limit` le=100),
 * feast/errors.py (EntityNotFoundException, DataSourceObjectNotFoundException, FeatureViewNotFoundException,
 * FeatureServiceNotFoundException, ProjectObjectNotFoundException and their messages),
 * infra/registry/proto_registry_utils.py (the lookups that raise them), permissions/server/rest.py (401), and
 * FastAPI's RequestValidationError text for a missing query parameter.
 */
import {
  FeastRegistryRestDouble,
  type FeastRegistryJson,
} from './FeastRegistryRestDouble';

const meta = { createdTimestamp: '2024-05-01T10:00:00Z' };

const REGISTRY: FeastRegistryJson = {
  projects: [
    { spec: { name: 'commerce' }, meta },
    {
      spec: {
        name: 'internal',
        tags: { 'feast.dev/protected-project': 'true' },
      },
      meta,
    },
  ],
  entities: [
    {
      spec: { name: 'customer', project: 'commerce', joinKey: 'customer_id' },
      meta,
    },
  ],
  dataSources: [{ name: 'orders', project: 'commerce', type: 'BATCH_TRINO' }],
  featureViews: [
    {
      spec: { name: 'customer_order_stats', project: 'commerce' },
      meta,
    },
  ],
  featureServices: [
    { spec: { name: 'churn_model', project: 'commerce' }, meta },
  ],
};

/** FastAPI's RequestValidationError text for a missing `project` on `route`. */
const missingProject = (route: string) =>
  `1 validation error:\n  {'type': 'missing', 'loc': ('query', 'project'), 'msg': 'Field required', 'input': None}\n\n  Endpoint: GET ${route}`;

describe('FeastRegistryRestDouble refuses what Feast’s registry server refuses', () => {
  let feast: FeastRegistryRestDouble;
  const get = (path: string, init?: RequestInit) =>
    fetch(`${feast.apiUrl}${path}`, init);

  /** What a client sees of an answer: status, content type and JSON body. */
  const answerOf = async (res: Response) => ({
    status: res.status,
    contentType: res.headers.get('content-type'),
    body: await res.json(),
  });

  /** The body of rest_registry_server.py's exception handlers. */
  const feastError = (status: number, errorType: string, detail: string) => ({
    status,
    contentType: 'application/json',
    body: { status_code: status, detail, error_type: errorType },
  });

  beforeAll(async () => {
    feast = await FeastRegistryRestDouble.start({ registry: REGISTRY });
  });

  afterAll(() => feast.stop());

  describe('an object the registry does not hold: 404 FeastObjectNotFoundException', () => {
    it.each([
      [
        '/entities/driver?project=commerce',
        'Entity driver does not exist in project commerce',
      ],
      [
        '/data_sources/payments?project=commerce',
        'Data source payments does not exist in project commerce',
      ],
      [
        '/feature_views/driver_stats?project=commerce',
        'Feature view driver_stats does not exist in project commerce',
      ],
      [
        '/feature_services/fraud_model?project=commerce',
        'Feature service fraud_model does not exist in project commerce',
      ],
      // An object of another project is not found in this one.
      [
        '/entities/customer?project=fraud',
        'Entity customer does not exist in project fraud',
      ],
      ['/projects/marketing', 'Project marketing does not exist'],
    ])('GET %s', async (path, detail) => {
      expect(await answerOf(await get(path))).toEqual(
        feastError(404, 'FeastObjectNotFoundException', detail),
      );
    });
  });

  describe('a route without the project it requires: 422 RequestValidationError', () => {
    it.each([
      ['/entities', '/entities'],
      ['/feature_views', '/feature_views'],
      ['/entities/customer', '/entities/{name}'],
      ['/feature_services/churn_model', '/feature_services/{name}'],
    ])('GET %s', async (path, route) => {
      expect(await answerOf(await get(path))).toEqual(
        feastError(422, 'RequestValidationError', missingProject(route)),
      );
    });
  });

  it('a listing asking for more than 100 objects a page: 422', async () => {
    const res = await get('/feature_views?project=commerce&limit=1000');
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error_type).toBe('RequestValidationError');
    expect(body.detail).toContain(
      "'msg': 'Input should be less than or equal to 100'",
    );
  });

  it('a path no route serves: Starlette’s 404', async () => {
    const res = await get('/models?project=commerce');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ detail: 'Not Found' });
  });

  it('with auth configured, a request without an accepted token: 401 before anything else', async () => {
    const secured = await FeastRegistryRestDouble.start({
      registry: REGISTRY,
      tokens: ['s3cret'],
    });
    try {
      for (const path of ['/entities', '/entities/driver?project=commerce']) {
        expect(await answerOf(await fetch(`${secured.apiUrl}${path}`))).toEqual(
          feastError(401, 'HTTPException', 'Invalid or expired access token'),
        );
      }
    } finally {
      await secured.stop();
    }
  });

  it('says so, rather than answering differently from Feast, for an object it holds', async () => {
    const res = await get('/entities/customer?project=commerce');
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toBe(
      'The Feast registry double does not serve GET /entities/{name}',
    );
    // get_project finds a protected project, which the listing hides.
    expect((await get('/projects/internal')).status).toBe(400);
  });
});
