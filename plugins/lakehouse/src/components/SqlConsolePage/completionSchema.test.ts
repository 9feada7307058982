import { QueryEngineInfo } from '@internal/plugin-lakehouse-common';
import { LakehouseApi } from '../../api';
import { CompletionSchema, loadCompletionSchema } from './completionSchema';

function browser(): Partial<LakehouseApi> & {
  listColumns: jest.Mock;
} {
  return {
    listCatalogs: jest.fn(async () => ['lakehouse', 'system']),
    listSchemas: jest.fn(async () => ['raw', 'gold']),
    listTables: jest.fn(async () => ['fct_orders', 'dim_customers']),
    listColumns: jest.fn(async (_c: string, _s: string, table: string) =>
      table === 'fct_orders'
        ? [
            { name: 'order_id', type: 'bigint' },
            { name: 'amount', type: 'decimal(12,2)' },
          ]
        : [{ name: 'customer_id', type: 'bigint' }],
    ),
  };
}

const trino: QueryEngineInfo = {
  id: 'trino',
  title: 'Trino',
  default: true,
  catalog: 'lakehouse',
  schema: 'gold',
};

describe('loadCompletionSchema', () => {
  it("names catalogs, the default catalog's schemas, and the default schema's tables with their columns", async () => {
    const api = browser();
    const updates: CompletionSchema[] = [];

    await loadCompletionSchema(api as LakehouseApi, trino, s =>
      updates.push(s),
    );

    const last = updates[updates.length - 1];
    const gold = {
      fct_orders: [
        { label: 'order_id', type: 'property', detail: 'bigint' },
        { label: 'amount', type: 'property', detail: 'decimal(12,2)' },
      ],
      dim_customers: [
        { label: 'customer_id', type: 'property', detail: 'bigint' },
      ],
    };
    expect(last.defaultSchema).toBe('gold');
    expect(last.schema).toEqual({
      system: {},
      lakehouse: { raw: {}, gold },
      // schema.table resolves in the default catalog.
      raw: {},
      gold,
    });
    expect(api.listSchemas).toHaveBeenCalledWith('lakehouse', 'trino');
    expect(api.listTables).toHaveBeenCalledWith('lakehouse', 'gold', 'trino');
    expect(api.listColumns).toHaveBeenCalledWith(
      'lakehouse',
      'gold',
      'fct_orders',
      'trino',
    );
  });

  it('offers table names before their columns arrive', async () => {
    const api = browser();
    const updates: CompletionSchema[] = [];

    await loadCompletionSchema(api as LakehouseApi, trino, s =>
      updates.push(s),
    );

    expect(
      updates.some(
        u =>
          (u.schema as any).gold?.fct_orders?.length === 0 &&
          u.defaultSchema === 'gold',
      ),
    ).toBe(true);
  });

  it('names only catalogs for an engine without a default catalog', async () => {
    const api = browser();
    const updates: CompletionSchema[] = [];

    await loadCompletionSchema(
      api as LakehouseApi,
      { id: 'duckdb', title: 'DuckDB', default: false },
      s => updates.push(s),
    );

    expect(updates).toEqual([
      { schema: { lakehouse: {}, system: {} }, defaultSchema: undefined },
    ]);
    expect(api.listCatalogs).toHaveBeenCalledWith('duckdb');
    expect(api.listSchemas).not.toHaveBeenCalled();
  });

  it('stops once the console no longer needs it', async () => {
    const api = browser();
    const onUpdate = jest.fn();

    await loadCompletionSchema(
      api as LakehouseApi,
      trino,
      onUpdate,
      () => true,
    );

    expect(onUpdate).not.toHaveBeenCalled();
    expect(api.listColumns).not.toHaveBeenCalled();
  });

  it('keeps the tables whose columns cannot be read, and reports why', async () => {
    const api = browser();
    api.listColumns.mockImplementation(async (_c, _s, table: string) => {
      if (table === 'dim_customers')
        throw new Error('Access Denied: dim_customers');
      return [{ name: 'order_id', type: 'bigint' }];
    });
    const updates: CompletionSchema[] = [];

    await expect(
      loadCompletionSchema(api as LakehouseApi, trino, s => updates.push(s)),
    ).rejects.toThrow('Access Denied: dim_customers');

    expect((updates[updates.length - 1].schema as any).gold).toEqual({
      fct_orders: [{ label: 'order_id', type: 'property', detail: 'bigint' }],
      dim_customers: [],
    });
  });
});
