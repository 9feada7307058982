/**
 * Types of the lineage API (`/api/lakehouse/lineage`, `/api/lakehouse/impact`),
 * shared by the backend, the lineage tab and explorer, and the agent actions.
 * Edges point downstream: `source` is upstream of `target`. Transformation
 * types are OpenLineage's: DIRECT when the value flows, INDIRECT when a
 * column only decides which rows (join keys, filters, grouping, ordering).
 */

/** Which way to walk from the starting entity. @public */
export type LineageDirection = 'upstream' | 'downstream' | 'both';

/** How an input column contributes to an output column. @public */
export type ColumnTransformation = 'DIRECT' | 'INDIRECT';

/** A node of the lineage graph: a catalog entity, or a dataset or job only OpenLineage knows. @public */
export interface LineageNode {
  /** The entity ref for catalog entities, else `openlineage:<namespace>/<name>`. */
  id: string;
  entityRef?: string;
  /** Catalog kind, e.g. `Resource`, `Component`; `dataset` or `job` for OpenLineage-only nodes. */
  kind?: string;
  /** `spec.type`, e.g. `dataset`, `feature-view`, `ai-model`, `model-server`. */
  type?: string;
  title: string;
  /** Owner entity ref. */
  owner?: string;
  /** Columns of a dataset (or features of a feature view), in order. */
  columns?: string[];
  /** Medallion layer of a dataset. */
  layer?: string;
  /** Distance from the starting node in edges (0 for the start). */
  distance?: number;
}

/** One end of a lineage edge: a node, and a column of it for column edges. @public */
export interface LineageEdgeEnd {
  id: string;
  entityRef?: string;
  column?: string;
}

/** A lineage edge, from upstream (`source`) to downstream (`target`). @public */
export interface LineageEdge {
  source: LineageEdgeEnd;
  target: LineageEdgeEnd;
  /** For column edges. */
  transformation?: ColumnTransformation;
  /** OpenLineage subtype, e.g. `IDENTITY`, `TRANSFORMATION`, `AGGREGATION`, `JOIN`, `FILTER`, `GROUP_BY`. */
  subtype?: string;
  /** Who said so: `catalog` (dependsOn), `sql` (parsed from dbt SQL), or an OpenLineage producer URI. */
  producer?: string;
  /** True when the edge closes a cycle (the walk did not follow it again). */
  cycle?: boolean;
}

/** `GET /lineage` answer. @public */
export interface LineageGraph {
  nodes: LineageNode[];
  edges: LineageEdge[];
  /** True when the depth limit cut the graph short. */
  truncated?: boolean;
}

/** One entity or node affected by a change, in `GET /impact`. @public */
export interface ImpactItem {
  id: string;
  entityRef?: string;
  kind?: string;
  type?: string;
  title?: string;
  owner?: string;
  /** Affected columns of the item, when the impact is traced by column. */
  columns?: string[];
  /** Edges from the changed entity (1 for direct dependents). */
  distance: number;
}

/** `GET /impact` answer. @public */
export interface ImpactResponse {
  items: ImpactItem[];
}
