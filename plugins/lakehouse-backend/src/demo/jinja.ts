/**
 * The dbt references found in a model's Jinja-templated SQL. Only `ref()`
 * and `source()` calls inside `{{ … }}` expressions count, as in dbt; the
 * same words in SQL comments or string literals outside Jinja do not.
 */
export interface DbtReferences {
  /** `ref('model')` or `ref('package', 'model')`, as the argument lists. */
  refs: string[][];
  /** `source('source_name', 'table_name')`. */
  sources: [string, string][];
}

const CALL = /\b(ref|source)\s*\(([^)]*)\)/g;
const STRING_ARG = /^\s*(['"])(.*?)\1\s*$/;

function parseArgs(text: string, call: string, where: string): string[] {
  return text.split(',').map(arg => {
    const match = STRING_ARG.exec(arg);
    if (!match) {
      throw new Error(
        `${where}: ${call}() takes quoted names, got "${text.trim()}"`,
      );
    }
    return match[2];
  });
}

/** Lists every `ref()` and `source()` call of a model, in order of appearance. */
export function findDbtReferences(sql: string, where: string): DbtReferences {
  const refs: string[][] = [];
  const sources: [string, string][] = [];
  let cursor = 0;
  for (;;) {
    const open = sql.indexOf('{{', cursor);
    if (open < 0) break;
    const close = sql.indexOf('}}', open + 2);
    if (close < 0) {
      throw new Error(`${where}: "{{" at offset ${open} is never closed`);
    }
    const expression = sql.slice(open + 2, close);
    for (const match of expression.matchAll(CALL)) {
      const args = parseArgs(match[2], match[1], where);
      if (match[1] === 'ref') {
        if (args.length < 1 || args.length > 2) {
          throw new Error(`${where}: ref() takes one or two names`);
        }
        refs.push(args);
      } else {
        if (args.length !== 2) {
          throw new Error(`${where}: source() takes a source and a table name`);
        }
        sources.push([args[0], args[1]]);
      }
    }
    cursor = close + 2;
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
  return sql.replace(/\{\{([\s\S]*?)\}\}/g, (whole, expression: string) => {
    const match = /^\s*(ref|source)\s*\(([^)]*)\)\s*$/.exec(expression);
    if (!match) return whole;
    return resolve(
      match[1] as 'ref' | 'source',
      parseArgs(match[2], match[1], 'compile'),
    );
  });
}
