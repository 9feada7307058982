import { ReactNode } from 'react';
import { LinkButton } from '@backstage/core-components';
import { RouteRef, useRouteRef } from '@backstage/frontend-plugin-api';
import { useLocation } from 'react-router-dom';

/**
 * A button in the header of the lakehouse pages leading to one of them
 * (the SQL console, the lineage explorer); not shown on that page itself.
 */
export const HeaderPageLink = (props: {
  routeRef: RouteRef<undefined>;
  icon: ReactNode;
  children: ReactNode;
}) => {
  const route = useRouteRef(props.routeRef);
  const { pathname } = useLocation();
  if (!route) return null;
  const href = route();
  if (pathname === href || pathname.startsWith(`${href}/`)) return null;
  return (
    <LinkButton
      to={href}
      variant="outlined"
      color="primary"
      size="small"
      startIcon={props.icon}
    >
      {props.children}
    </LinkButton>
  );
};
