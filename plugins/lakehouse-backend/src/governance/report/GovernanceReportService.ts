import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  GovernanceReport,
  isDataset,
  LakehouseEntityType,
} from '@internal/plugin-lakehouse-common';
import { ClassificationService } from '../classification/ClassificationService';
import { ownerRefOf, refKey } from '../entityFacts';
import { PendingAccessRequestCounts } from '../types';
import { buildGovernanceReport } from './buildGovernanceReport';

/** The entities the governance page covers. */
const GOVERNED = [
  {
    kind: 'resource',
    'spec.type': [
      LakehouseEntityType.dataset,
      LakehouseEntityType.featureView,
      LakehouseEntityType.featureService,
      LakehouseEntityType.aiModel,
    ],
  },
  { kind: 'component', 'spec.type': [LakehouseEntityType.modelServer] },
];

/** Only what the report reads: a catalog of 50,000 datasets stays small in memory. */
const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.description',
  'metadata.annotations',
  'spec.type',
  'spec.owner',
  'spec.currentSnapshot',
  'spec.snapshots',
  'spec.stats',
  'spec.dbt.uniqueId',
  'spec.dbt.resourceType',
  'spec.dbt.freshnessRule',
  'spec.dbt.generatedAt',
  'relations',
];

/** Refs per request for owners, well under the catalog's limits. */
const BATCH = 500;

/**
 * Computes the governance report for a user, from the catalog as the user
 * sees it (the user's credentials), the classifications of the lakehouse
 * and, when wired, the pending access requests.
 */
export class GovernanceReportService {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      classifications: ClassificationService;
      pendingAccessRequests?: PendingAccessRequestCounts;
      now?: () => Date;
    },
  ) {}

  async report(credentials: BackstageCredentials): Promise<GovernanceReport> {
    const { catalog } = this.options;
    const entities: Entity[] = [];
    for await (const page of catalog.streamEntities(
      { filter: GOVERNED, fields: FIELDS },
      { credentials },
    )) {
      entities.push(...page);
    }
    const ownerRefs = [
      ...new Set(
        entities.map(ownerRefOf).filter((r): r is string => r !== undefined),
      ),
    ];
    const datasetRefs = entities
      .filter(isDataset)
      .map(e => stringifyEntityRef(e));
    const [owners, classified, pending] = await Promise.all([
      this.owners(ownerRefs, credentials),
      this.options.classifications.inventory(),
      this.pending(datasetRefs),
    ]);
    return buildGovernanceReport({
      entities,
      owners,
      classified,
      pendingAccessRequests: pending,
      now: this.options.now?.() ?? new Date(),
    });
  }

  /** The owners the user may see, with their members (`hasMember` relations). */
  private async owners(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, Entity>> {
    const found = new Map<string, Entity>();
    for (let i = 0; i < refs.length; i += BATCH) {
      const batch = refs.slice(i, i + BATCH);
      const { items } = await this.options.catalog.getEntitiesByRefs(
        {
          entityRefs: batch,
          fields: ['kind', 'metadata.name', 'metadata.namespace', 'relations'],
        },
        { credentials },
      );
      items.forEach((item, n) => {
        if (item) found.set(refKey(batch[n]), item);
      });
    }
    return found;
  }

  private async pending(refs: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (!this.options.pendingAccessRequests || refs.length === 0) return counts;
    const answered = await this.options.pendingAccessRequests.pendingCounts(
      refs,
    );
    for (const [ref, count] of answered) {
      counts.set(refKey(ref), (counts.get(refKey(ref)) ?? 0) + count);
    }
    return counts;
  }
}
