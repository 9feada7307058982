import { Entity } from '@backstage/catalog-model';
import { validateLakehouseEntity } from './validation';

const dataset = (overrides: Partial<Entity> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'lakehouse.gold.fct_orders',
    annotations: {
      'lakehouse.dev/table': 'lakehouse.gold.fct_orders',
      'lakehouse.dev/layer': 'gold',
    },
  },
  spec: {
    type: 'dataset',
    owner: 'analytics-engineering',
    columns: [{ name: 'order_id' }, { name: 'order_amount' }],
  },
  ...overrides,
});

describe('validateLakehouseEntity', () => {
  it('accepts a complete dataset', () => {
    expect(validateLakehouseEntity(dataset())).toEqual([]);
  });

  it('names the annotation a dataset is missing', () => {
    const entity = dataset();
    delete entity.metadata.annotations!['lakehouse.dev/table'];
    expect(validateLakehouseEntity(entity)).toEqual([
      {
        field: 'metadata.annotations["lakehouse.dev/table"]',
        message: 'is required on a dataset (catalog.schema.table)',
      },
    ]);
  });

  it('reports an unknown layer and duplicate columns', () => {
    const entity = dataset();
    entity.metadata.annotations!['lakehouse.dev/layer'] = 'platinum';
    entity.spec!.columns = [
      { name: 'id' },
      { name: 'id' },
      { description: 'no name' },
    ];
    expect(validateLakehouseEntity(entity)).toEqual([
      {
        field: 'metadata.annotations["lakehouse.dev/layer"]',
        message: '"platinum" is not one of raw, bronze, silver, gold',
      },
      { field: 'spec.columns[2].name', message: 'is required' },
      { field: 'spec.columns', message: '"id" appears more than once' },
    ]);
  });

  it('checks feature types, entities and TTL of a feature view', () => {
    const problems = validateLakehouseEntity({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'customer-order-stats' },
      spec: {
        type: 'feature-view',
        owner: 'ml-engineering',
        entities: [],
        ttl: '90 days',
        features: [
          { name: 'total_orders', dtype: 'Int64' },
          { name: 'total_spend', dtype: 'Money' },
        ],
      },
    });
    expect(problems.map(p => p.field)).toEqual([
      'spec.entities',
      'spec.features[1].dtype',
      'spec.ttl',
    ]);
    expect(problems[1].message).toContain('"Money" is not a Feast type');
  });

  it('requires namespace/name on a model server', () => {
    const problems = validateLakehouseEntity({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'churn',
        annotations: { 'lakehouse.dev/inferenceservice': 'ML_Serving/churn' },
      },
      spec: {
        type: 'model-server',
        owner: 'ml-engineering',
        lifecycle: 'production',
      },
    });
    expect(problems).toEqual([
      {
        field: 'metadata.annotations["lakehouse.dev/inferenceservice"]',
        message:
          '"ML_Serving/churn" must be namespace/name with lower-case DNS labels',
      },
    ]);
  });

  it('reports duplicate model versions and a missing owner', () => {
    const problems = validateLakehouseEntity({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'customer-churn' },
      spec: {
        type: 'ai-model',
        versions: [{ version: '1' }, { version: '1' }],
      },
    });
    expect(problems).toEqual([
      { field: 'spec.versions', message: 'version "1" appears more than once' },
      { field: 'spec.owner', message: 'is required' },
    ]);
  });

  it('leaves entities outside the lakehouse model alone', () => {
    expect(
      validateLakehouseEntity({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'website' },
        spec: { type: 'website' },
      }),
    ).toEqual([]);
  });
});
