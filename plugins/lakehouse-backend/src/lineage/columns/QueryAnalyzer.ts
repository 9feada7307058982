import { deciding, Lineage, nested, Role } from './Lineage';
import {
  aliasOf,
  AstNode,
  columnReferenceParts,
  functionName,
  identifier,
  positionOf,
  subqueryOf,
  tableNameParts,
} from './sqlAst';
import { TRINO_AGGREGATE_FUNCTIONS } from './trinoFunctions';

/** A relation a query reads or produces: named columns, each with its lineage. */
export interface Relation {
  columns: { name: string; lineage: Lineage }[];
  /** INDIRECT inputs that decide the relation's rows: its joins, filters, grouping and order. */
  rows: Lineage;
  /**
   * Present when the relation passes on columns nobody listed (a `select *`
   * over a table whose columns are unknown): where such a column comes from,
   * or null when that cannot be told.
   */
  otherColumn?: (name: string) => Lineage | null;
  /** The tables of unknown columns it passes on, for messages. */
  unknownFrom?: string[];
  /** The relation's name could not be resolved (already reported): its columns are untraceable. */
  untraceable?: boolean;
}

/** What the analysis of one query needs from the model it belongs to. */
export interface QueryContext {
  /** The relation of a table named in FROM (its name as written, in parts). */
  table(nameParts: string[], node: AstNode): Relation;
  /** Records what could not be traced. */
  problem(message: string): void;
}

const IDENTITY: Role = { transformation: 'DIRECT', subtype: 'IDENTITY' };
const AGGREGATION: Role = { transformation: 'DIRECT', subtype: 'AGGREGATION' };

/** A relation in a FROM clause, with the names that qualify its columns. */
interface FromItem {
  /** `o` for `orders as o`; every suffix of the name for an unaliased table. */
  qualifiers: string[][];
  /** How messages name it: `o (lakehouse.bronze.orders)`. */
  label: string;
  relation: Relation;
  /** Columns merged into the left side by `USING`, not listed again by `*`. */
  mergedByUsing: Set<string>;
}

/** A WITH query, analysed on first use and then shared by every reference. */
interface CommonTableExpression {
  name: string;
  query: AstNode;
  columnNames?: string[];
  /** The WITH queries it may read: those before it, and itself when recursive. */
  visible?: CteChain;
  relation?: Relation;
  inProgress?: boolean;
}

interface CteChain {
  cte: CommonTableExpression;
  parent?: CteChain;
}

/** The names a query's expressions resolve against. */
interface Scope {
  items: FromItem[];
  /** The enclosing query, for correlated subqueries. */
  outer?: Scope;
  ctes?: CteChain;
  /** Columns merged by `USING`: both sides' lineage. */
  using: Map<string, Lineage>;
  windows: Map<string, AstNode>;
  /** Parameters of the lambda expressions being read (`x -> x + 1`). */
  lambdaParameters?: Set<string>;
  /**
   * The query's output columns, which ORDER BY names before its inputs
   * (`preferred`) and GROUP BY only when no input has the name.
   */
  outputs?: { columns: Map<string, Lineage>; preferred: boolean };
}

const lower = (name: string) => name.toLowerCase();

function findCte(chain: CteChain | undefined, name: string) {
  for (let link = chain; link; link = link.parent) {
    if (link.cte.name === name) return link.cte;
  }
  return undefined;
}

function withColumnNames(relation: Relation, names: string[]): Relation {
  return {
    ...relation,
    columns: names.map((name, index) => ({
      name,
      lineage: relation.columns[index]?.lineage ?? new Lineage(),
    })),
    otherColumn: undefined,
    unknownFrom: undefined,
  };
}

const at = (node: AstNode | undefined) => {
  const position = positionOf(node);
  return position ? ` at ${position}` : '';
};

/**
 * Traces the columns of one query to the columns of the tables it reads,
 * through its WITH queries, subqueries, joins and set operations.
 */
export class QueryAnalyzer {
  constructor(private readonly context: QueryContext) {}

  /** The query's output columns, each with its lineage, and what decides its rows. */
  analyze(query: AstNode): Relation {
    return this.query(query, undefined, undefined);
  }

  private query(
    node: AstNode,
    ctes: CteChain | undefined,
    outer: Scope | undefined,
  ): Relation {
    const visible = this.withClause(node.with, ctes);
    let result = this.select(node, visible, outer);
    for (let left = node; left._next; left = left._next) {
      const branch = this.select(left._next, visible, outer);
      result = this.setOperation(result, branch, String(left.set_op ?? ''));
    }
    return result;
  }

  private withClause(
    definitions: AstNode[] | null | undefined,
    parent: CteChain | undefined,
  ): CteChain | undefined {
    let chain = parent;
    for (const definition of definitions ?? []) {
      const cte: CommonTableExpression = {
        name: lower(identifier(definition.name) ?? ''),
        query: subqueryOf(definition.stmt ?? {}) ?? definition.stmt,
        columnNames: Array.isArray(definition.columns)
          ? definition.columns.map((column: AstNode) =>
              lower(
                typeof column === 'object' && column?.type === 'column_ref'
                  ? columnReferenceParts(column).slice(-1)[0]
                  : identifier(column) ?? '',
              ),
            )
          : undefined,
      };
      const before = chain;
      chain = { cte, parent: chain };
      cte.visible = definition.recursive ? chain : before;
    }
    return chain;
  }

  private commonTableExpression(cte: CommonTableExpression): Relation {
    if (cte.relation) return cte.relation;
    if (cte.inProgress) {
      // The recursive reference of a recursive WITH query: its rows are
      // built from the base case, whose lineage the query already holds.
      return {
        columns: (cte.columnNames ?? []).map(name => ({
          name,
          lineage: new Lineage(),
        })),
        rows: new Lineage(),
      };
    }
    cte.inProgress = true;
    let relation = this.query(cte.query, cte.visible, undefined);
    if (cte.columnNames) {
      if (cte.columnNames.length !== relation.columns.length) {
        this.context.problem(
          `WITH query "${cte.name}" names ${cte.columnNames.length} columns but selects ${relation.columns.length}`,
        );
      }
      relation = withColumnNames(relation, cte.columnNames);
    }
    cte.relation = relation;
    cte.inProgress = false;
    return relation;
  }

  private setOperation(
    left: Relation,
    right: Relation,
    operator: string,
  ): Relation {
    const kind = operator.toUpperCase().split(' ')[0] || 'UNION';
    if (left.columns.length !== right.columns.length) {
      this.context.problem(
        `the branches of its ${kind} have ${left.columns.length} and ${right.columns.length} columns`,
      );
    }
    const rows = new Lineage().addAll(left.rows);
    if (kind !== 'UNION') {
      // EXCEPT and INTERSECT return rows of the left side; the right side
      // only decides which.
      const filter: Role = { transformation: 'INDIRECT', subtype: 'FILTER' };
      for (const column of right.columns)
        rows.addThrough(column.lineage, filter);
      rows.addThrough(right.rows, filter);
      return { ...left, rows };
    }
    rows.addAll(right.rows);
    const open = [left, right].filter(branch => branch.otherColumn);
    return {
      // UNION matches columns by position and names them after the first branch.
      columns: left.columns.map((column, index) => ({
        name: column.name,
        lineage: new Lineage()
          .addAll(column.lineage)
          .addAll(right.columns[index]?.lineage ?? new Lineage()),
      })),
      rows,
      otherColumn: open.length
        ? name => {
            const merged = new Lineage();
            for (const branch of open) {
              const lineage = branch.otherColumn!(name);
              if (lineage) merged.addAll(lineage);
            }
            return merged;
          }
        : undefined,
      unknownFrom: open.flatMap(branch => branch.unknownFrom ?? []),
    };
  }

  private select(
    node: AstNode,
    ctes: CteChain | undefined,
    outer: Scope | undefined,
  ): Relation {
    const scope: Scope = {
      items: [],
      outer,
      ctes,
      using: new Map(),
      windows: new Map(),
    };
    const rows = new Lineage();
    const from: AstNode[] = [node.from ?? []].flat();
    for (const item of from) {
      this.fromItem(item, scope, rows);
    }
    for (const window of node.window?.expr ?? []) {
      scope.windows.set(lower(identifier(window.name) ?? ''), window);
    }

    const columns: Relation['columns'] = [];
    const openItems = new Set<FromItem>();
    const items: AstNode[] =
      node.columns === '*'
        ? [{ expr: { type: 'column_ref', table: null, column: '*' } }]
        : node.columns ?? [];
    items.forEach((item, index) => {
      const expression = item.expr ?? item;
      if (expression?.type === 'column_ref') {
        const parts = columnReferenceParts(expression);
        if (parts[parts.length - 1] === '*') {
          this.star(parts.slice(0, -1), scope, expression, columns, openItems);
          return;
        }
      }
      const lineage = new Lineage();
      this.expression(expression, IDENTITY, scope, lineage);
      columns.push({ name: this.outputName(item, expression, index), lineage });
    });

    const outputs = new Map<string, Lineage>();
    for (const column of columns) {
      if (!outputs.has(column.name)) outputs.set(column.name, column.lineage);
    }
    const byPosition = (expression: AstNode) =>
      expression?.type === 'number' && Number.isInteger(expression.value)
        ? columns[expression.value - 1]?.lineage
        : undefined;

    this.expression(
      node.where,
      { transformation: 'INDIRECT', subtype: 'FILTER' },
      scope,
      rows,
    );
    const groupBy =
      node.groupby?.columns ??
      (Array.isArray(node.groupby) ? node.groupby : []);
    const grouping: Role = { transformation: 'INDIRECT', subtype: 'GROUP_BY' };
    for (const expression of groupBy ?? []) {
      const ordinal = byPosition(expression);
      if (ordinal) rows.addThrough(ordinal, grouping);
      else {
        this.expression(
          expression,
          grouping,
          { ...scope, outputs: { columns: outputs, preferred: false } },
          rows,
        );
      }
    }
    this.expression(
      node.having,
      { transformation: 'INDIRECT', subtype: 'FILTER' },
      scope,
      rows,
    );
    const sorting: Role = { transformation: 'INDIRECT', subtype: 'SORT' };
    for (const order of node.orderby ?? []) {
      const ordinal = byPosition(order.expr);
      if (ordinal) rows.addThrough(ordinal, sorting);
      else {
        this.expression(
          order.expr,
          sorting,
          { ...scope, outputs: { columns: outputs, preferred: true } },
          rows,
        );
      }
    }

    const open = [...openItems];
    return {
      columns,
      rows,
      otherColumn: open.length
        ? name => this.otherColumnOf(open, name)
        : undefined,
      unknownFrom: open.flatMap(
        item => item.relation.unknownFrom ?? [item.label],
      ),
    };
  }

  /** Where an unlisted column of a `select *` over relations of unknown columns comes from. */
  private otherColumnOf(open: FromItem[], name: string): Lineage | null {
    if (open.some(item => item.relation.untraceable)) return null;
    if (open.length > 1) {
      this.context.problem(
        `column "${name}" could come from any of ${open
          .map(item => item.label)
          .join(', ')}, whose columns are unknown`,
      );
      return null;
    }
    return open[0].relation.otherColumn!(name);
  }

  private outputName(item: AstNode, expression: AstNode, index: number) {
    const alias = identifier(item.as);
    if (alias) return lower(alias);
    if (expression?.type === 'column_ref') {
      const parts = columnReferenceParts(expression);
      if (parts.length) return lower(parts[parts.length - 1]);
    }
    // Trino's name for an unnamed expression.
    return `_col${index}`;
  }

  private star(
    qualifier: string[],
    scope: Scope,
    node: AstNode,
    columns: Relation['columns'],
    openItems: Set<FromItem>,
  ) {
    let items = scope.items;
    if (qualifier.length) {
      const item = this.findItem(qualifier, scope.items);
      if (!item) {
        this.context.problem(
          `${[...qualifier, '*'].join('.')}${at(node)} names ${
            item === null ? 'more than one' : 'no'
          } table of its FROM clause`,
        );
        return;
      }
      items = [item];
    }
    for (const item of items) {
      for (const column of item.relation.columns) {
        if (!qualifier.length && item.mergedByUsing.has(column.name)) continue;
        const merged = qualifier.length
          ? undefined
          : scope.using.get(column.name);
        columns.push({
          name: column.name,
          lineage: new Lineage().addAll(merged ?? column.lineage),
        });
      }
      if (item.relation.otherColumn || item.relation.untraceable) {
        openItems.add(item);
      }
    }
  }

  private fromItem(node: AstNode, scope: Scope, rows: Lineage) {
    const alias = aliasOf(node.as);
    let relation: Relation;
    let qualifiers: string[][];
    let source: string;
    const expression = node.expr;
    const subquery = expression ? subqueryOf(expression) : undefined;
    let tableFunction = false;
    if (subquery) {
      const lateral = String(node.prefix ?? '').toLowerCase() === 'lateral';
      relation = this.query(
        subquery,
        scope.ctes,
        lateral ? scope : scope.outer,
      );
      qualifiers = [];
      source = 'subquery';
    } else if (expression?.type === 'values') {
      const width = expression.values?.[0]?.value?.length ?? 0;
      relation = {
        columns: Array.from({ length: width }, (_, index) => ({
          name: `_col${index}`,
          lineage: new Lineage(),
        })),
        rows: new Lineage(),
      };
      qualifiers = [];
      source = 'VALUES';
    } else if (expression) {
      // A table function such as UNNEST: each of its columns is computed
      // from its arguments, which may name columns of earlier FROM items.
      const lineage = new Lineage();
      this.expression(
        expression.args ?? expression,
        { transformation: 'DIRECT', subtype: 'TRANSFORMATION' },
        scope,
        lineage,
      );
      relation = {
        columns: (alias?.columns ?? []).map(name => ({ name, lineage })),
        rows: new Lineage(),
      };
      qualifiers = [];
      source = functionName(expression) || 'table function';
      tableFunction = true;
    } else if (typeof node.table === 'string') {
      const parts = tableNameParts(node);
      const cte =
        parts.length === 1 ? findCte(scope.ctes, lower(parts[0])) : undefined;
      if (cte) {
        relation = this.commonTableExpression(cte);
        source = cte.name;
      } else {
        relation = this.context.table(parts, node);
        source = parts.map(lower).join('.');
      }
      const lowered = parts.map(lower);
      qualifiers = lowered.map((_, index) => lowered.slice(index));
    } else {
      return;
    }
    if (alias?.columns && !tableFunction) {
      relation = withColumnNames(relation, alias.columns.map(lower));
    }
    if (alias) qualifiers = [[lower(alias.name)]];
    const item: FromItem = {
      qualifiers,
      label:
        alias && lower(alias.name) !== source
          ? `${lower(alias.name)} (${source})`
          : source,
      relation,
      mergedByUsing: new Set(),
    };
    rows.addAll(relation.rows);
    const join: Role = { transformation: 'INDIRECT', subtype: 'JOIN' };
    if (Array.isArray(node.using) && node.using.length) {
      for (const column of node.using) {
        const name = lower(identifier(column) ?? '');
        const left = this.unqualified(
          name,
          { ...scope, outer: undefined },
          node,
        );
        const right = this.fromRelation(item, name, node);
        const merged = new Lineage();
        for (const side of [left, right]) {
          if (side) {
            merged.addAll(side);
            rows.addThrough(side, join);
          }
        }
        scope.using.set(name, merged);
        item.mergedByUsing.add(name);
      }
      scope.items.push(item);
    } else {
      scope.items.push(item);
      this.expression(node.on, join, scope, rows);
    }
  }

  /** Adds the lineage of an expression standing in `role` to `into`. */
  private expression(
    node: unknown,
    role: Role,
    scope: Scope,
    into: Lineage,
  ): void {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const element of node) this.expression(element, role, scope, into);
      return;
    }
    const expression = node as AstNode;
    const subquery = subqueryOf(expression);
    if (subquery) {
      const relation = this.query(subquery, scope.ctes, scope);
      for (const column of relation.columns)
        into.addThrough(column.lineage, role);
      into.addThrough(relation.rows, role);
      return;
    }
    const inner = nested(role);
    switch (expression.type) {
      case 'column_ref': {
        const parts = columnReferenceParts(expression);
        if (parts[parts.length - 1] === '*') return;
        const found = this.column(parts, scope, expression);
        // `tags[1]`, `at AT TIME ZONE 'UTC'`: the parser hangs these on the
        // column reference, and they change the value.
        const subscripts: AstNode[] = expression.array_index ?? [];
        const changed = subscripts.length > 0 || !!expression.options;
        if (found) {
          into.addThrough(found.lineage, found.field || changed ? inner : role);
        }
        for (const subscript of subscripts) {
          this.expression(subscript.index, inner, scope, into);
        }
        this.expression(expression.options, inner, scope, into);
        return;
      }
      case 'aggr_func':
        this.aggregate(expression, expression.args, role, scope, into);
        return;
      case 'function': {
        const name = functionName(expression);
        if (TRINO_AGGREGATE_FUNCTIONS.has(name)) {
          this.aggregate(expression, expression.args, role, scope, into);
          return;
        }
        const args: unknown[] = expression.args?.value ?? [];
        if (name === 'if' && args.length) {
          // if(condition, then, else): the condition only picks the value.
          this.expression(args[0], deciding(role, 'CONDITIONAL'), scope, into);
          this.expression(args.slice(1), inner, scope, into);
        } else {
          this.expression(expression.args, inner, scope, into);
        }
        this.window(expression.over, role, scope, into);
        return;
      }
      case 'case': {
        const condition = deciding(role, 'CONDITIONAL');
        this.expression(expression.expr, condition, scope, into);
        for (const branch of expression.args ?? []) {
          this.expression(branch.cond, condition, scope, into);
          this.expression(branch.result, inner, scope, into);
        }
        return;
      }
      case 'lambda': {
        const parameters = (expression.args?.value ?? [expression.args])
          .map(identifier)
          .filter(Boolean)
          .map(lower);
        const body: Scope = {
          ...scope,
          lambdaParameters: new Set([
            ...(scope.lambdaParameters ?? []),
            ...parameters,
          ]),
        };
        this.expression(expression.expr, inner, body, into);
        return;
      }
      default:
        for (const [field, value] of Object.entries(expression)) {
          if (field !== 'loc' && value && typeof value === 'object') {
            this.expression(value, inner, scope, into);
          }
        }
    }
  }

  private aggregate(
    node: AstNode,
    args: AstNode | undefined,
    role: Role,
    scope: Scope,
    into: Lineage,
  ) {
    const aggregated = role.transformation === 'DIRECT' ? AGGREGATION : role;
    for (const [field, value] of Object.entries(args ?? {})) {
      if (field === 'orderby') {
        // array_agg(x ORDER BY y): y orders the values, x is aggregated.
        for (const order of (value as AstNode[] | null) ?? []) {
          this.expression(order.expr, deciding(role, 'SORT'), scope, into);
        }
      } else if (field !== 'loc') {
        this.expression(value, aggregated, scope, into);
      }
    }
    // count(*) FILTER (WHERE …): the filter picks the rows aggregated.
    this.expression(node.filter?.where, deciding(role, 'FILTER'), scope, into);
    this.window(node.over, role, scope, into);
  }

  private window(
    over: AstNode | null | undefined,
    role: Role,
    scope: Scope,
    into: Lineage,
  ) {
    if (!over) return;
    const windowing = deciding(role, 'WINDOW');
    let specification = over.as_window_specification ?? over;
    for (
      let depth = 0;
      typeof specification === 'string' && depth < 8;
      depth++
    ) {
      const named = scope.windows.get(lower(specification));
      if (!named) {
        this.context.problem(
          `window "${specification}" is not defined in its WINDOW clause`,
        );
        return;
      }
      specification = named.as_window_specification;
    }
    const spec = specification?.window_specification ?? specification;
    if (!spec || typeof spec !== 'object') return;
    this.expression(spec.partitionby, windowing, scope, into);
    for (const order of spec.orderby ?? []) {
      this.expression(order.expr, windowing, scope, into);
    }
    if (typeof spec.name === 'string' && spec.name) {
      // A window built on a named one: (w ORDER BY x).
      this.window({ as_window_specification: spec.name }, role, scope, into);
    }
  }

  private findItem(qualifier: string[], items: FromItem[]) {
    const wanted = qualifier.map(lower);
    const found = items.filter(item =>
      item.qualifiers.some(
        names =>
          names.length === wanted.length &&
          names.every((name, index) => name === wanted[index]),
      ),
    );
    if (found.length > 1) return null;
    return found[0];
  }

  /** The lineage of a column reference, or undefined when it cannot be traced (reported). */
  private column(
    parts: string[],
    scope: Scope,
    node: AstNode,
  ): { lineage: Lineage; field?: boolean } | undefined {
    const name = lower(parts[parts.length - 1]);
    if (parts.length === 1) {
      const lineage = this.unqualified(name, scope, node);
      return lineage ? { lineage } : undefined;
    }
    const qualifier = parts.slice(0, -1);
    for (let level: Scope | undefined = scope; level; level = level.outer) {
      const item = this.findItem(qualifier, level.items);
      if (item === null) {
        this.context.problem(
          `"${qualifier.join('.')}"${at(
            node,
          )} could be more than one table of its FROM clause`,
        );
        return undefined;
      }
      if (item) {
        const lineage = this.fromRelation(item, name, node);
        return lineage ? { lineage } : undefined;
      }
    }
    // `address.city`: a field of a ROW column rather than a qualified column.
    const lineage = this.unqualified(lower(parts[0]), scope, node, true);
    if (lineage) return { lineage, field: true };
    this.context.problem(
      `column "${parts.join('.')}"${at(node)}: "${qualifier.join(
        '.',
      )}" is no table of its FROM clause`,
    );
    return undefined;
  }

  private fromRelation(
    item: FromItem,
    name: string,
    node: AstNode,
  ): Lineage | undefined {
    const matches = item.relation.columns.filter(
      column => column.name === name,
    );
    if (matches.length === 1) return matches[0].lineage;
    if (matches.length > 1) {
      this.context.problem(
        `column "${name}"${at(node)} is ambiguous: ${item.label} has ${
          matches.length
        } columns of that name`,
      );
      return undefined;
    }
    if (item.relation.untraceable) return undefined;
    if (item.relation.otherColumn)
      return item.relation.otherColumn(name) ?? undefined;
    this.context.problem(
      `column "${name}"${at(node)} is not a column of ${item.label}`,
    );
    return undefined;
  }

  /** Resolves a column named without a table, from the innermost query outwards. */
  private unqualified(
    name: string,
    scope: Scope,
    node: AstNode,
    quiet = false,
  ): Lineage | undefined {
    const outputs = scope.outputs;
    if (outputs?.preferred && outputs.columns.has(name)) {
      return outputs.columns.get(name);
    }
    for (let level: Scope | undefined = scope; level; level = level.outer) {
      if (level.lambdaParameters?.has(name)) return new Lineage();
      const merged = level.using.get(name);
      if (merged) return merged;
      const having = level.items.filter(item =>
        item.relation.columns.some(column => column.name === name),
      );
      if (having.length === 1) return this.fromRelation(having[0], name, node);
      if (having.length > 1) {
        if (!quiet) {
          this.context.problem(
            `column "${name}"${at(node)} is ambiguous: ${having
              .map(item => item.label)
              .join(' and ')} ${having.length === 2 ? 'both' : 'all'} have it`,
          );
        }
        return undefined;
      }
      const open = level.items.filter(
        item => item.relation.otherColumn || item.relation.untraceable,
      );
      if (open.length === 1) {
        return quiet && !open[0].relation.otherColumn
          ? undefined
          : this.fromRelation(open[0], name, node);
      }
      if (open.length > 1) {
        if (!quiet && !open.some(item => item.relation.untraceable)) {
          this.context.problem(
            `column "${name}"${at(node)} could come from any of ${open
              .map(item => item.label)
              .join(', ')}, whose columns are unknown`,
          );
        }
        return undefined;
      }
      if (level === scope && outputs && outputs.columns.has(name)) {
        return outputs.columns.get(name);
      }
    }
    if (!quiet) {
      this.context.problem(
        `column "${name}"${at(node)} is in none of the tables it reads`,
      );
    }
    return undefined;
  }
}
