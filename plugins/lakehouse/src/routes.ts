import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The lakehouse overview page. */
export const rootRouteRef = createRouteRef();
