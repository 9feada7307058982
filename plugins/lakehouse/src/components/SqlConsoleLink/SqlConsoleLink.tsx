import CodeIcon from '@material-ui/icons/Code';
import { sqlConsoleRouteRef } from '../../routes';
import { HeaderPageLink } from '../HeaderPageLink';

/** The way from the lakehouse pages' header to the SQL console. */
export const SqlConsoleLink = () => (
  <HeaderPageLink routeRef={sqlConsoleRouteRef} icon={<CodeIcon />}>
    SQL console
  </HeaderPageLink>
);
