import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { lakehouseGovernanceReadPermission } from '@internal/plugin-lakehouse-common';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { GroupGrants, lakehouseApiRef } from '../../api';
import { entityName } from '../../governance';

type Grant = GroupGrants['grants'][number];

/** The dataset of a table grant as a link; otherwise what the grant is on. */
const Securable = ({ grant }: { grant: Grant }) => (
  <>
    {grant.securable.type}{' '}
    {grant.entityRef ? (
      <EntityRefLink
        entityRef={grant.entityRef}
        title={entityName(grant.entityRef)}
      />
    ) : (
      <code>{grant.securable.name}</code>
    )}
  </>
);

const GrantsTable = ({ grants }: { grants: Grant[] }) => (
  <Table size="small" aria-label="Lakehouse grants">
    <TableHead>
      <TableRow>
        <TableCell>Privilege</TableCell>
        <TableCell>On</TableCell>
        <TableCell>Through</TableCell>
      </TableRow>
    </TableHead>
    <TableBody>
      {grants.map((grant, i) => (
        <TableRow key={i}>
          <TableCell>
            <code>{grant.privilege}</code>
          </TableCell>
          <TableCell>
            <Securable grant={grant} />
          </TableCell>
          <TableCell>
            catalog role <code>{grant.catalogRole}</code> of principal role{' '}
            <code>{grant.principalRole}</code>
          </TableCell>
        </TableRow>
      ))}
    </TableBody>
  </Table>
);

const Grants = ({ groupRef }: { groupRef: string }) => {
  const api = useApi(lakehouseApiRef);
  const grants = useAsync(() => api.getGroupGrants(groupRef), [api, groupRef]);
  if (grants.loading) return <Progress aria-label="Loading the grants" />;
  if (grants.error) return <ResponseErrorPanel error={grants.error} />;
  const value = grants.value!;
  if (value.configured === false) {
    return (
      <Typography variant="body2">
        What a group can read comes from Apache Polaris: configure{' '}
        <code>lakehouse.governance.polaris</code>.
      </Typography>
    );
  }
  if (value.principalRoles.length === 0) {
    return (
      <Typography variant="body2">
        No Polaris principal role is mapped to this group
        (lakehouse.governance.polaris.principalRoles), so it holds no grants of
        its own.
      </Typography>
    );
  }
  const roles = value.principalRoles.join(', ');
  if (value.grants.length === 0) {
    return (
      <Typography variant="body2">
        Its principal roles ({roles}) hold no privilege in the catalog.
      </Typography>
    );
  }
  return (
    <>
      <Typography variant="body2" color="textSecondary">
        Through the Polaris principal roles {roles}
      </Typography>
      <GrantsTable grants={value.grants} />
    </>
  );
};

/**
 * "Lakehouse grants" on a group's page: what the group can read in Apache
 * Polaris through the principal roles mapped to it, and through which
 * catalog roles. Needs `lakehouse.governance.read`.
 */
export const GroupGrantsCard = () => {
  const { entity } = useEntity();
  const groupRef = stringifyEntityRef(entity);
  const { loading, allowed } = usePermission({
    permission: lakehouseGovernanceReadPermission,
  });
  let content: JSX.Element | null = null;
  if (loading) {
    content = <Progress aria-label="Checking your permissions" />;
  } else if (!allowed) {
    content = (
      <Typography variant="body2" color="textSecondary">
        A group's grants are shown to users with{' '}
        <code>{lakehouseGovernanceReadPermission.name}</code>.
      </Typography>
    );
  } else {
    content = <Grants groupRef={groupRef} />;
  }
  return <InfoCard title="Lakehouse grants">{content}</InfoCard>;
};
