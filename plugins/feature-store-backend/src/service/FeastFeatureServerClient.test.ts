import { FeastFeatureServerDouble } from '@internal/platform-doubles';
import {
  FeastFeatureServerClient,
  feastErrorMessage,
} from './FeastFeatureServerClient';
import { coerceJoinKeyValue } from './lookupPlan';

describe('FeastFeatureServerClient', () => {
  let feast: FeastFeatureServerDouble;
  const client = new FeastFeatureServerClient(5_000);

  beforeEach(async () => {
    feast = await FeastFeatureServerDouble.start({
      project: 'payments',
      featureViews: [
        {
          name: 'account_stats',
          entities: [
            { entity: 'account', joinKey: 'account_id', valueType: 'INT64' },
          ],
          features: [{ name: 'balance_cents', valueType: 'INT64' }],
        },
      ],
      rows: {
        account_stats: [
          {
            entity: { account_id: 9007199254740993n },
            values: { balance_cents: 9007199254740995n },
            eventTimestamp: '2026-01-01T00:00:00Z',
          },
        ],
      },
    });
  });

  afterEach(() => feast.stop());

  it('keeps every digit of int64 keys and values beyond 2^53', async () => {
    const key = coerceJoinKeyValue('9007199254740993', {
      joinKey: 'account_id',
      valueType: 'INT64',
    });
    const answer = await client.getOnlineFeatures(feast.url, {
      features: ['account_stats:balance_cents'],
      entities: { account_id: [key] },
      fullFeatureNames: false,
    });
    expect(feast.requests[0].body).toContain('[9007199254740993]');
    expect(answer.results[1]).toMatchObject({
      values: ['9007199254740995'],
      statuses: ['PRESENT'],
    });
  });

  it("reports FastAPI's validation errors with their field", async () => {
    await expect(
      client.getOnlineFeatures(feast.url, {
        features: ['account_stats:balance_cents'],
        entities: { account_id: [1] },
        fullFeatureNames: 'yes please' as unknown as boolean,
      }),
    ).rejects.toThrow(
      `The Feast feature server at ${feast.url} answered 422: body.full_feature_names: Input should be a valid boolean, unable to interpret input`,
    );
  });

  it('refuses an answer that is not the online features shape', async () => {
    feast.failNext(1, { status: 200, body: '{"results": []}' });
    await expect(
      client.getOnlineFeatures(feast.url, {
        features: ['account_stats:balance_cents'],
        entities: { account_id: [1] },
        fullFeatureNames: false,
      }),
    ).rejects.toThrow('answered with an unexpected body: metadata: Required');
  });
});

describe('feastErrorMessage', () => {
  it('reads the error bodies of the Python and Go feature servers and of gateways', () => {
    expect(
      feastErrorMessage(
        JSON.stringify(
          JSON.stringify({
            module: 'feast.errors',
            class: 'FeatureServiceNotFoundException',
            message: 'Feature service x does not exist in project p',
          }),
        ),
      ),
    ).toBe(
      'FeatureServiceNotFoundException: Feature service x does not exist in project p',
    );
    expect(
      feastErrorMessage('"All entity rows must have the same columns."'),
    ).toBe('All entity rows must have the same columns.');
    expect(feastErrorMessage('{"detail":"Not Found"}')).toBe('Not Found');
    expect(
      feastErrorMessage(
        '{"error":"Error getting feature vector: boom","status_code":500}',
      ),
    ).toBe('Error getting feature vector: boom');
    expect(feastErrorMessage('<html>Bad Gateway</html>')).toBe(
      '<html>Bad Gateway</html>',
    );
  });
});

describe('coerceJoinKeyValue', () => {
  it('types values as the join key says, and names what it refuses', () => {
    const int32 = { joinKey: 'store_id', valueType: 'INT32' };
    expect(coerceJoinKeyValue(' 42 ', int32)).toBe(42);
    expect(() => coerceJoinKeyValue(2 ** 31, int32)).toThrow(
      'store_id is INT32, 2147483648 is not within the range of INT32',
    );
    expect(() => coerceJoinKeyValue(true, int32)).toThrow(
      'store_id is INT32, true is not a whole number',
    );
    const text = { joinKey: 'code', valueType: 'STRING' };
    expect(coerceJoinKeyValue('A-1', text)).toBe('A-1');
    expect(() => coerceJoinKeyValue(7, text)).toThrow(
      'code is STRING, 7 is not a string',
    );
  });
});
