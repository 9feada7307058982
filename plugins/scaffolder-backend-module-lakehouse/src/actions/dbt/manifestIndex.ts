import {
  readDbtRelation,
  type DbtCall,
  type DbtManifest,
} from '@internal/plugin-lakehouse-node';

/** Node types `ref()` can point at. */
const REFERABLE = new Set(['model', 'seed', 'snapshot']);

/** What a generated model is checked against: the nodes of the existing project. */
export interface ManifestIndex {
  /** unique ids of the enabled models, seeds and snapshots called `name`. */
  nodesNamed(name: string): string[];
  /** Whether a `ref()` or `source()` call resolves; returns a problem if not. */
  check(call: DbtCall): string | undefined;
}

interface Referable {
  uniqueId: string;
  packageName?: string;
  version?: string;
}

/** Indexes a parsed manifest by the names `ref()` and `source()` use. */
export function indexManifest(manifest: DbtManifest): ManifestIndex {
  const byName = new Map<string, Referable[]>();
  for (const [uniqueId, node] of Object.entries(manifest.nodes)) {
    if (!REFERABLE.has(node.resource_type)) continue;
    if (node.config?.enabled === false) continue;
    const entry: Referable = {
      uniqueId,
      packageName: node.package_name,
      version:
        node.version === undefined || node.version === null
          ? undefined
          : String(node.version),
    };
    byName.set(node.name, [...(byName.get(node.name) ?? []), entry]);
  }
  const sources = new Set<string>();
  const sourceNames = new Set<string>();
  for (const source of Object.values(manifest.sources)) {
    sources.add(`${source.source_name}.${source.name}`);
    sourceNames.add(source.source_name);
  }

  return {
    nodesNamed: name => (byName.get(name) ?? []).map(n => n.uniqueId),

    check(call) {
      const relation = readDbtRelation(call);
      if ('problem' in relation) return relation.problem;
      if (relation.fn === 'source') {
        const { sourceName, tableName } = relation;
        if (sources.has(`${sourceName}.${tableName}`)) return undefined;
        return sourceNames.has(sourceName)
          ? `source('${sourceName}', '${tableName}'): source "${sourceName}" has no table "${tableName}" in the dbt manifest`
          : `source('${sourceName}', '${tableName}'): no source named "${sourceName}" in the dbt manifest`;
      }
      const { name, packageName, version } = relation;
      const shown = packageName ? `${packageName}.${name}` : name;
      const candidates = (byName.get(name) ?? []).filter(
        n => !packageName || n.packageName === packageName,
      );
      if (candidates.length === 0) {
        return `ref('${shown}'): no model, seed or snapshot named "${shown}" in the dbt manifest`;
      }
      if (
        version !== undefined &&
        !candidates.some(n => n.version === version)
      ) {
        return `ref('${shown}', v=${version}): the dbt manifest has no version ${version} of "${shown}"`;
      }
      return undefined;
    },
  };
}
