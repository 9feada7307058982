import { IcebergRestCatalogDouble } from '@internal/platform-doubles';
import { readIcebergCatalog } from './readIcebergCatalog';

jest.setTimeout(30_000);

describe('readIcebergCatalog', () => {
  let polaris: IcebergRestCatalogDouble;

  beforeAll(async () => {
    polaris = await IcebergRestCatalogDouble.start({
      prefix: 'lakehouse',
      warehouse: 'lakehouse',
      basePath: '/api/catalog',
      auth: {
        clientId: 'portal',
        clientSecret: 's3cret',
        scope: 'PRINCIPAL_ROLE:ALL',
      },
    });
    polaris.addNamespace(['gold']);
    polaris.addNamespace(['sales']);
    polaris.addNamespace(['sales', 'eu']);
    polaris.addTable(
      ['gold'],
      'fct_orders',
      IcebergRestCatalogDouble.tableMetadata({
        namespace: ['gold'],
        name: 'fct_orders',
        snapshotCount: 3,
      }),
    );
    for (let i = 0; i < 7; i++) {
      polaris.addTable(
        ['sales', 'eu'],
        `orders_${i}`,
        IcebergRestCatalogDouble.tableMetadata({
          namespace: ['sales', 'eu'],
          name: `orders_${i}`,
        }),
      );
    }
  });
  afterAll(() => polaris.stop());

  const read = () =>
    readIcebergCatalog({
      sourceId: 'iceberg:polaris',
      catalogName: 'lakehouse',
      client: {
        url: polaris.url,
        warehouse: 'lakehouse',
        auth: {
          type: 'oauth2',
          clientId: 'portal',
          clientSecret: 's3cret',
          scope: 'PRINCIPAL_ROLE:ALL',
          tokenUrl: `${polaris.url}/v1/oauth/tokens`,
        },
        pageSize: 3,
        requestTimeoutMs: 5_000,
      },
      concurrency: 4,
      snapshotHistory: 2,
    });

  it('reads every table at every namespace level, across pages', async () => {
    const fragments = await read();
    expect(fragments.map(f => f.identifier)).toEqual([
      'lakehouse.gold.fct_orders',
      ...Array.from({ length: 7 }, (_, i) => `lakehouse.sales.eu.orders_${i}`),
    ]);
    const listings = polaris.requests.filter(
      r => r.path.endsWith('/tables') && r.method === 'GET',
    );
    expect(listings.some(r => r.query.pageToken)).toBe(true);
    expect(
      polaris.requests.some(r =>
        r.path.includes('/namespaces/sales%1Feu/tables'),
      ),
    ).toBe(true);
  });

  it('authenticates with OAuth2 client credentials on every request', async () => {
    await read();
    const token = polaris.requests.find(r =>
      r.path.endsWith('/v1/oauth/tokens'),
    );
    expect(token?.body).toContain('grant_type=client_credentials');
    expect(token?.body).toContain('scope=PRINCIPAL_ROLE%3AALL');
    const catalogCalls = polaris.requests.filter(r =>
      r.path.includes('/v1/lakehouse/'),
    );
    expect(catalogCalls.length).toBeGreaterThan(0);
    expect(
      catalogCalls.every(r =>
        /^Bearer \S+/.test(String(r.headers.authorization)),
      ),
    ).toBe(true);
  });

  it('keeps columns, partitioning and snapshot figures with every digit of the ids', async () => {
    const [orders] = await read();
    expect(orders.columns?.[0]).toEqual({
      name: 'order_id',
      type: 'long',
      nullable: false,
      description: 'Unique id of the order',
    });
    expect(orders.partitioning).toEqual([
      { name: 'order_date_day', transform: 'day', sourceColumn: 'order_date' },
    ]);
    expect(orders.snapshots).toHaveLength(2);
    // 3051729675574597004 + 2 × 4000000000000123: past 2^53, so exact only as text.
    expect(orders.currentSnapshot?.snapshotId).toBe('3059729675574597250');
    expect(orders.snapshots![0].snapshotId).toBe('3059729675574597250');
    expect(orders.snapshots![1].snapshotId).toBe('3055729675574597127');
    expect(orders.stats).toEqual({
      rows: 378000,
      sizeBytes: orders.currentSnapshot!.totalFilesSize,
      files: orders.currentSnapshot!.totalDataFiles,
      lastUpdated: '2024-05-31T16:00:00.000Z',
    });
  });
});
