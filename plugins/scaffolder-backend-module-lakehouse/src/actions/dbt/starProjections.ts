import {
  QUERY_CLAUSES,
  SET_OPERATORS,
  significantTokens,
  type SqlToken,
} from '@internal/plugin-lakehouse-node';

/** Words that end the select list of the SELECT they follow. */
const SELECT_LIST_END = new Set([...QUERY_CLAUSES, ...SET_OPERATORS, 'INTO']);

const isPunctuation = (token: SqlToken, text: string) =>
  token.kind === 'punctuation' && token.text === text;

/** Tokens after which a `*` is a column wildcard rather than a product. */
function startsProjection(previous: SqlToken | undefined): boolean {
  if (!previous) return false;
  if (previous.kind === 'word') {
    return ['SELECT', 'DISTINCT', 'ALL'].includes(previous.value);
  }
  return isPunctuation(previous, ',') || isPunctuation(previous, '.');
}

/**
 * Finds the `*` and `alias.*` wildcards in the select lists of a query
 * (subqueries and CTEs included). `count(*)` and multiplications are not
 * wildcards. Works on the tokens of a dbt model (`tokenizeSql` with
 * `{ jinja: true }`), so comments, strings and Jinja never match.
 *
 * @returns the 1-based line of each wildcard
 */
export function findStarProjections(tokens: SqlToken[]): number[] {
  const lines: number[] = [];
  // Paren depth of each SELECT whose select list is still open.
  const openSelects: number[] = [];
  let depth = 0;
  let previous: SqlToken | undefined;
  for (const token of significantTokens(tokens)) {
    const word = token.kind === 'word' ? token.value : undefined;
    const top = openSelects[openSelects.length - 1];
    if (isPunctuation(token, '(')) {
      depth++;
    } else if (isPunctuation(token, ')')) {
      depth--;
      while (
        openSelects.length > 0 &&
        openSelects[openSelects.length - 1] > depth
      ) {
        openSelects.pop();
      }
    } else if (token.kind === 'semicolon') {
      openSelects.length = 0;
      depth = 0;
    } else if (word === 'SELECT') {
      if (top === depth) openSelects.pop();
      openSelects.push(depth);
    } else if (word && SELECT_LIST_END.has(word) && top === depth) {
      openSelects.pop();
    } else if (
      token.kind === 'operator' &&
      token.text === '*' &&
      top === depth &&
      startsProjection(previous)
    ) {
      lines.push(token.position.line);
    }
    previous = token;
  }
  return lines;
}
