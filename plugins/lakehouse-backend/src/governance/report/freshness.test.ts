import type { Entity } from '@backstage/catalog-model';
import { LakehouseAnnotation } from '@internal/plugin-lakehouse-common';
import {
  FRESHNESS_SLA_ANNOTATION,
  formatAge,
  freshnessSlaOf,
  lastUpdateOf,
  parseSla,
} from './freshness';

function dataset(
  annotations: Record<string, string>,
  spec: Record<string, unknown> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'lakehouse.gold.fct_orders', annotations },
    spec: { type: 'dataset', owner: 'group:default/analytics', ...spec },
  };
}

describe('freshnessSlaOf', () => {
  it('reads the SLA from the annotation the dbt provider writes', () => {
    // The catalog module writes LakehouseAnnotation.freshnessSla; the report
    // must read the same key or no dataset would ever be found stale.
    expect(FRESHNESS_SLA_ANNOTATION).toBe(LakehouseAnnotation.freshnessSla);
    expect(
      freshnessSlaOf(dataset({ [LakehouseAnnotation.freshnessSla]: ' 24h ' })),
    ).toEqual({ sla: '24h', ms: 24 * 3_600_000 });
  });

  it('prefers the annotation to a dbt source freshness rule, and falls back to its error_after', () => {
    const rule = {
      dbt: { freshnessRule: 'warn after 1 hour, error after 2 day' },
    };
    expect(
      freshnessSlaOf(dataset({ [FRESHNESS_SLA_ANNOTATION]: '30m' }, rule)),
    ).toEqual({ sla: '30m', ms: 30 * 60_000 });
    expect(freshnessSlaOf(dataset({}, rule))).toEqual({
      sla: '2d',
      ms: 2 * 86_400_000,
    });
    expect(
      freshnessSlaOf(
        dataset({}, { dbt: { freshnessRule: 'warn after 12 hour' } }),
      ),
    ).toBeUndefined();
  });

  it('keeps an SLA it cannot read, without a length, so the report can name it', () => {
    expect(
      freshnessSlaOf(dataset({ [FRESHNESS_SLA_ANNOTATION]: 'daily' })),
    ).toEqual({ sla: 'daily' });
    expect(parseSla('0h')).toBeUndefined();
    expect(parseSla('2 w')).toBe(14 * 86_400_000);
  });
});

describe('lastUpdateOf', () => {
  const dbtRun = '2025-09-01T03:00:00.000000Z';

  it('takes the newest Iceberg snapshot over the dbt run', () => {
    expect(
      lastUpdateOf(
        dataset(
          {},
          {
            snapshots: [
              { snapshotId: '1', timestamp: '2025-09-02T00:00:00.000Z' },
              { snapshotId: '2', timestamp: '2025-09-03T00:00:00.000Z' },
            ],
            dbt: {
              uniqueId: 'model.x.y',
              resourceType: 'model',
              generatedAt: dbtRun,
            },
          },
        ),
      ),
    ).toEqual({ at: new Date('2025-09-03T00:00:00.000Z'), from: 'snapshot' });
  });

  it('uses the dbt run that built a model, but never for a source', () => {
    expect(
      lastUpdateOf(
        dataset(
          {},
          {
            dbt: {
              uniqueId: 'model.x.y',
              resourceType: 'model',
              generatedAt: dbtRun,
            },
          },
        ),
      ),
    ).toEqual({ at: new Date('2025-09-01T03:00:00.000Z'), from: 'dbt' });
    expect(
      lastUpdateOf(
        dataset(
          {},
          {
            dbt: {
              uniqueId: 'source.x.y',
              resourceType: 'source',
              generatedAt: dbtRun,
            },
          },
        ),
      ),
    ).toBeUndefined();
  });
});

describe('formatAge', () => {
  it('says how old data is in the largest whole unit', () => {
    expect(formatAge(3 * 86_400_000 + 5)).toBe('3 days');
    expect(formatAge(3_600_000)).toBe('1 hour');
    expect(formatAge(1000)).toBe('less than a minute');
  });
});
