// Entities as the catalog serves them to the pages: the feature views and
// the feature service of the demo's Feast repository as the Feast provider
// writes them (names `<project>.<feast name>`), and the older hand-written
// shape of examples/catalog/ml.yaml.
import { Entity } from '@backstage/catalog-model';

export const customerOrderStats: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'commerce.customer_order_stats',
    namespace: 'default',
    title: 'customer_order_stats',
    annotations: {
      'lakehouse.dev/feast-project': 'commerce',
      'lakehouse.dev/feast-name': 'customer_order_stats',
      'lakehouse.dev/source-systems': 'feast',
    },
  },
  spec: {
    type: 'feature-view',
    owner: 'group:default/ml-engineering',
    viewKind: 'batch',
    entities: ['customer'],
    entityKeys: [
      { entity: 'customer', joinKey: 'customer_id', valueType: 'INT64' },
    ],
    features: [
      {
        name: 'total_orders',
        valueType: 'INT64',
        dtype: 'Int64',
        description: 'Orders that were not cancelled.',
        tags: { pii: 'false' },
      },
      {
        name: 'total_spend',
        valueType: 'DOUBLE',
        dtype: 'Float64',
        description: 'Total spend in EUR.',
      },
      { name: 'returned_orders', valueType: 'INT64' },
    ],
    ttl: '7776000s',
    online: true,
    offline: true,
    onlineStore: 'sqlite',
    source: {
      name: 'customer_features_source',
      type: 'BATCH_TRINO',
      table: 'lakehouse.gold.customer_features',
      timestampField: 'event_timestamp',
      dataset: 'resource:default/lakehouse.gold.customer_features',
    },
    tags: { team: 'ml', tier: 'gold' },
  },
  relations: [
    {
      type: 'ownedBy',
      targetRef: 'group:default/ml-engineering',
    },
    {
      type: 'dependsOn',
      targetRef: 'resource:default/lakehouse.gold.customer_features',
    },
    {
      type: 'dependencyOf',
      targetRef: 'resource:default/commerce.churn_model_features',
    },
    { type: 'dependencyOf', targetRef: 'resource:default/customer-churn' },
  ],
};

export const churnModelFeatures: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'commerce.churn_model_features',
    namespace: 'default',
    annotations: {
      'lakehouse.dev/feast-project': 'commerce',
      'lakehouse.dev/feast-name': 'churn_model_features',
      'lakehouse.dev/source-systems': 'feast',
    },
  },
  spec: {
    type: 'feature-service',
    owner: 'group:default/ml-engineering',
    features: [
      {
        name: 'customer_order_stats',
        featureView: 'resource:default/commerce.customer_order_stats',
      },
      {
        name: 'customer_profile',
        select: ['region', 'lifetime_orders'],
        featureView: 'resource:default/commerce.customer_profile',
      },
    ],
    tags: { purpose: 'churn' },
  },
  relations: [
    {
      type: 'dependsOn',
      targetRef: 'resource:default/commerce.customer_order_stats',
    },
    {
      type: 'dependsOn',
      targetRef: 'resource:default/commerce.customer_profile',
    },
    { type: 'dependencyOf', targetRef: 'resource:default/customer-churn' },
  ],
};

export const customerProfile: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'commerce.customer_profile', namespace: 'default' },
  spec: {
    type: 'feature-view',
    owner: 'group:default/ml-engineering',
    entityKeys: [
      { entity: 'customer', joinKey: 'customer_id', valueType: 'INT64' },
      { entity: 'region', joinKey: 'region_code', valueType: 'STRING' },
    ],
    features: [{ name: 'region' }, { name: 'lifetime_orders' }],
  },
};

export const customerChurnModel: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'customer-churn', namespace: 'default' },
  spec: { type: 'ai-model', owner: 'group:default/ml-engineering' },
};

/** customer-order-stats of examples/catalog/ml.yaml: no Feast source, no join keys. */
export const yamlCustomerOrderStats: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'customer-order-stats',
    namespace: 'default',
    title: 'customer_order_stats',
    annotations: {
      'lakehouse.dev/feast-project': 'commerce',
      'lakehouse.dev/feast-name': 'customer_order_stats',
      'lakehouse.dev/source-systems': 'yaml',
    },
  },
  spec: {
    type: 'feature-view',
    owner: 'ml-engineering',
    dependsOn: ['resource:default/lakehouse.gold.customer_features'],
    entities: ['customer'],
    ttl: '7776000s',
    online: true,
    features: [
      {
        name: 'total_orders',
        dtype: 'Int64',
        description: 'Orders that were not cancelled.',
      },
    ],
  },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/ml-engineering' },
    {
      type: 'dependsOn',
      targetRef: 'resource:default/lakehouse.gold.customer_features',
    },
  ],
};

/** churn-model-features of examples/catalog/ml.yaml: views named by Feast name only. */
export const yamlChurnModelFeatures: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'churn-model-features',
    namespace: 'default',
    annotations: {
      'lakehouse.dev/feast-project': 'commerce',
      'lakehouse.dev/feast-name': 'churn_model_features',
      'lakehouse.dev/source-systems': 'yaml',
    },
  },
  spec: {
    type: 'feature-service',
    owner: 'ml-engineering',
    features: [
      { name: 'customer_order_stats' },
      { name: 'customer_profile', select: ['region'] },
    ],
  },
  relations: [
    { type: 'dependsOn', targetRef: 'resource:default/customer-order-stats' },
    { type: 'dependsOn', targetRef: 'resource:default/customer-profile' },
  ],
};

/** An entity with some spec fields replaced. */
export function withSpec(
  entity: Entity,
  spec: Record<string, unknown>,
): Entity {
  return { ...entity, spec: { ...entity.spec, ...spec } } as Entity;
}
