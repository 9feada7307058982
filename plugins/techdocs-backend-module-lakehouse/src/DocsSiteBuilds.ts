import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  DEFAULT_NAMESPACE,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { ResponseError, toError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { MKDOCS_INSTALL_HINT, MkdocsProbe } from './mkdocs';

const TECHDOCS_REF = 'backstage.io/techdocs-ref';
/** The search backend's task for the TechDocs collator (`search_index_<type>`). */
export const TECHDOCS_INDEX_TASK = 'search_index_techdocs';

/** What the Docs and Search pages show about docs building on this server. */
export interface DocsStatus {
  /** `local`: this backend builds docs; `external`: CI publishes them. */
  builder: 'local' | 'external';
  /** Where the generator runs mkdocs: `local` (on PATH) or `docker`. */
  generator: 'local' | 'docker';
  /** Present when the generator runs mkdocs from the PATH. */
  mkdocs?: MkdocsProbe;
  /** Sites built since the backend started, as entity refs. */
  built: string[];
  /** Sites that could not be built, with why. */
  failed: { entityRef: string; error: string }[];
  /** What a user should know, when something keeps docs from working. */
  message?: string;
}

interface SiteState {
  uid?: string;
  error?: string;
}

/** One server-sent event of TechDocs' sync endpoint. */
function parseEventStream(text: string) {
  return text
    .split(/\n\n+/)
    .map(block => {
      const type = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      let value: unknown = data;
      try {
        value = data === undefined ? undefined : JSON.parse(data);
      } catch {
        // Not JSON: keep the text.
      }
      return { type, value };
    })
    .filter(e => e.type);
}

/** Colour codes mkdocs writes into its log. */
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>(resolve => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Builds the docs site of every catalog entity with a
 * `backstage.io/techdocs-ref` annotation once per backend start, in the
 * background, and then asks the search backend to collect the TechDocs
 * documents again, so docs are readable and searchable before anyone opens
 * them.
 *
 * Each build goes through TechDocs' own sync endpoint, the one the Docs
 * page calls when a site is opened: the same preparers, generator,
 * publisher and cache, and a site just built is not built again when it is
 * opened in the next minute. Sites are built one after the other, as the
 * catalog registers them; a site that fails is not retried until its
 * entity changes.
 */
export class DocsSiteBuilds {
  private readonly sites = new Map<string, SiteState>();
  private readonly builder: 'local' | 'external';
  private readonly generator: 'local' | 'docker';
  private mkdocs?: Promise<MkdocsProbe>;
  private warnedMissing = false;

  constructor(
    private readonly options: {
      config: Config;
      logger: LoggerService;
      catalog: CatalogService;
      auth: AuthService;
      discovery: DiscoveryService;
      probeMkdocs: () => Promise<MkdocsProbe>;
      /** Pause between attempts to reach the search task while it runs. */
      retryDelayMs?: number;
    },
  ) {
    const { config } = options;
    this.builder =
      config.getOptionalString('techdocs.builder') === 'external'
        ? 'external'
        : 'local';
    const runIn =
      config.getOptionalString('techdocs.generators.techdocs') ??
      config.getOptionalString('techdocs.generator.runIn') ??
      'docker';
    this.generator = runIn === 'local' ? 'local' : 'docker';
  }

  /** Whether this backend builds docs sites at all. */
  get buildsLocally() {
    return this.builder === 'local';
  }

  private mkdocsProbe(): Promise<MkdocsProbe> | undefined {
    if (this.builder !== 'local' || this.generator !== 'local') {
      return undefined;
    }
    this.mkdocs ??= this.options.probeMkdocs();
    return this.mkdocs;
  }

  /** Builds the sites not built yet; the scheduled task calls it. */
  async run(signal?: AbortSignal): Promise<void> {
    if (this.builder !== 'local') return;
    const { logger } = this.options;
    const mkdocs = await this.mkdocsProbe();
    if (mkdocs && !mkdocs.available) {
      if (!this.warnedMissing) {
        this.warnedMissing = true;
        logger.warn(
          `Docs sites are not built: ${mkdocs.problem}. Install mkdocs and its Material theme (${MKDOCS_INSTALL_HINT}) and restart the backend; until then docs that were never built cannot be opened and search does not find their text.`,
        );
      }
      return;
    }

    const pending = (await this.docsEntities()).filter(
      entity =>
        this.sites.get(stringifyEntityRef(entity))?.uid !== entity.metadata.uid,
    );
    if (pending.length === 0) return;
    logger.info(
      `Building ${pending.length} docs site(s): ${pending
        .map(e => stringifyEntityRef(e))
        .join(', ')}`,
    );
    let built = 0;
    for (const entity of pending) {
      if (signal?.aborted) return;
      const entityRef = stringifyEntityRef(entity);
      const started = Date.now();
      try {
        await this.sync(entity, signal);
        this.sites.set(entityRef, { uid: entity.metadata.uid });
        built += 1;
        logger.info(
          `Built the docs of ${entityRef} in ${(
            (Date.now() - started) /
            1000
          ).toFixed(1)} s`,
        );
      } catch (e) {
        const error = toError(e).message;
        this.sites.set(entityRef, { uid: entity.metadata.uid, error });
        logger.warn(`Could not build the docs of ${entityRef}: ${error}`);
      }
    }
    if (built > 0 && !signal?.aborted) {
      await this.refreshSearchIndex(signal);
    }
  }

  /** What the Docs and Search pages show. */
  async status(): Promise<DocsStatus> {
    const mkdocs = await this.mkdocsProbe();
    const built: string[] = [];
    const failed: DocsStatus['failed'] = [];
    for (const [entityRef, state] of this.sites) {
      if (state.error) failed.push({ entityRef, error: state.error });
      else built.push(entityRef);
    }
    let message: string | undefined;
    if (mkdocs && !mkdocs.available) {
      message = `Docs sites are built with mkdocs, and ${mkdocs.problem}. Until an administrator installs mkdocs and its Material theme (${MKDOCS_INSTALL_HINT}) and restarts the portal, docs that were never built cannot be opened and search does not find their text.`;
    } else if (failed.length > 0) {
      message = `The docs of ${failed
        .map(f => f.entityRef)
        .join(
          ', ',
        )} could not be built; the backend log says why. Search does not find their pages.`;
    }
    return {
      builder: this.builder,
      generator: this.generator,
      ...(mkdocs ? { mkdocs } : {}),
      built,
      failed,
      ...(message ? { message } : {}),
    };
  }

  private async serviceToken(targetPluginId: string) {
    const { auth } = this.options;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId,
    });
    return token;
  }

  private async docsEntities(): Promise<Entity[]> {
    const { catalog, auth } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const entities: Entity[] = [];
    let cursor: string | undefined;
    do {
      const page = await catalog.queryEntities(
        cursor
          ? { cursor, limit: 200 }
          : {
              filter: {
                [`metadata.annotations.${TECHDOCS_REF}`]: CATALOG_FILTER_EXISTS,
              },
              limit: 200,
            },
        { credentials },
      );
      entities.push(...page.items);
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    return entities;
  }

  /** Builds one site through TechDocs' sync endpoint and waits for the end. */
  private async sync(entity: Entity, signal?: AbortSignal) {
    const { discovery } = this.options;
    const base = await discovery.getBaseUrl('techdocs');
    const triplet = [
      entity.metadata.namespace ?? DEFAULT_NAMESPACE,
      entity.kind,
      entity.metadata.name,
    ]
      .map(encodeURIComponent)
      .join('/');
    const response = await fetch(`${base}/sync/${triplet}`, {
      headers: {
        Authorization: `Bearer ${await this.serviceToken('techdocs')}`,
      },
      signal,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const events = parseEventStream(await response.text());
    const failure = events.find(e => e.type === 'error');
    if (failure) {
      // mkdocs' own error lines in the build log say more than the
      // generator's summary.
      const details = events
        .filter(e => e.type === 'log' && typeof e.value === 'string')
        .map(e => String(e.value).replace(ANSI_COLOUR, '').trim())
        .filter(line => /^(ERROR|Aborted)/.test(line))
        .slice(-3);
      throw new Error(
        [String(failure.value), ...details].join(' | ').slice(0, 2000),
      );
    }
    if (!events.some(e => e.type === 'finish')) {
      throw new Error('TechDocs ended the build without a result');
    }
  }

  /**
   * Runs the search backend's TechDocs collator now, through its scheduler's
   * trigger endpoint. A run already going may have started before the last
   * site was published, so a busy task is asked again until it takes the
   * request.
   */
  private async refreshSearchIndex(signal?: AbortSignal) {
    const { discovery, logger } = this.options;
    const url = `${await discovery.getBaseUrl(
      'search',
    )}/.backstage/scheduler/v1/tasks/${TECHDOCS_INDEX_TASK}/trigger`;
    for (let attempt = 1; !signal?.aborted; attempt++) {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${await this.serviceToken('search')}`,
        },
        signal,
      });
      if (response.ok) {
        logger.info('Asked search to index the docs sites');
        return;
      }
      if (response.status === 404) {
        logger.info(
          `Search has no ${TECHDOCS_INDEX_TASK} task; docs are not indexed for search`,
        );
        return;
      }
      if (response.status === 409 && attempt < 60) {
        await sleep(this.options.retryDelayMs ?? 5000, signal);
        continue;
      }
      logger.warn(
        `Could not ask search to index the docs sites: ${
          (await ResponseError.fromResponse(response)).message
        }`,
      );
      return;
    }
  }
}
