/**
 * Types of the governance API of the lakehouse backend:
 * `GET /api/lakehouse/governance`, `GET /api/lakehouse/governance/classifications?entityRef=`,
 * `POST /api/lakehouse/governance/declassifications`,
 * `GET /api/lakehouse/governance/readers?entityRef=` (or `?group=`) and the access requests
 * under `/api/lakehouse/access-requests`.
 */

/** Where a classification of a column comes from. @public */
export type ClassificationOrigin = 'declared' | 'inherited';

/** One classification of a dataset or of one of its columns. @public */
export interface ColumnClassification {
  /** Column name; absent for a classification of the whole dataset. */
  column?: string;
  /** e.g. `pii`. */
  classification: string;
  origin: ClassificationOrigin;
  /**
   * For inherited ones: the classified columns upstream it derives from
   * directly (lineage `DIRECT`), each as entity ref and column.
   */
  from?: Array<{ entityRef: string; column: string }>;
}

/** A column an owner marked declassified, with why. @public */
export interface Declassification {
  entityRef: string;
  column: string;
  reason: string;
  /** User entity ref of who marked it. */
  by: string;
  /** ISO 8601. */
  at: string;
}

/** The classifications of one dataset: `GET /governance/classifications?entityRef=`. @public */
export interface DatasetClassifications {
  entityRef: string;
  /** Every classification that protects the dataset (empty: not classified). */
  classifications: ColumnClassification[];
  /** Columns where an inherited classification stops. */
  declassified: Declassification[];
  /** Downstream entities the classified columns flow to (entity ref, column). */
  flowsTo: Array<{ entityRef: string; column?: string }>;
}

/** Body of `POST /governance/declassifications`. @public */
export interface DeclassifyRequest {
  entityRef: string;
  column: string;
  reason: string;
}

/** What is wrong with an entity's ownership. @public */
export type OwnershipProblem =
  | 'no-owner'
  | 'owner-not-found'
  | 'owner-group-empty';

/** One finding of the governance page, with the fix. @public */
export interface GovernanceFinding {
  entityRef: string;
  /** Entity title or name. */
  title: string;
  /** dataset, feature-view, feature-service, ai-model, model-server. */
  type: string;
  /** Owner entity ref, when there is one. */
  owner?: string;
  /** What is wrong, in a sentence. */
  problem: string;
  /** What fixes it, in a sentence. */
  fix: string;
}

/** An ownership finding. @public */
export interface OwnershipFinding extends GovernanceFinding {
  kind: OwnershipProblem;
}

/** A dataset older than its freshness SLA. @public */
export interface StaleDatasetFinding extends GovernanceFinding {
  /** ISO 8601 time of the last snapshot or dbt freshness check used. */
  lastUpdated?: string;
  /** The declared SLA, e.g. `24h`. */
  sla: string;
}

/** A classified dataset in the inventory. @public */
export interface ClassifiedDatasetEntry {
  entityRef: string;
  title: string;
  owner?: string;
  classifications: ColumnClassification[];
  declassified: Declassification[];
  flowsTo: Array<{ entityRef: string; column?: string }>;
}

/** Per owner group: how its entities fare. @public */
export interface GroupScorecard {
  group: string;
  entities: number;
  /** Share of its entities with a description, 0..1. */
  documented: number;
  classifiedDatasets: number;
  staleDatasets: number;
  pendingAccessRequests: number;
}

/** `GET /api/lakehouse/governance`. @public */
export interface GovernanceReport {
  /** ISO 8601 time the report was computed. */
  generatedAt: string;
  counts: {
    entities: number;
    datasets: number;
    owned: number;
    classifiedDatasets: number;
    staleDatasets: number;
  };
  ownership: OwnershipFinding[];
  classified: ClassifiedDatasetEntry[];
  stale: StaleDatasetFinding[];
  scorecards: GroupScorecard[];
}

/** A Polaris privilege held on a dataset, through which roles. @public */
export interface DatasetReader {
  /** e.g. `TABLE_READ_DATA`. */
  privilege: string;
  /** What the grant is on: the table, its namespace, or the catalog. */
  securable: { type: 'table' | 'namespace' | 'catalog'; name: string };
  catalogRole: string;
  principalRole: string;
  /** Backstage group mapped to the principal role, if any. */
  groupRef?: string;
  /** Principals holding the principal role, with their Backstage users. */
  principals: Array<{ name: string; userRef?: string }>;
}

/** `GET /api/lakehouse/governance/readers?entityRef=`. @public */
export interface DatasetReadersResponse {
  entityRef: string;
  /**
   * False when `lakehouse.governance.polaris` is not configured: then there
   * is nothing to list.
   */
  configured?: boolean;
  /** Says what to configure when `configured` is false. */
  message?: string;
  /** Polaris catalog, namespace and table the dataset is (when configured). */
  polaris?: { catalog: string; namespace: string[]; table: string };
  readers: DatasetReader[];
}

/** `GET /api/lakehouse/governance/readers?group=`: what one group can read. @public */
export interface GroupGrantsResponse {
  group: string;
  /** False when `lakehouse.governance.polaris` is not configured. */
  configured?: boolean;
  /** Says what to configure when `configured` is false. */
  message?: string;
  principalRoles: string[];
  grants: Array<{
    privilege: string;
    securable: { type: 'table' | 'namespace' | 'catalog'; name: string };
    catalogRole: string;
    principalRole: string;
    /** The dataset of a table grant, when the catalog has it. */
    entityRef?: string;
  }>;
}

/** State of an access request. @public */
export type AccessRequestState =
  | 'pending'
  | 'approved'
  | 'rejected'
  | 'expired';

/** An access request, as the API answers it. @public */
export interface AccessRequest {
  id: string;
  entityRef: string;
  /** Table identifier of the dataset, catalog.schema.table. */
  table: string;
  privilege: 'read';
  reason: string;
  durationDays: number;
  state: AccessRequestState;
  /** User entity ref of who asked. */
  requestedBy: string;
  /** ISO 8601. */
  createdAt: string;
  /** Who approved or rejected, when, and their comment. */
  decidedBy?: string;
  decidedAt?: string;
  comment?: string;
  /** When an approved grant runs out (ISO 8601). */
  expiresAt?: string;
  /** When the grant was revoked (ISO 8601). */
  revokedAt?: string;
  /** The last failure to apply or revoke the grant; the request stays as it was. */
  error?: string;
  /** What the approval applied in Polaris. */
  grant?: {
    catalog: string;
    catalogRole: string;
    principalRole: string;
    privilege: string;
    securable: {
      type: 'table' | 'namespace';
      namespace: string[];
      table?: string;
    };
  };
}

/** Body of `POST /api/lakehouse/access-requests`. @public */
export interface CreateAccessRequest {
  entityRef: string;
  privilege: 'read';
  reason: string;
  durationDays: number;
}

/** `GET /api/lakehouse/access-requests`. @public */
export interface AccessRequestList {
  items: AccessRequest[];
}
