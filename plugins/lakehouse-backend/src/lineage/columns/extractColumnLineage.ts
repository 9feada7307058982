import { Lineage } from './Lineage';
import { ParsedQuery, parseTrinoQuery } from './parseTrinoQuery';
import { QueryAnalyzer, Relation } from './QueryAnalyzer';
import { AstNode, positionOf, tableNameParts } from './sqlAst';
import { ModelColumnLineage, SqlModel } from './types';

type Options = Parameters<typeof extractColumnLineage>[1];

/** The columns a model hands on to the models that read it. */
interface ModelOutput {
  columns: string[];
  /** Its SQL passes on columns of a table whose columns are unknown. */
  open: boolean;
}

interface ModelState {
  model: SqlModel;
  parsed: ParsedQuery;
  /** Other models among the input that its SQL names. */
  upstream: ModelState[];
  output?: ModelOutput;
  result?: ModelColumnLineage;
}

const lowerAll = (names: string[]) => names.map(name => name.toLowerCase());

/** `catalog.schema.table` of a table name as written, completed with the defaults. */
function qualifiedName(parts: string[], options: Options): string | undefined {
  const names = lowerAll(parts);
  const catalog = options.defaultCatalog?.toLowerCase();
  const schema = options.defaultSchema?.toLowerCase();
  if (names.length === 3) return names.join('.');
  if (names.length === 2 && catalog) return [catalog, ...names].join('.');
  if (names.length === 1 && catalog && schema) {
    return [catalog, schema, names[0]].join('.');
  }
  return undefined;
}

/**
 * The table names of a query, for the order of analysis only: names of WITH
 * queries are left out wherever they are defined, which the analysis itself
 * does by scope.
 */
function namedTables(query: AstNode): string[][] {
  const tables: string[][] = [];
  const withNames = new Set<string>();
  const visit = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const value = node as AstNode;
    if (
      value.type !== 'column_ref' &&
      typeof value.table === 'string' &&
      'db' in value
    ) {
      tables.push(tableNameParts(value));
    }
    for (const definition of Array.isArray(value.with) ? value.with : []) {
      const name = definition?.name?.value ?? definition?.name;
      if (typeof name === 'string') withNames.add(name.toLowerCase());
    }
    for (const [field, child] of Object.entries(value)) {
      if (field !== 'loc' && child && typeof child === 'object') visit(child);
    }
  };
  visit(query);
  return tables.filter(
    parts => parts.length !== 1 || !withNames.has(parts[0].toLowerCase()),
  );
}

/** Models ordered so that every model comes after the models it reads (cycles aside). */
function dependencyOrder(states: ModelState[]): ModelState[] {
  const order: ModelState[] = [];
  const seen = new Set<ModelState>();
  for (const start of states) {
    if (seen.has(start)) continue;
    seen.add(start);
    // Iterative depth-first walk: chains of thousands of models would
    // overflow the stack of a recursive one.
    const stack: { state: ModelState; next: number }[] = [
      { state: start, next: 0 },
    ];
    while (stack.length) {
      const top = stack[stack.length - 1];
      const dependency = top.state.upstream[top.next++];
      if (!dependency) {
        order.push(top.state);
        stack.pop();
      } else if (!seen.has(dependency)) {
        seen.add(dependency);
        stack.push({ state: dependency, next: 0 });
      }
    }
  }
  return order;
}

function tableRelation(
  table: string,
  columns: string[],
  open: boolean,
): Relation {
  return {
    columns: columns.map(name => ({
      name,
      lineage: Lineage.ofColumn(table, name),
    })),
    rows: new Lineage(),
    otherColumn: open ? name => Lineage.ofColumn(table, name) : undefined,
    unknownFrom: open ? [table] : undefined,
  };
}

const UNTRACEABLE: Relation = {
  columns: [],
  rows: new Lineage(),
  untraceable: true,
};

function analyzeModel(
  state: ModelState,
  byTable: Map<string, ModelState>,
  options: Options,
  tableCache: Map<string, Relation>,
): ModelColumnLineage {
  const { model, parsed } = state;
  const problems = new Set<string>();
  const problem = (message: string) =>
    problems.add(`${model.table}: ${message}`);
  const tables = new Set<string>();
  const declared = model.declaredColumns
    ? lowerAll(model.declaredColumns)
    : undefined;
  const finish = (
    columns: ModelColumnLineage['columns'],
    output: ModelOutput,
  ): ModelColumnLineage => {
    state.output = output;
    return {
      table: model.table,
      columns,
      tables: [...tables],
      problems: [...problems],
    };
  };

  if ('problem' in parsed) {
    problem(parsed.problem);
    return finish([], { columns: declared ?? [], open: !declared?.length });
  }

  const table = (parts: string[], node: AstNode): Relation => {
    const name = qualifiedName(parts, options);
    if (!name) {
      problem(
        `table "${parts.join('.')}"${
          positionOf(node) ? ` at ${positionOf(node)}` : ''
        } needs a catalog and schema: its SQL does not name them and no default was given`,
      );
      return UNTRACEABLE;
    }
    tables.add(name);
    const upstream = byTable.get(name);
    if (upstream && upstream !== state) {
      if (upstream.output) {
        return tableRelation(
          name,
          upstream.output.columns,
          upstream.output.open,
        );
      }
      problem(
        `reads ${name}, which reads it in turn (a dependency cycle): ${name}'s columns are taken from its declaration`,
      );
      const declaredUpstream = upstream.model.declaredColumns;
      return tableRelation(
        name,
        lowerAll(declaredUpstream ?? []),
        !declaredUpstream?.length,
      );
    }
    let relation = tableCache.get(name);
    if (!relation) {
      const known = options.knownColumns(name);
      relation = tableRelation(name, lowerAll(known ?? []), !known);
      tableCache.set(name, relation);
    }
    return relation;
  };

  const relation = new QueryAnalyzer({ table, problem }).analyze(parsed.query);
  const columns = relation.columns.map(column => ({
    name: column.name,
    lineage: column.lineage,
  }));
  const names = new Set<string>();
  for (const column of columns) {
    if (names.has(column.name)) {
      problem(`its SQL produces column "${column.name}" more than once`);
    }
    names.add(column.name);
  }
  const unlisted = (declared ?? []).filter(name => !names.has(name));
  if (relation.otherColumn) {
    // Columns passed on by a `select *` over a table of unknown columns are
    // the ones the model declares.
    for (const name of unlisted) {
      columns.push({
        name,
        lineage: relation.otherColumn(name) ?? new Lineage(),
      });
    }
    if (!declared?.length) {
      problem(
        `"select *" over ${[...new Set(relation.unknownFrom)].join(
          ', ',
        )}, whose columns are unknown: the columns it passes on are not listed`,
      );
    }
  } else {
    for (const name of unlisted) {
      problem(`declares column "${name}", which its SQL does not produce`);
    }
  }
  return finish(
    columns.map(column => ({
      name: column.name,
      inputs: new Lineage()
        .addAll(column.lineage)
        .addAll(relation.rows)
        .toInputs(),
    })),
    {
      columns: columns.map(column => column.name),
      open: !!relation.otherColumn && !declared?.length,
    },
  );
}

/**
 * Analyses models in dependency order (derived from the tables each reads), so a `select *` over an upstream model
 * expands to that model's own inferred output columns when it declares none.
 *
 * Returns one result per model, in the order given. A model's SQL that does
 * not parse, or names what cannot be resolved, gives problems, never an
 * exception. A `select *` over an upstream model expands to the columns its
 * SQL produces; to its declared columns when its SQL could not be analysed
 * or passes on columns of a table whose columns are unknown.
 */
export function extractColumnLineage(
  models: SqlModel[],
  options: {
    /** Columns of tables that are not among `models` (sources, seeds, Iceberg tables), in order. */
    knownColumns(table: string): string[] | undefined;
    /** Catalog (and schema) of one- or two-part table names in the SQL. */
    defaultCatalog?: string;
    defaultSchema?: string;
  },
): ModelColumnLineage[] {
  const states: ModelState[] = models.map(model => ({
    model: { ...model, table: model.table.toLowerCase() },
    parsed: parseTrinoQuery(model.sql),
    upstream: [],
  }));
  const byTable = new Map<string, ModelState>();
  const duplicates = new Set<ModelState>();
  for (const state of states) {
    if (byTable.has(state.model.table)) duplicates.add(state);
    else byTable.set(state.model.table, state);
  }
  for (const state of states) {
    if (!('query' in state.parsed)) continue;
    const upstream = new Set<ModelState>();
    for (const parts of namedTables(state.parsed.query)) {
      const name = qualifiedName(parts, options);
      const dependency = name ? byTable.get(name) : undefined;
      if (dependency && dependency !== state) upstream.add(dependency);
    }
    state.upstream = [...upstream];
  }

  const tableCache = new Map<string, Relation>();
  for (const state of dependencyOrder(states)) {
    state.result = analyzeModel(state, byTable, options, tableCache);
    if (duplicates.has(state)) {
      state.result.problems.unshift(
        `${state.model.table}: another model writes the same table; models that read it see the first one`,
      );
    }
  }
  return states.map(state => state.result!);
}
