/*
 * encodeFeastRegistry: what it accepts (the MessageToDict form and what ParseDict also reads) and what
 * it refuses, each refusal naming the path of the offending key.
 */
import {
  encodeFeastRegistry,
  FeastRegistryEncodeError,
} from './encodeFeastRegistry';
import { decodeFeastRegistry } from './decodeFeastRegistry';

function encodeError(doc: unknown): FeastRegistryEncodeError {
  try {
    encodeFeastRegistry(doc as never);
  } catch (error) {
    expect(error).toBeInstanceOf(FeastRegistryEncodeError);
    return error as FeastRegistryEncodeError;
  }
  throw new Error('encoding succeeded');
}

describe('encodeFeastRegistry', () => {
  it('writes a registry a demo needs: projects, entities, sources, all view kinds and services', () => {
    const doc = {
      projects: [{ spec: { name: 'commerce', owner: 'ml-platform' } }],
      entities: [
        {
          spec: {
            name: 'customer',
            project: 'commerce',
            joinKey: 'customer_id',
            valueType: 'INT64',
          },
        },
      ],
      dataSources: [
        {
          name: 'orders',
          project: 'commerce',
          type: 'BATCH_TRINO',
          timestampField: 'order_ts',
          trinoOptions: { table: 'lake.sales.orders' },
        },
      ],
      featureViews: [
        {
          spec: {
            name: 'customer_order_stats',
            project: 'commerce',
            entities: ['customer'],
            features: [{ name: 'orders_7d', valueType: 'INT64' }],
            ttl: '86400s',
            online: true,
            tags: { team: 'growth' },
          },
          meta: { createdTimestamp: '2024-05-01T10:00:00Z' },
        },
      ],
      onDemandFeatureViews: [
        {
          spec: {
            name: 'order_value_ratio',
            project: 'commerce',
            sources: {
              request: {
                requestDataSource: { name: 'request', type: 'REQUEST_SOURCE' },
              },
            },
            featureTransformation: {
              userDefinedFunction: { name: 'f', body: 'AAEC', bodyText: 'x' },
            },
          },
        },
      ],
      streamFeatureViews: [
        {
          spec: {
            name: 'clicks_1h',
            project: 'commerce',
            aggregations: [
              { column: 'clicks', function: 'sum', timeWindow: '3600s' },
            ],
          },
        },
      ],
      featureServices: [
        {
          spec: {
            name: 'churn_model',
            project: 'commerce',
            features: [
              {
                featureViewName: 'customer_order_stats',
                featureColumns: [{ name: 'orders_7d', valueType: 'INT64' }],
              },
            ],
          },
        },
      ],
    };
    expect(decodeFeastRegistry(encodeFeastRegistry(doc))).toEqual(doc);
  });

  it('also reads .proto field names, enum numbers and integers given as numbers, as ParseDict does', () => {
    const doc = decodeFeastRegistry(
      encodeFeastRegistry({
        registry_schema_version: '1',
        entities: [{ spec: { name: 'e', value_type: 2, join_key: 'k' } }],
        featureTables: [{ meta: { revision: 12 } }],
      }),
    );
    expect(doc).toEqual({
      registrySchemaVersion: '1',
      entities: [{ spec: { name: 'e', valueType: 'STRING', joinKey: 'k' } }],
      featureTables: [{ meta: { revision: '12' } }],
    });
  });

  it('refuses an unknown key, naming its path', () => {
    const error = encodeError({
      featureViews: [
        { spec: { name: 'a' } },
        { spec: { name: 'b', ownr: 'x' } },
      ],
    });
    expect(error.path).toBe('featureViews[1].spec.ownr');
    expect(error.message).toBe(
      'Cannot write the Feast registry: unknown field "ownr" of feast.core.FeatureViewSpec at featureViews[1].spec.ownr',
    );
    expect(encodeError({ savedDatasetz: [] }).path).toBe('savedDatasetz');
  });

  it.each([
    [
      { featureViews: [{ spec: { ttl: 86400 } }] },
      'featureViews[0].spec.ttl',
      /duration string/,
    ],
    [
      { featureViews: [{ spec: { ttl: '1 day' } }] },
      'featureViews[0].spec.ttl',
      /not a duration/,
    ],
    [
      { lastUpdated: '2024-13-01T00:00:00Z' },
      'lastUpdated',
      /not a valid date/,
    ],
    [
      { entities: [{ spec: { valueType: 'INTEGER' } }] },
      'entities[0].spec.valueType',
      /"INTEGER" is not a value of feast\.types\.ValueType\.Enum/,
    ],
    [
      { featureViews: [{ spec: { entities: 'customer' } }] },
      'featureViews[0].spec.entities',
      /expected a list/,
    ],
    [
      { featureViews: [{ spec: { online: 'yes' } }] },
      'featureViews[0].spec.online',
      /expected true or false/,
    ],
    [
      { featureViews: [{ spec: { tags: { team: 1 } } }] },
      'featureViews[0].spec.tags.team',
      /expected a string/,
    ],
    [
      { featureTables: [{ meta: { revision: '1.5' } }] },
      'featureTables[0].meta.revision',
      /expected an integer/,
    ],
    [
      { featureViews: [{ meta: { currentVersionNumber: 2 ** 31 } }] },
      'featureViews[0].meta.currentVersionNumber',
      /out of range for int32/,
    ],
    [
      {
        onDemandFeatureViews: [
          {
            spec: {
              featureTransformation: {
                userDefinedFunction: { body: 'not base64!' },
              },
            },
          },
        ],
      },
      'onDemandFeatureViews[0].spec.featureTransformation.userDefinedFunction.body',
      /base64/,
    ],
    [
      { dataSources: [{ fileOptions: {}, trinoOptions: {} }] },
      'dataSources[0]',
      /only one of fileOptions, trinoOptions/,
    ],
    [{ entities: [null] }, 'entities[0]', /cannot be null/],
    [
      { featureViews: [{ spec: 'a' }] },
      'featureViews[0].spec',
      /expected an object \(feast\.core\.FeatureViewSpec\)/,
    ],
  ])('refuses %j at %s', (doc, path, message) => {
    const error = encodeError(doc);
    expect(error.path).toBe(path);
    expect(error.message).toMatch(message);
  });
});
