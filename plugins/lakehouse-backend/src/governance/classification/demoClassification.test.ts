import { Declassification } from '@internal/plugin-lakehouse-common';
import { demoDatasets, demoLineageIndex } from '../__testUtils__/demoLakehouse';
import { computeClassifications } from './inherit';

const RAW = 'resource:default/lakehouse.raw.customers';
const BRONZE = 'resource:default/lakehouse.bronze.stg_customers';
const SILVER = 'resource:default/lakehouse.silver.dim_customers';

function demoClassifications(declassifications: Declassification[] = []) {
  const entities = demoDatasets();
  const result = computeClassifications({
    index: demoLineageIndex(entities),
    entities,
    declassifications,
    classifications: ['pii'],
  });
  const column = (entityRef: string, name: string) =>
    result
      .get(entityRef)
      ?.classifications.filter(c => c.column === name)
      .map(c => ({ origin: c.origin, from: c.from }));
  return { result, column };
}

describe('classifications of the demo lakehouse', () => {
  it('declares the e-mail address pii on the raw customers only; bronze and silver inherit it through their SQL', () => {
    const { column } = demoClassifications();
    expect(column(RAW, 'email')).toEqual([
      { origin: 'declared', from: undefined },
    ]);
    expect(column(BRONZE, 'email')).toEqual([
      { origin: 'inherited', from: [{ entityRef: RAW, column: 'email' }] },
    ]);
    expect(column(SILVER, 'email')).toEqual([
      { origin: 'inherited', from: [{ entityRef: BRONZE, column: 'email' }] },
    ]);
    // The names stay declared where the YAML declares them.
    expect(column(SILVER, 'first_name')).toEqual([
      { origin: 'declared', from: undefined },
    ]);
  });

  it('lists where the raw customers’ personal data flows, and no gold table or feature is among them', () => {
    const { result } = demoClassifications();
    expect(
      result.get(RAW)!.flowsTo.map(f => `${f.entityRef} ${f.column}`),
    ).toEqual([
      `${BRONZE} email`,
      `${BRONZE} first_name`,
      `${BRONZE} last_name`,
      `${SILVER} email`,
      `${SILVER} first_name`,
      `${SILVER} last_name`,
    ]);
    const classifiedGold = [...result.values()].filter(
      r => r.entityRef.includes('.gold.') && r.classifications.length > 0,
    );
    expect(classifiedGold).toEqual([]);
  });

  it('stops at a declassified bronze e-mail column, so the silver one is no longer classified', () => {
    const { column, result } = demoClassifications([
      {
        entityRef: BRONZE,
        column: 'email',
        reason: 'hashed with sha256 before it lands',
        by: 'user:default/ada',
        at: '2026-01-05T10:00:00.000Z',
      },
    ]);
    expect(column(BRONZE, 'email')).toEqual([]);
    expect(column(SILVER, 'email')).toEqual([]);
    expect(result.get(BRONZE)!.declassified.map(d => d.column)).toEqual([
      'email',
    ]);
    // The dataset stays classified for the names it still holds.
    expect(column(SILVER, 'last_name')).toEqual([
      { origin: 'declared', from: undefined },
    ]);
  });
});
