import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ImpersonationSettings } from './config';

/**
 * Maps a Backstage user to the name the engine knows them by, so the
 * engine's own access control (Trino's) applies to what they run.
 */
export class EngineUserResolver {
  private readonly cache = new Map<string, { name: string; expires: number }>();

  constructor(
    private readonly settings: ImpersonationSettings,
    private readonly catalog: CatalogService,
  ) {}

  async resolve(
    userRef: string,
    credentials: BackstageCredentials,
  ): Promise<string> {
    if (this.settings.userFrom === 'entityName')
      return parseEntityRef(userRef).name;
    const cached = this.cache.get(userRef);
    if (cached && cached.expires > Date.now()) return cached.name;
    const user = await this.catalog.getEntityByRef(userRef, { credentials });
    const name =
      this.settings.userFrom === 'email'
        ? (user?.spec?.profile as { email?: string } | undefined)?.email
        : user?.metadata.annotations?.[this.settings.annotation!];
    if (!name) {
      throw new NotAllowedError(
        `Your user entity ${userRef} has no ${
          this.settings.userFrom === 'email'
            ? 'profile e-mail'
            : `annotation ${this.settings.annotation}`
        }, which names you to the query engine (lakehouse.trino.impersonation)`,
      );
    }
    this.cache.set(userRef, { name, expires: Date.now() + 5 * 60_000 });
    return name;
  }
}
