import type { Entity } from '@backstage/catalog-model';

/** A column of a dataset, as shown on the dataset page. @public */
export interface DatasetColumn {
  name: string;
  type?: string;
  nullable?: boolean;
  description?: string;
  /** Classification tags, e.g. `pii`. */
  tags?: string[];
  /** Data tests on this column, e.g. `unique`, `not_null`. */
  tests?: string[];
}

/**
 * The lakehouse-specific part of a dataset's spec. Stock Resource fields
 * (type, owner, system, dependsOn) stay where Backstage expects them.
 * @public
 */
export interface DatasetSpec {
  type: 'dataset';
  owner: string;
  system?: string;
  dependsOn?: string[];
  columns?: DatasetColumn[];
}

/** A feature of a feature view. @public */
export interface FeatureDefinition {
  name: string;
  dtype: string;
  description?: string;
  tags?: string[];
}

/** The lakehouse-specific part of a feature view's spec. @public */
export interface FeatureViewSpec {
  type: 'feature-view';
  owner: string;
  system?: string;
  dependsOn?: string[];
  entities?: string[];
  features?: FeatureDefinition[];
  /** Time to live as a duration string, e.g. `86400s`. */
  ttl?: string;
  online?: boolean;
}

/** One version of a registered model. @public */
export interface ModelVersion {
  version: string;
  stage?: string;
  aliases?: string[];
  runId?: string;
  source?: string;
  description?: string;
  metrics?: Record<string, number>;
}

/** The lakehouse-specific part of a registered model's spec. @public */
export interface AiModelSpec {
  type: 'ai-model';
  owner: string;
  system?: string;
  dependsOn?: string[];
  versions?: ModelVersion[];
}

/** An entity with a typed spec. @public */
export type TypedEntity<S> = Entity & { spec: S };
