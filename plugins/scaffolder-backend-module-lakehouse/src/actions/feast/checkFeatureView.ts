import { FEAST_DTYPES } from '@internal/plugin-lakehouse-common';
import type { KnownFeastObjects } from './knownObjects';
import type {
  PythonDefinition,
  PythonFeatureView,
  PythonFileSummary,
  PythonReference,
} from './summarisePython';

/** A file summary that parsed. */
export type ParsedFile = Extract<PythonFileSummary, { imports: unknown }>;

/** The shortest and longest TTL a generated feature view may have. */
export const MIN_TTL_SECONDS = 3600;
/** Three years, one of them a leap year. */
export const MAX_TTL_SECONDS = (3 * 365 + 1) * 86400;

/** What a valid feature view is made of, names resolved. */
export interface CheckedFeatureView {
  entities: string[];
  source?: string;
  features: string[];
}

type Kind = 'entity' | 'source';

interface Resolution {
  name?: string;
  /** Where it is defined in the feature repository, if it is. */
  definedIn?: string;
  problem?: string;
}

const LABEL: Record<Kind, { what: string; call: string }> = {
  entity: { what: 'entity', call: 'Entity(...)' },
  source: { what: 'data source', call: 'a *Source(...)' },
};

function definitionsOf(file: ParsedFile, kind: Kind): PythonDefinition[] {
  return kind === 'entity' ? file.entities : file.sources;
}

function isKind(kind: Kind, callee: string | null): boolean {
  return kind === 'entity' ? callee === 'Entity' : !!callee?.endsWith('Source');
}

/**
 * The feature repository a definition belongs to: the Python modules next to
 * it, by module name (`entities` for entities.py).
 */
export type FeatureRepo = Map<string, ParsedFile>;

/** `entities` for `feature_repo/entities.py`. */
export function moduleName(path: string): string {
  return path.replace(/^.*\//, '').replace(/\.py$/, '');
}

/**
 * Names a registered object imported from a module that is not in the
 * workspace may have: the variable's name, or the variable's name without a
 * `_source` / `_entity` suffix (`customer_features_source` for the source
 * `customer_features`).
 */
function candidateNames(variable: string, kind: Kind): string[] {
  const suffix = kind === 'source' ? /_source$/ : /_entity$/;
  return [...new Set([variable, variable.replace(suffix, '')])];
}

function fromModule(
  repo: FeatureRepo,
  known: KnownFeastObjects,
  imported: { module: string | null; level: number },
  variable: string,
  kind: Kind,
): Resolution {
  const { module, level } = imported;
  const target =
    module && level <= 1 && !module.includes('.')
      ? repo.get(module)
      : undefined;
  if (!target) {
    // The module is in the feature repository but not in the workspace:
    // go by the registered names.
    const registered = kind === 'entity' ? known.entities : known.dataSources;
    const candidates = candidateNames(variable, kind);
    const match = candidates.find(c => registered.has(c));
    if (match) return { name: match };
    return {
      problem: `"${variable}" comes from ${'.'.repeat(level)}${
        module ?? ''
      }, which is not in the workspace next to the definition, and no registered ${
        LABEL[kind].what
      } is called ${candidates.map(c => `"${c}"`).join(' or ')}`,
    };
  }
  const definition = definitionsOf(target, kind).find(d =>
    d.variables.includes(variable),
  );
  if (!definition) {
    return {
      problem: `"${variable}" from ${target.path} is not ${LABEL[kind].call} assigned at module level`,
    };
  }
  if (!definition.name) {
    return {
      problem: `${target.path}:${definition.line}: the ${LABEL[kind].what} "${variable}" has no literal name`,
    };
  }
  return { name: definition.name, definedIn: target.path };
}

function resolveReference(
  ref: PythonReference,
  kind: Kind,
  file: ParsedFile,
  repo: FeatureRepo,
  known: KnownFeastObjects,
): Resolution {
  switch (ref.kind) {
    case 'string':
      return { name: ref.value };
    case 'call':
      if (!isKind(kind, ref.callee)) {
        return { problem: `\`${ref.text}\` is not ${LABEL[kind].call}` };
      }
      return ref.name
        ? { name: ref.name, definedIn: file.path }
        : { problem: `\`${ref.text}\` has no literal name` };
    case 'variable': {
      const local = definitionsOf(file, kind).find(d =>
        d.variables.includes(ref.name),
      );
      if (local) {
        return local.name
          ? { name: local.name, definedIn: file.path }
          : {
              problem: `the ${LABEL[kind].what} "${ref.name}" has no literal name`,
            };
      }
      const imported = file.imports.find(
        i => i.local === ref.name && i.name !== null,
      );
      if (imported) {
        return fromModule(repo, known, imported, imported.name!, kind);
      }
      return {
        problem: `"${ref.name}" is neither ${LABEL[kind].call} defined in ${file.path} nor imported from a module next to it`,
      };
    }
    case 'attribute': {
      const imported = file.imports.find(
        i => i.local === ref.object && i.name === null,
      );
      if (!imported) {
        return {
          problem: `cannot tell which ${LABEL[kind].what} "${ref.object}.${ref.name}" is: "${ref.object}" is not an imported module`,
        };
      }
      return fromModule(repo, known, imported, ref.name, kind);
    }
    default:
      return {
        problem: `\`${ref.text}\` is not the name of ${
          LABEL[kind].what === 'entity' ? 'an entity' : 'a data source'
        } nor a variable holding one`,
      };
  }
}

function existsInRepo(repo: FeatureRepo, kind: Kind, name: string): boolean {
  return [...repo.values()].some(f =>
    definitionsOf(f, kind).some(d => d.name === name),
  );
}

function formatSeconds(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} days`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hours`;
  return `${seconds} seconds`;
}

/**
 * Checks the FeatureView called `name` in a parsed definition file against
 * the feature repository around it and the Feast objects that already exist.
 *
 * @returns one message per problem, and the view's resolved names
 */
export function checkFeatureView(options: {
  file: ParsedFile;
  repo: FeatureRepo;
  name: string;
  known: KnownFeastObjects;
}): { problems: string[]; view?: CheckedFeatureView } {
  const { file, repo, name, known } = options;
  const views = file.featureViews.filter(
    v => v.callee === 'FeatureView' && v.name === name,
  );
  if (views.length === 0) {
    const found = file.featureViews
      .map(v => v.name ?? v.nameText ?? '?')
      .join(', ');
    return {
      problems: [
        `${file.path}: defines no FeatureView named "${name}"${
          found ? ` (found: ${found})` : ''
        }`,
      ],
    };
  }
  const view: PythonFeatureView = views[0];
  const problems: string[] = [];
  const report = (field: string, message: string, line = view.line) =>
    problems.push(
      `${file.path}:${line}: FeatureView "${name}": ${field}: ${message}`,
    );

  if (views.length > 1) {
    report('name', `is defined ${views.length} times in this file`);
  }
  if (known.featureViews.has(name)) {
    report(
      'name',
      `a feature view named "${name}" is already registered in Feast`,
    );
  }
  for (const other of repo.values()) {
    if (other.path === file.path) continue;
    const clash = other.featureViews.find(v => v.name === name);
    if (clash) {
      report(
        'name',
        `a feature view named "${name}" is already defined in ${other.path}:${clash.line}`,
      );
    }
  }

  const checked: CheckedFeatureView = { entities: [], features: [] };
  const checkExists = (field: string, kind: Kind, ref: PythonReference) => {
    const resolved = resolveReference(ref, kind, file, repo, known);
    if (resolved.problem || !resolved.name) {
      report(field, resolved.problem ?? 'cannot be resolved');
      return undefined;
    }
    const registered = kind === 'entity' ? known.entities : known.dataSources;
    if (
      !resolved.definedIn &&
      !registered.has(resolved.name) &&
      !existsInRepo(repo, kind, resolved.name)
    ) {
      report(
        field,
        `${LABEL[kind].what} "${resolved.name}" is neither registered in Feast nor defined in the feature repository`,
      );
      return undefined;
    }
    return resolved.name;
  };

  // entities
  if (view.entities === null) {
    report('entities', 'is missing; name at least one entity');
  } else if (!Array.isArray(view.entities)) {
    report('entities', `\`${view.entities.text}\` must be a list of entities`);
  } else if (view.entities.length === 0) {
    report('entities', 'is empty; name at least one entity');
  } else {
    view.entities.forEach((ref, i) => {
      const entity = checkExists(`entities[${i}]`, 'entity', ref);
      if (entity) checked.entities.push(entity);
    });
  }

  // source
  if (view.source === null) {
    report(
      'source',
      'is missing; give the data source the features are read from',
    );
  } else {
    checked.source = checkExists('source', 'source', view.source);
  }

  // schema
  if (view.schema === null) {
    report(
      'schema',
      'is missing; list the features as Field(name=..., dtype=...)',
    );
  } else if (!Array.isArray(view.schema)) {
    report(
      'schema',
      `\`${view.schema.text}\` must be a list of Field(name=..., dtype=...)`,
    );
  } else if (view.schema.length === 0) {
    report('schema', 'is empty; list at least one feature');
  } else {
    const seen = new Set<string>();
    view.schema.forEach((field, i) => {
      const at = `schema[${i}]`;
      const line = field.line ?? view.line;
      if ('expression' in field) {
        report(
          at,
          `\`${field.expression}\` is not Field(name=..., dtype=...)`,
          line,
        );
        return;
      }
      if (field.name === null) {
        report(`${at}.name`, 'must be a string literal', line);
      } else if (!field.isIdentifier) {
        report(
          `${at}.name`,
          `"${field.name}" is not a valid Python identifier`,
          line,
        );
      } else if (seen.has(field.name)) {
        report(
          `${at}.name`,
          `feature "${field.name}" appears more than once`,
          line,
        );
      } else {
        seen.add(field.name);
        checked.features.push(field.name);
      }
      if (field.dtype === null) {
        report(
          `${at}.dtype`,
          field.dtypeText
            ? `\`${field.dtypeText}\` is not a Feast type`
            : 'is missing; give a Feast type such as Int64',
          line,
        );
      } else if (!(FEAST_DTYPES as readonly string[]).includes(field.dtype)) {
        report(
          `${at}.dtype`,
          `"${field.dtype}" is not a Feast type (${FEAST_DTYPES.join(', ')})`,
          line,
        );
      }
    });
  }

  // ttl
  const ttl = view.ttl;
  if (ttl.kind === 'missing') {
    report('ttl', 'is missing; give timedelta(...) between 1 hour and 3 years');
  } else if (ttl.kind === 'none') {
    report(
      'ttl',
      'None means features never expire; give timedelta(...) between 1 hour and 3 years',
    );
  } else if (ttl.kind === 'expression') {
    report(
      'ttl',
      `\`${ttl.text}\` must be timedelta(...) with number literals`,
    );
  } else if (ttl.seconds < MIN_TTL_SECONDS) {
    report(
      'ttl',
      `${ttl.text} (${formatSeconds(ttl.seconds)}) is shorter than 1 hour`,
    );
  } else if (ttl.seconds > MAX_TTL_SECONDS) {
    report(
      'ttl',
      `${ttl.text} (${formatSeconds(ttl.seconds)}) is longer than 3 years`,
    );
  }

  if (view.online.kind === 'expression') {
    report('online', `\`${view.online.text}\` must be True or False`);
  }

  return { problems, view: problems.length === 0 ? checked : undefined };
}
