import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The lakehouse overview page. */
export const rootRouteRef = createRouteRef();

/** The SQL console; `?sql=` fills the editor. */
export const sqlConsoleRouteRef = createRouteRef();

/** The lineage explorer; `?entityRef=` names the entity to start from. */
export const lineageRouteRef = createRouteRef();
