import fs from 'node:fs';
import path from 'node:path';
import { ColumnInput, extractColumnLineage, ModelColumnLineage } from '.';
import {
  parseDbtManifest,
  type DbtManifest,
} from '@internal/plugin-lakehouse-node';
import { dbtManifestModels } from './dbtManifestModels';

const readManifest = (file: string): DbtManifest =>
  parseDbtManifest(fs.readFileSync(file, 'utf8'), file);

const demoManifest = readManifest(
  path.resolve(
    __dirname,
    '../../../../../examples/lakehouse/dbt/target/manifest.json',
  ),
);
const fixture = (name: string) =>
  readManifest(path.join(__dirname, '__fixtures__', name));

function lineageOf(manifest: DbtManifest) {
  const { models, knownColumns, problems } = dbtManifestModels(manifest);
  const results = extractColumnLineage(models, { knownColumns });
  const byTable = new Map(results.map(result => [result.table, result]));
  const column = (table: string, name: string) => {
    const found = byTable
      .get(table)
      ?.columns.find(candidate => candidate.name === name);
    if (!found) throw new Error(`no column ${table}.${name}`);
    return found.inputs;
  };
  return { models, results, byTable, column, resolveProblems: problems };
}

const direct = (inputs: ColumnInput[]) =>
  inputs
    .filter(input => input.transformation === 'DIRECT')
    .map(input => `${input.table}.${input.column} ${input.subtype}`);
const indirect = (inputs: ColumnInput[]) =>
  inputs
    .filter(input => input.transformation === 'INDIRECT')
    .map(input => `${input.table}.${input.column} ${input.subtype}`);

describe('column lineage of the demo dbt project (compiled SQL)', () => {
  const { models, results, byTable, column, resolveProblems } =
    lineageOf(demoManifest);

  it('traces every model without a problem, to the columns each declares', () => {
    expect(resolveProblems).toEqual([]);
    expect(results.flatMap(result => result.problems)).toEqual([]);
    for (const model of models) {
      expect({
        table: model.table,
        columns: byTable.get(model.table)!.columns.map(c => c.name),
      }).toEqual({ table: model.table, columns: model.declaredColumns });
    }
  });

  it('traces the gold order amount to the bronze line amounts it sums', () => {
    const inputs = column('lakehouse.gold.fct_orders', 'order_amount');
    expect(direct(inputs)).toEqual([
      'lakehouse.bronze.stg_order_items.line_amount AGGREGATION',
    ]);
    // The order lines are grouped per order and joined to the order.
    expect(indirect(inputs)).toEqual(
      expect.arrayContaining([
        'lakehouse.bronze.stg_order_items.order_id GROUP_BY',
        'lakehouse.bronze.stg_order_items.order_id JOIN',
        'lakehouse.bronze.stg_orders.order_id JOIN',
      ]),
    );
  });

  it('traces the customer key of an order through the join to the customer dimension', () => {
    const inputs = column('lakehouse.gold.fct_orders', 'customer_key');
    expect(direct(inputs)).toEqual([
      'lakehouse.silver.dim_customers.customer_key IDENTITY',
    ]);
    expect(indirect(inputs)).toEqual([
      'lakehouse.bronze.stg_order_items.order_id GROUP_BY',
      'lakehouse.bronze.stg_order_items.order_id JOIN',
      'lakehouse.bronze.stg_orders.customer_id JOIN',
      'lakehouse.bronze.stg_orders.order_date JOIN',
      'lakehouse.bronze.stg_orders.order_id JOIN',
      'lakehouse.silver.dim_customers.customer_id JOIN',
      'lakehouse.silver.dim_date.date_day JOIN',
    ]);
  });

  it('tells the CASE condition of a feature from its value', () => {
    const returned = column(
      'lakehouse.gold.customer_features',
      'returned_orders',
    );
    expect(direct(returned)).toEqual([]);
    expect(indirect(returned)).toEqual([
      'lakehouse.gold.fct_orders.customer_key GROUP_BY',
      'lakehouse.gold.fct_orders.date_key JOIN',
      'lakehouse.gold.fct_orders.status CONDITIONAL',
      'lakehouse.gold.fct_orders.status FILTER',
      'lakehouse.silver.dim_date.date_key JOIN',
    ]);
    expect(
      direct(column('lakehouse.gold.customer_features', 'event_timestamp')),
    ).toEqual(['lakehouse.silver.dim_date.date_day AGGREGATION']);
  });

  it('links raw to bronze to silver to gold column by column', () => {
    // Walks the DIRECT inputs upstream from a gold column to the raw tables.
    const upstream = (table: string, name: string): string[] => {
      const model = byTable.get(table);
      if (!model) return [`${table}.${name}`];
      return column(table, name)
        .filter(input => input.transformation === 'DIRECT')
        .flatMap(input => upstream(input.table, input.column));
    };
    expect(upstream('lakehouse.gold.fct_orders', 'order_amount')).toEqual([
      'lakehouse.raw.order_items.quantity',
      'lakehouse.raw.order_items.unit_price',
    ]);
    expect(upstream('lakehouse.gold.customer_features', 'total_spend')).toEqual(
      [
        'lakehouse.raw.order_items.quantity',
        'lakehouse.raw.order_items.unit_price',
      ],
    );
    expect(upstream('lakehouse.gold.fct_order_items', 'customer_key')).toEqual([
      'lakehouse.raw.customers.customer_id',
    ]);
  });

  it('lists the tables each model reads', () => {
    expect(
      byTable.get('lakehouse.silver.dim_customers')!.tables.sort(),
    ).toEqual([
      'lakehouse.bronze.country_codes',
      'lakehouse.bronze.stg_customers',
      'lakehouse.bronze.stg_orders',
    ]);
  });
});

describe('column lineage of the jaffle_shop manifest (compiled SQL from dbt 1.8)', () => {
  const { results, column } = lineageOf(fixture('jaffle_shop-manifest.json'));

  it('passes seed columns, which the manifest does not list, through select *', () => {
    expect(column('postgres.public.stg_orders', 'customer_id')).toEqual([
      {
        table: 'postgres.public.raw_orders',
        column: 'user_id',
        transformation: 'DIRECT',
        subtype: 'IDENTITY',
      },
    ]);
    expect(direct(column('postgres.public.stg_payments', 'amount'))).toEqual([
      'postgres.public.raw_payments.amount TRANSFORMATION',
    ]);
  });

  it('traces the payment method amounts through the CASE inside the sum', () => {
    const inputs = column('postgres.public.orders', 'credit_card_amount');
    expect(direct(inputs)).toEqual([
      'postgres.public.stg_payments.amount AGGREGATION',
    ]);
    expect(indirect(inputs)).toEqual([
      'postgres.public.stg_orders.order_id JOIN',
      'postgres.public.stg_payments.order_id GROUP_BY',
      'postgres.public.stg_payments.order_id JOIN',
      'postgres.public.stg_payments.payment_method CONDITIONAL',
    ]);
  });

  it('expands select * over upstream models to the columns their SQL produces, though they declare fewer', () => {
    expect(direct(column('postgres.public.customers', 'first_name'))).toEqual([
      'postgres.public.stg_customers.first_name IDENTITY',
    ]);
    expect(
      direct(column('postgres.public.customers', 'customer_lifetime_value')),
    ).toEqual(['postgres.public.stg_payments.amount AGGREGATION']);
  });

  it('finds the declared column that the SQL names differently', () => {
    expect(
      results.flatMap((result: ModelColumnLineage) => result.problems),
    ).toEqual([
      'postgres.public.customers: declares column "total_order_amount", which its SQL does not produce',
    ]);
  });
});

describe('column lineage of the dbt-core state manifest (raw SQL only)', () => {
  const manifest = fixture('dbt-core-state-manifest.json');
  const { models, byTable, resolveProblems } = lineageOf(manifest);
  const schema = 'dbt.test17594237163467600387_test_previous_version_state';

  it('resolves ref() and removes the config block of the snapshot', () => {
    expect(resolveProblems).toEqual([]);
    const snapshot = models.find(m => m.table === `${schema}.snapshot_seed`)!;
    expect(snapshot.sql.trim()).toBe(
      'select * from "dbt"."test17594237163467600387_test_previous_version_state"."my_seed"',
    );
    expect(byTable.get(`${schema}.snapshot_seed`)!.tables).toEqual([
      `${schema}.my_seed`,
    ]);
  });

  it('reports the select * over a seed whose columns the manifest does not list', () => {
    expect(byTable.get(`${schema}.snapshot_seed`)!.problems).toEqual([
      `${schema}.snapshot_seed: "select *" over ${schema}.my_seed, whose columns are unknown: the columns it passes on are not listed`,
    ]);
  });

  it('gives constant columns no inputs', () => {
    expect(byTable.get(`${schema}.my_model`)!.columns).toEqual([
      { name: 'id', inputs: [] },
    ]);
    expect(byTable.get(`${schema}.metricflow_time_spine`)).toMatchObject({
      columns: [{ name: 'date_day', inputs: [] }],
      problems: [],
    });
  });
});
