import { Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
import {
  EntityRefLink,
  EntityRefLinks,
  getEntityRelations,
} from '@backstage/plugin-catalog-react';
import { getOwnerRef } from '../../featureStore';

/** The owner of an entity, linked: from its relations, else from `spec.owner`. */
export const OwnerLinks = ({ entity }: { entity: Entity }) => {
  const owners = getEntityRelations(entity, RELATION_OWNED_BY);
  if (owners.length > 0) {
    return <EntityRefLinks entityRefs={owners} defaultKind="group" />;
  }
  const owner = getOwnerRef(entity);
  if (owner) return <EntityRefLink entityRef={owner} defaultKind="group" />;
  return <>unknown</>;
};
