/*
 * The search language of MLflow's Model Registry, as the SQL store applies it (mlflow/utils/search_utils.py
 * SearchUtils / SearchModelUtils / SearchModelVersionUtils, and mlflow/store/model_registry/sqlalchemy_store.py
 * _get_search_registered_model_filter_query, _get_search_model_versions_filter_clauses, the order_by parsers
 * and _compute_next_token):
 * - a filter is comparisons joined by AND: `name = 'churn'`, `name LIKE 'churn%'`, `tags.team = 'ml'`,
 *   `tags.\`mlflow.source\` != 'x'`, and for versions also `run_id IN ('a', 'b')`, `source_path = '...'`,
 *   `version_number >= 3`;
 * - page tokens are base64 of Python's `json.dumps({"offset": N})`, decoded as leniently and refused with the
 *   same messages as SearchUtils.parse_start_offset_from_page_token.
 * MLflow parses filters with sqlparse; this tokenizer accepts the same well-formed filters and refuses
 * malformed ones with MLflow's messages, without reproducing every sqlparse quirk.
 */
import { MlflowError, invalidParameter } from './errors';

/** One parsed comparison of a filter. */
export interface FilterClause {
  type: 'attribute' | 'tag';
  key: string;
  comparator: string;
  value: string | string[];
}

/** Which search a filter belongs to. */
export type SearchKind = 'registered-models' | 'model-versions';

type Token =
  | { kind: 'identifier'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'number'; text: string }
  | { kind: 'operator'; text: string }
  | { kind: 'keyword'; text: string }
  | { kind: 'list'; text: string; items: Token[] }
  | { kind: 'other'; text: string };

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'LIKE', 'ILIKE', 'IN', 'IS']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const quoted = /^'(?:[^']|'')*'/.exec(rest);
    if (quoted) {
      tokens.push({ kind: 'string', text: quoted[0] });
      i += quoted[0].length;
      continue;
    }
    // Double-quoted text is an identifier for sqlparse; MLflow accepts it as a value too.
    const identifier =
      /^(?:"[^"]*"|`[^`]*`|[A-Za-z_][\w]*)(?:\.(?:"[^"]*"|`[^`]*`|[A-Za-z_][\w.-]*))?/.exec(
        rest,
      );
    if (identifier) {
      const word = identifier[0];
      if (KEYWORDS.has(word.toUpperCase()) && !word.includes('.')) {
        tokens.push({ kind: 'keyword', text: word.toUpperCase() });
      } else {
        tokens.push({ kind: 'identifier', text: word });
      }
      i += word.length;
      continue;
    }
    const number = /^-?\d+(?:\.\d+)?/.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', text: number[0] });
      i += number[0].length;
      continue;
    }
    const operator = /^(?:!=|<>|>=|<=|==|=|<|>)/.exec(rest);
    if (operator) {
      tokens.push({ kind: 'operator', text: operator[0] });
      i += operator[0].length;
      continue;
    }
    if (rest[0] === '(') {
      const close = rest.indexOf(')');
      const inner = close < 0 ? rest.slice(1) : rest.slice(1, close);
      const whole = close < 0 ? rest : rest.slice(0, close + 1);
      tokens.push({ kind: 'list', text: whole, items: tokenize(inner) });
      i += whole.length;
      continue;
    }
    if (rest[0] === ',') {
      tokens.push({ kind: 'other', text: ',' });
      i += 1;
      continue;
    }
    const other = /^[^\s,()]+/.exec(rest)?.[0] ?? rest[0];
    tokens.push({ kind: 'other', text: other });
    i += other.length;
  }
  return tokens;
}

function stripQuotes(text: string): string {
  if (
    text.length >= 2 &&
    ((text.startsWith("'") && text.endsWith("'")) ||
      (text.startsWith('"') && text.endsWith('"')) ||
      (text.startsWith('`') && text.endsWith('`')))
  ) {
    return text.slice(1, -1);
  }
  return text;
}

const VALID_KEYS: Record<SearchKind, string[]> = {
  'registered-models': ['name'],
  'model-versions': ['name', 'version_number', 'run_id', 'source_path'],
};

function pythonSetRepr(values: string[]): string {
  return `{${values.map(v => `'${v}'`).join(', ')}}`;
}

function identifierOf(text: string, kind: SearchKind) {
  const dot = text.indexOf('.');
  let type: 'attribute' | 'tag' = 'attribute';
  let key = text;
  if (dot >= 0 && !/^["`]/.test(text)) {
    const entity = text.slice(0, dot);
    key = text.slice(dot + 1);
    if (!['attribute', 'tag', 'tags'].includes(entity)) {
      invalidParameter(
        `Invalid entity type '${entity}'. Valid entity types are ('attribute', 'tag', 'tags')`,
      );
    }
    type = entity === 'attribute' ? 'attribute' : 'tag';
  }
  if (type === 'attribute' && !VALID_KEYS[kind].includes(key)) {
    invalidParameter(
      `Invalid attribute key '${key}' specified. Valid keys are '${pythonSetRepr(
        VALID_KEYS[kind],
      )}'`,
    );
  }
  return { type, key: stripQuotes(key) };
}

function valueOf(
  type: 'attribute' | 'tag',
  key: string,
  token: Token,
  kind: SearchKind,
): string | string[] {
  const quoted =
    token.kind === 'string' ||
    (token.kind === 'identifier' && /^["`]/.test(token.text));
  if (quoted) {
    return stripQuotes(token.text);
  }
  if (type === 'tag') {
    return invalidParameter(
      `Expected a quoted string value for tag (e.g. 'my-value'). Got value ${token.text}`,
    );
  }
  if (token.kind === 'list') {
    if (key !== 'run_id') {
      return invalidParameter(
        "Only the 'run_id' attribute supports comparison with a list of quoted string values.",
      );
    }
    const items = token.items.filter(t => t.text !== ',');
    if (!items.length || items.some(t => t.kind !== 'string')) {
      return invalidParameter(
        `While parsing a list in the query, expected string value, punctuation, or whitespace, but got different type in list: ${token.text}`,
      );
    }
    return items.map(t => stripQuotes(t.text));
  }
  if (
    kind === 'model-versions' &&
    token.kind === 'number' &&
    key === 'version_number'
  ) {
    return token.text;
  }
  if (kind === 'model-versions' && token.kind === 'number') {
    return invalidParameter(
      `Numeric values are only supported for numeric attributes: ${key}. Found ${token.text}`,
    );
  }
  return invalidParameter(
    `Expected a quoted string value or a list of quoted string values for attributes. Got value ${token.text}`,
  );
}

/**
 * Parses a filter string of registered-models/search or model-versions/search and checks each comparison
 * the way the SQL store does. Throws MlflowError (INVALID_PARAMETER_VALUE) with MLflow's messages.
 */
export function parseFilter(
  filter: string | undefined,
  kind: SearchKind,
): FilterClause[] {
  if (!filter) {
    return [];
  }
  const tokens = tokenize(filter);
  const clauses: FilterClause[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (clauses.length) {
      if (tokens[i].kind !== 'keyword' || tokens[i].text !== 'AND') {
        invalidParameter(
          `Invalid clause(s) in filter string: ${tokens
            .slice(i)
            .map(t => t.text)
            .join(' ')}`,
        );
      }
      i += 1;
    }
    const [left, op, right] = tokens.slice(i, i + 3);
    const comparator =
      op &&
      (op.kind === 'operator' || ['LIKE', 'ILIKE', 'IN'].includes(op.text))
        ? op.text.toUpperCase()
        : undefined;
    if (!left || left.kind !== 'identifier' || !comparator || !right) {
      invalidParameter(
        `Invalid clause(s) in filter string: ${tokens
          .slice(i)
          .map(t => t.text)
          .join(' ')}`,
      );
    }
    i += 3;
    const { type, key } = identifierOf(left.text, kind);
    const value = valueOf(type, key, right, kind);
    clauses.push({ type, key, comparator, value });
  }
  for (const clause of clauses) {
    checkComparator(clause, kind);
  }
  return clauses;
}

const STRING_COMPARATORS = ['=', '!=', 'LIKE', 'ILIKE'];
const NUMERIC_COMPARATORS = ['>', '>=', '!=', '=', '<', '<='];

function checkComparator(clause: FilterClause, kind: SearchKind): void {
  const { type, key, comparator } = clause;
  if (type === 'tag') {
    if (!STRING_COMPARATORS.includes(comparator)) {
      invalidParameter(`Invalid comparator for tag: ${comparator}`);
    }
    return;
  }
  if (kind === 'model-versions' && key === 'version_number') {
    if (!NUMERIC_COMPARATORS.includes(comparator)) {
      invalidParameter(
        `Invalid comparator for attribute ${key}: ${comparator}`,
      );
    }
    return;
  }
  const allowed =
    STRING_COMPARATORS.includes(comparator) ||
    (kind === 'model-versions' && comparator === 'IN' && key === 'run_id');
  if (!allowed) {
    invalidParameter(`Invalid comparator for attribute: ${comparator}`);
  }
}

function likeToRegExp(pattern: string, ignoreCase: boolean): RegExp {
  let source = '';
  for (const c of pattern) {
    if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
}

/** Whether `actual` satisfies `comparator value` (SQL semantics: LIKE case-sensitive, ILIKE not). */
export function compare(
  actual: string | number | undefined,
  comparator: string,
  value: string | string[],
): boolean {
  if (actual === undefined) {
    return false;
  }
  if (Array.isArray(value)) {
    return value.includes(String(actual));
  }
  if (typeof actual === 'number') {
    const expected = Number(value);
    switch (comparator) {
      case '=':
        return actual === expected;
      case '!=':
        return actual !== expected;
      case '>':
        return actual > expected;
      case '>=':
        return actual >= expected;
      case '<':
        return actual < expected;
      case '<=':
        return actual <= expected;
      default:
        return false;
    }
  }
  switch (comparator) {
    case '=':
      return actual === value;
    case '!=':
      return actual !== value;
    case 'LIKE':
      return likeToRegExp(value, false).test(actual);
    case 'ILIKE':
      return likeToRegExp(value, true).test(actual);
    default:
      return false;
  }
}

/** One order_by entry: the field it sorts on and the direction. */
export interface OrderBy {
  key: string;
  ascending: boolean;
}

function parseOrderByClause(clause: string): {
  key: string;
  ascending: boolean;
} {
  const m = /^\s*(\S+)(?:\s+(ASC|DESC))?\s*$/i.exec(clause);
  if (!m) {
    return invalidParameter(
      `Invalid order_by clause '${clause}'. Could not be parsed.`,
    );
  }
  return {
    key: stripQuotes(m[1].replace(/^attribute\./, '')),
    ascending: (m[2] ?? 'ASC').toUpperCase() === 'ASC',
  };
}

function pythonListRepr(values: string[]): string {
  return `[${values.map(v => `'${v}'`).join(', ')}]`;
}

/**
 * The order of registered-models/search: `name`, `timestamp` or `last_updated_timestamp` (both sort on the
 * last update), with name ascending as tie-breaker (_parse_search_registered_models_order_by).
 */
export function registeredModelOrder(orderBy: string[]): OrderBy[] {
  const out: OrderBy[] = [];
  const seen = new Set<string>();
  for (const clause of orderBy) {
    const { key, ascending } = parseOrderByClause(clause);
    let field: string;
    if (key === 'name') field = 'name';
    else if (key === 'timestamp' || key === 'last_updated_timestamp')
      field = 'last_updated_timestamp';
    else {
      return invalidParameter(
        `Invalid order by key '${key}' specified.Valid keys are '('name', 'last_updated_timestamp')'`,
      );
    }
    if (seen.has(field)) {
      // Raised without an error code, so MLflow answers INTERNAL_ERROR (500).
      throw new MlflowError(
        'INTERNAL_ERROR',
        `\`order_by\` contains duplicate fields: ${pythonListRepr(orderBy)}`,
      );
    }
    seen.add(field);
    out.push({ key: field, ascending });
  }
  if (!seen.has('name')) out.push({ key: 'name', ascending: true });
  return out;
}

const VERSION_ORDER_KEYS = [
  'name',
  'version_number',
  'creation_timestamp',
  'last_updated_timestamp',
];

/**
 * The order of model-versions/search: by default last update descending, name ascending, version descending;
 * name ascending and version descending are always added as tie-breakers (_parse_search_model_versions_order_by).
 */
export function modelVersionOrder(orderBy: string[]): OrderBy[] {
  const clauses = orderBy.length
    ? orderBy
    : ['last_updated_timestamp DESC', 'name ASC', 'version_number DESC'];
  const out: OrderBy[] = [];
  const seen = new Set<string>();
  for (const clause of clauses) {
    const { key, ascending } = parseOrderByClause(clause);
    if (!VERSION_ORDER_KEYS.includes(key)) {
      return invalidParameter(
        `Invalid order by key '${key}' specified. Valid keys are ${pythonSetRepr(
          VERSION_ORDER_KEYS,
        )}`,
      );
    }
    if (seen.has(key)) {
      throw new MlflowError(
        'INTERNAL_ERROR',
        `\`order_by\` contains duplicate fields: ${pythonListRepr(clauses)}`,
      );
    }
    seen.add(key);
    out.push({ key, ascending });
  }
  if (!seen.has('name')) out.push({ key: 'name', ascending: true });
  if (!seen.has('version_number'))
    out.push({ key: 'version_number', ascending: false });
  return out;
}

/** Sorts `items` by `order`, reading each field with `field`. */
export function sortBy<T>(
  items: T[],
  order: OrderBy[],
  field: (item: T, key: string) => string | number | undefined,
): T[] {
  return items.sort((a, b) => {
    for (const { key, ascending } of order) {
      const x = field(a, key);
      const y = field(b, key);
      if (x === y) continue;
      // SQL sorts NULLs first ascending.
      if (x === undefined) return ascending ? -1 : 1;
      if (y === undefined) return ascending ? 1 : -1;
      const less = x < y;
      return (less ? -1 : 1) * (ascending ? 1 : -1);
    }
    return 0;
  });
}

/** The page token MLflow writes for the next page: base64 of `{"offset": N}` as Python's json.dumps writes it. */
export function createPageToken(offset: number): string {
  return Buffer.from(`{"offset": ${offset}}`, 'utf8').toString('base64');
}

function pythonBytesRepr(bytes: Buffer): string {
  let out = "b'";
  for (const byte of bytes) {
    if (byte === 0x27) out += "\\'";
    else if (byte === 0x5c) out += '\\\\';
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x0d) out += '\\r';
    else if (byte === 0x09) out += '\\t';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `${out}'`;
}

function pythonRepr(value: unknown): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return `'${value.replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** Thrown for a token whose JSON is not an object: MLflow fails with an AttributeError (an HTML 500). */
export class UnhandledTokenError extends Error {}

/**
 * The start offset a page token encodes (SearchUtils.parse_start_offset_from_page_token): Python's lenient
 * base64 (characters outside the alphabet dropped, padding required), JSON with a truthy `offset`.
 */
export function parsePageToken(token: string | undefined): number {
  if (!token) {
    return 0;
  }
  const cleaned = token.replace(/[^A-Za-z0-9+/=]/g, '');
  const body = cleaned.replace(/=+$/, '');
  if (cleaned.length % 4 !== 0 || body.includes('=') || body.length % 4 === 1) {
    return invalidParameter('Invalid page token, could not base64-decode');
  }
  const decoded = Buffer.from(cleaned, 'base64');
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoded.toString('utf8'));
  } catch {
    return invalidParameter(
      `Invalid page token, decoded value=${pythonBytesRepr(decoded)}`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UnhandledTokenError(
      `'${typeof parsed}' object has no attribute 'get'`,
    );
  }
  const offset = (parsed as Record<string, unknown>).offset;
  if (!offset) {
    return invalidParameter(
      `Invalid page token, parsed value=${pythonRepr(parsed)}`,
    );
  }
  const number =
    typeof offset === 'string' ? Number(offset.trim()) : Number(offset);
  if (
    !Number.isFinite(number) ||
    (typeof offset === 'string' && !/^\s*[-+]?\d+\s*$/.test(offset))
  ) {
    return invalidParameter(`Invalid page token, not stringable ${offset}`);
  }
  return Math.trunc(number);
}

/**
 * One page of `items` from `offset`, with MLflow's next token: the store fetches `maxResults + 1` rows and
 * writes a token for `offset + maxResults` only when it got them all (_compute_next_token).
 */
export function page<T>(
  items: T[],
  offset: number,
  maxResults: number,
): { items: T[]; nextPageToken?: string } {
  const start = Math.max(0, offset);
  const limit = maxResults + 1;
  // A negative LIMIT means no limit to SQLite.
  const fetched =
    limit < 0 ? items.slice(start) : items.slice(start, start + limit);
  return {
    // Python's `[:max_results]`, which JavaScript's slice reproduces for negative ends too.
    items: fetched.slice(0, maxResults),
    ...(fetched.length === limit
      ? { nextPageToken: createPageToken(offset + maxResults) }
      : {}),
  };
}
