import { usePermission } from '@backstage/plugin-permission-react';
import { lakehouseGovernanceReadPermission } from '@internal/plugin-lakehouse-common';
import PolicyIcon from '@material-ui/icons/Policy';
import { governanceRouteRef } from '../../routes';
import { HeaderPageLink } from '../HeaderPageLink';

/**
 * The way from the lakehouse pages' header to the governance page, for
 * users allowed to see it (`lakehouse.governance.read`).
 */
export const GovernanceLink = () => {
  const { allowed } = usePermission({
    permission: lakehouseGovernanceReadPermission,
  });
  if (!allowed) return null;
  return (
    <HeaderPageLink routeRef={governanceRouteRef} icon={<PolicyIcon />}>
      Governance
    </HeaderPageLink>
  );
};
