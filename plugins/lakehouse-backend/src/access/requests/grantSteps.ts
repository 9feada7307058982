import { createHash } from 'node:crypto';
import { AccessRequest } from '@internal/plugin-lakehouse-common';
import { PolarisGrant } from '../polaris/PolarisManagementClient';
import {
  GRANTED_READ_PRIVILEGE,
  PolarisTableLocation,
} from '../polaris/tables';

/** A change the portal made in Polaris while applying an approval. */
export type GrantStep =
  | { kind: 'create-catalog-role'; catalog: string; catalogRole: string }
  | {
      kind: 'add-grant';
      catalog: string;
      catalogRole: string;
      grant: PolarisGrant;
    }
  | { kind: 'create-principal-role'; principalRole: string }
  | { kind: 'assign-principal-role'; principal: string; principalRole: string }
  | {
      kind: 'assign-catalog-role';
      principalRole: string;
      catalog: string;
      catalogRole: string;
    };

/** What applying an approval puts in place. */
export interface GrantPlan {
  catalog: string;
  catalogRole: string;
  /** The requester's own principal role, which carries the catalog role. */
  principalRole: string;
  /** The requester's Polaris principal. */
  principal: string;
  grant: PolarisGrant;
}

const MAX_NAME = 256;

/**
 * A name part Polaris accepts and that reads like the original: letters,
 * digits, `_` and `-` stay, anything else becomes `~` and its UTF-8 bytes
 * in hex. Distinct parts stay distinct, so two tables never share a role.
 */
function escapePart(part: string): string {
  return part.replace(/[^A-Za-z0-9_-]/gu, ch =>
    [...Buffer.from(ch, 'utf8')]
      .map(b => `~${b.toString(16).padStart(2, '0')}`)
      .join(''),
  );
}

/** Keeps a name within Polaris' 256 characters, distinct by a hash of the whole. */
function fitName(name: string): string {
  if (name.length <= MAX_NAME) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 16);
  return `${name.slice(0, MAX_NAME - hash.length - 1)}~${hash}`;
}

/**
 * The catalog role of a dataset, `<prefix>_<namespace>.<table>` (e.g.
 * `backstage_access_gold.fct_orders`), or of its namespace with the
 * `namespace` scope, `<prefix>_<namespace>.*`. The parts are joined with
 * dots, which no part contains, rather than underscores, which they do:
 * `a.b_c` and `a_b.c` must not share a role.
 */
export function catalogRoleName(
  location: PolarisTableLocation,
  scope: 'dataset' | 'namespace',
  prefix: string,
): string {
  const namespace = location.namespace.map(escapePart).join('.');
  const leaf = scope === 'dataset' ? escapePart(location.table) : '*';
  return fitName(`${prefix}_${namespace}.${leaf}`);
}

/** The principal role the portal gives a user's principal to carry their grants. */
export function userPrincipalRoleName(
  principal: string,
  prefix: string,
): string {
  return fitName(`${prefix}_user_${escapePart(principal)}`);
}

/** What approving a request for `location` by `principal` puts in place. */
export function planGrant(
  location: PolarisTableLocation,
  principal: string,
  options: { grantScope: 'dataset' | 'namespace'; rolePrefix: string },
): GrantPlan {
  const grant: PolarisGrant =
    options.grantScope === 'dataset'
      ? {
          type: 'table',
          namespace: location.namespace,
          tableName: location.table,
          privilege: GRANTED_READ_PRIVILEGE,
        }
      : {
          type: 'namespace',
          namespace: location.namespace,
          privilege: GRANTED_READ_PRIVILEGE,
        };
  return {
    catalog: location.catalog,
    catalogRole: catalogRoleName(
      location,
      options.grantScope,
      options.rolePrefix,
    ),
    principalRole: userPrincipalRoleName(principal, options.rolePrefix),
    principal,
    grant,
  };
}

/** The grant of a plan as an access request records it. */
export function recordedGrant(
  plan: GrantPlan,
): NonNullable<AccessRequest['grant']> {
  const { grant } = plan;
  return {
    catalog: plan.catalog,
    catalogRole: plan.catalogRole,
    principalRole: plan.principalRole,
    privilege: grant.privilege,
    securable:
      grant.type === 'table'
        ? {
            type: 'table',
            namespace: grant.namespace,
            table: grant.tableName,
          }
        : {
            type: 'namespace',
            namespace: grant.type === 'catalog' ? [] : grant.namespace,
          },
  };
}

/** The Polaris grant an access request recorded. */
export function polarisGrantOf(
  recorded: NonNullable<AccessRequest['grant']>,
): PolarisGrant {
  const { securable, privilege } = recorded;
  return securable.type === 'table'
    ? {
        type: 'table',
        namespace: securable.namespace,
        tableName: securable.table!,
        privilege,
      }
    : { type: 'namespace', namespace: securable.namespace, privilege };
}

/** A step in words, for errors and the audit log. */
export function describeStep(step: GrantStep): string {
  switch (step.kind) {
    case 'create-catalog-role':
      return `created catalog role ${step.catalogRole} in ${step.catalog}`;
    case 'add-grant':
      return `granted ${step.grant.privilege} to catalog role ${step.catalogRole}`;
    case 'create-principal-role':
      return `created principal role ${step.principalRole}`;
    case 'assign-principal-role':
      return `assigned principal role ${step.principalRole} to principal ${step.principal}`;
    default:
      return `assigned catalog role ${step.catalogRole} to principal role ${step.principalRole}`;
  }
}
