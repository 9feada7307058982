/**
 * What the governance module needs from the access requests module, so
 * either can be built and tested without the other.
 */

/**
 * Who holds an approved, unexpired access request for which datasets.
 * Implemented by the access requests store; the `HAS_ACCESS_GRANT` rule of
 * the `lakehouse-dataset` resource type asks it.
 */
export interface AccessGrantLookup {
  /**
   * For each of `entityRefs` that has any, the user entity refs holding an
   * approved, unexpired request for it. Refs the map leaves out have none.
   */
  activeGrantees(entityRefs: string[]): Promise<Map<string, Set<string>>>;
}

/** The number of pending access requests per dataset, for the scorecards. */
export interface PendingAccessRequestCounts {
  /** For each of `entityRefs` with pending requests, how many. */
  pendingCounts(entityRefs: string[]): Promise<Map<string, number>>;
}

/** The lookup used when no access requests module is wired: nobody holds a grant. */
export const noAccessGrants: AccessGrantLookup = {
  activeGrantees: async () => new Map(),
};
