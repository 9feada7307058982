import type { Request } from 'express';
import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AccessRequest,
  AccessRequestState,
  CreateAccessRequest,
  lakehouseAccessRequestApprovePermission,
  lakehouseAccessRequestCreatePermission,
} from '@internal/plugin-lakehouse-common';
import { AccessRequestsConfig } from '../config';
import { normalizeEntityRef, ownerRefOf, visibleDataset } from '../datasets';
import { POLARIS_CONFIG_KEY, PolarisConfig } from '../polaris/config';
import { PolarisAccessCache } from '../polaris/PolarisAccessCache';
import { polarisLocationOf } from '../polaris/tables';
import { POLARIS_NOT_CONFIGURED } from '../types';
import { AccessRequestStore } from './AccessRequestStore';
import {
  describeStep,
  GrantPlan,
  GrantStep,
  planGrant,
  polarisGrantOf,
  recordedGrant,
} from './grantSteps';
import { PolarisGrantApplier } from './PolarisGrantApplier';
import { requestedNotification, requesterNotification } from './notifications';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Requests read from the database for one list, before filtering. */
const LIST_LIMIT = 1000;

/** The Polaris side of access requests, when `lakehouse.governance.polaris` is set. */
export interface AccessRequestPolaris {
  config: PolarisConfig;
  applier: PolarisGrantApplier;
  /** Invalidated after every change the service makes. */
  cache: PolarisAccessCache;
}

/** What {@link AccessRequestService} needs. */
export interface AccessRequestServiceOptions {
  store: AccessRequestStore;
  config: AccessRequestsConfig;
  polaris?: AccessRequestPolaris;
  catalog: CatalogService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  notifications?: NotificationService;
  now?: () => Date;
}

/** Who acts, and the HTTP request the audit log attributes the action to. */
export interface Actor {
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  request?: Request;
}

/** Which requests to list. */
export interface AccessRequestQuery {
  entityRef?: string;
  state?: AccessRequestState;
  /** Only the user's own requests. */
  mine?: boolean;
}

/** What one run of the expiry did. */
export interface ExpiryResult {
  /** Requests whose grants were revoked. */
  expired: string[];
  /** Requests whose grants could not be revoked; they stay approved, with the error, and are retried. */
  failed: string[];
}

/**
 * Access requests: a user asks to read a dataset for some days and why;
 * its owners (or whoever the policy lets approve, `lakehouse.access-request.approve`)
 * approve or reject it; approval applies a read grant through Polaris'
 * management API, all of it or nothing; expiry revokes it. Every action is
 * audited, and the people concerned are notified.
 */
export class AccessRequestService {
  /** Polaris changes run one at a time: two approvals of one dataset share its catalog role. */
  private polarisQueue: Promise<unknown> = Promise.resolve();
  private readonly now: () => Date;

  private constructor(private readonly options: AccessRequestServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  static create(options: AccessRequestServiceOptions): AccessRequestService {
    return new AccessRequestService(options);
  }

  /** The longest duration a request may ask for, in days. */
  get maxDurationDays(): number {
    return this.options.config.maxDurationDays;
  }

  /** Asks for read access to a dataset. */
  async create(
    input: CreateAccessRequest,
    actor: Actor,
  ): Promise<AccessRequest> {
    const { auditor, permissions, catalog, store } = this.options;
    const userRef = actor.credentials.principal.userEntityRef;
    const audit = await auditor.createEvent({
      eventId: 'access-request-create',
      severityLevel: 'medium',
      request: actor.request,
      meta: {
        entityRef: input.entityRef,
        privilege: input.privilege,
        durationDays: input.durationDays,
        reason: input.reason,
      },
    });
    try {
      const [decision] = await permissions.authorize(
        [{ permission: lakehouseAccessRequestCreatePermission }],
        { credentials: actor.credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          'You are not allowed to ask for access to datasets (lakehouse.access-request.create)',
        );
      }
      const dataset = await visibleDataset(
        catalog,
        input.entityRef,
        actor.credentials,
      );
      const polaris = this.requirePolaris();
      polarisLocationOf(dataset.table, polaris.config);
      this.principalOf(userRef, polaris.config);
      const created = await store.add({
        entityRef: dataset.entityRef,
        table: dataset.table,
        privilege: input.privilege,
        reason: input.reason,
        durationDays: input.durationDays,
        requestedBy: userRef,
      });
      await this.notifyOwners(created, dataset.entity);
      await audit.success({
        meta: {
          id: created.id,
          entityRef: created.entityRef,
          table: created.table,
        },
      });
      return created;
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  }

  /**
   * The requests the user may see: their own, and those of datasets they
   * may approve. Newest first.
   */
  async list(
    query: AccessRequestQuery,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<AccessRequest[]> {
    const userRef = credentials.principal.userEntityRef;
    const requests = await this.options.store.list({
      entityRef: query.entityRef && normalizeEntityRef(query.entityRef),
      state: query.state,
      requestedBy: query.mine ? userRef : undefined,
      limit: LIST_LIMIT,
    });
    const approvable = await this.approvableDatasets(
      requests.filter(r => r.requestedBy !== userRef).map(r => r.entityRef),
      credentials,
    );
    return requests.filter(
      r => r.requestedBy === userRef || approvable.has(r.entityRef),
    );
  }

  /** One request, if the user may see it (404 otherwise). */
  async get(
    id: string,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<AccessRequest> {
    const request = await this.options.store.get(id);
    if (request) {
      if (request.requestedBy === credentials.principal.userEntityRef) {
        return request;
      }
      const approvable = await this.approvableDatasets(
        [request.entityRef],
        credentials,
      );
      if (approvable.has(request.entityRef)) return request;
    }
    throw new NotFoundError(`No access request ${id}`);
  }

  /**
   * Approves a pending request and applies its grant in Polaris. When a step
   * fails, what the earlier steps added is taken back, the request stays
   * pending with the error, and the error is thrown (502 for Polaris').
   */
  async approve(
    id: string,
    comment: string | undefined,
    actor: Actor,
  ): Promise<AccessRequest> {
    const { store, auditor } = this.options;
    const audit = await auditor.createEvent({
      eventId: 'access-request-approve',
      severityLevel: 'high',
      request: actor.request,
      meta: { id },
    });
    let pending: AccessRequest | undefined;
    try {
      pending = await this.decidable(id, actor, 'approve');
      const polaris = this.requirePolaris();
      const plan = planGrant(
        polarisLocationOf(pending.table, polaris.config),
        this.principalOf(pending.requestedBy, polaris.config),
        this.options.config,
      );
      const steps = await this.serialized(() => polaris.applier.apply(plan));
      polaris.cache.invalidate();
      const decidedAt = this.now();
      let decided: boolean;
      try {
        decided = await store.decide(id, {
          state: 'approved',
          decidedBy: actor.credentials.principal.userEntityRef,
          decidedAt,
          comment,
          expiresAt: new Date(
            decidedAt.getTime() + pending.durationDays * DAY_MS,
          ),
          grant: recordedGrant(plan),
          appliedSteps: steps,
        });
      } catch (error) {
        // Not recorded as approved: the grant must not stay either.
        await this.takeBack(steps, polaris, id);
        throw error;
      }
      if (!decided) {
        // Someone decided it while the grant was applied: take it back.
        await this.takeBack(steps, polaris, id);
        throw this.notPending((await store.get(id)) ?? pending);
      }
      const approved = (await store.get(id))!;
      await this.notify(requesterNotification(approved), approved.id);
      await audit.success({
        meta: {
          entityRef: approved.entityRef,
          requestedBy: approved.requestedBy,
          expiresAt: approved.expiresAt,
          grant: approved.grant,
          changes: steps.map(describeStep),
        },
      });
      return approved;
    } catch (error) {
      if (pending) {
        // Allowed to approve, but the grant could not be applied: say why
        // on the request, which stays pending.
        await store.recordError(id, 'pending', (error as Error).message);
        this.options.polaris?.cache.invalidate();
      }
      await audit.fail({
        error: error as Error,
        meta: pending
          ? { entityRef: pending.entityRef, requestedBy: pending.requestedBy }
          : undefined,
      });
      throw error;
    }
  }

  /** Rejects a pending request. */
  async reject(
    id: string,
    comment: string | undefined,
    actor: Actor,
  ): Promise<AccessRequest> {
    const { store, auditor } = this.options;
    const audit = await auditor.createEvent({
      eventId: 'access-request-reject',
      severityLevel: 'medium',
      request: actor.request,
      meta: { id },
    });
    try {
      const pending = await this.decidable(id, actor, 'reject');
      const decided = await store.decide(id, {
        state: 'rejected',
        decidedBy: actor.credentials.principal.userEntityRef,
        decidedAt: this.now(),
        comment,
      });
      if (!decided) throw this.notPending((await store.get(id)) ?? pending);
      const rejected = (await store.get(id))!;
      await this.notify(requesterNotification(rejected), rejected.id);
      await audit.success({
        meta: {
          entityRef: rejected.entityRef,
          requestedBy: rejected.requestedBy,
        },
      });
      return rejected;
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  }

  /**
   * Revokes the grants of approved requests whose time ran out by `now`:
   * the catalog role's assignment to the user's principal role, unless
   * another active request of the user needs it, and the catalog role's
   * grant, unless another active request uses the role. A failure leaves the
   * request approved with the error, for the next run to retry.
   */
  async expireDue(now: Date = this.now()): Promise<ExpiryResult> {
    const { store } = this.options;
    const result: ExpiryResult = { expired: [], failed: [] };
    const due = await store.dueForExpiry(now);
    if (!due.length) return result;
    for (const request of due) {
      if (await this.expire(request, now)) {
        result.expired.push(request.id);
      } else {
        result.failed.push(request.id);
      }
    }
    this.options.polaris?.cache.invalidate();
    return result;
  }

  private async expire(request: AccessRequest, now: Date): Promise<boolean> {
    const { store, auditor } = this.options;
    const audit = await auditor.createEvent({
      eventId: 'access-request-expire',
      severityLevel: 'medium',
      meta: {
        id: request.id,
        entityRef: request.entityRef,
        requestedBy: request.requestedBy,
        expiresAt: request.expiresAt,
        grant: request.grant,
      },
    });
    try {
      let revoked: string[] = [];
      const grant = request.grant;
      if (grant) {
        const polaris = this.requirePolaris();
        const others = (await store.active(now)).filter(
          o =>
            o.id !== request.id &&
            o.grant?.catalog === grant.catalog &&
            o.grant?.catalogRole === grant.catalogRole,
        );
        const plan: Omit<GrantPlan, 'principal'> = {
          catalog: grant.catalog,
          catalogRole: grant.catalogRole,
          principalRole: grant.principalRole,
          grant: polarisGrantOf(grant),
        };
        revoked = await this.serialized(() =>
          polaris.applier.revoke(plan, {
            assignment: others.some(
              o => o.grant?.principalRole === grant.principalRole,
            ),
            grant: others.length > 0,
          }),
        );
      }
      if (!(await store.markExpired(request.id, now))) {
        // Already expired by another replica: nothing left to do.
        await audit.success({ meta: { revoked, alreadyExpired: true } });
        return true;
      }
      const expired = (await store.get(request.id))!;
      await this.notify(requesterNotification(expired), expired.id);
      await audit.success({ meta: { revoked } });
      return true;
    } catch (error) {
      await store.recordError(
        request.id,
        'approved',
        `Could not revoke the grant: ${(error as Error).message}`,
      );
      await audit.fail({ error: error as Error });
      return false;
    }
  }

  /** The pending request `actor` may decide, or why not. */
  private async decidable(
    id: string,
    actor: Actor,
    action: 'approve' | 'reject',
  ): Promise<AccessRequest> {
    const request = await this.options.store.get(id);
    if (!request) throw new NotFoundError(`No access request ${id}`);
    const approvable = await this.approvableDatasets(
      [request.entityRef],
      actor.credentials,
    );
    if (!approvable.has(request.entityRef)) {
      throw new NotAllowedError(
        `You are not allowed to ${action} access requests for ${request.entityRef} (lakehouse.access-request.approve)`,
      );
    }
    if (
      action === 'approve' &&
      request.requestedBy === actor.credentials.principal.userEntityRef
    ) {
      throw new NotAllowedError('You cannot approve your own access request');
    }
    if (request.state !== 'pending') throw this.notPending(request);
    return request;
  }

  private async takeBack(
    steps: GrantStep[],
    polaris: AccessRequestPolaris,
    id: string,
  ) {
    const { failures } = await this.serialized(() =>
      polaris.applier.undo(steps),
    );
    polaris.cache.invalidate();
    if (failures.length) {
      this.options.logger.error(
        `Access request ${id}: could not take back the grant applied for it: ${failures.join(
          '; ',
        )}`,
      );
    }
  }

  private notPending(request: AccessRequest) {
    return new ConflictError(
      `Access request ${request.id} is ${request.state}, no longer pending`,
    );
  }

  /** The datasets among `entityRefs` whose requests the user may decide. */
  private async approvableDatasets(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const unique = [...new Set(entityRefs)];
    if (!unique.length) return new Set();
    const decisions = await this.options.permissions.authorize(
      unique.map(resourceRef => ({
        permission: lakehouseAccessRequestApprovePermission,
        resourceRef,
      })),
      { credentials },
    );
    return new Set(
      unique.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW),
    );
  }

  private requirePolaris(): AccessRequestPolaris {
    if (!this.options.polaris) {
      throw new ServiceUnavailableError(
        `Access requests cannot be applied: ${POLARIS_NOT_CONFIGURED}`,
      );
    }
    return this.options.polaris;
  }

  /** The Polaris principal of a user, from `principals`. */
  private principalOf(userRef: string, config: PolarisConfig): string {
    for (const [principal, ref] of config.principals) {
      if (ref === userRef) return principal;
    }
    throw new InputError(
      `No Polaris principal is mapped to ${userRef}: add one to ${POLARIS_CONFIG_KEY}.principals`,
    );
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.polarisQueue.then(fn, fn);
    this.polarisQueue = run.catch(() => undefined);
    return run;
  }

  private async notifyOwners(request: AccessRequest, entity: Entity) {
    const owner = ownerRefOf(entity);
    if (!owner) {
      this.options.logger.warn(
        `Access request ${request.id} for ${request.entityRef}: the dataset has no owner to notify`,
      );
      return;
    }
    await this.notify(
      requestedNotification(
        request,
        owner,
        entity.metadata.title ?? entity.metadata.name,
      ),
      request.id,
    );
  }

  /** Sends a notification; a failure to notify does not undo the action. */
  private async notify(notification: NotificationSendOptions, id: string) {
    const { notifications, logger } = this.options;
    if (!notifications) return;
    try {
      await notifications.send(notification);
    } catch (error) {
      logger.warn(
        `Could not send the notification of access request ${id}: ${error}`,
      );
    }
  }
}
