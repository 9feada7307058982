import { toTableIdentifier } from './tableIdentifier';

describe('toTableIdentifier', () => {
  it('reads a three-part name as the catalog table, in lower case', () => {
    expect(
      toTableIdentifier('trino://trino:8080', 'lakehouse.gold.fct_orders'),
    ).toBe('lakehouse.gold.fct_orders');
    expect(
      toTableIdentifier(
        'snowflake://org-account',
        'ANALYTICS.PUBLIC.CUSTOMERS',
      ),
    ).toBe('analytics.public.customers');
  });

  it('reads database.schema.table in Postgres-style namespaces', () => {
    expect(
      toTableIdentifier(
        'postgres://POSTGRES_HOST:1234',
        'postgres.public.customers',
      ),
    ).toBe('postgres.public.customers');
    expect(
      toTableIdentifier('postgresql://db:5432', 'warehouse.staging.orders'),
    ).toBe('warehouse.staging.orders');
    expect(
      toTableIdentifier('redshift://cluster.example:5439', 'dev.public.sales'),
    ).toBe('dev.public.sales');
  });

  it('maps two-part names only in a namespace configured to name a catalog', () => {
    const naming = {
      namespaceCatalogs: { 'hive://metastore:9083/': 'lakehouse' },
    };
    expect(
      toTableIdentifier(
        'hive://metastore:9083',
        'silver.dim_customers',
        naming,
      ),
    ).toBe('lakehouse.silver.dim_customers');
    expect(
      toTableIdentifier('hive://other:9083', 'silver.dim_customers', naming),
    ).toBeUndefined();
    expect(toTableIdentifier('mysql://db:3306', 'shop.orders')).toBeUndefined();
  });

  it('leaves files, topics and other names as lineage-only datasets', () => {
    expect(
      toTableIdentifier('s3://bucket', 'events.2024.parquet'),
    ).toBeUndefined();
    expect(
      toTableIdentifier('kafka://broker:9092', 'orders.v1.created'),
    ).toBeUndefined();
    expect(toTableIdentifier('file', '/data/raw.orders.csv')).toBeUndefined();
    expect(
      toTableIdentifier('SnowflakeOpenLineage', 'CUSTOMERS'),
    ).toBeUndefined();
    expect(toTableIdentifier('trino://trino:8080', 'a.b.c.d')).toBeUndefined();
    expect(toTableIdentifier('trino://trino:8080', 'a..c')).toBeUndefined();
  });
});
