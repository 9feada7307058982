import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';

/**
 * The portal's permission policy. Every decision about lakehouse data (SQL
 * console, dataset previews, scaffolder actions that touch the platform) is
 * made here, so an adopter replaces one module to change who may do what.
 *
 * Requests without a user (service-to-service calls that reach the policy)
 * are allowed: the backend already authenticated the calling plugin.
 */
export class LakehousePermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) {
      return { result: AuthorizeResult.ALLOW };
    }
    return this.decideForUser(request, user);
  }

  private async decideForUser(
    _request: PolicyQuery,
    _user: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    // Signed-in users may use every catalog and scaffolder feature; the
    // lakehouse permissions add their own rules here.
    return { result: AuthorizeResult.ALLOW };
  }
}
