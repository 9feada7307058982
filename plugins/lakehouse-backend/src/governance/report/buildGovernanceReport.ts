import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ClassifiedDatasetEntry,
  DatasetClassifications,
  GovernanceReport,
  GroupScorecard,
  isDataset,
  OwnershipFinding,
  StaleDatasetFinding,
} from '@internal/plugin-lakehouse-common';
import { ownerRefOf, refKey, titleOf } from '../entityFacts';
import { ownershipFinding } from './ownership';
import { staleFinding } from './staleness';

/** Lineage nodes only OpenLineage knows are not catalog entities: anyone may see them. */
const OPENLINEAGE_PREFIX = 'openlineage:';

/** What the report is computed from, as the user may see it. */
export interface GovernanceReportInput {
  /** The governed entities the user may see: datasets, feature views and services, models, deployments. */
  entities: Entity[];
  /** The owners of those entities the catalog has, by {@link refKey}. */
  owners: ReadonlyMap<string, Entity>;
  /** The classification inventory of the whole lakehouse. */
  classified: DatasetClassifications[];
  /** Pending access requests per dataset, by {@link refKey}. */
  pendingAccessRequests?: ReadonlyMap<string, number>;
  now: Date;
}

const isDocumented = (entity: Entity) => !!entity.metadata.description?.trim();

const byRef = (a: { entityRef: string }, b: { entityRef: string }) =>
  a.entityRef.localeCompare(b.entityRef);

/**
 * The governance report: ownership findings, the classified data inventory,
 * stale datasets and a scorecard per owner group, over the entities the
 * user may see. Classifications that reach entities the user may not see
 * are left out of where they flow.
 */
export function buildGovernanceReport(
  input: GovernanceReportInput,
): GovernanceReport {
  const refs = new Map<Entity, string>(
    input.entities.map(e => [e, stringifyEntityRef(e)]),
  );
  const byKey = new Map(input.entities.map(e => [refKey(refs.get(e)!), e]));
  const visible = (ref: string) =>
    ref.startsWith(OPENLINEAGE_PREFIX) || byKey.has(refKey(ref));

  const ownership: OwnershipFinding[] = [];
  const stale: StaleDatasetFinding[] = [];
  for (const entity of input.entities) {
    const entityRef = refs.get(entity)!;
    const finding = ownershipFinding(entity, entityRef, input.owners);
    if (finding) ownership.push(finding);
    if (isDataset(entity)) {
      const late = staleFinding(entity, entityRef, input.now);
      if (late) stale.push(late);
    }
  }

  const classified: ClassifiedDatasetEntry[] = [];
  for (const entry of input.classified) {
    const entity = byKey.get(refKey(entry.entityRef));
    if (!entity) continue;
    const owner = ownerRefOf(entity);
    classified.push({
      entityRef: refs.get(entity)!,
      title: titleOf(entity),
      ...(owner ? { owner } : {}),
      classifications: entry.classifications.map(c =>
        c.from ? { ...c, from: c.from.filter(f => visible(f.entityRef)) } : c,
      ),
      declassified: entry.declassified,
      flowsTo: entry.flowsTo.filter(f => visible(f.entityRef)),
    });
  }
  const classifiedKeys = new Set(
    classified
      .filter(c => c.classifications.length > 0)
      .map(c => refKey(c.entityRef)),
  );
  const staleKeys = new Set(stale.map(s => refKey(s.entityRef)));
  const problemKeys = new Set(ownership.map(o => refKey(o.entityRef)));

  const datasets = input.entities.filter(isDataset);
  return {
    generatedAt: input.now.toISOString(),
    counts: {
      entities: input.entities.length,
      datasets: datasets.length,
      owned: input.entities.filter(e => !problemKeys.has(refKey(refs.get(e)!)))
        .length,
      classifiedDatasets: datasets.filter(d =>
        classifiedKeys.has(refKey(refs.get(d)!)),
      ).length,
      staleDatasets: stale.length,
    },
    ownership: ownership.sort(byRef),
    classified: classified.sort(byRef),
    stale: stale.sort(byRef),
    scorecards: scorecards(input, refs, {
      classified: classifiedKeys,
      stale: staleKeys,
      // The placeholder owner of an entity with none is no group to score.
      unowned: new Set(
        ownership
          .filter(o => o.kind === 'no-owner')
          .map(o => refKey(o.entityRef)),
      ),
    }),
  };
}

/** One scorecard per owner group of the entities. */
function scorecards(
  input: GovernanceReportInput,
  refs: Map<Entity, string>,
  keys: { classified: Set<string>; stale: Set<string>; unowned: Set<string> },
): GroupScorecard[] {
  const byGroup = new Map<string, Entity[]>();
  for (const entity of input.entities) {
    if (keys.unowned.has(refKey(refs.get(entity)!))) continue;
    const owner = ownerRefOf(entity);
    if (
      !owner ||
      parseEntityRef(owner).kind.toLocaleLowerCase('en-US') !== 'group'
    )
      continue;
    const list = byGroup.get(owner) ?? [];
    list.push(entity);
    byGroup.set(owner, list);
  }
  return [...byGroup.entries()]
    .map(([group, entities]) => {
      const entityKeys = entities.map(e => refKey(refs.get(e)!));
      const datasets = entities
        .filter(isDataset)
        .map(e => refKey(refs.get(e)!));
      return {
        group,
        entities: entities.length,
        documented: entities.filter(isDocumented).length / entities.length,
        classifiedDatasets: datasets.filter(k => keys.classified.has(k)).length,
        staleDatasets: datasets.filter(k => keys.stale.has(k)).length,
        pendingAccessRequests: entityKeys.reduce(
          (sum, k) => sum + (input.pendingAccessRequests?.get(k) ?? 0),
          0,
        ),
      };
    })
    .sort((a, b) => a.group.localeCompare(b.group));
}
