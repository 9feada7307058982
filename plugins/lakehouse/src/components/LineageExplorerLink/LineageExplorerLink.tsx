import { LinkButton } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import AccountTreeIcon from '@material-ui/icons/AccountTree';
import { useLocation } from 'react-router-dom';
import { lineageRouteRef } from '../../routes';

/**
 * The way from the lakehouse pages' header to the lineage explorer; not
 * shown on the explorer itself.
 */
export const LineageExplorerLink = () => {
  const lineage = useRouteRef(lineageRouteRef);
  const { pathname } = useLocation();
  if (!lineage) return null;
  const href = lineage();
  if (pathname === href || pathname.startsWith(`${href}/`)) return null;
  return (
    <LinkButton
      to={href}
      variant="outlined"
      color="primary"
      size="small"
      startIcon={<AccountTreeIcon />}
    >
      Lineage explorer
    </LinkButton>
  );
};
