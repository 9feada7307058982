/*
 * The Feast registry as protobuf's JSON mapping prints it (Python `MessageToDict`, the form Feast's REST
 * registry server answers with): lowerCamelCase keys, enum names as strings (an enum number Feast did
 * not know yet stays a number), 64-bit integers as decimal strings, bytes as base64, timestamps as
 * RFC 3339 strings, durations as `"86400s"`, and fields holding their default value (0, "", false, empty
 * lists and maps) left out. Field names follow Feast's .proto files (feast/core/*.proto); every object
 * also keeps the keys a newer Feast adds, hence the index signatures.
 */

/**
 * Tags and other string maps of Feast objects.
 *
 * @public
 */
export type FeastStringMap = Record<string, string>;

/**
 * A Feast value type name (`feast.types.ValueType.Enum`), e.g. `INT64`,
 * `STRING`, `FLOAT_LIST`; a number when the registry was written by a
 * newer Feast with a type this package does not know.
 *
 * @public
 */
export type FeastValueTypeName = string | number;

/**
 * Creation and update times of a registry object (RFC 3339 strings).
 *
 * @public
 */
export interface FeastObjectMeta {
  createdTimestamp?: string;
  lastUpdatedTimestamp?: string;
  [key: string]: unknown;
}

/**
 * A Feast project (`feast.core.Project`).
 *
 * @public
 */
export interface FeastProject {
  spec?: {
    name?: string;
    description?: string;
    tags?: FeastStringMap;
    owner?: string;
    [key: string]: unknown;
  };
  meta?: FeastObjectMeta;
  [key: string]: unknown;
}

/**
 * A Feast entity (`feast.core.Entity`): the key that feature views are joined on.
 *
 * @public
 */
export interface FeastEntity {
  spec?: {
    name?: string;
    project?: string;
    valueType?: FeastValueTypeName;
    description?: string;
    joinKey?: string;
    tags?: FeastStringMap;
    owner?: string;
    [key: string]: unknown;
  };
  meta?: FeastObjectMeta;
  [key: string]: unknown;
}

/**
 * A feature or an entity column (`feast.core.FeatureSpecV2`).
 *
 * @public
 */
export interface FeastFeatureSpec {
  name?: string;
  valueType?: FeastValueTypeName;
  tags?: FeastStringMap;
  description?: string;
  vectorIndex?: boolean;
  vectorSearchMetric?: string;
  vectorLength?: number;
  [key: string]: unknown;
}

/**
 * A data source (`feast.core.DataSource`): a batch table or file, a stream,
 * a push or a request source. Exactly one of the `*Options` objects is set
 * for the source's kind.
 *
 * @public
 */
export interface FeastDataSource {
  name?: string;
  project?: string;
  description?: string;
  tags?: FeastStringMap;
  owner?: string;
  /** `feast.core.DataSource.SourceType` name, e.g. `BATCH_FILE`, `BATCH_TRINO`, `PUSH_SOURCE`. */
  type?: string | number;
  fieldMapping?: FeastStringMap;
  timestampField?: string;
  datePartitionColumn?: string;
  createdTimestampColumn?: string;
  /** Python class of the source, e.g. `feast.infra.offline_stores.file_source.FileSource`. */
  dataSourceClassType?: string;
  /** The batch source behind a push or stream source. */
  batchSource?: FeastDataSource;
  meta?: FeastObjectMeta & {
    earliestEventTimestamp?: string;
    latestEventTimestamp?: string;
  };
  fileOptions?: {
    fileFormat?: Record<string, unknown>;
    uri?: string;
    s3EndpointOverride?: string;
    [key: string]: unknown;
  };
  bigqueryOptions?: { table?: string; query?: string; [key: string]: unknown };
  trinoOptions?: { table?: string; query?: string; [key: string]: unknown };
  redshiftOptions?: {
    table?: string;
    query?: string;
    schema?: string;
    database?: string;
    [key: string]: unknown;
  };
  snowflakeOptions?: {
    table?: string;
    query?: string;
    schema?: string;
    database?: string;
    [key: string]: unknown;
  };
  athenaOptions?: {
    table?: string;
    query?: string;
    database?: string;
    dataSource?: string;
    [key: string]: unknown;
  };
  sparkOptions?: {
    table?: string;
    query?: string;
    path?: string;
    fileFormat?: string;
    [key: string]: unknown;
  };
  kafkaOptions?: Record<string, unknown>;
  kinesisOptions?: Record<string, unknown>;
  requestDataOptions?: {
    schema?: FeastFeatureSpec[];
    [key: string]: unknown;
  };
  customOptions?: { configuration?: string; [key: string]: unknown };
  pushOptions?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * Meta of batch and stream feature views (`feast.core.FeatureViewMeta`).
 *
 * @public
 */
export interface FeastFeatureViewMeta extends FeastObjectMeta {
  materializationIntervals?: Array<{ startTime?: string; endTime?: string }>;
  currentVersionNumber?: number;
  versionId?: string;
}

/**
 * A batch feature view (`feast.core.FeatureView`).
 *
 * @public
 */
export interface FeastFeatureView {
  spec?: {
    name?: string;
    project?: string;
    /** Names of the entities the view is keyed by. */
    entities?: string[];
    features?: FeastFeatureSpec[];
    tags?: FeastStringMap;
    /** Time to live, e.g. `86400s`. */
    ttl?: string;
    batchSource?: FeastDataSource;
    online?: boolean;
    offline?: boolean;
    streamSource?: FeastDataSource;
    description?: string;
    owner?: string;
    /** The entities' join key columns with their value types. */
    entityColumns?: FeastFeatureSpec[];
    [key: string]: unknown;
  };
  meta?: FeastFeatureViewMeta;
  [key: string]: unknown;
}

/**
 * An on-demand feature view (`feast.core.OnDemandFeatureView`): features
 * computed at request time from other views and request data.
 *
 * @public
 */
export interface FeastOnDemandFeatureView {
  spec?: {
    name?: string;
    project?: string;
    features?: FeastFeatureSpec[];
    /** Inputs by name: each holds one of `featureView`, `featureViewProjection`, `requestDataSource`. */
    sources?: Record<
      string,
      {
        featureView?: FeastFeatureView;
        featureViewProjection?: FeastFeatureViewProjection;
        requestDataSource?: FeastDataSource;
        [key: string]: unknown;
      }
    >;
    featureTransformation?: Record<string, unknown>;
    description?: string;
    tags?: FeastStringMap;
    owner?: string;
    mode?: string;
    writeToOnlineStore?: boolean;
    entities?: string[];
    entityColumns?: FeastFeatureSpec[];
    [key: string]: unknown;
  };
  meta?: FeastFeatureViewMeta;
  [key: string]: unknown;
}

/**
 * A stream feature view (`feast.core.StreamFeatureView`).
 *
 * @public
 */
export interface FeastStreamFeatureView {
  spec?: {
    name?: string;
    project?: string;
    entities?: string[];
    features?: FeastFeatureSpec[];
    entityColumns?: FeastFeatureSpec[];
    description?: string;
    tags?: FeastStringMap;
    owner?: string;
    ttl?: string;
    batchSource?: FeastDataSource;
    streamSource?: FeastDataSource;
    online?: boolean;
    mode?: string;
    aggregations?: Array<{
      column?: string;
      function?: string;
      timeWindow?: string;
      slideInterval?: string;
      name?: string;
      [key: string]: unknown;
    }>;
    timestampField?: string;
    [key: string]: unknown;
  };
  meta?: FeastFeatureViewMeta;
  [key: string]: unknown;
}

/**
 * The features a feature service selects from one view
 * (`feast.core.FeatureViewProjection`).
 *
 * @public
 */
export interface FeastFeatureViewProjection {
  featureViewName?: string;
  featureViewNameAlias?: string;
  featureColumns?: FeastFeatureSpec[];
  joinKeyMap?: FeastStringMap;
  timestampField?: string;
  datePartitionColumn?: string;
  createdTimestampColumn?: string;
  batchSource?: FeastDataSource;
  streamSource?: FeastDataSource;
  versionTag?: number;
  viewType?: string;
  [key: string]: unknown;
}

/**
 * A feature service (`feast.core.FeatureService`): the features a model reads.
 *
 * @public
 */
export interface FeastFeatureService {
  spec?: {
    name?: string;
    project?: string;
    features?: FeastFeatureViewProjection[];
    tags?: FeastStringMap;
    description?: string;
    owner?: string;
    loggingConfig?: Record<string, unknown>;
    [key: string]: unknown;
  };
  meta?: FeastObjectMeta;
  [key: string]: unknown;
}

/**
 * A Feast registry (`feast.core.Registry`) in protobuf's JSON mapping, as
 * Python's `MessageToDict` prints it. Lists that are empty are left out.
 * A registry read from the REST registry server holds only the object lists
 * (`projects` to `featureServices`).
 *
 * @public
 */
export interface FeastRegistryDocument {
  projects?: FeastProject[];
  entities?: FeastEntity[];
  dataSources?: FeastDataSource[];
  featureViews?: FeastFeatureView[];
  onDemandFeatureViews?: FeastOnDemandFeatureView[];
  streamFeatureViews?: FeastStreamFeatureView[];
  featureServices?: FeastFeatureService[];
  /** Registry format version Feast wrote (`"1"`). */
  registrySchemaVersion?: string;
  /** Random id of the last registry update. */
  versionId?: string;
  /** When the registry was last written. */
  lastUpdated?: string;
  [key: string]: unknown;
}
