/**
 * The parts of an OpenLineage RunEvent (spec 2-0-2) that the portal reads.
 * Events are validated against the spec's JSON schema before they are
 * typed as these; everything else in them is kept as posted.
 */

/** A facet: any object with `_producer` and `_schemaURL`. */
export type OpenLineageFacet = { [key: string]: unknown } & {
  _producer?: string;
  _schemaURL?: string;
  _deleted?: boolean;
};

/** A dataset as a RunEvent names it in its inputs or outputs. */
export interface OpenLineageDataset {
  namespace: string;
  name: string;
  facets?: Record<string, OpenLineageFacet>;
  inputFacets?: Record<string, OpenLineageFacet>;
  outputFacets?: Record<string, OpenLineageFacet>;
}

/** The states a run goes through, as OpenLineage names them. */
export type OpenLineageEventType =
  | 'START'
  | 'RUNNING'
  | 'COMPLETE'
  | 'ABORT'
  | 'FAIL'
  | 'OTHER';

/** An OpenLineage RunEvent: one state change of one run of a job. */
export interface OpenLineageRunEvent {
  eventTime: string;
  eventType?: OpenLineageEventType;
  producer: string;
  schemaURL: string;
  run: { runId: string; facets?: Record<string, OpenLineageFacet> };
  job: {
    namespace: string;
    name: string;
    facets?: Record<string, OpenLineageFacet>;
  };
  inputs?: OpenLineageDataset[];
  outputs?: OpenLineageDataset[];
}

/** A dataset a job reads or writes. */
export interface OpenLineageDatasetRef {
  namespace: string;
  name: string;
  /** The catalog table identifier (`catalog.schema.table`) when the name maps to one. */
  table?: string;
  /** Column names from the dataset's `schema` facet, in order. */
  columns?: string[];
}

/** Which columns of input datasets an output column is computed from. */
export interface OpenLineageColumnEdge {
  /** The output column. */
  output: string;
  inputs: {
    namespace: string;
    name: string;
    /** The catalog table identifier of the input dataset, when it maps to one. */
    table?: string;
    field: string;
    /** DIRECT when the value flows into the output column, INDIRECT when it only decides which rows. */
    transformation?: 'DIRECT' | 'INDIRECT';
    /** OpenLineage subtype, e.g. IDENTITY, TRANSFORMATION, AGGREGATION, JOIN, FILTER. */
    subtype?: string;
    /** True when the transformation masks the value (a hash of PII, for example). */
    masking?: boolean;
  }[];
}

/** What the latest run of a job read and wrote. */
export interface OpenLineageJobLineage {
  namespace: string;
  name: string;
  /** The producer of the run's latest event, e.g. dbt-ol's URI. */
  producer: string;
  runId: string;
  /** The type of the run's latest event, e.g. COMPLETE or FAIL (OTHER when the event gave none). */
  eventType: string;
  /** The time of the run's latest event, as the producer wrote it. */
  eventTime: string;
  inputs: OpenLineageDatasetRef[];
  outputs: (OpenLineageDatasetRef & {
    columnLineage?: OpenLineageColumnEdge[];
  })[];
}
