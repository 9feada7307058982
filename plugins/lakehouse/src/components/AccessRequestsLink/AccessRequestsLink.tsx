import LockOpenIcon from '@material-ui/icons/LockOpen';
import { accessRequestsRouteRef } from '../../routes';
import { HeaderPageLink } from '../HeaderPageLink';

/** The way from the lakehouse pages' header to the access requests. */
export const AccessRequestsLink = () => (
  <HeaderPageLink routeRef={accessRequestsRouteRef} icon={<LockOpenIcon />}>
    Access requests
  </HeaderPageLink>
);
