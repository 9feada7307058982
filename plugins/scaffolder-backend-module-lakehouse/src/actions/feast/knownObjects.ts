import { z } from 'zod';

/** Names of the Feast objects that already exist, from a registry or given by the step. */
export interface KnownFeastObjects {
  entities: Set<string>;
  dataSources: Set<string>;
  /** Feature views of every kind (batch, on-demand, stream). */
  featureViews: Set<string>;
}

/** An empty set of known objects. */
export function noKnownObjects(): KnownFeastObjects {
  return {
    entities: new Set(),
    dataSources: new Set(),
    featureViews: new Set(),
  };
}

const named = z
  .object({
    spec: z
      .object({
        name: z.string(),
        project: z.string().optional(),
        batchSource: z
          .object({ name: z.string().optional() })
          .passthrough()
          .optional(),
        streamSource: z
          .object({ name: z.string().optional() })
          .passthrough()
          .optional(),
      })
      .passthrough(),
  })
  .passthrough();

/**
 * `feast.core.Registry` as protobuf's MessageToDict writes it: camelCase
 * keys, empty lists left out. Only the names are read.
 */
const registrySchema = z
  .object({
    entities: z.array(named).optional(),
    featureViews: z.array(named).optional(),
    onDemandFeatureViews: z.array(named).optional(),
    streamFeatureViews: z.array(named).optional(),
    dataSources: z
      .array(
        z
          .object({ name: z.string(), project: z.string().optional() })
          .passthrough(),
      )
      .optional(),
  })
  .passthrough();

/**
 * Reads the names of the entities, data sources and feature views of a Feast
 * registry export (`feast.core.Registry` in MessageToDict JSON form).
 *
 * @param where - where the export was read from, named in errors
 * @param project - when given, only objects of this Feast project count
 * @throws Error when the text is not such an export
 */
export function readRegistryExport(
  text: string,
  where: string,
  project?: string,
): KnownFeastObjects {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${where}: the Feast registry export is not valid JSON (${
        (error as Error).message
      })`,
    );
  }
  const parsed = registrySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${where}: is not a Feast registry export in MessageToDict form: ${
        issue.path.join('.') || '(top level)'
      }: ${issue.message}`,
    );
  }
  const registry = parsed.data;
  const inProject = (p?: string) => !project || !p || p === project;
  const known = noKnownObjects();
  for (const entity of registry.entities ?? []) {
    if (inProject(entity.spec.project)) known.entities.add(entity.spec.name);
  }
  for (const view of [
    ...(registry.featureViews ?? []),
    ...(registry.onDemandFeatureViews ?? []),
    ...(registry.streamFeatureViews ?? []),
  ]) {
    if (!inProject(view.spec.project)) continue;
    known.featureViews.add(view.spec.name);
    for (const source of [view.spec.batchSource, view.spec.streamSource]) {
      if (source?.name) known.dataSources.add(source.name);
    }
  }
  for (const source of registry.dataSources ?? []) {
    if (inProject(source.project)) known.dataSources.add(source.name);
  }
  return known;
}

/** Adds the names a step listed itself to what a registry says exists. */
export function addExisting(
  known: KnownFeastObjects,
  existing?: {
    entities?: string[];
    dataSources?: string[];
    featureViews?: string[];
  },
): KnownFeastObjects {
  for (const name of existing?.entities ?? []) known.entities.add(name);
  for (const name of existing?.dataSources ?? []) known.dataSources.add(name);
  for (const name of existing?.featureViews ?? []) known.featureViews.add(name);
  return known;
}
