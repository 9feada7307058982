/*
 * What the feature server double is configured with: the part of a Feast
 * registry that online reads use (feature views with their entities and
 * typed features, feature services and their projections) and the rows of
 * the online store. Value type names are those of feast.types.ValueType
 * (protos/feast/types/Value.proto).
 */

/** Value types a join key of the double may have (the ones Feast projects use for entities). @public */
export type FeastJoinKeyValueType = 'INT64' | 'INT32' | 'STRING';

/** Value types of features the double stores and answers. @public */
export type FeastFeatureValueType =
  | 'INT32'
  | 'INT64'
  | 'FLOAT'
  | 'DOUBLE'
  | 'STRING'
  | 'BOOL'
  | 'BYTES'
  | 'UNIX_TIMESTAMP'
  | 'INT32_LIST'
  | 'INT64_LIST'
  | 'FLOAT_LIST'
  | 'DOUBLE_LIST'
  | 'STRING_LIST'
  | 'BOOL_LIST'
  | 'BYTES_LIST'
  | 'UNIX_TIMESTAMP_LIST';

/** An entity of a feature view: its Feast name, join key and the key's type. @public */
export interface FeastEntityKeyDefinition {
  /** Feast entity name, e.g. `customer`. */
  entity: string;
  /** Column lookups are keyed by, e.g. `customer_id`. */
  joinKey: string;
  valueType: FeastJoinKeyValueType;
}

/** A feature of a feature view. @public */
export interface FeastFeatureDefinition {
  name: string;
  valueType: FeastFeatureValueType;
}

/** A feature view as the registry holds it, for online reads. @public */
export interface FeastFeatureViewDefinition {
  name: string;
  /** At least one entity (entityless views are not modelled). */
  entities: FeastEntityKeyDefinition[];
  features: FeastFeatureDefinition[];
  /**
   * Time to live in seconds (0 or absent: none). Only the precomputed read
   * of a feature service uses it, to mark values OUTSIDE_MAX_AGE.
   */
  ttlSeconds?: number;
}

/** A feature view a feature service selects, with its features (all of the view's when absent). @public */
export interface FeastFeatureServiceProjection {
  featureView: string;
  features?: string[];
}

/** A feature service. @public */
export interface FeastFeatureServiceDefinition {
  name: string;
  features: FeastFeatureServiceProjection[];
  /**
   * `precompute_online=True`: reads use the vectors written by
   * `FeastFeatureServerDouble.precompute` (`feast precompute`).
   */
  precomputeOnline?: boolean;
}

/**
 * A stored feature value: numbers for INT*, FLOAT, DOUBLE and UNIX_TIMESTAMP
 * (seconds; `bigint` for int64 beyond 2^53), strings, booleans, bytes, lists
 * of those for *_LIST types, or null (a value written as null).
 * @public
 */
export type FeastFeatureValue =
  | null
  | string
  | number
  | bigint
  | boolean
  | Uint8Array
  | FeastFeatureValue[];

/** One row of a feature view in the online store. @public */
export interface FeastOnlineRow {
  /** Join key → value: every join key of the view. */
  entity: Record<string, string | number | bigint>;
  /** Feature → value; a feature left out was never written for this entity. */
  values: Record<string, FeastFeatureValue>;
  /** Event timestamp of the row (a Date, or ISO 8601 with up to nanoseconds). */
  eventTimestamp: Date | string;
}
