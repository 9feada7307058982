/*
 * Tests of the Feast REST registry double over plain fetch, checked against Feast's FastAPI server
 * (feast-dev/feast f0bc0700be70, sdk/python/feast/api/registry/rest/ and registry_server.py): listings
 * under /api/v1, the three feature view kinds, paging metadata, refusals with Feast's error bodies,
 * bearer-token auth and injected faults.
 */
import {
  FeastRegistryRestDouble,
  type FeastRegistryJson,
} from './FeastRegistryRestDouble';

const meta = { createdTimestamp: '2024-05-01T10:00:00Z' };

function registry(): FeastRegistryJson {
  const view = (name: string, project = 'commerce', team = 'growth') => ({
    spec: {
      name,
      project,
      entities: ['customer'],
      features: [{ name: `${name}_value`, valueType: 'INT64' }],
      tags: { team },
      ttl: '86400s',
      online: true,
    },
    meta,
  });
  return {
    projects: [
      { spec: { name: 'commerce', owner: 'ml-platform' }, meta },
      { spec: { name: 'fraud' }, meta },
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
      {
        spec: { name: 'merchant', project: 'commerce', joinKey: 'merchant_id' },
        meta,
      },
      { spec: { name: 'card', project: 'fraud', joinKey: 'card_id' }, meta },
    ],
    dataSources: [
      {
        name: 'orders',
        project: 'commerce',
        type: 'BATCH_TRINO',
        tags: { tier: 'gold' },
        trinoOptions: { table: 'lake.sales.orders' },
      },
      { name: 'clicks', project: 'commerce', type: 'STREAM_KAFKA' },
    ],
    featureViews: [
      view('customer_order_stats'),
      view('customer_profile', 'commerce', 'crm'),
      view('card_velocity', 'fraud'),
    ],
    streamFeatureViews: [view('clicks_1h')],
    onDemandFeatureViews: [
      {
        spec: {
          name: 'basket_ratio',
          project: 'commerce',
          tags: { team: 'growth' },
        },
        meta,
      },
    ],
    featureServices: [
      { spec: { name: 'churn_model', project: 'commerce' }, meta },
    ],
  };
}

describe('FeastRegistryRestDouble', () => {
  let feast: FeastRegistryRestDouble;
  const get = (path: string, init?: RequestInit) =>
    fetch(`${feast.apiUrl}${path}`, init);
  const json = async (path: string) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    feast = await FeastRegistryRestDouble.start({ registry: registry() });
  });

  afterAll(() => feast.stop());

  beforeEach(() => feast.clearFaults());

  it('answers JSON under /api/v1 and, as Starlette routes them, on the bare paths', async () => {
    const res = await get('/entities?project=fraud');
    expect(res.headers.get('content-type')).toBe('application/json');
    // FastAPI keeps the default_headers Feast passes in app.extra and never sends them.
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(await res.json()).toEqual({
      entities: [
        { spec: { name: 'card', project: 'fraud', joinKey: 'card_id' }, meta },
      ],
      pagination: { totalCount: 1, totalPages: 1 },
    });
    const bare = await fetch(`${feast.url}/entities?project=fraud`);
    expect((await bare.json()).entities).toHaveLength(1);
  });

  it('lists the projects but not a protected one', async () => {
    const body = await json('/projects');
    expect(body.projects.map((p: any) => p.spec.name)).toEqual([
      'commerce',
      'fraud',
    ]);
    expect(body.pagination).toEqual({ totalCount: 2, totalPages: 1 });
  });

  it('lists batch, stream and on-demand feature views tagged with their kind', async () => {
    const body = await json('/feature_views?project=commerce');
    expect(body.featureViews.map((v: any) => [v.type, v.spec.name])).toEqual([
      ['featureView', 'customer_order_stats'],
      ['featureView', 'customer_profile'],
      ['streamFeatureView', 'clicks_1h'],
      ['onDemandFeatureView', 'basket_ratio'],
    ]);
    expect(Object.keys(body.featureViews[0])).toEqual(['type', 'spec', 'meta']);
  });

  it('pages as Feast computes it, leaving out zero and false metadata', async () => {
    const pages = await Promise.all(
      [1, 2, 3].map(page =>
        json(`/feature_views?project=commerce&page=${page}&limit=2`),
      ),
    );
    expect(pages.map(p => p.featureViews.map((v: any) => v.spec.name))).toEqual(
      [
        ['customer_order_stats', 'customer_profile'],
        ['clicks_1h', 'basket_ratio'],
        [],
      ],
    );
    expect(pages.map(p => p.pagination)).toEqual([
      { page: 1, limit: 2, totalCount: 4, totalPages: 2, hasNext: true },
      { page: 2, limit: 2, totalCount: 4, totalPages: 2, hasPrevious: true },
      { page: 3, limit: 2, totalCount: 4, totalPages: 2, hasPrevious: true },
    ]);
    // page without limit means no paging
    expect(
      (await json('/entities?project=commerce&page=2')).pagination,
    ).toEqual({
      totalCount: 2,
      totalPages: 1,
    });
  });

  it('answers an unknown project with an empty listing, as Feast does', async () => {
    expect(
      await json('/feature_services?project=nope&page=1&limit=10'),
    ).toEqual({
      featureServices: [],
      pagination: {},
    });
  });

  it('filters by tags and sorts by name', async () => {
    const growth = await json(
      '/feature_views?project=commerce&tags=team:growth',
    );
    expect(growth.featureViews.map((v: any) => v.spec.name)).toEqual([
      'customer_order_stats',
      'clicks_1h',
      'basket_ratio',
    ]);
    const gold = await json('/data_sources?project=commerce&tags=tier:gold');
    expect(gold.dataSources.map((s: any) => s.name)).toEqual(['orders']);
    const sorted = await json(
      '/entities?project=commerce&sort_by=name&sort_order=desc',
    );
    expect(sorted.entities.map((e: any) => e.spec.name)).toEqual([
      'merchant',
      'customer',
    ]);
  });

  describe('refuses as Feast refuses', () => {
    it('a listing without project: 422 RequestValidationError', async () => {
      const res = await get('/entities');
      expect(res.status).toBe(422);
      expect(await res.json()).toEqual({
        status_code: 422,
        detail:
          "1 validation error:\n  {'type': 'missing', 'loc': ('query', 'project'), 'msg': 'Field required', 'input': None}\n\n  Endpoint: GET /entities",
        error_type: 'RequestValidationError',
      });
    });

    it.each([
      [
        'limit=101',
        "'type': 'less_than_equal', 'loc': ('query', 'limit'), 'msg': 'Input should be less than or equal to 100', 'input': '101', 'ctx': {'le': 100}",
      ],
      [
        'limit=0',
        "'type': 'greater_than_equal', 'loc': ('query', 'limit'), 'msg': 'Input should be greater than or equal to 1', 'input': '0', 'ctx': {'ge': 1}",
      ],
      [
        'page=0',
        "'type': 'greater_than_equal', 'loc': ('query', 'page'), 'msg': 'Input should be greater than or equal to 1', 'input': '0', 'ctx': {'ge': 1}",
      ],
      [
        'page=two',
        "'type': 'int_parsing', 'loc': ('query', 'page'), 'msg': 'Input should be a valid integer, unable to parse string as an integer', 'input': 'two'",
      ],
      [
        'sort_order=up',
        "'type': 'string_pattern_mismatch', 'loc': ('query', 'sort_order'), 'msg': \"String should match pattern '^(asc|desc)$'\", 'input': 'up', 'ctx': {'pattern': '^(asc|desc)$'}",
      ],
      [
        'allow_cache=maybe',
        "'type': 'bool_parsing', 'loc': ('query', 'allow_cache'), 'msg': 'Input should be a valid boolean, unable to interpret input', 'input': 'maybe'",
      ],
    ])('%s: 422 naming the parameter', async (param, error) => {
      const res = await get(`/feature_views?project=commerce&${param}`);
      expect(res.status).toBe(422);
      const body = await res.json();
      expect(body.error_type).toBe('RequestValidationError');
      expect(body.detail).toBe(
        `1 validation error:\n  {${error}}\n\n  Endpoint: GET /feature_views`,
      );
    });

    it('several bad parameters in one answer, paging before project', async () => {
      const res = await get('/data_sources?limit=500');
      const body = await res.json();
      expect(res.status).toBe(422);
      expect(body.detail).toMatch(
        /^2 validation errors:\n {2}\{'type': 'less_than_equal', .*\n {2}\{'type': 'missing', 'loc': \('query', 'project'\)/,
      );
    });

    it('unknown routes and other methods, with FastAPI bodies', async () => {
      const notFound = await get('/models?project=commerce');
      expect(notFound.status).toBe(404);
      expect(await notFound.json()).toEqual({ detail: 'Not Found' });
      const notAllowed = await get('/entities?project=commerce', {
        method: 'DELETE',
      });
      expect(notAllowed.status).toBe(405);
      expect(notAllowed.headers.get('allow')).toBe('GET, HEAD');
      expect(await notAllowed.json()).toEqual({ detail: 'Method Not Allowed' });
    });

    it('filters the double does not apply, naming them instead of ignoring them', async () => {
      const res = await get('/feature_views?project=commerce&entity=customer');
      expect(res.status).toBe(400);
      expect((await res.json()).detail).toBe(
        'The Feast registry double does not serve entity',
      );
    });
  });

  it('serves injected faults with Feast error bodies and records requests', async () => {
    feast.failNext(1, { status: 500, path: '/feature_services' });
    const res = await get('/feature_services?project=commerce');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      status_code: 500,
      detail: 'Internal server error: injected fault',
      error_type: 'InternalServerError',
    });
    expect((await get('/feature_services?project=commerce')).status).toBe(200);
    const last = feast.requests[feast.requests.length - 1];
    expect(last).toMatchObject({
      method: 'GET',
      path: '/api/v1/feature_services',
      query: { project: 'commerce' },
    });
  });

  it('serves a registry replaced with setRegistry', async () => {
    const other = await FeastRegistryRestDouble.start();
    try {
      expect(
        (await (await fetch(`${other.apiUrl}/projects`)).json()).projects,
      ).toEqual([]);
      other.setRegistry({ projects: [{ spec: { name: 'late' } }] });
      expect(
        (await (await fetch(`${other.apiUrl}/projects`)).json()).projects,
      ).toEqual([{ spec: { name: 'late' } }]);
    } finally {
      await other.stop();
    }
  });
});

describe('FeastRegistryRestDouble with auth', () => {
  let feast: FeastRegistryRestDouble;
  const unauthorized = {
    status_code: 401,
    detail: 'Invalid or expired access token',
    error_type: 'HTTPException',
  };

  beforeAll(async () => {
    feast = await FeastRegistryRestDouble.start({
      registry: registry(),
      tokens: ['s3cret'],
    });
  });

  afterAll(() => feast.stop());

  it.each([
    ['no Authorization header', undefined],
    ['another token', 'Bearer wrong'],
    ['another scheme', 'Basic czNjcmV0'],
    ['a bearer header with extra parts', 'Bearer s3cret extra'],
  ])('answers %s with 401, before validating parameters', async (_, header) => {
    const res = await fetch(`${feast.apiUrl}/entities`, {
      headers: header ? { Authorization: header } : {},
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(unauthorized);
  });

  it('serves a request with an accepted token', async () => {
    const res = await fetch(`${feast.apiUrl}/projects`, {
      headers: { Authorization: 'bearer s3cret' },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).projects).toHaveLength(2);
  });
});
