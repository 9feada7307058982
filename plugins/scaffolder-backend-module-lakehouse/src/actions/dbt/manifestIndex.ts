import type { parseDbtManifest } from '@internal/plugin-catalog-backend-module-lakehouse';
import type { DbtCall } from './jinja';

type DbtManifest = ReturnType<typeof parseDbtManifest>;

/** Node types `ref()` can point at. */
const REFERABLE = new Set(['model', 'seed', 'snapshot']);

/** What a generated model is checked against: the nodes of the existing project. */
export interface ManifestIndex {
  /** unique ids of the enabled models, seeds and snapshots called `name`. */
  nodesNamed(name: string): string[];
  /** Whether `ref()` with these arguments resolves; returns a problem if not. */
  checkRef(call: DbtCall): string | undefined;
  /** Whether `source()` with these arguments resolves; returns a problem if not. */
  checkSource(call: DbtCall): string | undefined;
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
    const version = (node as { version?: unknown }).version;
    const entry: Referable = {
      uniqueId,
      packageName: node.package_name,
      version:
        version === undefined || version === null ? undefined : String(version),
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

    checkRef(call) {
      const { args, kwargs } = call;
      if (args.length < 1 || args.length > 2 || args.some(a => !a)) {
        return "ref() must name a model with string literals, as ref('model') or ref('package', 'model')";
      }
      const [name, packageName] =
        args.length === 2 ? [args[1]!, args[0]!] : [args[0]!, undefined];
      const versionKey = 'v' in kwargs ? 'v' : 'version';
      const hasVersion = versionKey in kwargs;
      const version = kwargs[versionKey];
      if (hasVersion && version === undefined) {
        return `ref('${name}'): the version must be a literal`;
      }
      const shown = packageName ? `${packageName}.${name}` : name;
      const candidates = (byName.get(name) ?? []).filter(
        n => !packageName || n.packageName === packageName,
      );
      if (candidates.length === 0) {
        return `ref('${shown}'): no model, seed or snapshot named "${shown}" in the dbt manifest`;
      }
      if (hasVersion && !candidates.some(n => n.version === version)) {
        return `ref('${shown}', v=${version}): the dbt manifest has no version ${version} of "${shown}"`;
      }
      return undefined;
    },

    checkSource(call) {
      const { args } = call;
      if (args.length !== 2 || args.some(a => !a)) {
        return "source() must name a source and a table with string literals, as source('source', 'table')";
      }
      const [sourceName, table] = args as [string, string];
      if (sources.has(`${sourceName}.${table}`)) return undefined;
      return sourceNames.has(sourceName)
        ? `source('${sourceName}', '${table}'): source "${sourceName}" has no table "${table}" in the dbt manifest`
        : `source('${sourceName}', '${table}'): no source named "${sourceName}" in the dbt manifest`;
    },
  };
}
