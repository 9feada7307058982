import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import {
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  Entity,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  parseEntityRef,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  stringifyEntityRef,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import {
  datasetEntityName,
  getTableIdentifier,
  isAiModel,
  isDataset,
  isFeatureView,
  isModelServer,
  validateLakehouseEntity,
} from '@internal/plugin-lakehouse-common';
import {
  buildMlEntities,
  dbtManifestToFragments,
  feastToRecords,
  mergeFragments,
  parseDbtManifest,
} from '@internal/plugin-catalog-backend-module-lakehouse';
import { decodeFeastRegistry } from '@internal/plugin-feature-store-node';

const kindValidators = [
  locationEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
];

const root = path.resolve(__dirname, '../../..');
const backendDir = path.resolve(__dirname, '..');

/** The file locations app-config.yaml registers, resolved as the backend does. */
function configuredLocations(): string[] {
  const config = parse(
    fs.readFileSync(path.join(root, 'app-config.yaml'), 'utf8'),
  );
  return config.catalog.locations
    .filter((l: { type: string }) => l.type === 'file')
    .map((l: { target: string }) => path.resolve(backendDir, l.target));
}

/** The datasets the dbt provider makes of the demo manifest, as app-config.yaml configures it. */
function datasetsFromDbt(): Entity[] {
  const config = parse(
    fs.readFileSync(path.join(root, 'app-config.yaml'), 'utf8'),
  );
  const dbt = config.catalog.providers.dbt.demo;
  const manifestPath = path.resolve(backendDir, dbt.target);
  const manifest = parseDbtManifest(
    fs.readFileSync(manifestPath, 'utf8'),
    manifestPath,
  );
  return mergeFragments(
    dbtManifestToFragments(manifest, { sourceId: 'dbt:demo' }),
    new Map([
      [
        'dbt:demo',
        { kind: 'dbt', defaultOwner: dbt.defaultOwner, system: dbt.system },
      ],
    ]),
  );
}

/** The feature views and services the Feast provider makes of the demo registry.db. */
function featuresFromFeast(): Entity[] {
  const config = parse(
    fs.readFileSync(path.join(root, 'app-config.yaml'), 'utf8'),
  );
  const feast = config.catalog.providers.feast.demo;
  const registry = decodeFeastRegistry(
    fs.readFileSync(path.resolve(backendDir, feast.registry)),
  );
  return buildMlEntities(
    [
      {
        sourceId: 'feast:demo',
        items: feastToRecords(registry, {
          sourceId: 'feast:demo',
          catalog: feast.catalog,
          onlineStore: feast.onlineStore,
        }),
      },
    ],
    {
      defaults: new Map([
        [
          'feast:demo',
          { defaultOwner: feast.defaultOwner, system: feast.system },
        ],
      ]),
      datasetLocations: () => new Map(),
      locationKey: 'lakehouse-ml',
    },
  );
}

function readEntities(): Entity[] {
  return [
    ...featuresFromFeast(),
    ...configuredLocations().flatMap(file =>
      parseAllDocuments(fs.readFileSync(file, 'utf8')).map(
        d => d.toJSON() as Entity,
      ),
    ),
    ...datasetsFromDbt(),
  ];
}

describe('the demo catalog', () => {
  const entities = readEntities();
  const refs = new Set(entities.map(e => stringifyEntityRef(e)));

  it('has the entities the demo lakehouse needs', () => {
    expect(entities.filter(isDataset).length).toBeGreaterThanOrEqual(10);
    expect(entities.filter(isFeatureView).length).toBeGreaterThanOrEqual(2);
    expect(entities.filter(isAiModel).length).toBeGreaterThanOrEqual(1);
    expect(entities.filter(isModelServer).length).toBeGreaterThanOrEqual(1);
  });

  it('has datasets in every medallion layer', () => {
    const layers = new Set(
      entities
        .filter(isDataset)
        .map(e => e.metadata.annotations?.['lakehouse.dev/layer']),
    );
    expect([...layers].sort()).toEqual(['bronze', 'gold', 'raw', 'silver']);
  });

  it.each(readEntities().map(e => [stringifyEntityRef(e), e] as const))(
    '%s follows the catalog schema and the lakehouse entity model',
    async (_ref, entity) => {
      await expect(new SchemaValidEntityPolicy().enforce(entity)).resolves.toBe(
        entity,
      );
      await expect(new FieldFormatEntityPolicy().enforce(entity)).resolves.toBe(
        entity,
      );
      const accepted = await Promise.all(
        kindValidators.map(v => v.check(entity)),
      );
      expect(accepted).toContain(true);
      expect(validateLakehouseEntity(entity)).toEqual([]);
    },
  );

  it('names every dataset after its table identifier', () => {
    for (const dataset of entities.filter(isDataset)) {
      expect(dataset.metadata.name).toBe(
        datasetEntityName(getTableIdentifier(dataset)!),
      );
    }
  });

  it('points every owner, system and dependency at an entity that exists', () => {
    const dangling: string[] = [];
    const check = (
      from: Entity,
      ref: string | undefined,
      defaultKind: string,
    ) => {
      if (!ref) return;
      const target = stringifyEntityRef(
        parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
      );
      if (!refs.has(target))
        dangling.push(`${stringifyEntityRef(from)} -> ${target}`);
    };
    for (const entity of entities) {
      const spec = (entity.spec ?? {}) as Record<string, any>;
      check(entity, spec.owner, 'group');
      check(entity, spec.system, 'system');
      check(entity, spec.domain, 'domain');
      check(entity, spec.parent, 'group');
      for (const dependency of spec.dependsOn ?? [])
        check(entity, dependency, 'resource');
      for (const group of spec.memberOf ?? []) check(entity, group, 'group');
    }
    expect(dangling).toEqual([]);
  });
});
