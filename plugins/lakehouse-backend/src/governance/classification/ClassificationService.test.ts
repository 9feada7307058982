import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { Declassification } from '@internal/plugin-lakehouse-common';
import { LineageService } from '../../lineage/graph/LineageService';
import { createSqlLineage } from '../../lineage/graph/catalogSources';
import { demoDatasets } from '../__testUtils__/demoLakehouse';
import { ClassificationService } from './ClassificationService';

const BRONZE = 'resource:default/lakehouse.bronze.stg_customers';
const SILVER = 'resource:default/lakehouse.silver.dim_customers';
const GOLD = 'resource:default/lakehouse.gold.fct_orders';

/** Declassifications in memory, counting how often they are read. */
function memoryDeclassifications() {
  const items: Declassification[] = [];
  let changes = 0;
  const store = {
    lists: 0,
    items,
    async list() {
      store.lists++;
      return [...items];
    },
    async version() {
      return String(changes);
    },
    add(item: Declassification) {
      items.push(item);
      changes++;
    },
  };
  return store;
}

function setUp(entities: Entity[] = demoDatasets()) {
  const logger = mockServices.logger.mock();
  const reads = { count: 0 };
  const lineage = LineageService.create({
    sources: {
      readEntities: async () => {
        reads.count++;
        return entities;
      },
      sqlLineage: createSqlLineage({}),
      jobs: async () => [],
      visibleTo: async refs => new Set(refs),
    },
    logger,
    maxAgeMs: 60_000,
  });
  const declassifications = memoryDeclassifications();
  const service = ClassificationService.create({
    lineage,
    declassifications,
    classifications: ['pii'],
    logger,
  });
  return { service, lineage, declassifications, reads };
}

describe('ClassificationService', () => {
  it('computes the lakehouse once per lineage index, and answers checks from it', async () => {
    const { service, declassifications, reads } = setUp();
    expect(await service.isClassified(SILVER)).toBe(true);
    expect(await service.isClassified(GOLD)).toBe(false);
    expect(await service.isClassified(BRONZE, ['pii'])).toBe(true);
    expect(await service.isClassified(BRONZE, ['phi'])).toBe(false);
    expect(await service.isClassified('resource:default/unknown')).toBe(false);
    expect(reads.count).toBe(1);
    expect(declassifications.lists).toBe(1);
  });

  it('compares entity refs as the catalog does, regardless of case', async () => {
    const { service } = setUp();
    expect(
      await service.isClassified(
        'Resource:default/Lakehouse.Silver.Dim_Customers',
      ),
    ).toBe(true);
  });

  it('computes again when the lineage index is rebuilt', async () => {
    const { service, lineage, declassifications } = setUp();
    await service.isClassified(SILVER);
    await lineage.refresh();
    await service.isClassified(SILVER);
    expect(declassifications.lists).toBe(2);
  });

  it('sees a declassification at once, on any replica, by its version', async () => {
    const { service, declassifications } = setUp();
    const before = await service.classificationsOf(SILVER);
    expect(before.classifications.map(c => c.column)).toContain('email');
    declassifications.add({
      entityRef: BRONZE,
      column: 'email',
      reason: 'hashed',
      by: 'user:default/ada',
      at: '2026-01-05T10:00:00.000Z',
    });
    const after = await service.classificationsOf(SILVER);
    expect(after.classifications.map(c => c.column)).not.toContain('email');
  });

  it('counts what an entity declares now, before the lineage index knows it', async () => {
    const { service } = setUp();
    const gold = demoDatasets().find(
      e => e.metadata.name === 'lakehouse.gold.fct_orders',
    )!;
    const tagged = structuredClone(gold);
    (tagged.spec!.columns as { name: string; tags?: string[] }[])[0].tags = [
      'PII',
    ];
    const classified = await service.classificationsOf(GOLD, tagged);
    expect(classified.classifications).toEqual([
      { column: 'order_id', classification: 'pii', origin: 'declared' },
    ]);
    const [many] = await service.classificationsOfMany([GOLD], [tagged]);
    expect(many).toEqual(classified);
  });

  it('lists the classified entities in its inventory', async () => {
    const { service } = setUp();
    const inventory = await service.inventory();
    expect(inventory.map(i => i.entityRef)).toEqual([
      BRONZE,
      'resource:default/lakehouse.raw.customers',
      SILVER,
    ]);
  });
});
