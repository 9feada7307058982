import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  AiModelSpec,
  datasetEntityRef,
  FeatureServiceSpec,
  FeatureViewSpec,
  LakehouseAnnotation,
  ModelServerSpec,
  toEntityName,
} from '@internal/plugin-lakehouse-common';
import { assignEntityNames } from './entityNames';
import { normaliseStorageUri, resolveOwner } from './linkRules';
import {
  DeploymentRecord,
  FeatureServiceRecord,
  FeatureViewRecord,
  MlRecord,
  ModelRecord,
  recordKey,
} from './records';

/** Settings of an ML source that apply to the entities it contributes. */
export interface MlSourceDefaults {
  defaultOwner: string;
  system?: string;
  /** Owner as the source writes it (e-mail, team name) → owner entity ref. */
  owners?: Record<string, string>;
}

/** What the entities are built with besides the records. */
export interface MlBuildContext {
  defaults: Map<string, MlSourceDefaults>;
  /** Dataset location → table identifier, for file sources of feature views. */
  datasetLocations(): Map<string, string>;
  /** Location key (provider name) of the emitted entities. */
  locationKey: string;
  namespace?: string;
}

const KIND_OF: Record<MlRecord['type'], 'Resource' | 'Component'> = {
  'feature-view': 'Resource',
  'feature-service': 'Resource',
  'ai-model': 'Resource',
  'model-server': 'Component',
};

function preferredName(record: MlRecord): string {
  switch (record.type) {
    case 'feature-view':
    case 'feature-service':
      return `${record.project}.${record.name}`;
    case 'ai-model':
      return record.name;
    default:
      return `${record.info.namespace}.${record.info.name}`;
  }
}

const sortedUnique = (values: string[]) => [...new Set(values)].sort();

/** A catalog tag made from a word such as a model format, if it can be one. */
function asTag(word: string | undefined): string | undefined {
  const tag = (word ?? '')
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9:+#]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return tag || undefined;
}

function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}

/**
 * Turns the records of every Feast, MLflow and KServe source into catalog
 * entities and links them into one chain: dataset → feature view → feature
 * service → model → deployment. Output is sorted and free of undefined
 * values, so unchanged sources give identical entities.
 */
export function buildMlEntities(
  snapshots: { sourceId: string; items: MlRecord[] }[],
  context: MlBuildContext,
): Entity[] {
  const namespace = context.namespace ?? 'default';
  const records = snapshots.flatMap(s => s.items);
  const keyOf = (record: MlRecord) => `${record.sourceId}|${recordKey(record)}`;
  const names = assignEntityNames(
    records.map(record => ({
      key: keyOf(record),
      kind: KIND_OF[record.type],
      preferred: preferredName(record),
    })),
  );
  const refOf = (record: MlRecord) =>
    stringifyEntityRef({
      kind: KIND_OF[record.type],
      namespace,
      name: names.get(keyOf(record))!,
    });

  // Indexes for the links between records.
  const feastObjects = new Map<string, MlRecord>();
  const servicesByName = new Map<string, FeatureServiceRecord[]>();
  const models = new Map<string, ModelRecord>();
  const versionsBySource = new Map<
    string,
    { model: ModelRecord; version: string }
  >();
  for (const record of records) {
    if (record.type === 'feature-view' || record.type === 'feature-service') {
      feastObjects.set(
        `${record.type}:${record.project}/${record.name}`,
        record,
      );
    }
    if (record.type === 'feature-service') {
      const list = servicesByName.get(record.name) ?? [];
      list.push(record);
      servicesByName.set(record.name, list);
    }
    if (record.type === 'ai-model') {
      if (!models.has(record.name)) models.set(record.name, record);
      for (const version of record.versions) {
        const uri = normaliseStorageUri(version.source);
        if (uri && !versionsBySource.has(uri)) {
          versionsBySource.set(uri, {
            model: record,
            version: version.version,
          });
        }
      }
    }
  }
  const viewRef = (project: string, name: string) => {
    const view = feastObjects.get(`feature-view:${project}/${name}`);
    return view ? refOf(view) : undefined;
  };
  const modelRef = (name: string) => {
    const model = models.get(name);
    // A model declared elsewhere (YAML) under the same naming rule is still
    // the one meant, so the link holds without an MLflow source.
    return model
      ? refOf(model)
      : stringifyEntityRef({
          kind: 'Resource',
          namespace,
          name: toEntityName(name),
        });
  };

  const common = (record: MlRecord) => {
    const defaults = context.defaults.get(record.sourceId) ?? {
      defaultOwner: 'unknown',
    };
    const location = `${context.locationKey}:${record.sourceId}`;
    return {
      defaults,
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
      } as Record<string, string>,
    };
  };

  const featureViewEntity = (record: FeatureViewRecord): Entity => {
    const { defaults, annotations } = common(record);
    annotations[LakehouseAnnotation.feastProject] = record.project;
    annotations[LakehouseAnnotation.feastName] = record.name;
    annotations[LakehouseAnnotation.sourceSystems] = 'feast';
    const datasetRefs: string[] = [];
    for (const table of record.sourceLink?.tables ?? []) {
      try {
        datasetRefs.push(datasetEntityRef(table, namespace));
      } catch {
        // Not a catalog.schema.table identifier: no dataset to link.
      }
    }
    const path = record.sourceLink?.path;
    if (path) {
      const identifier = context
        .datasetLocations()
        .get(normaliseStorageUri(path) ?? path);
      if (identifier) datasetRefs.push(datasetEntityRef(identifier, namespace));
    }
    const upstreamViews = (record.upstreamViews ?? [])
      .map(name => viewRef(record.project, name))
      .filter((ref): ref is string => !!ref);
    const dependsOn = sortedUnique([...datasetRefs, ...upstreamViews]);
    const spec: FeatureViewSpec = compact({
      type: 'feature-view',
      owner: resolveOwner(record.feastOwner, defaults),
      system: defaults.system,
      dependsOn: dependsOn.length ? dependsOn : undefined,
      ...record.spec,
      source: record.spec.source
        ? compact({ ...record.spec.source, dataset: datasetRefs[0] })
        : undefined,
      sources: record.spec.sources?.map(source =>
        source.kind === 'feature-view'
          ? compact({
              ...source,
              featureView: viewRef(record.project, source.name),
            })
          : source,
      ),
    });
    return entity('Resource', names.get(keyOf(record))!, namespace, {
      title: record.name,
      description: record.description,
      annotations,
      tags: ['feast', record.spec.viewKind ?? 'batch'],
      spec,
    });
  };

  const featureServiceEntity = (record: FeatureServiceRecord): Entity => {
    const { defaults, annotations } = common(record);
    annotations[LakehouseAnnotation.feastProject] = record.project;
    annotations[LakehouseAnnotation.feastName] = record.name;
    annotations[LakehouseAnnotation.sourceSystems] = 'feast';
    const features = (record.spec.features ?? []).map(projection =>
      compact({
        ...projection,
        featureView: viewRef(record.project, projection.name),
      }),
    );
    const dependsOn = sortedUnique(
      features.map(f => f.featureView).filter((ref): ref is string => !!ref),
    );
    const spec: FeatureServiceSpec = compact({
      type: 'feature-service',
      owner: resolveOwner(record.feastOwner, defaults),
      system: defaults.system,
      dependsOn: dependsOn.length ? dependsOn : undefined,
      ...record.spec,
      features,
    });
    return entity('Resource', names.get(keyOf(record))!, namespace, {
      title: record.name,
      description: record.description,
      annotations,
      tags: ['feast'],
      spec,
    });
  };

  const modelEntity = (record: ModelRecord): Entity => {
    const { defaults, annotations } = common(record);
    annotations[LakehouseAnnotation.mlflowModelName] = record.name;
    annotations[LakehouseAnnotation.sourceSystems] = 'mlflow';
    const featureServices = sortedUnique(
      record.featureServiceNames.flatMap(value => {
        // `project:name`, `project.name` or a bare name.
        const match = /^([^:.]+)[:.](.+)$/.exec(value);
        const scoped = match
          ? feastObjects.get(`feature-service:${match[1]}/${match[2]}`)
          : undefined;
        if (scoped) return [refOf(scoped)];
        return (servicesByName.get(value) ?? []).map(refOf);
      }),
    );
    const trainingDatasets = sortedUnique(
      record.trainingTables.flatMap(table => {
        try {
          return [datasetEntityRef(table, namespace)];
        } catch {
          return [];
        }
      }),
    );
    const dependsOn = sortedUnique([...featureServices, ...trainingDatasets]);
    const spec: AiModelSpec = compact({
      type: 'ai-model',
      owner: resolveOwner(record.tags.owner, defaults),
      system: defaults.system,
      dependsOn: dependsOn.length ? dependsOn : undefined,
      versions: record.versions,
      tags: Object.keys(record.tags).length ? record.tags : undefined,
      aliases: Object.keys(record.aliases).length ? record.aliases : undefined,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      featureServices: featureServices.length ? featureServices : undefined,
      trainingDatasets: trainingDatasets.length ? trainingDatasets : undefined,
    });
    return entity('Resource', names.get(keyOf(record))!, namespace, {
      title: record.name,
      description: record.description,
      annotations,
      tags: ['mlflow'],
      links: record.url
        ? [{ url: record.url, title: 'MLflow model registry' }]
        : undefined,
      spec,
    });
  };

  const deploymentEntity = (record: DeploymentRecord): Entity => {
    const { defaults, annotations } = common(record);
    const { info } = record;
    annotations[
      LakehouseAnnotation.inferenceService
    ] = `${info.namespace}/${info.name}`;
    annotations[LakehouseAnnotation.sourceSystems] = 'kserve';
    // The Kubernetes plugin finds objects by the backstage.io/kubernetes-id
    // label; KServe labels the predictor's pods with the service's name.
    const kubernetesId = record.labels['backstage.io/kubernetes-id'];
    annotations['backstage.io/kubernetes-id'] = kubernetesId ?? info.name;
    annotations['backstage.io/kubernetes-namespace'] = info.namespace;
    if (!kubernetesId) {
      annotations[
        'backstage.io/kubernetes-label-selector'
      ] = `serving.kserve.io/inferenceservice=${info.name}`;
    }

    const served = resolveServedModel(record);
    if (served?.name)
      annotations[LakehouseAnnotation.mlflowModelName] = served.name;
    const servedRecord = served?.name ? models.get(served.name) : undefined;
    const owner = resolveOwner(
      record.annotations['lakehouse.dev/owner'] ??
        (servedRecord ? servedRecord.tags.owner : undefined),
      defaults,
    );
    const spec: ModelServerSpec = compact({
      type: 'model-server',
      lifecycle: record.annotations['lakehouse.dev/lifecycle'] ?? 'production',
      owner,
      system: defaults.system,
      dependsOn: served ? [served.entityRef] : undefined,
      inferenceService: info,
      servedModel: served,
    });
    return entity('Component', names.get(keyOf(record))!, namespace, {
      title: `${info.name} (${info.namespace})`,
      description: record.description,
      annotations,
      tags: sortedUnique(
        ['kserve', asTag(info.predictor.modelFormat)].filter(
          (t): t is string => !!t,
        ),
      ),
      spec,
    });
  };

  function resolveServedModel(
    record: DeploymentRecord,
  ): ModelServerSpec['servedModel'] {
    const uri = record.info.predictor.storageUri;
    // models:/<name>/<version> names the registered model itself.
    const registryUri = /^models:\/([^/@]+)(?:\/(\d+)|@(.+))?$/.exec(uri ?? '');
    if (registryUri) {
      const name = registryUri[1];
      const version =
        registryUri[2] ??
        (registryUri[3]
          ? models.get(name)?.aliases[registryUri[3]]
          : undefined);
      return compact({ entityRef: modelRef(name), name, version });
    }
    const matched = versionsBySource.get(normaliseStorageUri(uri) ?? '');
    if (matched) {
      return {
        entityRef: refOf(matched.model),
        name: matched.model.name,
        version: matched.version,
      };
    }
    const labelled = record.labels[LakehouseAnnotation.mlflowModelName];
    if (labelled) {
      return compact({
        entityRef: modelRef(labelled),
        name: labelled,
        version: record.labels['lakehouse.dev/mlflow-model-version'],
      });
    }
    return undefined;
  }

  const entities = records.map(record => {
    switch (record.type) {
      case 'feature-view':
        return featureViewEntity(record);
      case 'feature-service':
        return featureServiceEntity(record);
      case 'ai-model':
        return modelEntity(record);
      default:
        return deploymentEntity(record);
    }
  });
  return entities.sort(
    (a, b) =>
      a.kind.localeCompare(b.kind) ||
      a.metadata.name.localeCompare(b.metadata.name),
  );
}

function entity(
  kind: 'Resource' | 'Component',
  name: string,
  namespace: string,
  parts: {
    title: string;
    description?: string;
    annotations: Record<string, string>;
    tags: string[];
    links?: { url: string; title: string }[];
    spec: object;
  },
): Entity {
  const result: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: compact({
      name,
      namespace,
      title: parts.title,
      description: parts.description || undefined,
      annotations: parts.annotations,
      tags: parts.tags,
      links: parts.links,
    }),
    spec: parts.spec as Entity['spec'],
  };
  return result;
}
