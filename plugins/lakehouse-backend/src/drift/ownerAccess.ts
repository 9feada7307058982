import { Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import {
  ColumnClassification,
  DatasetClassifications,
  PII_TAG,
} from '@internal/plugin-lakehouse-common';
import { isClassifiedAs } from '../governance/classification/ClassificationService';
import { declaredClassifications } from '../governance/classification/declared';
import { ownerRefOf, refKey } from '../governance/entityFacts';

/**
 * The effective classifications of a dataset: the governance module's
 * `ClassificationService` (declared, and inherited through column lineage)
 * answers this in the plugin.
 */
export interface DatasetClassificationLookup {
  classificationsOf(
    entityRef: string,
    entity: Entity,
  ): Promise<DatasetClassifications>;
}

/**
 * What each dataset declares itself, with no lineage: the
 * `lakehouse.dev/classification` annotation and column tags, counting the
 * given classifications (`lakehouse.governance.classifications`, default
 * `pii`). For a drift service without the governance module, e.g. in tests.
 */
export function declaredClassificationLookup(
  classifications: readonly string[] = [PII_TAG],
): DatasetClassificationLookup {
  const configured = new Set(
    classifications.map(c => c.trim().toLocaleLowerCase('en-US')),
  );
  return {
    async classificationsOf(entityRef, entity) {
      return {
        entityRef,
        classifications: declaredClassifications(entity, configured),
        declassified: [],
        flowsTo: [],
      };
    },
  };
}

/** A catalogued dataset a monitor reads. */
export interface MonitoredDataset {
  /** Table identifier, catalog.schema.table. */
  id: string;
  ref: string;
  entity: Entity;
}

const describeClassification = (c: ColumnClassification) =>
  `${c.classification}${c.column ? ` on ${c.column}` : ''}${
    c.origin === 'inherited' ? ', inherited' : ''
  }`;

/**
 * Refuses (403) the datasets among `datasets` that the owner of a monitored
 * entity may not read: the portal policy's rule for
 * `lakehouse.dataset.read-data` — a classified dataset (declared on the
 * dataset or a column, or inherited through column lineage) is read by its
 * owners only — applied to that owner. A scheduled run has no user whose
 * decision the permission framework could give, and access grants are
 * held by users, never by the group that owns a monitor, so they do not
 * count. An owner that is missing on either side matches nothing: fail
 * closed.
 */
export async function requireOwnerMayRead(
  monitorOwner: string | undefined,
  datasets: MonitoredDataset[],
  classifications: DatasetClassificationLookup,
): Promise<void> {
  const refused: string[] = [];
  for (const dataset of datasets) {
    const owner = ownerRefOf(dataset.entity);
    if (owner && monitorOwner && refKey(owner) === refKey(monitorOwner)) {
      continue;
    }
    const classified = await classifications.classificationsOf(
      dataset.ref,
      dataset.entity,
    );
    if (!isClassifiedAs(classified)) continue;
    const why = [
      ...new Set(classified.classifications.map(describeClassification)),
    ].join('; ');
    refused.push(
      `${dataset.id} (classified ${why}; owned by ${owner ?? '(none)'})`,
    );
  }
  if (refused.length) {
    throw new NotAllowedError(
      `Refused: the monitor's owner ${
        monitorOwner ?? '(none)'
      } may not read ${refused.join(
        ', ',
      )} (lakehouse.dataset.read-data: only a classified dataset's owners read its data)`,
    );
  }
}
