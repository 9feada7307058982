import { FeastFeatureServerDouble } from './FeastFeatureServerDouble';

const customerStats = {
  name: 'customer_order_stats',
  entities: [
    { entity: 'customer', joinKey: 'customer_id', valueType: 'INT64' as const },
  ],
  features: [
    { name: 'order_count_30d', valueType: 'INT64' as const },
    { name: 'avg_order_value_30d', valueType: 'DOUBLE' as const },
    { name: 'segment', valueType: 'STRING' as const },
  ],
};

const driverStats = {
  name: 'driver_hourly_stats',
  entities: [
    { entity: 'driver', joinKey: 'driver_id', valueType: 'STRING' as const },
  ],
  features: [
    { name: 'conv_rate', valueType: 'FLOAT' as const },
    { name: 'active', valueType: 'BOOL' as const },
  ],
};

let server: FeastFeatureServerDouble;

beforeEach(async () => {
  server = await FeastFeatureServerDouble.start({
    project: 'commerce',
    featureViews: [customerStats, driverStats],
    featureServices: [
      {
        name: 'churn_model_v1',
        features: [
          {
            featureView: 'customer_order_stats',
            features: ['order_count_30d'],
          },
          { featureView: 'driver_hourly_stats' },
        ],
      },
    ],
    rows: {
      customer_order_stats: [
        {
          entity: { customer_id: 1001 },
          values: {
            order_count_30d: 7,
            avg_order_value_30d: 42,
            segment: 'gold',
          },
          eventTimestamp: '2026-05-01T10:00:00Z',
        },
        {
          entity: { customer_id: 1002 },
          values: { order_count_30d: 1, avg_order_value_30d: null },
          eventTimestamp: new Date('2026-05-02T08:30:00.250Z'),
        },
      ],
      driver_hourly_stats: [
        {
          entity: { driver_id: 'd-1' },
          values: { conv_rate: 0.1, active: true },
          eventTimestamp: '2026-05-03T00:00:00.000001Z',
        },
      ],
    },
  });
});

afterEach(() => server.stop());

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/get-online-features`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

/** Values of the answer by feature name: the order of a view's features is not the request's. */
function byName(text: string) {
  const answer = JSON.parse(text);
  return Object.fromEntries(
    answer.metadata.feature_names.map((name: string, i: number) => [
      name,
      answer.results[i],
    ]),
  );
}

/** The message of a FeastError answer: a JSON string holding JSON. */
function feastErrorOf(text: string) {
  const detail = JSON.parse(text);
  expect(typeof detail).toBe('string');
  return JSON.parse(detail);
}

describe('POST /get-online-features', () => {
  it('answers one result per name, join keys first, one value per entity row', async () => {
    const { status, text } = await post({
      features: ['customer_order_stats:order_count_30d'],
      entities: { customer_id: [1001, 9999] },
    });
    expect(status).toBe(200);
    expect(text).toBe(
      '{"results":[' +
        '{"values":[1001,9999],"statuses":["PRESENT","PRESENT"],"event_timestamps":["1970-01-01T00:00:00Z","1970-01-01T00:00:00Z"]},' +
        '{"values":[7,null],"statuses":["PRESENT","NOT_FOUND"],"event_timestamps":["2026-05-01T10:00:00Z","1970-01-01T00:00:00Z"]}' +
        '],"metadata":{"feature_names":["customer_id","order_count_30d"]}}',
    );
  });

  it('writes values by type, a stored null as PRESENT and timestamps with their precision', async () => {
    const { status, text } = await post({
      features: [
        'customer_order_stats:avg_order_value_30d',
        'customer_order_stats:segment',
        'customer_order_stats:order_count_30d',
      ],
      entities: { customer_id: ['1002', 1001, 1002] },
    });
    expect(status).toBe(200);
    const values = byName(text);
    expect(Object.keys(values).sort()).toEqual([
      'avg_order_value_30d',
      'customer_id',
      'order_count_30d',
      'segment',
    ]);
    expect(values.customer_id.values).toEqual([1002, 1001, 1002]);
    expect(values.avg_order_value_30d).toEqual({
      values: [null, 42, null],
      statuses: ['PRESENT', 'PRESENT', 'PRESENT'],
      event_timestamps: [
        '2026-05-02T08:30:00.250Z',
        '2026-05-01T10:00:00Z',
        '2026-05-02T08:30:00.250Z',
      ],
    });
    // A feature never written for an entity is NOT_FOUND, with the row's timestamp.
    expect(values.segment.statuses).toEqual([
      'NOT_FOUND',
      'PRESENT',
      'NOT_FOUND',
    ]);
    expect(values.segment.event_timestamps[0]).toBe('2026-05-02T08:30:00.250Z');
    // Doubles are written as Python writes floats.
    expect(text).toContain('[null,42.0,null]');
  });

  it('prefixes names with the view with full_feature_names', async () => {
    const { text } = await post({
      features: ['driver_hourly_stats:conv_rate'],
      entities: { driver_id: ['d-1'] },
      full_feature_names: true,
    });
    const answer = JSON.parse(text);
    expect(answer.metadata.feature_names).toEqual([
      'driver_id',
      'driver_hourly_stats__conv_rate',
    ]);
    // A FLOAT is read back as float32 widened to a Python float.
    expect(text).toContain('[0.10000000149011612]');
    expect(answer.results[1].event_timestamps).toEqual([
      '2026-05-03T00:00:00.000001Z',
    ]);
  });

  it('reads the features a feature service selects', async () => {
    const { status, text } = await post({
      feature_service: 'churn_model_v1',
      entities: { customer_id: [1001], driver_id: ['d-2'] },
    });
    expect(status).toBe(200);
    const values = byName(text);
    expect(Object.keys(values).sort()).toEqual([
      'active',
      'conv_rate',
      'customer_id',
      'driver_id',
      'order_count_30d',
    ]);
    expect(values.order_count_30d.values).toEqual([7]);
    expect(values.conv_rate.statuses).toEqual(['NOT_FOUND']);
  });

  it('ignores entity keys that are no join key of the project', async () => {
    const { text } = await post({
      features: ['customer_order_stats:order_count_30d'],
      entities: { customer_id: [1001], color: ['red'] },
    });
    expect(JSON.parse(text).metadata.feature_names).toEqual([
      'customer_id',
      'order_count_30d',
    ]);
  });

  it('refuses a body without entities as FastAPI does (422)', async () => {
    const { status, text } = await post({
      features: ['customer_order_stats:segment'],
    });
    expect(status).toBe(422);
    expect(text).toBe(
      '{"detail":[{"type":"missing","loc":["body","entities"],"msg":"Field required","input":{"features":["customer_order_stats:segment"]}}]}',
    );
  });

  it('reports every field of the wrong type (422)', async () => {
    const { status, text } = await post(
      '{"entities":{"customer_id":1001},"features":["a:b",3],"feature_service":5,"full_feature_names":"maybe"}',
    );
    expect(status).toBe(422);
    expect(JSON.parse(text).detail).toEqual([
      {
        type: 'list_type',
        loc: ['body', 'entities', 'customer_id'],
        msg: 'Input should be a valid list',
        input: 1001,
      },
      {
        type: 'string_type',
        loc: ['body', 'feature_service'],
        msg: 'Input should be a valid string',
        input: 5,
      },
      {
        type: 'string_type',
        loc: ['body', 'features', 1],
        msg: 'Input should be a valid string',
        input: 3,
      },
      {
        type: 'bool_parsing',
        loc: ['body', 'full_feature_names'],
        msg: 'Input should be a valid boolean, unable to interpret input',
        input: 'maybe',
      },
    ]);
  });

  it('refuses entities that are not an object, a body that is not one, and an empty body', async () => {
    expect(JSON.parse((await post({ entities: [1] })).text).detail[0]).toEqual({
      type: 'dict_type',
      loc: ['body', 'entities'],
      msg: 'Input should be a valid dictionary',
      input: [1],
    });
    expect(JSON.parse((await post([1])).text).detail[0].type).toBe(
      'model_attributes_type',
    );
    const empty = await post('');
    expect(empty.status).toBe(422);
    expect(empty.text).toBe(
      '{"detail":[{"type":"missing","loc":["body"],"msg":"Field required","input":null}]}',
    );
  });

  it('refuses malformed JSON with the position Python reports', async () => {
    const { status, text } = await post('{"entities": {"customer_id": [1,]}}');
    expect(status).toBe(422);
    expect(text).toBe(
      '{"detail":[{"type":"json_invalid","loc":["body",32],"msg":"JSON decode error","input":{},"ctx":{"error":"Expecting value"}}]}',
    );
  });

  it('answers 404 FeatureViewNotFoundException for an unknown feature view', async () => {
    const { status, text } = await post({
      features: ['customer_stats:order_count_30d'],
      entities: { customer_id: [1001] },
    });
    expect(status).toBe(404);
    expect(text).toBe(
      '"{\\"module\\": \\"feast.errors\\", \\"class\\": \\"FeatureViewNotFoundException\\", \\"message\\": \\"Feature view customer_stats does not exist in project commerce\\"}"',
    );
  });

  it('answers 404 FeatureServiceNotFoundException for an unknown feature service', async () => {
    const { status, text } = await post({
      feature_service: 'fraud_model',
      entities: { customer_id: [1001] },
    });
    expect(status).toBe(404);
    expect(feastErrorOf(text)).toEqual({
      module: 'feast.errors',
      class: 'FeatureServiceNotFoundException',
      message: 'Feature service fraud_model does not exist in project commerce',
    });
  });

  it('answers 500 with the ValueError for a feature reference without ":"', async () => {
    const { status, text } = await post({
      features: ['customer_order_stats:segment', 'order_count_30d'],
      entities: { customer_id: [1001] },
    });
    expect(status).toBe(500);
    expect(JSON.parse(text)).toBe(
      "Invalid feature reference 'order_count_30d'. Expected format: '<feature_view>:<feature>' or '<feature_view>@<version>:<feature>'",
    );
  });

  it('answers 500 with the KeyError for an unknown feature of a known view', async () => {
    const { status, text } = await post({
      features: ['customer_order_stats:lifetime_value'],
      entities: { customer_id: [1001] },
    });
    expect(status).toBe(500);
    expect(JSON.parse(text)).toBe(
      "'Feature lifetime_value not found in projection customer_order_stats'",
    );
  });

  it('answers 500 for entity rows of different lengths', async () => {
    const { status, text } = await post({
      feature_service: 'churn_model_v1',
      entities: { customer_id: [1001, 1002], driver_id: ['d-1'] },
    });
    expect(status).toBe(500);
    expect(JSON.parse(text)).toBe(
      'All entity rows must have the same columns.',
    );
  });

  it('answers 500 with the KeyError when a view gets no join key values', async () => {
    const { status, text } = await post({
      features: ['customer_order_stats:segment'],
      entities: { driver_id: ['d-1'] },
    });
    expect(status).toBe(500);
    expect(JSON.parse(text)).toBe(
      "\"Missing join key values for keys: ['customer_id', 'driver_id']. No values provided for keys: ['customer_id', 'driver_id']. Provided join_key_values: ['driver_id']\"",
    );
  });

  it('answers 500 for a join key value that int() refuses', async () => {
    const { status, text } = await post({
      features: ['customer_order_stats:segment'],
      entities: { customer_id: ['C-1001'] },
    });
    expect(status).toBe(500);
    expect(JSON.parse(text)).toBe(
      "invalid literal for int() with base 10: 'C-1001'",
    );
  });

  it('answers 500 when no features are asked for, and for duplicate names', async () => {
    const none = await post({ features: [], entities: { customer_id: [1] } });
    expect(none.status).toBe(500);
    expect(JSON.parse(none.text)).toBe('No features specified for retrieval');

    const twice = await post({
      features: [
        'customer_order_stats:segment',
        'customer_order_stats:segment',
      ],
      entities: { customer_id: [1] },
    });
    expect(twice.status).toBe(500);
    expect(feastErrorOf(twice.text).class).toBe('FeatureNameCollisionError');
  });

  it('answers what FastAPI answers for other routes and methods', async () => {
    const other = await fetch(`${server.url}/get-online-feature`, {
      method: 'POST',
    });
    expect(other.status).toBe(404);
    expect(await other.text()).toBe('{"detail":"Not Found"}');
    const get = await fetch(`${server.url}/get-online-features`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(await get.text()).toBe('{"detail":"Method Not Allowed"}');
  });

  it('answers injected faults in FastAPI error format', async () => {
    server.failNext(1, { status: 503 });
    const failed = await post({ features: [], entities: {} });
    expect(failed.status).toBe(503);
    expect(failed.text).toBe('{"detail":"Service Unavailable"}');
    expect(server.requests).toHaveLength(1);
    expect(JSON.parse(server.requests[0].body!)).toEqual({
      features: [],
      entities: {},
    });
  });
});

describe('a feature service with precompute_online', () => {
  const hour = 3600_000;

  beforeEach(() => {
    server.applyFeatureView({ ...customerStats, ttlSeconds: 86_400 });
    server.applyFeatureService({
      name: 'churn_model_v2',
      precomputeOnline: true,
      features: [
        { featureView: 'customer_order_stats', features: ['order_count_30d'] },
      ],
    });
    server.writeRows('customer_order_stats', [
      {
        entity: { customer_id: 1001 },
        values: { order_count_30d: 3 },
        eventTimestamp: new Date(Date.now() - 48 * hour),
      },
      {
        entity: { customer_id: 1002 },
        values: { order_count_30d: 5 },
        eventTimestamp: new Date(Date.now() - hour),
      },
    ]);
  });

  it('answers 500 until the vectors are precomputed', async () => {
    const { status, text } = await post({
      feature_service: 'churn_model_v2',
      entities: { customer_id: [1001] },
      full_feature_names: true,
    });
    expect(status).toBe(500);
    expect(JSON.parse(text)).toBe(
      "FeatureService 'churn_model_v2' has precompute_online=True but pre-computed vectors could not be read. Run `feast precompute churn_model_v2` or materialize to populate vectors.",
    );
  });

  it('marks values older than the TTL OUTSIDE_MAX_AGE, in sorted entity order', async () => {
    expect(
      server.precompute('churn_model_v2', new Date('2026-06-01T00:00:00Z')),
    ).toBe(2);
    const { status, text } = await post({
      feature_service: 'churn_model_v2',
      entities: { customer_id: [1002, 1001] },
      full_feature_names: true,
    });
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual({
      results: [
        {
          values: [1002, 1001],
          statuses: ['PRESENT', 'PRESENT'],
          event_timestamps: ['1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z'],
        },
        {
          // Feast fills the rows in sorted key order, not the request's.
          values: [3, 5],
          statuses: ['OUTSIDE_MAX_AGE', 'PRESENT'],
          event_timestamps: ['2026-06-01T00:00:00Z', '2026-06-01T00:00:00Z'],
        },
      ],
      metadata: {
        feature_names: ['customer_id', 'customer_order_stats__order_count_30d'],
      },
    });
  });

  it('cannot read the vectors without full feature names, as Feast cannot', async () => {
    server.precompute('churn_model_v2');
    const { status } = await post({
      feature_service: 'churn_model_v2',
      entities: { customer_id: [1001] },
    });
    expect(status).toBe(500);
  });
});

describe('GET /health', () => {
  it('answers 200 while the registry is readable, else 503', async () => {
    const healthy = await fetch(`${server.url}/health`);
    expect(healthy.status).toBe(200);
    expect(await healthy.text()).toBe('');
    server.setHealthy(false);
    expect((await fetch(`${server.url}/health`)).status).toBe(503);
  });
});

describe('configuration', () => {
  it('refuses rows whose values do not match the feature types', () => {
    expect(() =>
      server.writeRows('customer_order_stats', [
        {
          entity: { customer_id: 1 },
          values: { order_count_30d: 'seven' },
          eventTimestamp: new Date(),
        },
      ]),
    ).toThrow('customer_order_stats:order_count_30d: expected an integer');
    expect(() => server.writeRows('missing_view', [])).toThrow(
      'Unknown feature view missing_view',
    );
  });
});
