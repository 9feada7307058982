import {
  DatasetReadersResponse,
  GroupGrantsResponse,
} from '@internal/plugin-lakehouse-common';

/**
 * Who holds an approved, unexpired access request for datasets: what the
 * `HAS_ACCESS_GRANT` rule of the `lakehouse-dataset` resource type asks.
 */
export interface AccessGrantLookup {
  /** Dataset entity ref (as given) → user entity refs holding access to it. */
  activeGrantees(entityRefs: string[]): Promise<Map<string, Set<string>>>;
}

/** How many pending access requests datasets have, for the governance scorecards. */
export interface PendingAccessRequestCounts {
  /** Dataset entity ref (as given) → pending requests, for those with any. */
  pendingCounts(entityRefs: string[]): Promise<Map<string, number>>;
}

/** Said when `lakehouse.governance.polaris` is not set. */
export const POLARIS_NOT_CONFIGURED =
  'Polaris is not configured: set lakehouse.governance.polaris';

/**
 * `GET /governance/readers?entityRef=`: the readers, or, without Polaris
 * configured, why there are none (`configured: false`).
 */
export type DatasetReadersAnswer =
  | (DatasetReadersResponse & { configured: true })
  | {
      configured: false;
      message: string;
      entityRef: string;
      readers: [];
    };

/** `GET /governance/readers?group=`, with `configured` as above. */
export type GroupGrantsAnswer =
  | (GroupGrantsResponse & { configured: true })
  | {
      configured: false;
      message: string;
      group: string;
      principalRoles: [];
      grants: [];
    };
