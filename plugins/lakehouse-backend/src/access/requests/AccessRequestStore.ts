import { randomUUID } from 'node:crypto';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError } from '@backstage/errors';
import {
  AccessRequest,
  AccessRequestState,
} from '@internal/plugin-lakehouse-common';
import { Knex } from 'knex';
import { migratedPluginDatabase } from '../../database';
import { AccessGrantLookup, PendingAccessRequestCounts } from '../types';
import { GrantStep } from './grantSteps';

const TABLE = 'lakehouse_access_requests';

/** What a new request holds. */
export interface NewAccessRequest {
  entityRef: string;
  table: string;
  privilege: 'read';
  reason: string;
  durationDays: number;
  requestedBy: string;
}

/** How a pending request was decided. */
export interface AccessRequestDecision {
  state: 'approved' | 'rejected';
  decidedBy: string;
  decidedAt: Date;
  comment?: string;
  expiresAt?: Date;
  grant?: AccessRequest['grant'];
  appliedSteps?: GrantStep[];
}

/** Which requests to list. */
export interface AccessRequestFilter {
  entityRef?: string;
  state?: AccessRequestState;
  requestedBy?: string;
  limit: number;
}

interface Row {
  id: string;
  entity_ref: string;
  table_identifier: string;
  privilege: string;
  reason: string;
  duration_days: number;
  state: string;
  requested_by: string;
  created_at: Date | number | string;
  decided_by: string | null;
  decided_at: Date | number | string | null;
  comment: string | null;
  expires_at: Date | number | string | null;
  revoked_at: Date | number | string | null;
  error: string | null;
  grant: string | null;
  applied_steps: string | null;
}

// SQLite keeps timestamps as milliseconds, PostgreSQL as timestamptz.
const iso = (value: Date | number | string) => new Date(value).toISOString();

function toRequest(row: Row): AccessRequest {
  const request: AccessRequest = {
    id: row.id,
    entityRef: row.entity_ref,
    table: row.table_identifier,
    privilege: row.privilege as 'read',
    reason: row.reason,
    durationDays: Number(row.duration_days),
    state: row.state as AccessRequestState,
    requestedBy: row.requested_by,
    createdAt: iso(row.created_at),
  };
  if (row.decided_by) request.decidedBy = row.decided_by;
  if (row.decided_at !== null) request.decidedAt = iso(row.decided_at);
  if (row.comment) request.comment = row.comment;
  if (row.expires_at !== null) request.expiresAt = iso(row.expires_at);
  if (row.revoked_at !== null) request.revokedAt = iso(row.revoked_at);
  if (row.error) request.error = row.error;
  if (row.grant) request.grant = JSON.parse(row.grant);
  return request;
}

/** Refs in their normal form → the refs as given (malformed ones left out). */
function byNormalRef(entityRefs: string[]): Map<string, string[]> {
  const normal = new Map<string, string[]>();
  for (const ref of entityRefs) {
    let key: string;
    try {
      key = stringifyEntityRef(parseEntityRef(ref));
    } catch {
      continue;
    }
    normal.set(key, [...(normal.get(key) ?? []), ref]);
  }
  return normal;
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * The access requests, in the plugin's database (SQLite or PostgreSQL).
 * State changes are conditional on the state they start from, so that two
 * replicas, or two approvers, cannot both decide one request.
 */
export class AccessRequestStore
  implements AccessGrantLookup, PendingAccessRequestCounts
{
  private constructor(
    private readonly db: Knex,
    private readonly now: () => Date,
  ) {}

  /** Opens the store, bringing the plugin's tables up to date. */
  static async create(
    database: DatabaseService,
    options: { now?: () => Date } = {},
  ): Promise<AccessRequestStore> {
    return new AccessRequestStore(
      await migratedPluginDatabase(database),
      options.now ?? (() => new Date()),
    );
  }

  /**
   * Stores a pending request; a conflict when the user has a pending one
   * for the dataset already (naming it).
   */
  async add(input: NewAccessRequest): Promise<AccessRequest> {
    const existing = await this.pendingOf(input.entityRef, input.requestedBy);
    if (existing) throw this.conflict(existing, input.entityRef);
    const now = this.now();
    const id = randomUUID();
    try {
      await this.db(TABLE).insert({
        id,
        entity_ref: input.entityRef,
        table_identifier: input.table,
        privilege: input.privilege,
        reason: input.reason,
        duration_days: input.durationDays,
        state: 'pending',
        requested_by: input.requestedBy,
        created_at: now,
        updated_at: now,
      });
    } catch (error) {
      // Two requests at once: the partial unique index let one through.
      if (!isUniqueViolation(error)) throw error;
      const winner = await this.pendingOf(input.entityRef, input.requestedBy);
      throw winner ? this.conflict(winner, input.entityRef) : error;
    }
    return (await this.get(id))!;
  }

  async get(id: string): Promise<AccessRequest | undefined> {
    const row = await this.db<Row>(TABLE).where({ id }).first();
    return row ? toRequest(row) : undefined;
  }

  /** Requests matching the filter, newest first. */
  async list(filter: AccessRequestFilter): Promise<AccessRequest[]> {
    const query = this.db<Row>(TABLE);
    if (filter.entityRef) query.where('entity_ref', filter.entityRef);
    if (filter.state) query.where('state', filter.state);
    if (filter.requestedBy) query.where('requested_by', filter.requestedBy);
    const rows = await query
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(filter.limit);
    return rows.map(toRequest);
  }

  /** Decides a pending request; false when it is no longer pending. */
  async decide(id: string, decision: AccessRequestDecision): Promise<boolean> {
    const changed = await this.db(TABLE)
      .where({ id, state: 'pending' })
      .update({
        state: decision.state,
        decided_by: decision.decidedBy,
        decided_at: decision.decidedAt,
        comment: decision.comment ?? null,
        expires_at: decision.expiresAt ?? null,
        grant: decision.grant ? JSON.stringify(decision.grant) : null,
        applied_steps: decision.appliedSteps
          ? JSON.stringify(decision.appliedSteps)
          : null,
        error: null,
        updated_at: this.now(),
      });
    return changed > 0;
  }

  /** Records why applying or revoking failed; the state stays as it was. */
  async recordError(
    id: string,
    state: AccessRequestState,
    error: string,
  ): Promise<void> {
    await this.db(TABLE)
      .where({ id, state })
      .update({ error, updated_at: this.now() });
  }

  /** Marks an approved request expired, its grant revoked; false if it was not approved. */
  async markExpired(id: string, revokedAt: Date): Promise<boolean> {
    const changed = await this.db(TABLE)
      .where({ id, state: 'approved' })
      .update({
        state: 'expired',
        revoked_at: revokedAt,
        error: null,
        updated_at: this.now(),
      });
    return changed > 0;
  }

  /** Approved requests whose access ran out at `now` or before, oldest first. */
  async dueForExpiry(now: Date): Promise<AccessRequest[]> {
    const rows = await this.db<Row>(TABLE)
      .where('state', 'approved')
      .andWhere('expires_at', '<=', now)
      .orderBy('expires_at', 'asc');
    return rows.map(toRequest);
  }

  /** Approved requests whose access runs beyond `now`. */
  async active(
    now: Date,
    filter: { entityRefs?: string[] } = {},
  ): Promise<AccessRequest[]> {
    const query = this.db<Row>(TABLE)
      .where('state', 'approved')
      .andWhere('expires_at', '>', now);
    if (filter.entityRefs) query.whereIn('entity_ref', filter.entityRefs);
    return (await query).map(toRequest);
  }

  /**
   * The users holding an approved, unexpired request for each dataset:
   * {@link AccessGrantLookup}, for the `HAS_ACCESS_GRANT` rule. Keys are the
   * refs as given; datasets nobody holds access to are left out.
   */
  async activeGrantees(
    entityRefs: string[],
  ): Promise<Map<string, Set<string>>> {
    const given = byNormalRef(entityRefs);
    const result = new Map<string, Set<string>>();
    if (!given.size) return result;
    for (const request of await this.active(this.now(), {
      entityRefs: [...given.keys()],
    })) {
      for (const ref of given.get(request.entityRef) ?? []) {
        const users = result.get(ref) ?? new Set<string>();
        users.add(request.requestedBy);
        result.set(ref, users);
      }
    }
    return result;
  }

  /**
   * How many pending requests each dataset has, for the governance
   * scorecards. Keys are the refs as given; datasets without any are left out.
   */
  async pendingCounts(entityRefs: string[]): Promise<Map<string, number>> {
    const given = byNormalRef(entityRefs);
    const result = new Map<string, number>();
    if (!given.size) return result;
    const rows: Array<{ entity_ref: string; count: number | string }> =
      await this.db(TABLE)
        .where('state', 'pending')
        .whereIn('entity_ref', [...given.keys()])
        .groupBy('entity_ref')
        .select('entity_ref')
        .count({ count: '*' });
    for (const row of rows) {
      for (const ref of given.get(row.entity_ref) ?? []) {
        result.set(ref, Number(row.count));
      }
    }
    return result;
  }

  private async pendingOf(
    entityRef: string,
    requestedBy: string,
  ): Promise<AccessRequest | undefined> {
    const row = await this.db<Row>(TABLE)
      .where({
        entity_ref: entityRef,
        requested_by: requestedBy,
        state: 'pending',
      })
      .first();
    return row ? toRequest(row) : undefined;
  }

  private conflict(existing: AccessRequest, entityRef: string) {
    return new ConflictError(
      `You already have a pending access request for ${entityRef}: ${existing.id}`,
    );
  }
}
