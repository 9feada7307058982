import { EntityRefLink } from '@backstage/plugin-catalog-react';

/** The owner of an entity as a link, or a dash when it has none. */
export const OwnerLink = ({ owner }: { owner?: string }) =>
  owner ? <EntityRefLink entityRef={owner} defaultKind="group" /> : <>—</>;
