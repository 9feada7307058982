/*
 * Query parameter validation as FastAPI 0.141 with pydantic 2.13 does it for Feast's REST registry server
 * (the versions pinned in feast-dev/feast sdk/python/requirements/py3.11-requirements.txt at
 * f0bc0700be70): each failure is a pydantic error dict (`type`, `loc`, `msg`, `input`, `ctx`), and the
 * server answers 422 with `detail` = str(RequestValidationError): "N validation error(s):" followed by
 * the Python repr of each error dict and the endpoint. FastAPI names the endpoint with its source file
 * and line when it can read them; the double writes the `Endpoint: GET /path` form FastAPI uses when
 * they are unknown.
 */

/** A Python value as repr() prints it inside a pydantic error dict. */
type PyValue =
  | string
  | number
  | null
  | PyValue[]
  | { tuple: PyValue[] }
  | { dict: Array<[string, PyValue]> };

/** One pydantic validation error. */
export interface ValidationFailure {
  type: string;
  loc: string[];
  msg: string;
  input: string | null;
  ctx?: Array<[string, PyValue]>;
}

/** Python's repr() of a str: single quotes unless the text holds one and no double quote. */
export function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = '';
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if (character === '\\') {
      body += '\\\\';
    } else if (character === quote) {
      body += `\\${quote}`;
    } else if (character === '\n') {
      body += '\\n';
    } else if (character === '\r') {
      body += '\\r';
    } else if (character === '\t') {
      body += '\\t';
    } else if (code < 0x20 || code === 0x7f) {
      body += `\\x${code.toString(16).padStart(2, '0')}`;
    } else {
      body += character;
    }
  }
  return `${quote}${body}${quote}`;
}

function pythonRepr(value: PyValue): string {
  if (value === null) {
    return 'None';
  }
  if (typeof value === 'string') {
    return pythonStringRepr(value);
  }
  if (typeof value === 'number') {
    return String(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(pythonRepr).join(', ')}]`;
  }
  if ('tuple' in value) {
    const items = value.tuple.map(pythonRepr);
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  return `{${value.dict
    .map(([key, item]) => `${pythonStringRepr(key)}: ${pythonRepr(item)}`)
    .join(', ')}}`;
}

function failureRepr(failure: ValidationFailure): string {
  const entries: Array<[string, PyValue]> = [
    ['type', failure.type],
    ['loc', { tuple: failure.loc }],
    ['msg', failure.msg],
    ['input', failure.input],
  ];
  if (failure.ctx) {
    entries.push(['ctx', { dict: failure.ctx }]);
  }
  return pythonRepr({ dict: entries });
}

/** The `detail` of Feast's 422 RequestValidationError answer. */
export function validationDetail(
  failures: ValidationFailure[],
  method: string,
  routePath: string,
): string {
  const count = failures.length;
  let detail = `${count} validation error${count === 1 ? '' : 's'}:\n`;
  for (const failure of failures) {
    detail += `  ${failureRepr(failure)}\n`;
  }
  // FastAPI appends the endpoint after the newline that ends the last error, leaving a blank line.
  detail += `\n  Endpoint: ${method} ${routePath}`;
  return detail;
}

/** Reads query parameters the way FastAPI declares them on Feast's routes, collecting failures. */
export class QueryReader {
  readonly failures: ValidationFailure[] = [];

  constructor(private readonly query: Record<string, string>) {}

  /** `str = Query(...)`: required. */
  requiredString(name: string): string {
    const value = this.query[name];
    if (value === undefined) {
      this.failures.push({
        type: 'missing',
        loc: ['query', name],
        msg: 'Field required',
        input: null,
      });
      return '';
    }
    return value;
  }

  /** `Optional[str] = Query(None)`, with an optional regular expression `pattern`. */
  optionalString(name: string, pattern?: string): string | undefined {
    const value = this.query[name];
    if (value !== undefined && pattern && !new RegExp(pattern).test(value)) {
      this.failures.push({
        type: 'string_pattern_mismatch',
        loc: ['query', name],
        msg: `String should match pattern '${pattern}'`,
        input: value,
        ctx: [['pattern', pattern]],
      });
      return undefined;
    }
    return value;
  }

  /** `bool = Query(default)`: pydantic's lax string-to-bool. */
  bool(name: string, fallback: boolean): boolean {
    const value = this.query[name];
    if (value === undefined) {
      return fallback;
    }
    const text = value.trim().toLowerCase();
    if (['1', 'on', 't', 'true', 'y', 'yes'].includes(text)) {
      return true;
    }
    if (['0', 'off', 'f', 'false', 'n', 'no'].includes(text)) {
      return false;
    }
    this.failures.push({
      type: 'bool_parsing',
      loc: ['query', name],
      msg: 'Input should be a valid boolean, unable to interpret input',
      input: value,
    });
    return fallback;
  }

  /** `Optional[int] = Query(None, ge=, le=)`: pydantic's lax string-to-int, then the bounds. */
  optionalInt(
    name: string,
    bounds: { ge?: number; le?: number },
  ): number | undefined {
    const value = this.query[name];
    if (value === undefined) {
      return undefined;
    }
    const match = /^\s*([+-]?\d+)(?:\.0*)?\s*$/.exec(value);
    if (!match) {
      this.failures.push({
        type: 'int_parsing',
        loc: ['query', name],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: value,
      });
      return undefined;
    }
    const number = Number(match[1]);
    if (bounds.ge !== undefined && number < bounds.ge) {
      this.failures.push({
        type: 'greater_than_equal',
        loc: ['query', name],
        msg: `Input should be greater than or equal to ${bounds.ge}`,
        input: value,
        ctx: [['ge', bounds.ge]],
      });
      return undefined;
    }
    if (bounds.le !== undefined && number > bounds.le) {
      this.failures.push({
        type: 'less_than_equal',
        loc: ['query', name],
        msg: `Input should be less than or equal to ${bounds.le}`,
        input: value,
        ctx: [['le', bounds.le]],
      });
      return undefined;
    }
    return number;
  }
}
