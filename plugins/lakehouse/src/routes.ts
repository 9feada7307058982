import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The lakehouse overview page. */
export const rootRouteRef = createRouteRef();

/** The SQL console; `?sql=` fills the editor. */
export const sqlConsoleRouteRef = createRouteRef();

/** The lineage explorer; `?entityRef=` names the entity to start from. */
export const lineageRouteRef = createRouteRef();

/** The governance page: ownership, classified data, stale datasets, scorecards. */
export const governanceRouteRef = createRouteRef();

/**
 * Access requests to approve and the user's own; `?id=` highlights one
 * (notifications link there).
 */
export const accessRequestsRouteRef = createRouteRef();
