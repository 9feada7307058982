import { columnLineageEdges } from './columnLineage';
import { TableNamingOptions, toTableIdentifier } from './tableIdentifier';
import {
  OpenLineageDataset,
  OpenLineageDatasetRef,
  OpenLineageFacet,
  OpenLineageJobLineage,
  OpenLineageRunEvent,
} from './types';

interface MergedDataset {
  namespace: string;
  name: string;
  facets: Map<string, OpenLineageFacet>;
}

/**
 * Adds the datasets of one event to those seen so far. Producers send a
 * run's datasets in pieces (inputs at START, schemas at COMPLETE), so later
 * facets replace earlier ones of the same name, and `_deleted` removes one.
 */
function mergeInto(
  merged: Map<string, MergedDataset>,
  datasets: OpenLineageDataset[] | undefined,
) {
  for (const dataset of datasets ?? []) {
    const key = `${dataset.namespace}\u0000${dataset.name}`;
    let entry = merged.get(key);
    if (!entry) {
      entry = {
        namespace: dataset.namespace,
        name: dataset.name,
        facets: new Map(),
      };
      merged.set(key, entry);
    }
    for (const [facetName, facet] of Object.entries(dataset.facets ?? {})) {
      if (facet._deleted) entry.facets.delete(facetName);
      else entry.facets.set(facetName, facet);
    }
  }
}

function columnsOf(dataset: MergedDataset): string[] | undefined {
  const fields = dataset.facets.get('schema')?.fields as
    | { name: string }[]
    | undefined;
  return fields?.map(field => field.name);
}

function refOf(
  dataset: MergedDataset,
  naming: TableNamingOptions,
): OpenLineageDatasetRef {
  const ref: OpenLineageDatasetRef = {
    namespace: dataset.namespace,
    name: dataset.name,
  };
  const table = toTableIdentifier(dataset.namespace, dataset.name, naming);
  if (table) ref.table = table;
  const columns = columnsOf(dataset);
  if (columns) ref.columns = columns;
  return ref;
}

/**
 * What one run of a job read and wrote, over all of its events in the
 * order they happened. A run that failed or was aborted keeps the datasets
 * it declared before, since its job still reads and writes them.
 *
 * @param events - the run's events, oldest first (at least one)
 */
export function runLineage(
  events: OpenLineageRunEvent[],
  naming: TableNamingOptions = {},
): OpenLineageJobLineage {
  const inputs = new Map<string, MergedDataset>();
  const outputs = new Map<string, MergedDataset>();
  for (const event of events) {
    mergeInto(inputs, event.inputs);
    mergeInto(outputs, event.outputs);
  }
  const latest = events[events.length - 1];
  return {
    namespace: latest.job.namespace,
    name: latest.job.name,
    producer: latest.producer,
    runId: latest.run.runId,
    eventType: latest.eventType ?? 'OTHER',
    eventTime: latest.eventTime,
    inputs: [...inputs.values()].map(dataset => refOf(dataset, naming)),
    outputs: [...outputs.values()].map(dataset => {
      const ref = refOf(dataset, naming);
      const facet = dataset.facets.get('columnLineage');
      if (!facet) return ref;
      const edges = columnLineageEdges(facet, naming, ref.columns);
      return edges.length ? { ...ref, columnLineage: edges } : ref;
    }),
  };
}
