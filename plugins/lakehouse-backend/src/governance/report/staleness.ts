import { Entity } from '@backstage/catalog-model';
import {
  DatasetDbtInfo,
  StaleDatasetFinding,
} from '@internal/plugin-lakehouse-common';
import { ownerRefOf, titleOf } from '../entityFacts';
import {
  formatAge,
  FRESHNESS_SLA_ANNOTATION,
  freshnessSlaOf,
  lastUpdateOf,
} from './freshness';

const SOURCE_OF_UPDATE = {
  snapshot: 'latest Iceberg snapshot',
  stats: 'table statistics',
  dbt: 'latest dbt run',
};

/** What brings a stale dataset up to date, by where it comes from. */
function refreshFix(entity: Entity): string {
  const dbt = entity.spec?.dbt as DatasetDbtInfo | undefined;
  if (dbt?.resourceType === 'source') {
    return "Check the ingestion job that loads it (the source's loader), then run dbt source freshness; if the SLA no longer applies, change freshness.error_after of the source in the dbt YAML.";
  }
  if (dbt) {
    const name = dbt.uniqueId.split('.').pop();
    return `Run the model (dbt build --select ${name}) or find out why its scheduled run has not; if the SLA no longer applies, change meta.freshness_sla in its dbt YAML.`;
  }
  return `Find out why the job that writes the table has not run; if the SLA no longer applies, change its ${FRESHNESS_SLA_ANNOTATION} annotation.`;
}

/**
 * The freshness finding of a dataset, if any: older than its declared SLA,
 * no known time of its last update (which cannot be shown to meet the
 * SLA), or an SLA that is not a duration.
 */
export function staleFinding(
  entity: Entity,
  entityRef: string,
  now: Date,
): StaleDatasetFinding | undefined {
  const declared = freshnessSlaOf(entity);
  if (!declared) return undefined;
  const title = titleOf(entity);
  const owner = ownerRefOf(entity);
  const base = {
    entityRef,
    title,
    type: 'dataset',
    ...(owner ? { owner } : {}),
    sla: declared.sla,
  };
  if (declared.ms === undefined) {
    return {
      ...base,
      problem: `${title} declares the freshness SLA "${declared.sla}", which is not a duration such as 24h or 7d, so its freshness cannot be checked.`,
      fix: `Write the SLA as a number and a unit (m, h, d or w), e.g. 24h, in meta.freshness_sla of its dbt YAML or its ${FRESHNESS_SLA_ANNOTATION} annotation.`,
    };
  }
  const last = lastUpdateOf(entity);
  if (!last) {
    return {
      ...base,
      problem: `${title} must be updated at least every ${declared.sla}, but the portal knows of no update of its data (no Iceberg snapshot, table statistics or dbt run).`,
      fix: 'Read the table from its Iceberg catalog (catalog.providers.iceberg) so that its snapshots show.',
    };
  }
  const age = now.getTime() - last.at.getTime();
  if (age <= declared.ms) return undefined;
  return {
    ...base,
    lastUpdated: last.at.toISOString(),
    problem: `${title} was last updated ${formatAge(
      age,
    )} ago (${last.at.toISOString()}, its ${
      SOURCE_OF_UPDATE[last.from]
    }), longer than its freshness SLA of ${declared.sla}.`,
    fix: refreshFix(entity),
  };
}
