import {
  PolarisGrant,
  PolarisManagementClient,
} from './PolarisManagementClient';

/** A catalog role of the catalog: its grants and the principal roles holding it. */
export interface CatalogRoleAccess {
  name: string;
  grants: PolarisGrant[];
  principalRoles: string[];
}

/** Who holds what in one Polaris catalog, read at one moment. */
export interface PolarisAccessSnapshot {
  catalog: string;
  catalogRoles: CatalogRoleAccess[];
  /** Principal role → the principals holding it. */
  principalsOf: Map<string, string[]>;
  /** When it was read (ms since the epoch). */
  readAt: number;
}

/** Requests to Polaris in flight at once while reading a snapshot. */
const CONCURRENCY = 8;

async function mapLimited<T, R>(
  items: T[],
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker),
  );
  return results;
}

/**
 * The roles and grants of the Polaris catalog, read through the management
 * API and reused for `ttlMs`: the readers card of every dataset page would
 * otherwise read every catalog role's grants on each visit. Changes the
 * portal makes (approvals, expiries) invalidate it at once.
 */
export class PolarisAccessCache {
  private current?: PolarisAccessSnapshot;
  private loading?: Promise<PolarisAccessSnapshot>;
  private generation = 0;

  constructor(
    private readonly client: PolarisManagementClient,
    private readonly catalog: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A snapshot no older than the TTL. */
  async get(): Promise<PolarisAccessSnapshot> {
    if (this.current && this.now() - this.current.readAt < this.ttlMs) {
      return this.current;
    }
    if (!this.loading) {
      const generation = this.generation;
      this.loading = this.read()
        .then(snapshot => {
          // A read that began before an invalidation may predate the change.
          if (generation === this.generation) this.current = snapshot;
          return snapshot;
        })
        .finally(() => {
          this.loading = undefined;
        });
    }
    return this.loading;
  }

  /** Forgets the snapshot: the next read asks Polaris again. */
  invalidate(): void {
    this.generation += 1;
    this.current = undefined;
    this.loading = undefined;
  }

  private async read(): Promise<PolarisAccessSnapshot> {
    const readAt = this.now();
    const roles = await this.client.listCatalogRoles(this.catalog);
    const catalogRoles = await mapLimited(roles, async role => {
      const [grants, holders] = await Promise.all([
        this.client.listGrants(this.catalog, role.name),
        this.client.listPrincipalRolesOfCatalogRole(this.catalog, role.name),
      ]);
      return {
        name: role.name,
        grants,
        principalRoles: holders.map(r => r.name),
      };
    });
    const principalRoles = [
      ...new Set(catalogRoles.flatMap(r => r.principalRoles)),
    ];
    const principals = await mapLimited(principalRoles, async role =>
      (await this.client.listPrincipalsOfPrincipalRole(role)).map(p => p.name),
    );
    return {
      catalog: this.catalog,
      catalogRoles,
      principalsOf: new Map(principalRoles.map((r, i) => [r, principals[i]])),
      readAt,
    };
  }
}
