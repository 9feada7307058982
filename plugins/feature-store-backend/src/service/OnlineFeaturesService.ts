import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  featureStoreOnlineReadPermission,
  OnlineFeaturesRequest,
  OnlineFeaturesResponse,
} from '@internal/plugin-feature-store-common';
import {
  FeatureServiceSpec,
  FeatureViewEntityKey,
  FeatureViewSpec,
  isFeatureService,
  isFeatureView,
  LakehouseAnnotation,
} from '@internal/plugin-lakehouse-common';
import { FeatureServerConfig, featureServerUrlOf } from '../config';
import {
  FeastFeatureServerClient,
  FeastOnlineFeaturesRequest,
  FeatureServerError,
} from './FeastFeatureServerClient';
import {
  featureServiceRequest,
  featureViewRequest,
  sortedUniqueRows,
} from './lookupPlan';
import { pivotOnlineFeatures } from './pivot';

/** The catalog entity a lookup reads, as the user sees it. */
export interface LookupSubject {
  entity: Entity;
  entityRef: string;
  /** `lakehouse.dev/feast-project`, when the entity has it. */
  project?: string;
}

/**
 * Online lookups for a user: the feature view or feature service is read
 * from the catalog and the permission checked with the user's credentials,
 * then the Feast feature server of its project is asked.
 */
export class OnlineFeaturesService {
  private constructor(
    private readonly catalog: CatalogService,
    private readonly permissions: PermissionsService,
    private readonly config: FeatureServerConfig,
    private readonly featureServer: FeastFeatureServerClient,
  ) {}

  static create(options: {
    catalog: CatalogService;
    permissions: PermissionsService;
    config: FeatureServerConfig;
  }): OnlineFeaturesService {
    return new OnlineFeaturesService(
      options.catalog,
      options.permissions,
      options.config,
      new FeastFeatureServerClient(options.config.requestTimeoutMs),
    );
  }

  /** The entity of `entityRef` if the user may see it; 404 otherwise. */
  async findSubject(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<LookupSubject> {
    let ref: string;
    try {
      ref = stringifyEntityRef(parseEntityRef(entityRef));
    } catch (e) {
      throw new InputError(`entityRef: ${(e as Error).message}`);
    }
    const entity = await this.catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${ref} in the catalog`);
    }
    return {
      entity,
      entityRef: ref,
      project: entity.metadata.annotations?.[LakehouseAnnotation.feastProject],
    };
  }

  /** Reads the current values of the subject's features for the entity rows of the request. */
  async read(
    subject: LookupSubject,
    request: Pick<OnlineFeaturesRequest, 'entities' | 'features'>,
    credentials: BackstageCredentials,
  ): Promise<OnlineFeaturesResponse> {
    const { entity, entityRef } = subject;
    const view = isFeatureView(entity);
    if (!view && !isFeatureService(entity)) {
      throw new InputError(
        `${entityRef} is not a feature view or feature service (kind ${
          entity.kind
        }, spec.type ${String(entity.spec?.type)})`,
      );
    }
    const what = `${view ? 'Feature view' : 'Feature service'} ${entityRef}`;
    const annotations = entity.metadata.annotations ?? {};
    const project = annotations[LakehouseAnnotation.feastProject];
    const feastName = annotations[LakehouseAnnotation.feastName];
    for (const [annotation, value] of [
      [LakehouseAnnotation.feastProject, project],
      [LakehouseAnnotation.feastName, feastName],
    ]) {
      if (!value) {
        throw new InputError(
          `${what} has no ${annotation} annotation, so its Feast feature server is unknown`,
        );
      }
    }

    const [decision] = await this.permissions.authorize(
      [
        {
          permission: featureStoreOnlineReadPermission,
          resourceRef: entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to read the online features of ${entityRef} (${featureStoreOnlineReadPermission.name})`,
      );
    }

    const serverUrl = featureServerUrlOf(this.config, project!);
    let rowOf: number[] | undefined;
    let feastRequest: FeastOnlineFeaturesRequest;
    if (view) {
      feastRequest = featureViewRequest({
        view: entity,
        feastName: feastName!,
        entities: request.entities,
        features: request.features,
        subject: what,
      });
    } else {
      feastRequest = featureServiceRequest({
        feastName: feastName!,
        entities: request.entities,
        joinKeys: await this.serviceJoinKeys(entity, credentials),
        subject: what,
      });
      const sorted = sortedUniqueRows(feastRequest.entities);
      feastRequest.entities = sorted.entities;
      rowOf = sorted.rowOf;
    }
    const answer = await this.featureServer.getOnlineFeatures(
      serverUrl,
      feastRequest,
    );
    try {
      const result = pivotOnlineFeatures(
        answer,
        Object.keys(feastRequest.entities),
        {
          project: project!,
          source: {
            kind: view ? 'feature_view' : 'feature_service',
            name: feastName!,
          },
        },
      );
      return rowOf
        ? { ...result, rows: rowOf.map(i => result.rows[i]) }
        : result;
    } catch (e) {
      throw new FeatureServerError(
        `The Feast feature server at ${serverUrl} answered inconsistently: ${
          (e as Error).message
        }`,
      );
    }
  }

  /**
   * The join keys of every view a feature service selects, read as the user
   * from the catalog; undefined when a view is not there (Feast then checks
   * the keys itself).
   */
  private async serviceJoinKeys(
    service: Entity,
    credentials: BackstageCredentials,
  ): Promise<FeatureViewEntityKey[] | undefined> {
    const spec = service.spec as unknown as FeatureServiceSpec;
    const refs = (spec.features ?? [])
      .map(p => p.featureView)
      .filter((r): r is string => !!r);
    if (refs.length === 0 || refs.length !== (spec.features ?? []).length) {
      return undefined;
    }
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs: refs },
      { credentials },
    );
    if (items.some(item => !item || !isFeatureView(item))) return undefined;
    const keys = new Map<string, FeatureViewEntityKey>();
    for (const item of items) {
      const viewSpec = item!.spec as unknown as FeatureViewSpec;
      for (const key of viewSpec.entityKeys ?? []) {
        if (!keys.has(key.joinKey)) keys.set(key.joinKey, key);
      }
    }
    return keys.size ? [...keys.values()] : undefined;
  }
}
