/*
 * FeastRegistryRestClient against the Feast REST registry double of @internal/platform-doubles, a real
 * HTTP server answering as Feast's FastAPI server does (paging, error bodies, bearer auth).
 */
import fs from 'node:fs';
import path from 'node:path';
import { FeastRegistryRestDouble } from '@internal/platform-doubles';
import { FeastRegistryRestClient } from './FeastRegistryRestClient';
import { FeastRegistryRequestError } from './FeastRegistryRequestError';
import { decodeFeastRegistry } from '../registry/decodeFeastRegistry';
import { encodeFeastRegistry } from '../registry/encodeFeastRegistry';
import type { FeastRegistryDocument } from '../registry/types';

const LISTS = [
  'projects',
  'entities',
  'dataSources',
  'featureViews',
  'onDemandFeatureViews',
  'streamFeatureViews',
  'featureServices',
] as const;

/** The object lists of a registry, the part the REST API serves. */
function objectLists(doc: FeastRegistryDocument): FeastRegistryDocument {
  const lists: FeastRegistryDocument = {};
  for (const key of LISTS) {
    if (doc[key]) {
      lists[key] = doc[key] as never;
    }
  }
  return lists;
}

const meta = {
  createdTimestamp: '2024-05-01T10:00:00.250Z',
  lastUpdatedTimestamp: '2024-05-02T08:30:00Z',
};

/** Two projects; every object of the first comes before those of the second, as the client reads them. */
function twoProjects(): FeastRegistryDocument {
  const view = (project: string, name: string) => ({
    spec: {
      name,
      project,
      entities: ['customer'],
      features: [
        { name: `${name}_count`, valueType: 'INT64' },
        { name: `${name}_avg`, valueType: 'DOUBLE', description: 'mean' },
      ],
      tags: { team: 'growth' },
      ttl: '604800s',
      batchSource: {
        type: 'BATCH_TRINO',
        name: 'orders',
        timestampField: 'order_ts',
        trinoOptions: { table: 'lake.sales.orders' },
        dataSourceClassType:
          'feast.infra.offline_stores.contrib.trino_offline_store.trino_source.TrinoSource',
      },
      online: true,
      entityColumns: [{ name: 'customer_id', valueType: 'INT64' }],
    },
    meta: { ...meta, currentVersionNumber: 1 },
  });
  return {
    projects: [
      { spec: { name: 'commerce', owner: 'ml-platform' }, meta },
      { spec: { name: 'fraud' }, meta },
    ],
    entities: [
      {
        spec: {
          name: 'customer',
          project: 'commerce',
          valueType: 'INT64',
          joinKey: 'customer_id',
        },
        meta,
      },
      { spec: { name: 'card', project: 'fraud', joinKey: 'card_id' }, meta },
    ],
    dataSources: [
      {
        name: 'orders',
        project: 'commerce',
        type: 'BATCH_TRINO',
        timestampField: 'order_ts',
        trinoOptions: { table: 'lake.sales.orders' },
      },
      {
        name: 'checkout_request',
        project: 'commerce',
        type: 'REQUEST_SOURCE',
        requestDataOptions: {
          schema: [{ name: 'basket_value', valueType: 'DOUBLE' }],
        },
      },
    ],
    featureViews: [
      view('commerce', 'customer_orders_7d'),
      view('commerce', 'customer_orders_30d'),
      view('commerce', 'customer_returns'),
      view('fraud', 'card_velocity'),
      view('fraud', 'card_geo'),
    ],
    streamFeatureViews: [
      {
        spec: {
          name: 'clicks_1h',
          project: 'commerce',
          aggregations: [
            { column: 'clicks', function: 'sum', timeWindow: '3600s' },
          ],
          mode: 'spark',
        },
        meta,
      },
    ],
    onDemandFeatureViews: [
      {
        spec: {
          name: 'basket_ratio',
          project: 'commerce',
          features: [{ name: 'ratio', valueType: 'DOUBLE' }],
          sources: {
            checkout_request: {
              requestDataSource: {
                name: 'checkout_request',
                type: 'REQUEST_SOURCE',
              },
            },
          },
          featureTransformation: {
            userDefinedFunction: {
              name: 'basket_ratio',
              body: 'gASVAAAAAA==',
              bodyText: 'def basket_ratio(df): ...',
            },
          },
          mode: 'pandas',
        },
        meta,
      },
    ],
    featureServices: [
      {
        spec: {
          name: 'churn_model',
          project: 'commerce',
          features: [
            {
              featureViewName: 'customer_orders_7d',
              featureColumns: [
                { name: 'customer_orders_7d_count', valueType: 'INT64' },
              ],
            },
          ],
          loggingConfig: { sampleRate: 0.25 },
        },
        meta,
      },
      { spec: { name: 'fraud_model', project: 'fraud' }, meta },
    ],
  };
}

async function failure(
  promise: Promise<unknown>,
): Promise<FeastRegistryRequestError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(FeastRegistryRequestError);
    return error as FeastRegistryRequestError;
  }
  throw new Error('the request succeeded');
}

describe('FeastRegistryRestClient', () => {
  let feast: FeastRegistryRestDouble;
  // What decodeFeastRegistry gives for the same registry written as a registry.db file.
  const expected = decodeFeastRegistry(encodeFeastRegistry(twoProjects()));

  beforeAll(async () => {
    feast = await FeastRegistryRestDouble.start({ registry: expected });
  });

  afterAll(() => feast.stop());

  beforeEach(() => {
    feast.clearFaults();
    feast.requests.length = 0;
  });

  it('reads the same document from the REST API as from the registry.db file, page by page', async () => {
    const client = new FeastRegistryRestClient({ url: feast.url, pageSize: 2 });
    expect(await client.readRegistry()).toEqual(expected);

    const viewPages = feast.requests
      .filter(r => r.path === '/api/v1/feature_views')
      .map(r => [r.query.project, r.query.page, r.query.limit]);
    // commerce has 5 views of three kinds (3 pages), fraud 2 (1 page).
    expect(viewPages).toEqual([
      ['commerce', '1', '2'],
      ['commerce', '2', '2'],
      ['commerce', '3', '2'],
      ['fraud', '1', '2'],
    ]);
  });

  it('sorts the three feature view kinds into their lists', async () => {
    const doc = await new FeastRegistryRestClient({
      url: feast.url,
    }).readRegistry();
    expect(doc.featureViews!.map(v => v.spec!.name)).toEqual([
      'customer_orders_7d',
      'customer_orders_30d',
      'customer_returns',
      'card_velocity',
      'card_geo',
    ]);
    expect(doc.streamFeatureViews!.map(v => v.spec!.name)).toEqual([
      'clicks_1h',
    ]);
    expect(doc.onDemandFeatureViews!.map(v => v.spec!.name)).toEqual([
      'basket_ratio',
    ]);
    expect(doc.featureViews![0]).not.toHaveProperty('type');
  });

  it('reads a real registry served over REST as decodeFeastRegistry reads its file', async () => {
    const file = fs.readFileSync(
      path.join(__dirname, '../__fixtures__/feast-ui-public-registry.db'),
    );
    const decoded = objectLists(decodeFeastRegistry(file));
    const real = await FeastRegistryRestDouble.start({ registry: decoded });
    try {
      const client = new FeastRegistryRestClient({
        url: real.url,
        pageSize: 3,
      });
      expect(await client.readRegistry()).toEqual(decoded);
    } finally {
      await real.stop();
    }
  });

  it('accepts the url with /api/v1 and trailing slashes', async () => {
    for (const url of [
      `${feast.url}/`,
      `${feast.url}/api/v1`,
      `${feast.url}/api/v1/`,
    ]) {
      const client = new FeastRegistryRestClient({ url });
      expect(client.apiUrl).toBe(`${feast.url}/api/v1`);
    }
    const doc = await new FeastRegistryRestClient({
      url: `${feast.url}/api/v1/`,
    }).readRegistry();
    expect(doc.projects).toHaveLength(2);
  });

  it('reads Feast 0.50 answers: no paging, feature views wrapped by kind', async () => {
    const legacyViews = {
      featureViews: [
        { featureView: expected.featureViews![3] },
        { featureView: expected.featureViews![4] },
      ],
    };
    feast.failNext(1, {
      status: 200,
      path: '/feature_views',
      body: JSON.stringify(legacyViews),
    });
    feast.failNext(1, {
      status: 200,
      path: '/feature_views',
      body: JSON.stringify({}),
    });
    const doc = await new FeastRegistryRestClient({
      url: feast.url,
    }).readRegistry();
    // commerce got the fraud views above, fraud got none.
    expect(doc.featureViews!.map(v => v.spec!.name)).toEqual([
      'card_velocity',
      'card_geo',
    ]);
    expect(doc.streamFeatureViews).toBeUndefined();
  });

  describe('names the URL and the cause of a failure', () => {
    it('an HTTP 500 with Feast detail', async () => {
      feast.setFault({
        path: '/feature_services',
        status: 500,
        body: JSON.stringify({
          status_code: 500,
          detail: 'Internal server error: registry store unreachable',
          error_type: 'InternalServerError',
        }),
      });
      const error = await failure(
        new FeastRegistryRestClient({ url: feast.url }).readRegistry(),
      );
      expect(error.message).toBe(
        `Feast registry server answered GET ${feast.url}/api/v1/feature_services?project=commerce&page=1&limit=100 with HTTP 500: Internal server error: registry store unreachable`,
      );
      expect(error.status).toBe(500);
      expect(error.detail).toBe(
        'Internal server error: registry store unreachable',
      );
    });

    it('a gateway answering without a Feast body', async () => {
      feast.setFault({ path: '/projects', status: 502, body: 'Bad Gateway' });
      const error = await failure(
        new FeastRegistryRestClient({ url: feast.url }).readRegistry(),
      );
      expect(error.message).toMatch(
        /\/api\/v1\/projects\?page=1&limit=100 with HTTP 502: Bad Gateway$/,
      );
    });

    it('a server that does not answer in time', async () => {
      feast.setFault({ path: '/entities', delayMs: 2_000 });
      const error = await failure(
        new FeastRegistryRestClient({
          url: feast.url,
          requestTimeoutMs: 100,
        }).readRegistry(),
      );
      expect(error.message).toMatch(
        /^Feast registry server did not answer GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/entities\?project=commerce&page=1&limit=100 within 100 ms$/,
      );
    });

    it('a server that is not listening', async () => {
      const gone = await FeastRegistryRestDouble.start();
      const url = gone.url;
      await gone.stop();
      const error = await failure(
        new FeastRegistryRestClient({ url }).readRegistry(),
      );
      expect(error.message).toMatch(
        /^Feast registry server could not be reached for GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/projects\?page=1&limit=100: connect ECONNREFUSED 127\.0\.0\.1:\d+$/,
      );
    });

    it('an answer cut off mid-body', async () => {
      feast.setFault({ path: '/data_sources', truncate: true });
      const error = await failure(
        new FeastRegistryRestClient({ url: feast.url }).readRegistry(),
      );
      expect(error.message).toMatch(
        /\/data_sources\?project=commerce&page=1&limit=100 with a body that is not a JSON object \(\d+ characters of invalid JSON\)$/,
      );
    });

    it('a registry read failure /projects reports with HTTP 200', async () => {
      feast.setFault({
        path: '/projects',
        status: 200,
        body: JSON.stringify({ error: 'Error searching all projects' }),
      });
      const error = await failure(
        new FeastRegistryRestClient({ url: feast.url }).readRegistry(),
      );
      expect(error.message).toMatch(
        /\/projects\?page=1&limit=100 with an error: Error searching all projects$/,
      );
    });

    it('a page size Feast would refuse', () => {
      expect(
        () => new FeastRegistryRestClient({ url: feast.url, pageSize: 500 }),
      ).toThrow(/pageSize must be an integer from 1 to 100/);
      expect(() => new FeastRegistryRestClient({ url: 'feast:6572' })).toThrow(
        /not an http\(s\) URL/,
      );
    });
  });

  describe('with a server that requires a token', () => {
    let secured: FeastRegistryRestDouble;

    beforeAll(async () => {
      secured = await FeastRegistryRestDouble.start({
        registry: expected,
        tokens: ['s3cret'],
      });
    });

    afterAll(() => secured.stop());

    it('reports 401 with Feast detail when the token is missing', async () => {
      const error = await failure(
        new FeastRegistryRestClient({ url: secured.url }).readRegistry(),
      );
      expect(error.status).toBe(401);
      expect(error.message).toMatch(
        /\/api\/v1\/projects\?page=1&limit=100 with HTTP 401: Invalid or expired access token$/,
      );
    });

    it('sends the token as a bearer token', async () => {
      const doc = await new FeastRegistryRestClient({
        url: secured.url,
        token: 's3cret',
      }).readRegistry();
      expect(doc).toEqual(expected);
      expect(secured.requests.at(-1)?.headers.authorization).toBe(
        'Bearer s3cret',
      );
    });
  });
});
