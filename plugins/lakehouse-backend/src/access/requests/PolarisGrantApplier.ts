import { CustomErrorBase } from '@backstage/errors';
import {
  isPolarisAlreadyExists,
  isPolarisGrantNotFound,
  PolarisManagementClient,
  PolarisRequestError,
} from '../polaris/PolarisManagementClient';
import { sameGrant } from '../polaris/tables';
import { describeStep, GrantPlan, GrantStep } from './grantSteps';

/** Steps that give access, and are taken back when a later step fails. */
const UNDOABLE = new Set<GrantStep['kind']>([
  'add-grant',
  'assign-principal-role',
  'assign-catalog-role',
]);

/** Marks the roles the portal creates, for Polaris administrators. */
const MANAGED_BY = { 'backstage.managed-by': 'lakehouse-access-requests' };

/**
 * Applying a grant failed; the steps it had taken were undone (or, where
 * undoing failed too, `undoFailures` says which). Answered as 502 when
 * Polaris failed.
 */
export class GrantApplyError extends CustomErrorBase {
  name = 'GrantApplyError' as const;
  readonly statusCode: number;

  constructor(
    message: string,
    /** The step's failure (its message is part of this one's). */
    readonly failure: Error,
    /** The steps taken before the failure, undone unless in `undoFailures`. */
    readonly taken: GrantStep[],
    readonly undoFailures: string[],
  ) {
    super(message);
    this.statusCode = failure instanceof PolarisRequestError ? 502 : 500;
  }
}

/**
 * Puts an approval's grant in place in Polaris, one idempotent step at a
 * time, and takes it away again. Each step first reads whether what it
 * would add is there already, so that the steps it records are exactly the
 * changes it made, and only those are undone when a later step fails.
 */
export class PolarisGrantApplier {
  constructor(private readonly client: PolarisManagementClient) {}

  /** Applies the plan; the steps that added something, in order. */
  async apply(plan: GrantPlan): Promise<GrantStep[]> {
    const steps: GrantStep[] = [];
    try {
      await this.ensureCatalogRole(plan, steps);
      await this.ensureGrant(plan, steps);
      await this.ensurePrincipalRole(plan, steps);
      await this.ensurePrincipalAssignment(plan, steps);
      await this.ensureCatalogRoleAssignment(plan, steps);
      return steps;
    } catch (error) {
      const { undone, failures: undoFailures } = await this.undo(steps);
      const tookBack = undone.length
        ? `; took back what it had done: ${undone.map(describeStep).join(', ')}`
        : '';
      const failed = undoFailures.length
        ? `; undoing failed: ${undoFailures.join('; ')}`
        : '';
      throw new GrantApplyError(
        `Could not apply the grant in Polaris: ${
          (error as Error).message
        }${tookBack}${failed}`,
        error as Error,
        steps,
        undoFailures,
      );
    }
  }

  /**
   * Takes back what an approval put in place: the catalog role's assignment
   * to the user's principal role and the grant on the catalog role, unless
   * `keep` says another active request still needs them. What is gone
   * already counts as taken back.
   */
  async revoke(
    plan: Omit<GrantPlan, 'principal'>,
    keep: { assignment: boolean; grant: boolean },
  ): Promise<string[]> {
    const done: string[] = [];
    if (!keep.assignment) {
      await this.ignoringAbsent(() =>
        this.client.revokeCatalogRole(
          plan.principalRole,
          plan.catalog,
          plan.catalogRole,
        ),
      );
      done.push(
        `unassigned catalog role ${plan.catalogRole} from principal role ${plan.principalRole}`,
      );
    }
    if (!keep.grant) {
      await this.ignoringAbsent(() =>
        this.client.revokeGrant(plan.catalog, plan.catalogRole, plan.grant),
      );
      done.push(
        `revoked ${plan.grant.privilege} from catalog role ${plan.catalogRole}`,
      );
    }
    return done;
  }

  private async ensureCatalogRole(plan: GrantPlan, steps: GrantStep[]) {
    if (await this.client.getCatalogRole(plan.catalog, plan.catalogRole)) {
      return;
    }
    if (
      await this.creating(() =>
        this.client.createCatalogRole(
          plan.catalog,
          plan.catalogRole,
          MANAGED_BY,
        ),
      )
    ) {
      steps.push({
        kind: 'create-catalog-role',
        catalog: plan.catalog,
        catalogRole: plan.catalogRole,
      });
    }
  }

  private async ensureGrant(plan: GrantPlan, steps: GrantStep[]) {
    const grants = await this.client.listGrants(plan.catalog, plan.catalogRole);
    if (grants.some(g => sameGrant(g, plan.grant))) return;
    await this.client.addGrant(plan.catalog, plan.catalogRole, plan.grant);
    steps.push({
      kind: 'add-grant',
      catalog: plan.catalog,
      catalogRole: plan.catalogRole,
      grant: plan.grant,
    });
  }

  private async ensurePrincipalRole(plan: GrantPlan, steps: GrantStep[]) {
    if (await this.client.getPrincipalRole(plan.principalRole)) return;
    if (
      await this.creating(() =>
        this.client.createPrincipalRole(plan.principalRole, MANAGED_BY),
      )
    ) {
      steps.push({
        kind: 'create-principal-role',
        principalRole: plan.principalRole,
      });
    }
  }

  private async ensurePrincipalAssignment(plan: GrantPlan, steps: GrantStep[]) {
    const roles = await this.client.listPrincipalRolesOfPrincipal(
      plan.principal,
    );
    if (roles.some(r => r.name === plan.principalRole)) return;
    await this.client.assignPrincipalRole(plan.principal, plan.principalRole);
    steps.push({
      kind: 'assign-principal-role',
      principal: plan.principal,
      principalRole: plan.principalRole,
    });
  }

  private async ensureCatalogRoleAssignment(
    plan: GrantPlan,
    steps: GrantStep[],
  ) {
    const roles = await this.client.listCatalogRolesOfPrincipalRole(
      plan.principalRole,
      plan.catalog,
    );
    if (roles.some(r => r.name === plan.catalogRole)) return;
    await this.client.assignCatalogRole(
      plan.principalRole,
      plan.catalog,
      plan.catalogRole,
    );
    steps.push({
      kind: 'assign-catalog-role',
      principalRole: plan.principalRole,
      catalog: plan.catalog,
      catalogRole: plan.catalogRole,
    });
  }

  /** Creates; false when someone else created it meanwhile. */
  private async creating(create: () => Promise<unknown>): Promise<boolean> {
    try {
      await create();
      return true;
    } catch (error) {
      if (isPolarisAlreadyExists(error)) return false;
      throw error;
    }
  }

  /**
   * Undoes steps in reverse order; the failures, in words. Roles the steps
   * created are kept: without grants or assignments they give nobody
   * anything, and another approval may be using the same role by now.
   */
  async undo(
    steps: GrantStep[],
  ): Promise<{ undone: GrantStep[]; failures: string[] }> {
    const undone: GrantStep[] = [];
    const failures: string[] = [];
    for (const step of [...steps].reverse()) {
      if (!UNDOABLE.has(step.kind)) continue;
      try {
        switch (step.kind) {
          case 'assign-catalog-role':
            await this.ignoringAbsent(() =>
              this.client.revokeCatalogRole(
                step.principalRole,
                step.catalog,
                step.catalogRole,
              ),
            );
            break;
          case 'assign-principal-role':
            await this.ignoringAbsent(() =>
              this.client.revokePrincipalRole(
                step.principal,
                step.principalRole,
              ),
            );
            break;
          case 'add-grant':
            await this.ignoringAbsent(() =>
              this.client.revokeGrant(
                step.catalog,
                step.catalogRole,
                step.grant,
              ),
            );
            break;
          default:
            break;
        }
        undone.push(step);
      } catch (error) {
        failures.push(`${describeStep(step)}: ${(error as Error).message}`);
      }
    }
    return { undone, failures };
  }

  private async ignoringAbsent(revoke: () => Promise<void>): Promise<void> {
    try {
      await revoke();
    } catch (error) {
      if (!isPolarisGrantNotFound(error)) throw error;
    }
  }
}
