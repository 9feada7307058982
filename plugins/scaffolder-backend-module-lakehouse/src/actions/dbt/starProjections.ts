import type { SqlToken } from './sqlTokenizer';

/** Words that end the select list of the SELECT they follow. */
const SELECT_LIST_END = new Set([
  'from',
  'where',
  'group',
  'having',
  'window',
  'qualify',
  'order',
  'limit',
  'offset',
  'fetch',
  'union',
  'intersect',
  'except',
  'into',
]);

/** Tokens after which a `*` is a column wildcard rather than a product. */
function startsProjection(previous: SqlToken | undefined): boolean {
  if (!previous) return false;
  if (previous.kind === 'word') {
    return ['select', 'distinct', 'all'].includes(previous.text.toLowerCase());
  }
  return (
    previous.kind === 'symbol' &&
    (previous.text === ',' || previous.text === '.')
  );
}

/**
 * Finds the `*` and `alias.*` wildcards in the select lists of a query
 * (subqueries and CTEs included). `count(*)` and multiplications are not
 * wildcards. Works on {@link tokenizeSql} tokens, so comments and strings
 * never match.
 *
 * @returns the 1-based line of each wildcard
 */
export function findStarProjections(tokens: SqlToken[]): number[] {
  const lines: number[] = [];
  const significant = tokens.filter(
    t => t.kind !== 'whitespace' && t.kind !== 'comment',
  );
  // Paren depth of each SELECT whose select list is still open.
  const openSelects: number[] = [];
  let depth = 0;
  let previous: SqlToken | undefined;
  for (const token of significant) {
    const word = token.kind === 'word' ? token.text.toLowerCase() : undefined;
    const top = openSelects[openSelects.length - 1];
    if (token.kind === 'symbol' && token.text === '(') {
      depth++;
    } else if (token.kind === 'symbol' && token.text === ')') {
      depth--;
      while (
        openSelects.length > 0 &&
        openSelects[openSelects.length - 1] > depth
      ) {
        openSelects.pop();
      }
    } else if (token.kind === 'symbol' && token.text === ';') {
      openSelects.length = 0;
      depth = 0;
    } else if (word === 'select') {
      if (top === depth) openSelects.pop();
      openSelects.push(depth);
    } else if (word && SELECT_LIST_END.has(word) && top === depth) {
      openSelects.pop();
    } else if (
      token.kind === 'symbol' &&
      token.text === '*' &&
      top === depth &&
      startsProjection(previous)
    ) {
      lines.push(token.line);
    }
    previous = token;
  }
  return lines;
}
