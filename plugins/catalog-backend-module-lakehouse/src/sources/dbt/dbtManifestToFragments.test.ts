import fs from 'node:fs';
import path from 'node:path';
import type { DatasetFragment } from '../../model/fragment';
import { dbtManifestToFragments } from './dbtManifestToFragments';
import {
  parseDbtManifest,
  type DbtManifest,
} from '@internal/plugin-lakehouse-node';

const fixturePath = path.join(__dirname, '__fixtures__', 'shop-manifest.json');
const demoManifestPath = path.resolve(
  __dirname,
  '../../../../../examples/lakehouse/dbt/target/manifest.json',
);

const fixtureText = fs.readFileSync(fixturePath, 'utf8');

function shop(change?: (manifest: any) => void): DbtManifest {
  const manifest = parseDbtManifest(fixtureText, fixturePath);
  change?.(manifest);
  return manifest;
}

function byTitle(fragments: DatasetFragment[], title: string) {
  const matches = fragments.filter(f => f.title === title);
  expect(matches).toHaveLength(1);
  return matches[0];
}

function byId(fragments: DatasetFragment[], identifier: string) {
  const found = fragments.find(f => f.identifier === identifier);
  if (!found) {
    throw new Error(`no fragment ${identifier}`);
  }
  return found;
}

const options = { sourceId: 'dbt:shop' };

describe('dbtManifestToFragments', () => {
  const fragments = dbtManifestToFragments(shop(), options);

  it('makes exactly one fragment per enabled model, seed, snapshot and source, sorted by identifier', () => {
    expect(fragments.map(f => f.identifier)).toEqual([
      'warehouse.analytics.customer_segments',
      'warehouse.app.customers',
      'warehouse.app.orders',
      'warehouse.app.payments',
      'warehouse.marts.dim_customers',
      'warehouse.marts.orders_fact',
      'warehouse.reference.country_codes',
      'warehouse.reference.currency_rates',
      'warehouse.snapshots.customers_snapshot',
      'warehouse.staging.stg_customers',
      'warehouse.staging.stg_orders',
    ]);
    expect(fragments.map(f => f.dbt?.uniqueId).sort()).toEqual([
      'model.shop.customer_segments',
      'model.shop.dim_customers',
      'model.shop.fct_orders',
      'model.shop.stg_customers',
      'model.shop.stg_orders',
      'seed.shop.country_codes',
      'seed.shop.currency_rates',
      'snapshot.shop.customers_snapshot',
      'source.shop.app.customers',
      'source.shop.app.orders',
      'source.shop.app.payments',
    ]);
    for (const fragment of fragments) {
      expect(fragment.sourceKind).toBe('dbt');
      expect(fragment.sourceId).toBe('dbt:shop');
    }
  });

  it('makes no fragment for tests, analyses, operations, exposures, disabled or ephemeral nodes', () => {
    const ids = fragments.map(f => f.dbt!.uniqueId);
    for (const id of ids) {
      expect(id).toMatch(/^(model|seed|snapshot|source)\./);
    }
    const titles = fragments.map(f => f.title);
    expect(titles).not.toContain('int_orders_enriched'); // ephemeral
    expect(titles).not.toContain('old_orders'); // disabled
    expect(titles).not.toContain('revenue_by_month'); // analysis
    expect(titles).not.toContain('revenue_dashboard'); // exposure
  });

  it('ignores a node switched off with enabled: false even if it is listed under nodes', () => {
    const result = dbtManifestToFragments(
      shop(m => (m.nodes['model.shop.stg_orders'].config.enabled = false)),
      options,
    );
    expect(result.map(f => f.title)).not.toContain('stg_orders');
    expect(result).toHaveLength(10);
  });

  it('builds identifiers from catalog, schema and alias (or the source identifier), lower-cased', () => {
    // The model fct_orders has the alias orders_fact; the source table
    // customers has the identifier CUSTOMERS.
    expect(byTitle(fragments, 'fct_orders').identifier).toBe(
      'warehouse.marts.orders_fact',
    );
    expect(byTitle(fragments, 'customers').identifier).toBe(
      'warehouse.app.customers',
    );

    const inLakehouse = dbtManifestToFragments(shop(), {
      ...options,
      catalog: 'Lakehouse',
    });
    for (const fragment of inLakehouse) {
      expect(fragment.identifier).toMatch(/^lakehouse\./);
      for (const upstream of fragment.upstream ?? []) {
        expect(upstream).toMatch(/^lakehouse\./);
      }
    }
  });

  it('skips, and reports, a node whose table cannot be named', () => {
    const warnings: string[] = [];
    const manifest = shop(
      m => (m.nodes['model.shop.stg_orders'].database = null),
    );
    const result = dbtManifestToFragments(manifest, {
      ...options,
      onWarning: w => warnings.push(w),
    });
    expect(result.map(f => f.title)).not.toContain('stg_orders');
    expect(warnings).toEqual([
      'dbt node model.shop.stg_orders is skipped: it has no database (set the catalog option)',
    ]);
    // With a catalog the database is not needed.
    expect(
      dbtManifestToFragments(manifest, {
        ...options,
        catalog: 'lakehouse',
      }).map(f => f.identifier),
    ).toContain('lakehouse.staging.stg_orders');
  });

  describe('lineage', () => {
    it('lists the parent_map entries that are datasets, not tests', () => {
      expect(byTitle(fragments, 'stg_orders').upstream).toEqual([
        'warehouse.app.orders',
      ]);
      expect(byTitle(fragments, 'dim_customers').upstream).toEqual([
        'warehouse.snapshots.customers_snapshot',
        'warehouse.staging.stg_customers',
      ]);
      expect(byTitle(fragments, 'customers_snapshot').upstream).toEqual([
        'warehouse.app.customers',
      ]);
      expect(byTitle(fragments, 'customers').upstream).toEqual([]);
      expect(byTitle(fragments, 'country_codes').upstream).toEqual([]);
    });

    it('walks through ephemeral models to their parents', () => {
      // fct_orders selects from the ephemeral int_orders_enriched, which
      // selects from stg_orders and stg_customers.
      expect(byTitle(fragments, 'fct_orders').upstream).toEqual([
        'warehouse.reference.country_codes',
        'warehouse.snapshots.customers_snapshot',
        'warehouse.staging.stg_customers',
        'warehouse.staging.stg_orders',
      ]);
      for (const fragment of fragments) {
        expect(fragment.upstream?.join()).not.toMatch(/int_orders_enriched/);
      }
    });

    it('walks through chains of ephemeral models', () => {
      const manifest = shop(m => {
        // stg_orders becomes ephemeral too: fct_orders now reaches the source.
        m.nodes['model.shop.stg_orders'].config.materialized = 'ephemeral';
      });
      const result = dbtManifestToFragments(manifest, options);
      expect(byTitle(result, 'fct_orders').upstream).toEqual([
        'warehouse.app.orders',
        'warehouse.reference.country_codes',
        'warehouse.snapshots.customers_snapshot',
        'warehouse.staging.stg_customers',
      ]);
      expect(result.map(f => f.title)).not.toContain('stg_orders');
    });

    it('equals parent_map minus tests for every dataset without ephemeral parents', () => {
      const manifest = shop();
      for (const fragment of fragments) {
        const parents = manifest.parent_map[fragment.dbt!.uniqueId];
        if (parents.includes('model.shop.int_orders_enriched')) {
          continue;
        }
        const expected = parents
          .filter(p => !p.startsWith('test.'))
          .map(p => fragments.find(f => f.dbt!.uniqueId === p)!.identifier)
          .sort();
        expect(fragment.upstream).toEqual(expected);
      }
    });
  });

  it('takes owners from meta.owner or config.meta.owner', () => {
    // meta.owner
    expect(byTitle(fragments, 'stg_customers').owner).toBe(
      'group:default/data-platform',
    );
    // only config.meta.owner
    expect(byTitle(fragments, 'stg_orders').owner).toBe('data-platform');
    // sources: from the source's meta, which dbt copies into config.meta
    expect(byTitle(fragments, 'orders').owner).toBe(
      'group:default/data-platform',
    );
    // none
    expect(byTitle(fragments, 'currency_rates').owner).toBeUndefined();
  });

  describe('layers', () => {
    it('comes from meta.layer, then sources are raw, then the folder, then the tags', () => {
      const layers = Object.fromEntries(
        fragments.map(f => [f.dbt!.uniqueId, f.layer]),
      );
      expect(layers).toEqual({
        'source.shop.app.customers': 'raw',
        'source.shop.app.orders': 'raw',
        'source.shop.app.payments': 'bronze', // meta.layer wins
        'seed.shop.currency_rates': 'raw', // seeds/raw folder
        'seed.shop.country_codes': undefined, // no folder, no tag
        'snapshot.shop.customers_snapshot': 'silver', // tag silver
        'model.shop.stg_customers': 'bronze', // staging folder
        'model.shop.stg_orders': 'bronze',
        'model.shop.fct_orders': 'gold', // marts folder
        'model.shop.dim_customers': 'silver', // meta.layer wins over marts and the gold tag
        'model.shop.customer_segments': undefined, // meta.layer platinum is no layer
      });
    });

    it('uses the configured folder and tag names, keeping the defaults of layers not configured', () => {
      const result = dbtManifestToFragments(shop(), {
        ...options,
        layers: {
          gold: ['analytics'],
          bronze: ['landing'],
          silver: ['reference'],
        },
      });
      expect(byTitle(result, 'customer_segments').layer).toBe('gold'); // folder
      expect(byTitle(result, 'stg_orders').layer).toBeUndefined(); // staging no longer bronze
      expect(byTitle(result, 'country_codes').layer).toBe('silver'); // tag
      expect(byTitle(result, 'fct_orders').layer).toBeUndefined(); // marts no longer gold
      expect(byTitle(result, 'currency_rates').layer).toBe('raw'); // raw keeps its default
    });

    it('prefers a folder to a tag', () => {
      const result = dbtManifestToFragments(
        shop(m => (m.nodes['model.shop.stg_orders'].tags = ['gold'])),
        options,
      );
      expect(byTitle(result, 'stg_orders').layer).toBe('bronze');
    });
  });

  describe('freshness SLA and build time', () => {
    it('takes the SLA from meta.freshness_sla or config.meta.freshness_sla', () => {
      const result = dbtManifestToFragments(
        shop(m => {
          m.nodes['model.shop.fct_orders'].meta.freshness_sla = ' 12h ';
          m.nodes['model.shop.stg_orders'].config.meta.freshness_sla = '2d';
          m.nodes['seed.shop.country_codes'].meta.freshness_sla = '   ';
        }),
        options,
      );
      expect(byTitle(result, 'fct_orders').freshnessSla).toBe('12h');
      expect(byTitle(result, 'stg_orders').freshnessSla).toBe('2d');
      // A blank SLA is no SLA, and models declare none by default.
      expect(byTitle(result, 'country_codes')).not.toHaveProperty(
        'freshnessSla',
      );
      expect(byTitle(fragments, 'fct_orders')).not.toHaveProperty(
        'freshnessSla',
      );
    });

    it("turns a source's error_after into the SLA, unless its meta declares one", () => {
      // error after 24 hour
      expect(byTitle(fragments, 'customers').freshnessSla).toBe('24h');
      // Only warn_after: a warning is no breach of the SLA.
      expect(byTitle(fragments, 'orders')).not.toHaveProperty('freshnessSla');
      // A freshness block with no counts.
      expect(byTitle(fragments, 'payments')).not.toHaveProperty('freshnessSla');

      const result = dbtManifestToFragments(
        shop(m => {
          m.sources['source.shop.app.customers'].config.meta.freshness_sla =
            '6h';
          // Only in config.freshness, in minutes.
          m.sources['source.shop.app.orders'].freshness = null;
          m.sources['source.shop.app.orders'].config.freshness = {
            error_after: { count: 90, period: 'minute' },
          };
          m.sources['source.shop.app.payments'].freshness = {
            error_after: { count: 2, period: 'day' },
          };
        }),
        options,
      );
      expect(byTitle(result, 'customers').freshnessSla).toBe('6h');
      expect(byTitle(result, 'orders').freshnessSla).toBe('90m');
      expect(byTitle(result, 'payments').freshnessSla).toBe('2d');
    });

    it('ignores an error_after that is no positive whole count of minutes, hours or days', () => {
      const sla = (errorAfter: unknown) =>
        byTitle(
          dbtManifestToFragments(
            shop(m => {
              m.sources['source.shop.app.customers'].freshness = {
                error_after: errorAfter,
              };
              m.sources['source.shop.app.customers'].config.freshness = null;
            }),
            options,
          ),
          'customers',
        ).freshnessSla;
      expect(sla({ count: 0, period: 'hour' })).toBeUndefined();
      expect(sla({ count: 1.5, period: 'hour' })).toBeUndefined();
      expect(sla({ count: 3, period: 'week' })).toBeUndefined();
      expect(sla({ count: 3, period: 'constructor' })).toBeUndefined();
      expect(sla({ count: '3', period: 'day' })).toBeUndefined();
      expect(sla({ count: 3, period: 'day' })).toBe('3d');
    });

    it('dates models, seeds and snapshots with the run that wrote the manifest, but not sources', () => {
      const builtAt = Object.fromEntries(
        fragments.map(f => [f.dbt!.uniqueId, f.dbt!.generatedAt]),
      );
      expect(builtAt).toEqual({
        'model.shop.customer_segments': '2025-10-01T06:00:00.000000Z',
        'model.shop.dim_customers': '2025-10-01T06:00:00.000000Z',
        'model.shop.fct_orders': '2025-10-01T06:00:00.000000Z',
        'model.shop.stg_customers': '2025-10-01T06:00:00.000000Z',
        'model.shop.stg_orders': '2025-10-01T06:00:00.000000Z',
        'seed.shop.country_codes': '2025-10-01T06:00:00.000000Z',
        'seed.shop.currency_rates': '2025-10-01T06:00:00.000000Z',
        'snapshot.shop.customers_snapshot': '2025-10-01T06:00:00.000000Z',
        // dbt does not load sources: the run says nothing about their data.
        'source.shop.app.customers': undefined,
        'source.shop.app.orders': undefined,
        'source.shop.app.payments': undefined,
      });
    });

    it('leaves the build time out when the manifest has no generated_at', () => {
      for (const generatedAt of [undefined, '', '  ']) {
        const result = dbtManifestToFragments(
          shop(m => (m.metadata.generated_at = generatedAt)),
          options,
        );
        for (const fragment of result) {
          expect(fragment.dbt).not.toHaveProperty('generatedAt');
        }
      }
    });
  });

  describe('columns and classification', () => {
    it('keeps columns in manifest order with description, type and tags', () => {
      expect(byTitle(fragments, 'customers').columns).toEqual([
        {
          name: 'customer_id',
          type: 'bigint',
          description: 'Primary key.',
          tests: ['not_null', 'unique'],
        },
        {
          name: 'email',
          type: 'varchar',
          description: 'Sign-in e-mail address.',
          tags: ['pii'], // meta.classification: pii
        },
        {
          name: 'full_name',
          type: 'varchar',
          description: 'Name on the account.',
          tags: ['pii'], // meta.pii: true
        },
        {
          name: 'country_code',
          type: 'varchar',
          description: 'Billing country.',
        },
      ]);
    });

    it('classifies a table as pii when a column is, unless the table has its own classification', () => {
      expect(byTitle(fragments, 'customers').classification).toBe('pii');
      expect(byTitle(fragments, 'stg_customers').classification).toBe('pii'); // column tag pii
      expect(byTitle(fragments, 'dim_customers').classification).toBe(
        'confidential',
      );
      expect(
        byTitle(fragments, 'dim_customers').columns?.find(
          c => c.name === 'email',
        )?.tags,
      ).toEqual(['pii']);
      expect(byTitle(fragments, 'stg_orders').classification).toBeUndefined();
      expect(byTitle(fragments, 'fct_orders').classification).toBeUndefined();
    });

    it('attaches generic column tests to their columns, sorted', () => {
      const stgCustomers = byTitle(fragments, 'stg_customers');
      expect(stgCustomers.columns?.map(c => [c.name, c.tests])).toEqual([
        ['customer_id', ['not_null', 'unique']],
        ['email', undefined],
        ['country_code', ['relationships']],
      ]);
      expect(
        byTitle(fragments, 'stg_orders').columns?.find(c => c.name === 'status')
          ?.tests,
      ).toEqual(['accepted_values']);
      expect(
        byTitle(fragments, 'country_codes').columns?.find(
          c => c.name === 'country_code',
        )?.tests,
      ).toEqual(['unique']);
      // The relationships test of stg_customers also depends on
      // country_codes but belongs to stg_customers only.
      expect(byTitle(fragments, 'country_codes').dbt?.tests).toBeUndefined();
    });

    it('puts table-level, singular and undocumented-column tests in dbt.tests', () => {
      expect(byTitle(fragments, 'fct_orders').dbt?.tests).toEqual([
        {
          name: 'assert_fct_orders_amount_is_positive', // singular test
          uniqueId: 'test.shop.assert_fct_orders_amount_is_positive',
        },
        {
          name: 'not_null',
          column: 'order_date', // not among the documented columns
          uniqueId: 'test.shop.not_null_fct_orders_order_date.0123456789',
        },
        {
          name: 'unique_combination_of_columns',
          uniqueId:
            'test.shop.dbt_utils_unique_combination_of_columns_fct_orders_order_id__customer_id.0123456789',
        },
      ]);
    });
  });

  it('describes a model completely: SQL, materialization, exposures and links', () => {
    const manifest = shop();
    const node = manifest.nodes['model.shop.fct_orders'];
    expect(byTitle(fragments, 'fct_orders')).toEqual({
      identifier: 'warehouse.marts.orders_fact',
      sourceKind: 'dbt',
      sourceId: 'dbt:shop',
      title: 'fct_orders',
      description: 'One row per order.',
      owner: 'analytics',
      layer: 'gold',
      columns: [
        {
          name: 'order_id',
          type: 'bigint',
          description: 'Primary key.',
          tests: ['not_null', 'unique'],
        },
        { name: 'customer_id', type: 'bigint' },
        { name: 'country_code', type: 'varchar' },
        {
          name: 'amount',
          type: 'decimal(12,2)',
          description: 'Order total in EUR.',
        },
      ],
      upstream: [
        'warehouse.reference.country_codes',
        'warehouse.snapshots.customers_snapshot',
        'warehouse.staging.stg_customers',
        'warehouse.staging.stg_orders',
      ],
      links: [
        {
          url: 'https://bi.example.com/dashboards/7',
          title: 'Exposure: Revenue dashboard (dashboard)',
        },
      ],
      format: 'incremental',
      dbt: {
        uniqueId: 'model.shop.fct_orders',
        resourceType: 'model',
        project: 'shop',
        materialized: 'incremental',
        path: 'models/marts/fct_orders.sql',
        rawSql: node.raw_code,
        compiledSql: node.compiled_code,
        tests: expect.any(Array),
        generatedAt: '2025-10-01T06:00:00.000000Z',
        exposures: [
          // no url, owner by e-mail only
          { name: 'churn_model', type: 'ml', owner: 'ml@example.com' },
          {
            name: 'revenue_dashboard',
            type: 'dashboard',
            url: 'https://bi.example.com/dashboards/7',
            owner: 'Finance Analytics',
          },
        ],
      },
    });
    expect(node.compiled_code).toMatch(/"warehouse"."staging"."stg_orders"/);
  });

  it('lists exposures on every dataset they use, and ignores disabled exposures', () => {
    expect(byTitle(fragments, 'dim_customers').dbt?.exposures).toEqual([
      {
        name: 'revenue_dashboard',
        type: 'dashboard',
        url: 'https://bi.example.com/dashboards/7',
        owner: 'Finance Analytics',
      },
    ]);
    expect(byTitle(fragments, 'dim_customers').links).toHaveLength(1);
    const allLinks = fragments.flatMap(f => f.links ?? []);
    expect(allLinks.map(l => l.url)).not.toContain(
      'https://bi.example.com/legacy',
    );
    expect(byTitle(fragments, 'stg_orders').dbt?.exposures).toBeUndefined();
    expect(byTitle(fragments, 'stg_orders').links).toBeUndefined();
  });

  it('keeps raw SQL, and compiled SQL when the manifest has it', () => {
    const stgCustomers = byTitle(fragments, 'stg_customers').dbt!;
    expect(stgCustomers.rawSql).toContain("{{ source('app', 'customers') }}");
    expect(stgCustomers.compiledSql).toContain('"warehouse"."app"."CUSTOMERS"');
    const stgOrders = byTitle(fragments, 'stg_orders').dbt!;
    expect(stgOrders.rawSql).toContain("{{ source('app', 'orders') }}");
    expect(stgOrders).not.toHaveProperty('compiledSql');
    // Seeds have no SQL.
    expect(byTitle(fragments, 'country_codes').dbt).not.toHaveProperty(
      'rawSql',
    );
  });

  it('reports the format and dbt details of seeds, snapshots and sources', () => {
    expect(Object.fromEntries(fragments.map(f => [f.title, f.format]))).toEqual(
      {
        customer_segments: 'table',
        customers: 'source',
        orders: 'source',
        payments: 'source',
        dim_customers: 'table',
        fct_orders: 'incremental',
        country_codes: 'seed',
        currency_rates: 'seed',
        customers_snapshot: 'snapshot',
        stg_customers: 'view',
        stg_orders: 'view',
      },
    );
    expect(byTitle(fragments, 'customers')).toMatchObject({
      description: 'Customer accounts of the shop.',
      dbt: {
        uniqueId: 'source.shop.app.customers',
        resourceType: 'source',
        project: 'shop',
        path: 'models/staging/sources.yml',
        freshnessRule: 'warn after 12 hour, error after 24 hour',
      },
    });
    expect(byTitle(fragments, 'customers').dbt).not.toHaveProperty(
      'materialized',
    );
    expect(byTitle(fragments, 'orders').dbt?.freshnessRule).toBe(
      'warn after 1 day',
    );
    // A freshness block with no counts is no rule.
    expect(byTitle(fragments, 'payments').dbt).not.toHaveProperty(
      'freshnessRule',
    );
    expect(byTitle(fragments, 'customers_snapshot')).toMatchObject({
      tags: ['silver'],
      dbt: {
        resourceType: 'snapshot',
        materialized: 'snapshot',
        path: 'snapshots/customers_snapshot.sql',
      },
    });
    expect(byTitle(fragments, 'country_codes')).toMatchObject({
      tags: ['reference'],
      owner: 'data-platform',
      dbt: { resourceType: 'seed', path: 'seeds/country_codes.csv' },
    });
  });

  it('gives deep-equal output on every run, whatever the order of the manifest keys', () => {
    const again = dbtManifestToFragments(shop(), options);
    expect(again).toEqual(fragments);
    expect(JSON.stringify(again)).toBe(JSON.stringify(fragments));

    const reversed = shop(m => {
      for (const key of ['nodes', 'sources', 'exposures', 'parent_map']) {
        m[key] = Object.fromEntries(Object.entries(m[key]).reverse());
      }
    });
    expect(JSON.stringify(dbtManifestToFragments(reversed, options))).toBe(
      JSON.stringify(fragments),
    );
  });

  it('does not change the manifest it reads', () => {
    const manifest = shop();
    const before = JSON.stringify(manifest);
    dbtManifestToFragments(manifest, options);
    expect(JSON.stringify(manifest)).toBe(before);
  });

  it('converts a 5,000-model manifest, walking through ephemeral models', () => {
    // Speed is measured in bench/catalog-providers.bench.ts, not here.
    const result = dbtManifestToFragments(syntheticManifest(5000), {
      sourceId: 'dbt:big',
      catalog: 'lakehouse',
    });
    // 5,000 models of which every tenth is ephemeral, plus 50 sources.
    expect(result).toHaveLength(4500 + 50);
    expect(result[0].columns?.[0].tests).toEqual(['not_null', 'unique']);
  });
});

describe('dbtManifestToFragments over the demo manifest', () => {
  const manifest = parseDbtManifest(
    fs.readFileSync(demoManifestPath, 'utf8'),
    demoManifestPath,
  );
  const fragments = dbtManifestToFragments(manifest, {
    sourceId: 'dbt:demo',
    catalog: 'lakehouse',
  });

  it('has 16 datasets: 10 models, 1 seed and 5 sources', () => {
    expect(fragments).toHaveLength(16);
    const count = (type: string) =>
      fragments.filter(f => f.dbt?.resourceType === type).length;
    expect([count('model'), count('seed'), count('source')]).toEqual([
      10, 1, 5,
    ]);
  });

  it('knows what lakehouse.gold.fct_orders is built from', () => {
    expect(byId(fragments, 'lakehouse.gold.fct_orders').upstream).toEqual([
      'lakehouse.bronze.stg_order_items',
      'lakehouse.bronze.stg_orders',
      'lakehouse.silver.dim_customers',
      'lakehouse.silver.dim_date',
    ]);
  });

  it('puts each model in the layer of its folder and sources in raw', () => {
    expect(
      Object.fromEntries(fragments.map(f => [f.identifier, f.layer])),
    ).toEqual({
      'lakehouse.raw.churn_inference_log': 'raw',
      'lakehouse.raw.customers': 'raw',
      'lakehouse.raw.order_items': 'raw',
      'lakehouse.raw.orders': 'raw',
      'lakehouse.raw.products': 'raw',
      'lakehouse.bronze.stg_customers': 'bronze',
      'lakehouse.bronze.stg_order_items': 'bronze',
      'lakehouse.bronze.stg_orders': 'bronze',
      'lakehouse.bronze.stg_products': 'bronze',
      'lakehouse.silver.dim_customers': 'silver',
      'lakehouse.silver.dim_date': 'silver',
      'lakehouse.silver.dim_products': 'silver',
      'lakehouse.gold.customer_features': 'gold',
      'lakehouse.gold.fct_order_items': 'gold',
      'lakehouse.gold.fct_orders': 'gold',
      // The seed is in no folder and has no tag or meta.layer.
      'lakehouse.bronze.country_codes': undefined,
    });
    // The folder is the second part of each model's fqn.
    for (const fragment of fragments.filter(
      f => f.dbt?.resourceType === 'model',
    )) {
      expect(fragment.layer).toBe(
        manifest.nodes[fragment.dbt!.uniqueId].fqn![1],
      );
    }
  });

  it('reads owners, PII, tests, freshness and exposures', () => {
    expect(byId(fragments, 'lakehouse.silver.dim_customers')).toMatchObject({
      owner: 'analytics-engineering',
      classification: 'pii',
    });
    const customers = byId(fragments, 'lakehouse.raw.customers');
    expect(customers).toMatchObject({
      owner: 'data-platform',
      classification: 'pii',
      format: 'source',
      dbt: { freshnessRule: 'warn after 12 hour, error after 24 hour' },
    });
    expect(customers.columns?.find(c => c.name === 'email')?.tags).toEqual([
      'pii',
    ]);
    expect(
      byId(fragments, 'lakehouse.gold.fct_orders').columns?.find(
        c => c.name === 'customer_key',
      )?.tests,
    ).toEqual(['not_null', 'relationships']);
    expect(byId(fragments, 'lakehouse.gold.customer_features')).toMatchObject({
      links: [
        {
          url: 'http://localhost:3000/catalog/default/resource/customer-churn',
          title: 'Exposure: Churn model training (ml)',
        },
      ],
      dbt: {
        exposures: [
          {
            name: 'churn_model_training',
            type: 'ml',
            url: 'http://localhost:3000/catalog/default/resource/customer-churn',
            owner: 'ML Engineering',
          },
        ],
      },
    });
  });

  it('declares the freshness SLAs of the meta.freshness_sla models and the sources with error_after', () => {
    const slas = Object.fromEntries(
      fragments
        .filter(f => f.freshnessSla)
        .map(f => [f.identifier, f.freshnessSla]),
    );
    expect(slas).toEqual({
      'lakehouse.silver.dim_customers': '24h',
      'lakehouse.gold.fct_orders': '24h',
      'lakehouse.gold.customer_features': '7d',
      // error after 24 hour
      'lakehouse.raw.churn_inference_log': '24h',
      'lakehouse.raw.customers': '24h',
      'lakehouse.raw.order_items': '24h',
      'lakehouse.raw.orders': '24h',
      'lakehouse.raw.products': '24h',
    });
    expect(byId(fragments, 'lakehouse.gold.fct_orders').dbt?.generatedAt).toBe(
      manifest.metadata.generated_at,
    );
  });

  it('has upstream equal to parent_map minus tests', () => {
    for (const fragment of fragments) {
      const expected = manifest.parent_map[fragment.dbt!.uniqueId]
        .filter(p => !p.startsWith('test.'))
        .map(p => fragments.find(f => f.dbt!.uniqueId === p)!.identifier)
        .sort();
      expect(fragment.upstream).toEqual(expected);
    }
  });
});

/**
 * A manifest of `models` models in staging/intermediate/marts folders, each
 * with columns and column tests, depending on up to three earlier models.
 */
function syntheticManifest(models: number): DbtManifest {
  const nodes: Record<string, any> = {};
  const sources: Record<string, any> = {};
  const parentMap: Record<string, string[]> = {};
  const exposures: Record<string, any> = {};
  const folders = ['staging', 'intermediate', 'marts'];
  for (let s = 0; s < 50; s++) {
    const id = `source.big.raw.t${s}`;
    sources[id] = {
      unique_id: id,
      resource_type: 'source',
      name: `t${s}`,
      source_name: 'raw',
      identifier: `t${s}`,
      database: 'warehouse',
      schema: 'raw',
      package_name: 'big',
      fqn: ['big', 'raw', `t${s}`],
      columns: {},
      freshness: { warn_after: { count: 1, period: 'day' } },
    };
    parentMap[id] = [];
  }
  for (let i = 0; i < models; i++) {
    const id = `model.big.m${String(i).padStart(5, '0')}`;
    const folder = folders[i % 3];
    const columns: Record<string, any> = {};
    for (let c = 0; c < 10; c++) {
      columns[`c${c}`] = { name: `c${c}`, data_type: 'bigint', meta: {} };
    }
    nodes[id] = {
      unique_id: id,
      resource_type: 'model',
      name: `m${i}`,
      database: 'warehouse',
      schema: folder,
      alias: `m${i}`,
      package_name: 'big',
      fqn: ['big', folder, `m${i}`],
      original_file_path: `models/${folder}/m${i}.sql`,
      config: {
        enabled: true,
        materialized: i % 10 === 9 ? 'ephemeral' : 'table',
        meta: { owner: 'team' },
      },
      tags: [folder],
      meta: {},
      columns,
      raw_code: 'select 1',
    };
    parentMap[id] =
      i < 3
        ? [`source.big.raw.t${i}`]
        : [1, 2, 3].map(d => `model.big.m${String(i - d).padStart(5, '0')}`);
    for (const test of ['unique', 'not_null']) {
      const testId = `test.big.${test}_m${i}_c0.abc`;
      nodes[testId] = {
        unique_id: testId,
        resource_type: 'test',
        name: `${test}_m${i}_c0`,
        attached_node: id,
        column_name: 'c0',
        test_metadata: { name: test },
        config: { enabled: true },
      };
      parentMap[testId] = [id];
    }
    if (i % 50 === 0) {
      const exposureId = `exposure.big.e${i}`;
      exposures[exposureId] = {
        unique_id: exposureId,
        name: `e${i}`,
        type: 'dashboard',
        url: `https://bi.example.com/${i}`,
        owner: { name: 'BI' },
        depends_on: { nodes: [id] },
      };
    }
  }
  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
    },
    nodes,
    sources,
    exposures,
    parent_map: parentMap,
  };
}
