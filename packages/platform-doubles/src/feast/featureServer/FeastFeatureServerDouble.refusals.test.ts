/*
 * Requests Feast's Python feature server (`feast serve`) refuses, replayed against the double over HTTP. Facts
 * from feast-dev/feast at f0bc0700be70 (read for facts only): sdk/python/feast/feature_server.py
 * (GetOnlineFeaturesRequest, whose `entities` is required, and rest_exception_handler: a FeastError answers its
 * http_status_code() with to_error_detail() — a JSON document inside a JSON string — any other exception 500
 * with str(exc)), feast/errors.py (FeatureViewNotFoundException, FeatureServiceNotFoundException: 404),
 * feast/utils.py (_get_features: "No features specified for retrieval"; _get_unique_entities: "Missing join
 * key values ..."), and FastAPI/pydantic's 422 for a body the model refuses.
 */
import { FeastFeatureServerDouble } from './FeastFeatureServerDouble';

describe('FeastFeatureServerDouble refuses what Feast’s feature server refuses', () => {
  let server: FeastFeatureServerDouble;

  const post = async (body: unknown) => {
    const res = await fetch(`${server.url}/get-online-features`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      text: await res.text(),
    };
  };

  /** The body rest_exception_handler writes for a FeastError: JSONResponse(content=exc.to_error_detail()). */
  const feastErrorBody = (className: string, message: string) =>
    JSON.stringify(
      `{"module": "feast.errors", "class": "${className}", "message": "${message}"}`,
    );

  beforeAll(async () => {
    server = await FeastFeatureServerDouble.start({
      project: 'commerce',
      featureViews: [
        {
          name: 'customer_order_stats',
          entities: [
            {
              entity: 'customer',
              joinKey: 'customer_id',
              valueType: 'INT64',
            },
          ],
          features: [{ name: 'order_count_30d', valueType: 'INT64' }],
        },
        {
          name: 'driver_hourly_stats',
          entities: [
            { entity: 'driver', joinKey: 'driver_id', valueType: 'STRING' },
          ],
          features: [{ name: 'conv_rate', valueType: 'FLOAT' }],
        },
      ],
      rows: {
        customer_order_stats: [
          {
            entity: { customer_id: 1001 },
            values: { order_count_30d: 7 },
            eventTimestamp: '2026-05-01T10:00:00Z',
          },
        ],
      },
    });
  });

  afterAll(() => server.stop());

  it('an unknown feature view: 404 FeatureViewNotFoundException', async () => {
    const res = await post({
      features: ['vehicle_stats:mileage'],
      entities: { customer_id: [1001] },
    });
    expect(res).toEqual({
      status: 404,
      contentType: 'application/json',
      text: feastErrorBody(
        'FeatureViewNotFoundException',
        'Feature view vehicle_stats does not exist in project commerce',
      ),
    });
  });

  it('an unknown feature service: 404 FeatureServiceNotFoundException', async () => {
    const res = await post({
      feature_service: 'fraud_model',
      entities: { customer_id: [1001] },
    });
    expect(res).toEqual({
      status: 404,
      contentType: 'application/json',
      text: feastErrorBody(
        'FeatureServiceNotFoundException',
        'Feature service fraud_model does not exist in project commerce',
      ),
    });
  });

  it('a request without entities: 422 from the request model', async () => {
    const res = await post({
      features: ['customer_order_stats:order_count_30d'],
    });
    expect(res.status).toBe(422);
    expect(JSON.parse(res.text)).toEqual({
      detail: [
        {
          type: 'missing',
          loc: ['body', 'entities'],
          msg: 'Field required',
          input: { features: ['customer_order_stats:order_count_30d'] },
        },
      ],
    });
  });

  it('entities without the join key of the view read (only another view’s): 500 with the KeyError', async () => {
    const res = await post({
      features: ['customer_order_stats:order_count_30d'],
      entities: { driver_id: ['d-1'] },
    });
    expect(res.status).toBe(500);
    expect(JSON.parse(res.text)).toBe(
      "\"Missing join key values for keys: ['customer_id', 'driver_id']. No values provided for keys: ['customer_id', 'driver_id']. Provided join_key_values: ['driver_id']\"",
    );
  });

  it('no features and no feature service: 500 with the ValueError', async () => {
    const res = await post({ entities: { customer_id: [1001] } });
    expect(res.status).toBe(500);
    expect(JSON.parse(res.text)).toBe('No features specified for retrieval');
  });

  it('a body that is not JSON: 422 json_invalid', async () => {
    const res = await post('{"entities": ');
    expect(res.status).toBe(422);
    expect(JSON.parse(res.text).detail[0]).toMatchObject({
      type: 'json_invalid',
      msg: 'JSON decode error',
    });
  });

  it('a read with GET: 405, the route takes POST', async () => {
    const res = await fetch(`${server.url}/get-online-features`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});
