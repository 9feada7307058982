/*
 * Entities as the Polaris management API writes them (Catalog, Principal, PrincipalRole, CatalogRole of
 * polaris-management-service.yml; property order of the generated classes' constructors, as Jackson writes
 * them, and no null properties: the model classes are annotated JsonInclude NON_NULL). Polaris creates each
 * entity at version 1 and sets its last update time to its creation time.
 */
import type {
  CatalogRecord,
  CatalogRoleRecord,
  PrincipalRecord,
  PrincipalRoleRecord,
} from './realm';

export function catalogJson(catalog: CatalogRecord): Record<string, unknown> {
  return {
    type: catalog.type,
    name: catalog.name,
    properties: catalog.properties,
    createTimestamp: catalog.created,
    lastUpdateTimestamp: catalog.created,
    entityVersion: 1,
    storageConfigInfo: catalog.storageConfigInfo,
  };
}

export function principalJson(
  principal: PrincipalRecord,
): Record<string, unknown> {
  return {
    name: principal.name,
    clientId: principal.clientId,
    properties: principal.properties,
    createTimestamp: principal.created,
    lastUpdateTimestamp: principal.created,
    entityVersion: 1,
  };
}

export function principalRoleJson(
  role: PrincipalRoleRecord,
): Record<string, unknown> {
  return {
    name: role.name,
    federated: role.federated,
    properties: role.properties,
    createTimestamp: role.created,
    lastUpdateTimestamp: role.created,
    entityVersion: 1,
  };
}

export function catalogRoleJson(
  role: CatalogRoleRecord,
): Record<string, unknown> {
  return {
    name: role.name,
    properties: role.properties,
    createTimestamp: role.created,
    lastUpdateTimestamp: role.created,
    entityVersion: 1,
  };
}
