import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  AccessRequest,
  AccessRequestState,
  CreateAccessRequest,
  DatasetClassifications,
  DatasetPreview,
  DatasetReadersResponse,
  Declassification,
  DeclassifyRequest,
  GovernanceReport,
  GroupGrantsResponse,
  DatasetSourceStatus,
  DriftMonitor,
  DriftReport,
  ImpactResponse,
  LineageDirection,
  LineageGraph,
  QueryColumn,
  QueryEngineId,
  QueryEngineInfo,
  QueryHistoryEntry,
  QueryPage,
  SubmitQueryRequest,
  SubmittedQuery,
} from '@internal/plugin-lakehouse-common';

/**
 * Options of {@link LakehouseApi.getQueryPage}.
 *
 * @public
 */
export interface QueryPageOptions {
  /** The `nextPageToken` of the previous page; none for the first page. */
  pageToken?: string;
  /** How long the server may wait for rows before answering. */
  maxWaitMs?: number;
  /** Aborts the request, e.g. when the console is closed. */
  signal?: AbortSignal;
}

/**
 * Options of {@link LakehouseApi.getQueryHistory}.
 *
 * @public
 */
export interface QueryHistoryOptions {
  /** Text the statement contains. */
  q?: string;
  limit?: number;
  offset?: number;
  signal?: AbortSignal;
}

/**
 * Options of {@link LakehouseApi.getLineage}.
 *
 * @public
 */
export interface LineageOptions {
  /** The entity to start from, e.g. `resource:default/lakehouse.gold.fct_orders`, or a lineage node id. */
  entityRef: string;
  /** Which way to walk; the backend walks both ways when absent. */
  direction?: LineageDirection;
  /** How many edges to walk from the start. */
  depth?: number;
  /** Trace only this column of the start entity. */
  column?: string;
  signal?: AbortSignal;
}

/**
 * Options of {@link LakehouseApi.getImpact}.
 *
 * @public
 */
export interface ImpactOptions {
  /** The entity that would change. */
  entityRef: string;
  /** The column that would change; the whole entity when absent. */
  column?: string;
  signal?: AbortSignal;
}

/**
 * Options of {@link LakehouseApi.listDriftMonitors}.
 *
 * @public
 */
export interface DriftMonitorsOptions {
  /** Only the monitors of this entity, e.g. `resource:default/churn-model`. */
  entityRef?: string;
  signal?: AbortSignal;
}

/**
 * Options of {@link LakehouseApi.listDriftReports}.
 *
 * @public
 */
export interface DriftReportsOptions {
  /** How many of the newest reports. */
  limit?: number;
  signal?: AbortSignal;
}

/**
 * Options of {@link LakehouseApi.listAccessRequests}.
 *
 * @public
 */
export interface AccessRequestsOptions {
  /** Only the requests for this dataset. */
  entityRef?: string;
  /** Only the requests in this state. */
  state?: AccessRequestState;
  signal?: AbortSignal;
}

/**
 * Who can read a dataset. `configured: false` says that Polaris, where the
 * grants live, is not configured (`lakehouse.governance.polaris`); then
 * there are no readers to show and no Polaris location.
 *
 * @public
 */
export type DatasetReaders = DatasetReadersResponse;

/**
 * What a group can read in Polaris; `configured: false` as for
 * {@link DatasetReaders}.
 *
 * @public
 */
export type GroupGrants = GroupGrantsResponse;

/**
 * What the lakehouse frontend asks the backend.
 *
 * @public
 */
export interface LakehouseApi {
  /**
   * The state of every source the catalog providers read datasets from
   * (dbt manifests, Iceberg REST catalogs, Trino servers).
   */
  getSources(): Promise<DatasetSourceStatus[]>;

  /** The query engines the SQL console can use, the default first. */
  getEngines(): Promise<QueryEngineInfo[]>;

  /**
   * Submits a read-only statement. Rejects with a ResponseError of status
   * 400 when the statement is refused, 403 when the user may not run
   * queries and 429 when the user already runs as many as allowed.
   */
  submitQuery(request: SubmitQueryRequest): Promise<SubmittedQuery>;

  /**
   * The state of a query and its next page of rows. Follow
   * `nextPageToken` until it is absent; each page is handed out once.
   */
  getQueryPage(id: string, options?: QueryPageOptions): Promise<QueryPage>;

  /** Cancels a query, on the engine too. */
  cancelQuery(id: string): Promise<void>;

  /** The query's result as CSV; the server runs the statement again. */
  downloadQueryCsv(id: string): Promise<Blob>;

  /** The signed-in user's query history, newest first. */
  getQueryHistory(options?: QueryHistoryOptions): Promise<QueryHistoryEntry[]>;

  /** Catalogs of an engine (schema browser). */
  listCatalogs(engine?: QueryEngineId): Promise<string[]>;

  /** Schemas of a catalog. */
  listSchemas(catalog: string, engine?: QueryEngineId): Promise<string[]>;

  /** Tables of a schema. */
  listTables(
    catalog: string,
    schema: string,
    engine?: QueryEngineId,
  ): Promise<string[]>;

  /** Columns of a table with their types. */
  listColumns(
    catalog: string,
    schema: string,
    table: string,
    engine?: QueryEngineId,
  ): Promise<QueryColumn[]>;

  /**
   * The first rows of a dataset, by the namespace and name of its catalog
   * entity. Rejects with a ResponseError of status 403 when the user may
   * not read the dataset's data.
   */
  getDatasetPreview(
    dataset: { namespace: string; name: string },
    options?: { limit?: number },
  ): Promise<DatasetPreview>;

  /**
   * The lineage graph around an entity, as far as the signed-in user may
   * see it: datasets, feature views and services, models, deployments and
   * OpenLineage jobs, with column edges where they are known. Edges point
   * downstream.
   */
  getLineage(options: LineageOptions): Promise<LineageGraph>;

  /**
   * Everything downstream of an entity (or of one of its columns), with
   * the affected columns and owners: who to tell before changing it.
   */
  getImpact(options: ImpactOptions): Promise<ImpactResponse>;

  /**
   * The drift monitors configured under `lakehouse.drift.monitors`, each
   * with a summary of its newest report.
   */
  listDriftMonitors(options?: DriftMonitorsOptions): Promise<DriftMonitor[]>;

  /**
   * Runs a drift monitor now and answers its new report. A run that could
   * not compare the data still answers, with `status: 'failed'` and the
   * reason; rejects with a ResponseError of status 403 when the user may
   * not run monitors (`lakehouse.drift.run`).
   */
  runDriftMonitor(id: string): Promise<DriftReport>;

  /** The reports of a drift monitor, newest first. */
  listDriftReports(
    id: string,
    options?: DriftReportsOptions,
  ): Promise<DriftReport[]>;

  /**
   * The governance report: ownership coverage, classified data, stale
   * datasets and per-group scorecards. Rejects with a ResponseError of
   * status 403 without `lakehouse.governance.read`.
   */
  getGovernanceReport(options?: {
    signal?: AbortSignal;
  }): Promise<GovernanceReport>;

  /**
   * The classifications of a dataset's columns, declared and inherited
   * through column lineage, and the columns declassified by an owner.
   */
  getClassifications(entityRef: string): Promise<DatasetClassifications>;

  /**
   * Marks a column declassified (hashed, aggregated) with a reason, so an
   * inherited classification stops there. Rejects with status 403 without
   * `lakehouse.classification.declassify` on the dataset.
   */
  declassify(request: DeclassifyRequest): Promise<Declassification>;

  /** Takes a declassification back: the column inherits again. */
  removeDeclassification(entityRef: string, column: string): Promise<void>;

  /** Who holds which Polaris privilege on a dataset, through which roles. */
  getDatasetReaders(entityRef: string): Promise<DatasetReaders>;

  /** What a group can read through the Polaris principal roles mapped to it. */
  getGroupGrants(groupRef: string): Promise<GroupGrants>;

  /**
   * Asks for read access to a dataset; answers the pending request. Rejects
   * with status 400 for a duration above the configured maximum and 403
   * without `lakehouse.access-request.create`.
   */
  createAccessRequest(request: CreateAccessRequest): Promise<AccessRequest>;

  /**
   * Access requests the user may see: their own and those they may
   * decide, newest first.
   */
  listAccessRequests(options?: AccessRequestsOptions): Promise<AccessRequest[]>;

  /** One access request. */
  getAccessRequest(id: string): Promise<AccessRequest>;

  /**
   * Approves a pending request, which applies the grant in Polaris; answers
   * the approved request. Rejects with status 403 when the user may not
   * approve it, 409 when it is no longer pending and 502 when Polaris did
   * not take the grant (the request then stays pending with the error).
   */
  approveAccessRequest(
    id: string,
    options?: { comment?: string },
  ): Promise<AccessRequest>;

  /** Rejects a pending request; errors as for {@link LakehouseApi.approveAccessRequest}. */
  rejectAccessRequest(
    id: string,
    options?: { comment?: string },
  ): Promise<AccessRequest>;
}

/**
 * The lakehouse API.
 *
 * @public
 */
export const lakehouseApiRef = createApiRef<LakehouseApi>().with({
  id: 'plugin.lakehouse.api',
  pluginId: 'lakehouse',
});
