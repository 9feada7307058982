import { Entity, parseEntityRef } from '@backstage/catalog-model';
import {
  getSourceSystems,
  OwnershipFinding,
} from '@internal/plugin-lakehouse-common';
import { ownerRefOf, refKey, titleOf } from '../entityFacts';

/** The owner name the dbt provider writes when a source names no owner. */
const UNKNOWN_OWNER = 'unknown';

/** Where the owner of an entity is set, by the system it was read from. */
export function ownerSetIn(entity: Entity): string {
  const sources = getSourceSystems(entity);
  if (sources.includes('dbt')) {
    return "meta.owner of its dbt model or source (or catalog.providers.dbt's defaultOwner)";
  }
  if (sources.includes('feast')) {
    return "the owner of the feature view or service in the Feast repository (or catalog.providers.feast's defaultOwner)";
  }
  if (sources.includes('mlflow')) {
    return "the owner tag of the registered model in MLflow (or catalog.providers.mlflow's defaultOwner)";
  }
  if (sources.includes('kserve')) {
    return "the lakehouse.dev/owner annotation of the InferenceService (or catalog.providers.kserve's defaultOwner)";
  }
  const provider = sources.find(s => s === 'iceberg' || s === 'trino');
  if (provider) {
    return `the defaultOwner of catalog.providers.${provider}`;
  }
  return "spec.owner in the entity's YAML";
}

const hasMembers = (group: Entity) =>
  (group.relations ?? []).some(r => r.type === 'hasMember');

/**
 * What is wrong with the ownership of an entity, if anything: no owner, an
 * owner the catalog does not have, or an owner group without members. A
 * group counts its direct members only: only they get the group in their
 * ownership claims, which is what owner permissions check.
 *
 * @param owners - the owner entities the catalog has, by {@link refKey}
 */
export function ownershipFinding(
  entity: Entity,
  entityRef: string,
  owners: ReadonlyMap<string, Entity>,
): OwnershipFinding | undefined {
  const base = {
    entityRef,
    title: titleOf(entity),
    type: String(entity.spec?.type ?? entity.kind.toLocaleLowerCase('en-US')),
  };
  const where = ownerSetIn(entity);
  const owner = ownerRefOf(entity);
  const ownerEntity = owner ? owners.get(refKey(owner)) : undefined;
  if (
    !owner ||
    (!ownerEntity && parseEntityRef(owner).name === UNKNOWN_OWNER)
  ) {
    return {
      ...base,
      kind: 'no-owner',
      problem: `${base.title} has no owner: no team answers for it, and nobody can approve access to it.`,
      fix: `Set ${where} to a group of the catalog.`,
    };
  }
  if (!ownerEntity) {
    return {
      ...base,
      owner,
      kind: 'owner-not-found',
      problem: `${base.title} is owned by ${owner}, which is not in the catalog.`,
      fix: `Add ${owner} to the catalog (a Group entity, or your identity provider's sync), or set ${where} to a group that exists.`,
    };
  }
  if (
    ownerEntity.kind.toLocaleLowerCase('en-US') === 'group' &&
    !hasMembers(ownerEntity)
  ) {
    return {
      ...base,
      owner,
      kind: 'owner-group-empty',
      problem: `${base.title} is owned by ${owner}, which has no members, so no user holds its ownership.`,
      fix: `Add users to ${owner} (spec.memberOf of their User entities, or in your identity provider), or set ${where} to a group that has members.`,
    };
  }
  return undefined;
}
