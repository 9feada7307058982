import columnLineageFacet from './__fixtures__/ColumnLineageDatasetFacet_1.json';
import { runLineage } from './runLineage';
import { OpenLineageDataset, OpenLineageRunEvent } from './types';

const PRODUCER = 'https://github.com/example/pipelines/v1';
const facet = (body: object) => ({
  _producer: PRODUCER,
  _schemaURL: 'https://openlineage.io/spec/facets/1-2-0/Example.json',
  ...body,
});

function event(
  eventType: OpenLineageRunEvent['eventType'],
  eventTime: string,
  datasets: { inputs?: OpenLineageDataset[]; outputs?: OpenLineageDataset[] },
): OpenLineageRunEvent {
  return {
    eventType,
    eventTime,
    producer: PRODUCER,
    schemaURL:
      'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId: '0e7c5d4f-9a55-4a53-9a0b-1f43f1a7b6d2' },
    job: { namespace: 'dagster', name: 'discounts.build' },
    ...datasets,
  };
}

describe('runLineage', () => {
  it('reads the column edges of the spec example, DIRECT and INDIRECT', () => {
    const lineage = runLineage([
      event('COMPLETE', '2024-05-01T10:00:00Z', {
        outputs: [
          {
            namespace: 'snowflake://org-account',
            name: 'ANALYTICS.PUBLIC.CUSTOMER_DISCOUNTS',
            facets: columnLineageFacet,
          },
        ],
      }),
    ]);
    const [output] = lineage.outputs;
    expect(output.table).toBe('analytics.public.customer_discounts');
    expect(output.columnLineage?.map(e => e.output)).toEqual([
      'NAME',
      'AMOUNT_OFF',
      'STARTS_AT',
      'ENDS_AT',
    ]);
    expect(output.columnLineage?.[0].inputs).toEqual([
      {
        namespace: 'SnowflakeOpenLineage',
        name: 'CUSTOMERS',
        field: 'NAME',
        transformation: 'DIRECT',
        subtype: 'IDENTITY',
      },
      {
        namespace: 'SnowflakeOpenLineage',
        name: 'CUSTOMERS',
        field: 'ID',
        transformation: 'INDIRECT',
        subtype: 'JOIN',
      },
      {
        namespace: 'SnowflakeOpenLineage',
        name: 'DISCOUNTS',
        field: 'CUSTOMERS_ID',
        transformation: 'INDIRECT',
        subtype: 'JOIN',
      },
    ]);
  });

  it('reads the older field-level transformationType as DIRECT', () => {
    const input = (field: string) => ({
      namespace: 'trino://trino:8080',
      name: 'lakehouse.silver.customers',
      field,
    });
    const lineage = runLineage([
      event('COMPLETE', '2024-05-01T10:00:00Z', {
        outputs: [
          {
            namespace: 'trino://trino:8080',
            name: 'lakehouse.gold.customers',
            facets: {
              columnLineage: facet({
                fields: {
                  name: {
                    inputFields: [input('name')],
                    transformationType: 'IDENTITY',
                  },
                  email_hash: {
                    inputFields: [input('email')],
                    transformationType: 'MASKED',
                    transformationDescription: 'sha256(email)',
                  },
                  segment: { inputFields: [input('segment')] },
                },
              }),
            },
          },
        ],
      }),
    ]);
    const byOutput = Object.fromEntries(
      lineage.outputs[0].columnLineage!.map(e => [e.output, e.inputs[0]]),
    );
    expect(byOutput.name).toMatchObject({
      table: 'lakehouse.silver.customers',
      transformation: 'DIRECT',
      subtype: 'IDENTITY',
    });
    expect(byOutput.email_hash).toMatchObject({
      transformation: 'DIRECT',
      subtype: 'TRANSFORMATION',
      masking: true,
    });
    // Nothing said how segment is used: the edge stays, without a type.
    expect(byOutput.segment).toEqual({
      ...input('segment'),
      table: 'lakehouse.silver.customers',
    });
  });

  it('gives every output column the fields that decide the whole dataset', () => {
    const orders = {
      namespace: 'trino://trino:8080',
      name: 'lakehouse.silver.orders',
    };
    const lineage = runLineage([
      event('COMPLETE', '2024-05-01T10:00:00Z', {
        outputs: [
          {
            namespace: 'trino://trino:8080',
            name: 'lakehouse.gold.open_orders',
            facets: {
              schema: facet({
                fields: [{ name: 'order_id' }, { name: 'placed_at' }],
              }),
              columnLineage: facet({
                fields: {
                  order_id: {
                    inputFields: [
                      {
                        ...orders,
                        field: 'order_id',
                        transformations: [
                          { type: 'DIRECT', subtype: 'IDENTITY' },
                        ],
                      },
                    ],
                  },
                },
                dataset: [{ ...orders, field: 'status' }],
              }),
            },
          },
        ],
      }),
    ]);
    const edges = lineage.outputs[0].columnLineage!;
    expect(edges.map(e => e.output)).toEqual(['order_id', 'placed_at']);
    for (const edge of edges) {
      expect(edge.inputs).toContainEqual({
        ...orders,
        table: 'lakehouse.silver.orders',
        field: 'status',
        transformation: 'INDIRECT',
      });
    }
  });

  it("merges a run's events: inputs from START, schemas from COMPLETE", () => {
    const raw = {
      namespace: 'postgres://db:5432',
      name: 'shop.public.raw_orders',
    };
    const staged = {
      namespace: 'postgres://db:5432',
      name: 'shop.public.stg_orders',
    };
    const lineage = runLineage([
      event('START', '2024-05-01T10:00:00Z', {
        inputs: [raw],
        outputs: [
          {
            ...staged,
            facets: { documentation: facet({ description: 'Orders' }) },
          },
        ],
      }),
      event('COMPLETE', '2024-05-01T10:05:00.123456Z', {
        inputs: [
          { ...raw, facets: { schema: facet({ fields: [{ name: 'id' }] }) } },
        ],
        outputs: [
          {
            ...staged,
            facets: {
              schema: facet({
                fields: [{ name: 'order_id' }, { name: 'status' }],
              }),
            },
          },
        ],
      }),
    ]);
    expect(lineage).toEqual({
      namespace: 'dagster',
      name: 'discounts.build',
      producer: PRODUCER,
      runId: '0e7c5d4f-9a55-4a53-9a0b-1f43f1a7b6d2',
      eventType: 'COMPLETE',
      eventTime: '2024-05-01T10:05:00.123456Z',
      inputs: [{ ...raw, table: 'shop.public.raw_orders', columns: ['id'] }],
      outputs: [
        {
          ...staged,
          table: 'shop.public.stg_orders',
          columns: ['order_id', 'status'],
        },
      ],
    });
  });

  it('drops a facet a later event deletes', () => {
    const target = {
      namespace: 'trino://trino:8080',
      name: 'lakehouse.gold.x',
    };
    const lineage = runLineage([
      event('START', '2024-05-01T10:00:00Z', {
        outputs: [
          { ...target, facets: { schema: facet({ fields: [{ name: 'a' }] }) } },
        ],
      }),
      event('COMPLETE', '2024-05-01T10:01:00Z', {
        outputs: [{ ...target, facets: { schema: facet({ _deleted: true }) } }],
      }),
    ]);
    expect(lineage.outputs[0]).not.toHaveProperty('columns');
  });

  it('keeps what a failed run declared', () => {
    const input = {
      namespace: 'trino://trino:8080',
      name: 'lakehouse.silver.orders',
    };
    const output = {
      namespace: 'trino://trino:8080',
      name: 'lakehouse.gold.revenue',
    };
    const lineage = runLineage([
      event('START', '2024-05-01T10:00:00Z', {
        inputs: [input],
        outputs: [output],
      }),
      event('FAIL', '2024-05-01T10:00:09Z', {}),
    ]);
    expect(lineage).toMatchObject({
      eventType: 'FAIL',
      inputs: [{ ...input, table: 'lakehouse.silver.orders' }],
      outputs: [{ ...output, table: 'lakehouse.gold.revenue' }],
    });
  });
});
