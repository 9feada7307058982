import {
  findDbtCalls,
  readDbtCall,
  readDbtRelation,
  splitJinja,
  type DbtRelationCall,
  type JinjaPart,
} from '@internal/plugin-lakehouse-node';

/**
 * The dbt references found in a model's Jinja-templated SQL. Only `ref()`
 * and `source()` calls inside Jinja blocks count, as in dbt; the same words
 * in SQL comments or string literals outside Jinja do not.
 */
export interface DbtReferences {
  /** `ref('model')` or `ref('package', 'model')`, as the argument lists. */
  refs: string[][];
  /** `source('source_name', 'table_name')`. */
  sources: [string, string][];
}

function fail(where: string, line: number, message: string): never {
  throw new Error(`${where}:${line}: ${message}`);
}

/** The arguments of the call that names `relation`, as `ref()` and `source()` take them. */
function argumentsOf(relation: DbtRelationCall): string[] {
  if (relation.fn === 'source') {
    return [relation.sourceName, relation.tableName];
  }
  return relation.packageName
    ? [relation.packageName, relation.name]
    : [relation.name];
}

/**
 * The text and Jinja pieces of a template (see `splitJinja` of
 * `@internal/plugin-lakehouse-node`).
 *
 * @throws Error naming `where` and the line of a block that is never closed
 */
export function splitJinjaOrThrow(
  template: string,
  where: string,
): JinjaPart[] {
  const { parts, problems } = splitJinja(template);
  if (problems.length > 0) fail(where, problems[0].line, problems[0].message);
  return parts;
}

/**
 * The relation that an expression's one `ref()` or `source()` call names,
 * or undefined when the expression is anything else.
 *
 * @throws Error naming `where` when the call names no relation without
 *   running Jinja, such as `ref(var('model'))`
 */
export function readRelationExpression(
  part: JinjaPart,
  where: string,
): DbtRelationCall | undefined {
  const call = readDbtCall(part.body, part.line);
  if (!call || (call.fn !== 'ref' && call.fn !== 'source')) return undefined;
  const relation = readDbtRelation(call);
  if ('problem' in relation) {
    fail(where, call.line, relation.problem);
  }
  return relation;
}

/** Lists every `ref()` and `source()` call of a model, in order of appearance. */
export function findDbtReferences(sql: string, where: string): DbtReferences {
  const { calls, problems } = findDbtCalls(sql);
  if (problems.length > 0) fail(where, problems[0].line, problems[0].message);
  const refs: string[][] = [];
  const sources: [string, string][] = [];
  for (const call of calls) {
    if (call.fn !== 'ref' && call.fn !== 'source') continue;
    const relation = readDbtRelation(call);
    if ('problem' in relation) fail(where, call.line, relation.problem);
    if (relation.fn === 'source') {
      sources.push([relation.sourceName, relation.tableName]);
    } else {
      refs.push(argumentsOf(relation));
    }
  }
  return { refs, sources };
}

/**
 * Replaces every `{{ ref(…) }}` / `{{ source(…) }}` expression with the
 * relation it resolves to, as `dbt compile` does.
 */
export function compileDbtSql(
  sql: string,
  resolve: (call: 'ref' | 'source', args: string[]) => string,
): string {
  const where = 'compile';
  return splitJinjaOrThrow(sql, where)
    .map(part => {
      const relation =
        part.kind === 'expression'
          ? readRelationExpression(part, where)
          : undefined;
      return relation
        ? resolve(relation.fn, argumentsOf(relation))
        : part.source;
    })
    .join('');
}
