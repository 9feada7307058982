import { LinkButton } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import CodeIcon from '@material-ui/icons/Code';
import { useLocation } from 'react-router-dom';
import { sqlConsoleRouteRef } from '../../routes';

/**
 * The way from the lakehouse pages' header to the SQL console; not shown
 * on the console itself.
 */
export const SqlConsoleLink = () => {
  const sqlConsole = useRouteRef(sqlConsoleRouteRef);
  const { pathname } = useLocation();
  if (!sqlConsole) return null;
  const href = sqlConsole();
  if (pathname === href || pathname.startsWith(`${href}/`)) return null;
  return (
    <LinkButton
      to={href}
      variant="outlined"
      color="primary"
      size="small"
      startIcon={<CodeIcon />}
    >
      SQL console
    </LinkButton>
  );
};
