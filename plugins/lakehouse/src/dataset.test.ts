import { Entity } from '@backstage/catalog-model';
import {
  formatPartitioning,
  getDatasetStats,
  getSnapshots,
  hasDbtSql,
  hasSnapshots,
  selectFirstRows,
} from './dataset';

function dataset(spec: Record<string, unknown>, kind = 'Resource'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'lakehouse.gold.fct_orders' },
    spec: { type: 'dataset', owner: 'analytics-engineering', ...spec },
  };
}

describe('getSnapshots', () => {
  it('puts the newest snapshot first whatever order the provider used', () => {
    const snapshots = getSnapshots(
      dataset({
        snapshots: [
          { snapshotId: '1', timestamp: '2025-08-30T06:00:00Z' },
          { snapshotId: '3', timestamp: '2025-09-01T06:00:00Z' },
          { snapshotId: '2', timestamp: '2025-08-31T06:00:00Z' },
        ],
      }),
    );
    expect(snapshots.map(s => s.snapshotId)).toEqual(['3', '2', '1']);
  });

  it('includes the current snapshot when the list leaves it out', () => {
    const snapshots = getSnapshots(
      dataset({
        currentSnapshot: { snapshotId: '9', timestamp: '2025-09-02T00:00:00Z' },
        snapshots: [{ snapshotId: '8', timestamp: '2025-09-01T00:00:00Z' }],
      }),
    );
    expect(snapshots.map(s => s.snapshotId)).toEqual(['9', '8']);
  });

  it('ignores entries that are not snapshots', () => {
    expect(getSnapshots(dataset({ snapshots: [null, 'x', {}] }))).toEqual([]);
    expect(getSnapshots(dataset({ snapshots: 'none' }))).toEqual([]);
  });
});

describe('tab filters', () => {
  it('give the History tab to datasets with snapshots only', () => {
    const snap = { snapshotId: '1', timestamp: '2025-09-01T00:00:00Z' };
    expect(hasSnapshots(dataset({ snapshots: [snap] }))).toBe(true);
    expect(hasSnapshots(dataset({ currentSnapshot: snap }))).toBe(true);
    expect(hasSnapshots(dataset({ snapshots: [] }))).toBe(false);
    expect(hasSnapshots(dataset({}))).toBe(false);
    expect(hasSnapshots(dataset({ snapshots: [snap] }, 'Component'))).toBe(
      false,
    );
  });

  it('give the SQL tab to datasets with dbt SQL only', () => {
    expect(hasDbtSql(dataset({ dbt: { rawSql: 'select 1' } }))).toBe(true);
    expect(hasDbtSql(dataset({ dbt: { rawSql: '  ' } }))).toBe(false);
    expect(hasDbtSql(dataset({ dbt: { materialized: 'table' } }))).toBe(false);
    expect(hasDbtSql(dataset({}))).toBe(false);
  });
});

describe('formatPartitioning', () => {
  it('writes transforms as in Iceberg DDL', () => {
    expect(
      formatPartitioning(
        dataset({
          partitioning: [
            {
              name: 'order_date_day',
              transform: 'day',
              sourceColumn: 'order_date',
            },
            {
              name: 'customer_bucket',
              transform: 'bucket[16]',
              sourceColumn: 'customer_id',
            },
            { name: 'region', transform: 'identity' },
          ],
        }),
      ),
    ).toBe('day(order_date), bucket(16, customer_id), region');
  });

  it('tells an unpartitioned table from an unknown partitioning', () => {
    expect(formatPartitioning(dataset({ partitioning: [] }))).toBe(
      'unpartitioned',
    );
    expect(formatPartitioning(dataset({}))).toBeUndefined();
  });
});

describe('getDatasetStats', () => {
  it('completes spec.stats from the current snapshot', () => {
    expect(
      getDatasetStats(
        dataset({
          stats: { rows: 10 },
          currentSnapshot: {
            snapshotId: '1',
            timestamp: '2025-09-01T00:00:00Z',
            totalRecords: 99,
            totalFilesSize: 2048,
            totalDataFiles: 3,
          },
        }),
      ),
    ).toEqual({
      rows: 10,
      sizeBytes: 2048,
      files: 3,
      lastUpdated: '2025-09-01T00:00:00Z',
    });
  });
});

describe('selectFirstRows', () => {
  it('selects the first rows of a table', () => {
    expect(selectFirstRows('lakehouse.gold.fct_orders')).toBe(
      'SELECT * FROM lakehouse.gold.fct_orders LIMIT 100',
    );
    expect(selectFirstRows('lakehouse.raw.orders', 10)).toBe(
      'SELECT * FROM lakehouse.raw.orders LIMIT 10',
    );
  });

  it('quotes the parts SQL would not read bare', () => {
    expect(selectFirstRows('lakehouse.raw."odd"-name')).toBe(
      'SELECT * FROM lakehouse.raw."""odd""-name" LIMIT 100',
    );
    expect(selectFirstRows('lakehouse.2024.orders')).toBe(
      'SELECT * FROM lakehouse."2024".orders LIMIT 100',
    );
  });
});
