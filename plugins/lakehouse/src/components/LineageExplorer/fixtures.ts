// Lineage of the demo's gold fact table, as the lineage API answers it;
// for the tests of the explorer, the tab and the page.
import {
  ImpactResponse,
  LineageEdge,
  LineageGraph,
} from '@internal/plugin-lakehouse-common';

export const ref = (name: string, kind = 'resource') =>
  `${kind}:default/${name}`;

export const FCT_ORDERS = ref('lakehouse.gold.fct_orders');
export const ORDER_FEATURES = ref('commerce.order_features');

const dataset = (
  name: string,
  title: string,
  layer: string,
  owner: string,
  columns: string[],
  distance: number,
) => ({
  id: ref(name),
  entityRef: ref(name),
  kind: 'Resource',
  type: 'dataset',
  title,
  layer,
  owner: `group:default/${owner}`,
  columns,
  distance,
});

const entityEdge = (source: string, target: string): LineageEdge => ({
  source: { id: source, entityRef: source },
  target: { id: target, entityRef: target },
  producer: 'catalog',
});

/** raw → bronze → silver → gold → feature view → model → deployment. */
export const demoLineage: LineageGraph = {
  nodes: [
    dataset(
      'lakehouse.raw.orders',
      'raw_orders',
      'raw',
      'data-platform',
      ['id', 'amount_cents', 'status'],
      3,
    ),
    dataset(
      'lakehouse.bronze.orders',
      'bronze_orders',
      'bronze',
      'data-platform',
      ['order_id', 'amount_cents', 'status'],
      2,
    ),
    dataset(
      'lakehouse.silver.orders',
      'orders',
      'silver',
      'analytics-engineering',
      ['order_id', 'amount', 'status'],
      1,
    ),
    dataset(
      'lakehouse.gold.fct_orders',
      'fct_orders',
      'gold',
      'analytics-engineering',
      ['order_id', 'revenue'],
      0,
    ),
    {
      id: ORDER_FEATURES,
      entityRef: ORDER_FEATURES,
      kind: 'Resource',
      type: 'feature-view',
      title: 'order_features',
      owner: 'group:default/ml-platform',
      columns: ['avg_revenue'],
      distance: 1,
    },
    {
      id: ref('customer-churn'),
      entityRef: ref('customer-churn'),
      kind: 'Resource',
      type: 'ai-model',
      title: 'customer-churn',
      owner: 'group:default/ml-platform',
      distance: 2,
    },
    {
      id: ref('ml-serving.customer-churn', 'component'),
      entityRef: ref('ml-serving.customer-churn', 'component'),
      kind: 'Component',
      type: 'model-server',
      title: 'customer-churn (ml-serving)',
      owner: 'group:default/ml-platform',
      distance: 3,
    },
  ],
  edges: [
    entityEdge(ref('lakehouse.raw.orders'), ref('lakehouse.bronze.orders')),
    entityEdge(ref('lakehouse.bronze.orders'), ref('lakehouse.silver.orders')),
    entityEdge(ref('lakehouse.silver.orders'), FCT_ORDERS),
    entityEdge(FCT_ORDERS, ORDER_FEATURES),
    entityEdge(ORDER_FEATURES, ref('customer-churn')),
    entityEdge(
      ref('customer-churn'),
      ref('ml-serving.customer-churn', 'component'),
    ),
  ],
};

const columnEdge = (
  source: [string, string],
  target: [string, string],
  transformation: 'DIRECT' | 'INDIRECT',
): LineageEdge => ({
  source: { id: ref(source[0]), entityRef: ref(source[0]), column: source[1] },
  target: { id: ref(target[0]), entityRef: ref(target[0]), column: target[1] },
  transformation,
  producer: 'sql',
});

/** The paths of `fct_orders.revenue`, as `?column=revenue` answers. */
export const revenueLineage: LineageGraph = {
  nodes: demoLineage.nodes,
  edges: [
    columnEdge(
      ['lakehouse.raw.orders', 'amount_cents'],
      ['lakehouse.bronze.orders', 'amount_cents'],
      'DIRECT',
    ),
    columnEdge(
      ['lakehouse.bronze.orders', 'amount_cents'],
      ['lakehouse.silver.orders', 'amount'],
      'DIRECT',
    ),
    columnEdge(
      ['lakehouse.silver.orders', 'amount'],
      ['lakehouse.gold.fct_orders', 'revenue'],
      'DIRECT',
    ),
    columnEdge(
      ['lakehouse.silver.orders', 'status'],
      ['lakehouse.gold.fct_orders', 'revenue'],
      'INDIRECT',
    ),
    columnEdge(
      ['lakehouse.gold.fct_orders', 'revenue'],
      ['commerce.order_features', 'avg_revenue'],
      'DIRECT',
    ),
    ...demoLineage.edges,
  ],
};

/** The neighbours of the feature view, as an expansion asks for them. */
export const orderFeaturesNeighbours: LineageGraph = {
  nodes: [
    { ...demoLineage.nodes[4], distance: 0 },
    { ...demoLineage.nodes[3], distance: 1 },
    {
      id: ref('commerce.churn_features', 'resource'),
      entityRef: ref('commerce.churn_features', 'resource'),
      kind: 'Resource',
      type: 'feature-service',
      title: 'churn_features',
      owner: 'group:default/ml-platform',
      distance: 1,
    },
  ],
  edges: [
    entityEdge(FCT_ORDERS, ORDER_FEATURES),
    entityEdge(ORDER_FEATURES, ref('commerce.churn_features')),
  ],
};

export const demoImpact: ImpactResponse = {
  items: [
    {
      id: ORDER_FEATURES,
      entityRef: ORDER_FEATURES,
      kind: 'Resource',
      type: 'feature-view',
      title: 'order_features',
      owner: 'group:default/ml-platform',
      columns: ['avg_revenue'],
      distance: 1,
    },
    {
      id: ref('customer-churn'),
      entityRef: ref('customer-churn'),
      kind: 'Resource',
      type: 'ai-model',
      title: 'customer-churn',
      owner: 'group:default/ml-platform',
      distance: 2,
    },
    {
      id: ref('lakehouse.gold.revenue_daily'),
      entityRef: ref('lakehouse.gold.revenue_daily'),
      kind: 'Resource',
      type: 'dataset',
      title: 'revenue_daily',
      owner: 'group:default/analytics-engineering',
      columns: ['revenue', 'orders'],
      distance: 1,
    },
    {
      id: 'openlineage:s3://exports/orders_extract',
      kind: 'dataset',
      distance: 2,
    },
  ],
};
