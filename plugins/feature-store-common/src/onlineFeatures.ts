/**
 * Types of the feature store API (`/api/feature-store`), shared by the
 * backend and the online lookup on feature view and feature service pages.
 */

/** A value of an entity key as the user enters it: Feast join keys are numbers or strings. @public */
export type EntityKeyValue = string | number | boolean;

/**
 * `POST /api/feature-store/online-features`: read the current values of a
 * feature view's features (or a feature service's) for some entities.
 * @public
 */
export interface OnlineFeaturesRequest {
  /** Entity ref of a feature view or feature service, e.g. `resource:default/commerce.customer_order_stats`. */
  entityRef: string;
  /**
   * Join key → one value per entity row, e.g. `{ customer_id: [1, 2] }`.
   * Every join key of the view must be given, each with the same number of values.
   */
  entities: Record<string, EntityKeyValue[]>;
  /** Feature names of the view to read; all of its features when absent. Ignored for a feature service. */
  features?: string[];
}

/** Status of one value, as the Feast feature server reports it. @public */
export type OnlineFeatureStatus =
  | 'PRESENT'
  | 'NULL_VALUE'
  | 'NOT_FOUND'
  | 'OUTSIDE_MAX_AGE'
  | 'INVALID';

/** One value read for one entity row. @public */
export interface OnlineFeatureValue {
  /** Feature name as the feature server returned it (`view__feature` with full names). */
  name: string;
  value: unknown;
  status: OnlineFeatureStatus;
  /** When the value was written (ISO 8601), when the server says. */
  eventTimestamp?: string;
}

/** The values of one entity row. @public */
export interface OnlineFeatureRow {
  /** The join key values of this row. */
  entity: Record<string, unknown>;
  features: OnlineFeatureValue[];
}

/** Answer of `POST /api/feature-store/online-features`. @public */
export interface OnlineFeaturesResponse {
  /** Feast project of the view or service. */
  project: string;
  /** What was read: `feature_view` or `feature_service`, and its Feast name. */
  source: { kind: 'feature_view' | 'feature_service'; name: string };
  /** Feature names in the order of each row's `features`. */
  featureNames: string[];
  rows: OnlineFeatureRow[];
}
