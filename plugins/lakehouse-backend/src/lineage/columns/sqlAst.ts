/**
 * Readers of node-sql-parser's syntax tree. Its node types are loose and
 * vary between grammars (a name may be a string, `{ type, value }` or
 * `{ expr: { type, value } }`), so the analysis reads them only through
 * these functions.
 */

/** A node of node-sql-parser's tree, read field by field. */
export type AstNode = { [field: string]: any };

/** The text of an identifier in any of the shapes the parser gives it. */
export function identifier(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const node = value as AstNode;
    if ('expr' in node) return identifier(node.expr);
    if ('value' in node && node.value !== null) return String(node.value);
  }
  return undefined;
}

/** Flattens `a.b.c` as the parser writes a qualified column it could not split. */
function dottedParts(node: unknown): string[] {
  if (node && typeof node === 'object' && (node as AstNode).operator === '.') {
    const { left, right } = node as AstNode;
    return [...dottedParts(left), ...dottedParts(right)];
  }
  const name = identifier(node);
  return name === undefined ? [] : [name];
}

/**
 * The parts of a column reference, qualifier first (`['o', 'order_id']`),
 * or `['o', '*']` / `['*']` for a star.
 */
export function columnReferenceParts(node: AstNode): string[] {
  const column = node.column;
  if (column === '*') {
    const qualifier = identifier(node.table);
    return qualifier === undefined ? ['*'] : [qualifier, '*'];
  }
  if (column?.expr?.type === 'binary_expr') return dottedParts(column.expr);
  return [node.db, node.schema, node.table, column]
    .map(identifier)
    .filter((part): part is string => part !== undefined && part !== '');
}

/** The parts of a table name in FROM: `['lakehouse', 'gold', 'orders']`, `['gold', 'orders']`, `['orders']`. */
export function tableNameParts(node: AstNode): string[] {
  // A three-part name has db, schema and table; a two-part name puts the
  // schema in `db`.
  return [node.db, node.schema, node.table]
    .map(identifier)
    .filter((part): part is string => part !== undefined && part !== '');
}

/**
 * The alias of a FROM item with its column aliases: node-sql-parser keeps
 * `AS s (a, b)` as the text `s(a, b)`.
 */
export function aliasOf(
  value: unknown,
): { name: string; columns?: string[] } | undefined {
  const text = identifier(value);
  if (text === undefined || text === '') return undefined;
  const match = /^([^(]*?)\s*\((.*)\)\s*$/s.exec(text);
  if (!match) return { name: unquote(text) };
  return {
    name: unquote(match[1]),
    columns: match[2].split(',').map(column => unquote(column)),
  };
}

function unquote(text: string): string {
  const trimmed = text.trim();
  return /^".*"$/s.test(trimmed)
    ? trimmed.slice(1, -1).replace(/""/g, '"')
    : trimmed;
}

/** The lower-case name of a called function, schema-qualified names joined with dots. */
export function functionName(node: AstNode): string {
  const name = node.name;
  if (typeof name === 'string') return name.toLowerCase();
  const parts: unknown[] = Array.isArray(name?.name) ? name.name : [name];
  return parts.map(identifier).filter(Boolean).join('.').toLowerCase();
}

/** The query of a subquery node (`(select …)` in an expression or in FROM), if it is one. */
export function subqueryOf(node: AstNode): AstNode | undefined {
  if (node.type === 'select') return node;
  const ast = node.ast;
  if (ast && typeof ast === 'object' && ast.type === 'select') return ast;
  return undefined;
}

/** `line L, column C` of a node, when the parser kept its location. */
export function positionOf(node: AstNode | undefined): string | undefined {
  const start = node?.loc?.start;
  return start ? `line ${start.line}, column ${start.column}` : undefined;
}
