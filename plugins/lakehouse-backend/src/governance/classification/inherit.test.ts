import { Entity } from '@backstage/catalog-model';
import { Declassification } from '@internal/plugin-lakehouse-common';
import {
  buildLineageIndex,
  JobLineage,
  SqlColumnLineage,
} from '../../lineage/graph/buildLineageIndex';
import { computeClassifications } from './inherit';

type Column = { name: string; tags?: string[] };

const dataset = (
  table: string,
  columns: Column[],
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: table,
    namespace: 'default',
    annotations: { 'lakehouse.dev/table': table, ...annotations },
  },
  spec: { type: 'dataset', owner: 'group:default/data-platform', columns },
});

const ref = (table: string) => `resource:default/${table}`;

const raw = dataset('lakehouse.raw.users', [
  { name: 'id' },
  { name: 'email', tags: ['pii'] },
  { name: 'country', tags: ['internal'] },
]);
const clean = dataset('lakehouse.silver.users', [
  { name: 'id' },
  { name: 'email' },
  { name: 'email_hash' },
  { name: 'users_per_domain' },
]);
const stats = dataset('lakehouse.gold.user_stats', [
  { name: 'hash' },
  { name: 'mail' },
]);
const view: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'users.user_features', namespace: 'default' },
  spec: {
    type: 'feature-view',
    owner: 'group:default/ml-engineering',
    source: { dataset: ref('lakehouse.silver.users') },
    features: [{ name: 'email' }, { name: 'users_per_domain' }],
  },
};
const service: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'users.user_service', namespace: 'default' },
  spec: {
    type: 'feature-service',
    owner: 'group:default/ml-engineering',
    features: [
      {
        name: 'user_features',
        featureView: 'resource:default/users.user_features',
      },
    ],
  },
};

const input = (
  table: string,
  column: string,
  transformation: 'DIRECT' | 'INDIRECT',
  subtype: string,
) => ({ table, column, transformation, subtype });

const sqlLineage: SqlColumnLineage[] = [
  {
    table: 'lakehouse.silver.users',
    columns: [
      {
        name: 'id',
        inputs: [input('lakehouse.raw.users', 'id', 'DIRECT', 'IDENTITY')],
      },
      {
        name: 'email',
        inputs: [
          input('lakehouse.raw.users', 'email', 'DIRECT', 'TRANSFORMATION'),
        ],
      },
      {
        name: 'email_hash',
        inputs: [
          input('lakehouse.raw.users', 'email', 'DIRECT', 'TRANSFORMATION'),
        ],
      },
      {
        // count(id) ... group by the e-mail's domain
        name: 'users_per_domain',
        inputs: [
          input('lakehouse.raw.users', 'id', 'DIRECT', 'AGGREGATION'),
          input('lakehouse.raw.users', 'email', 'INDIRECT', 'GROUP_BY'),
        ],
      },
    ],
  },
  {
    table: 'lakehouse.gold.user_stats',
    columns: [
      {
        name: 'hash',
        inputs: [
          input('lakehouse.silver.users', 'email_hash', 'DIRECT', 'IDENTITY'),
        ],
      },
      {
        name: 'mail',
        inputs: [
          input('lakehouse.silver.users', 'email', 'DIRECT', 'IDENTITY'),
        ],
      },
    ],
  },
];

function classify(
  options: {
    entities?: Entity[];
    lineage?: SqlColumnLineage[];
    jobs?: JobLineage[];
    declassifications?: Declassification[];
    classifications?: string[];
  } = {},
) {
  const entities = options.entities ?? [raw, clean, stats, view, service];
  const index = buildLineageIndex({
    entities,
    sqlLineage: options.lineage ?? sqlLineage,
    jobs: options.jobs ?? [],
  });
  const result = computeClassifications({
    index,
    entities,
    declassifications: options.declassifications ?? [],
    classifications: options.classifications ?? ['pii'],
  });
  /** `column classification origin` of each classification of an entity. */
  const of = (entityRef: string) =>
    (
      result.get(entityRef.toLocaleLowerCase('en-US'))?.classifications ?? []
    ).map(c => `${c.column ?? '*'} ${c.classification} ${c.origin}`);
  return { result, of };
}

const declassified = (table: string, column: string): Declassification => ({
  entityRef: ref(table),
  column,
  reason: 'sha256 of the e-mail address',
  by: 'user:default/ada',
  at: '2026-01-05T10:00:00.000Z',
});

describe('computeClassifications', () => {
  it('passes a column classification down DIRECT lineage to every column derived from it, in datasets, feature views and feature services', () => {
    const { result, of } = classify();
    expect(of(ref('lakehouse.raw.users'))).toEqual(['email pii declared']);
    expect(of(ref('lakehouse.silver.users'))).toEqual([
      'email pii inherited',
      'email_hash pii inherited',
    ]);
    expect(of(ref('lakehouse.gold.user_stats'))).toEqual([
      'hash pii inherited',
      'mail pii inherited',
    ]);
    expect(of('resource:default/users.user_features')).toEqual([
      'email pii inherited',
    ]);
    expect(of('resource:default/users.user_service')).toEqual([
      'email pii inherited',
    ]);
    // Each inherited column names the classified columns it comes from.
    const silver = result.get(ref('lakehouse.silver.users'))!;
    expect(silver.classifications[0].from).toEqual([
      { entityRef: ref('lakehouse.raw.users'), column: 'email' },
    ]);
    expect(result.get(ref('lakehouse.raw.users'))!.flowsTo).toEqual([
      { entityRef: ref('lakehouse.gold.user_stats'), column: 'hash' },
      { entityRef: ref('lakehouse.gold.user_stats'), column: 'mail' },
      { entityRef: ref('lakehouse.silver.users'), column: 'email' },
      { entityRef: ref('lakehouse.silver.users'), column: 'email_hash' },
      { entityRef: 'resource:default/users.user_features', column: 'email' },
      { entityRef: 'resource:default/users.user_service', column: 'email' },
    ]);
  });

  it('does not pass it along INDIRECT lineage: a column grouped by the e-mail address holds no e-mail address', () => {
    const { of } = classify();
    expect(of(ref('lakehouse.silver.users'))).not.toContainEqual(
      expect.stringContaining('users_per_domain'),
    );
    expect(of('resource:default/users.user_features')).not.toContainEqual(
      expect.stringContaining('users_per_domain'),
    );
  });

  it('stops at a declassified column, and only on the paths through it', () => {
    const { result, of } = classify({
      declassifications: [declassified('lakehouse.silver.users', 'email_hash')],
    });
    expect(of(ref('lakehouse.silver.users'))).toEqual(['email pii inherited']);
    expect(of(ref('lakehouse.gold.user_stats'))).toEqual([
      'mail pii inherited',
    ]);
    expect(result.get(ref('lakehouse.silver.users'))!.declassified).toEqual([
      declassified('lakehouse.silver.users', 'email_hash'),
    ]);
    expect(
      result
        .get(ref('lakehouse.raw.users'))!
        .flowsTo.map(f => `${f.entityRef}.${f.column}`),
    ).not.toContain(`${ref('lakehouse.gold.user_stats')}.hash`);
  });

  it('protects a dataset classified as a whole without classifying what derives from it', () => {
    const whole = dataset(
      'lakehouse.raw.users',
      [{ name: 'id' }, { name: 'email' }, { name: 'country' }],
      { 'lakehouse.dev/classification': 'pii' },
    );
    const { of, result } = classify({ entities: [whole, clean, stats] });
    expect(of(ref('lakehouse.raw.users'))).toEqual(['* pii declared']);
    expect(result.has(ref('lakehouse.silver.users'))).toBe(false);
  });

  it('counts only the configured classifications', () => {
    expect(classify().of(ref('lakehouse.raw.users'))).toEqual([
      'email pii declared',
    ]);
    const { of } = classify({ classifications: ['pii', 'internal'] });
    expect(of(ref('lakehouse.raw.users'))).toEqual([
      'email pii declared',
      'country internal declared',
    ]);
  });

  it('passes it along OpenLineage column lineage whose producer did not say DIRECT or INDIRECT, and through datasets only OpenLineage knows', () => {
    const { of } = classify({
      entities: [raw, stats],
      lineage: [],
      jobs: [
        {
          namespace: 'spark',
          name: 'export_users',
          producer:
            'https://github.com/OpenLineage/OpenLineage/tree/1.24.0/integration/spark',
          inputs: [
            {
              namespace: 'trino',
              name: 'lakehouse.raw.users',
              table: 'lakehouse.raw.users',
            },
          ],
          outputs: [
            {
              namespace: 's3://exports',
              name: 'users.csv',
              columnLineage: [
                {
                  output: 'address',
                  inputs: [
                    {
                      namespace: 'trino',
                      name: 'lakehouse.raw.users',
                      table: 'lakehouse.raw.users',
                      field: 'email',
                    },
                  ],
                },
              ],
            },
          ],
        },
        {
          namespace: 'spark',
          name: 'load_stats',
          producer:
            'https://github.com/OpenLineage/OpenLineage/tree/1.24.0/integration/spark',
          inputs: [{ namespace: 's3://exports', name: 'users.csv' }],
          outputs: [
            {
              namespace: 'trino',
              name: 'lakehouse.gold.user_stats',
              table: 'lakehouse.gold.user_stats',
              columnLineage: [
                {
                  output: 'mail',
                  inputs: [
                    {
                      namespace: 's3://exports',
                      name: 'users.csv',
                      field: 'address',
                      transformation: 'DIRECT',
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    expect(of('openlineage:s3://exports/users.csv')).toEqual([
      'address pii inherited',
    ]);
    expect(of(ref('lakehouse.gold.user_stats'))).toEqual([
      'mail pii inherited',
    ]);
  });

  it('reads what Feast features declare in their tags', () => {
    const tagged: Entity = {
      ...view,
      spec: {
        ...view.spec,
        features: [
          { name: 'email', tags: { classification: 'PII' } },
          { name: 'users_per_domain', tags: { pii: 'true', team: 'growth' } },
        ],
      },
    };
    const { of } = classify({ entities: [tagged], lineage: [] });
    expect(of('resource:default/users.user_features')).toEqual([
      'email pii declared',
      'users_per_domain pii declared',
    ]);
  });

  it('ends on lineage that goes round in a cycle', () => {
    const a = dataset('lakehouse.silver.a', [{ name: 'x', tags: ['pii'] }]);
    const b = dataset('lakehouse.silver.b', [{ name: 'y' }]);
    const { of } = classify({
      entities: [a, b],
      lineage: [
        {
          table: 'lakehouse.silver.b',
          columns: [
            {
              name: 'y',
              inputs: [input('lakehouse.silver.a', 'x', 'DIRECT', 'IDENTITY')],
            },
          ],
        },
        {
          table: 'lakehouse.silver.a',
          columns: [
            {
              name: 'x',
              inputs: [input('lakehouse.silver.b', 'y', 'DIRECT', 'IDENTITY')],
            },
          ],
        },
      ],
    });
    expect(of(ref('lakehouse.silver.a'))).toEqual(['x pii declared']);
    expect(of(ref('lakehouse.silver.b'))).toEqual(['y pii inherited']);
  });
});
