import AccountTreeIcon from '@material-ui/icons/AccountTree';
import { lineageRouteRef } from '../../routes';
import { HeaderPageLink } from '../HeaderPageLink';

/** The way from the lakehouse pages' header to the lineage explorer. */
export const LineageExplorerLink = () => (
  <HeaderPageLink routeRef={lineageRouteRef} icon={<AccountTreeIcon />}>
    Lineage explorer
  </HeaderPageLink>
);
