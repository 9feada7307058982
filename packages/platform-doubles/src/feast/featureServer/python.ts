/*
 * The Python side of the Feast feature server's wire format. FastAPI reads
 * request bodies with Python's json.loads (CPython 3.12, Lib/json/decoder.py
 * and scanner.py: its error messages and positions reach the client in 422
 * answers) and Starlette's JSONResponse writes answers with
 * json.dumps(separators=(",", ":"), ensure_ascii=False) — Python float repr,
 * exact integers, dict insertion order. These helpers reproduce both, and
 * Python's repr()/str() of the values that Feast puts into error messages.
 */

/** A Python `int` decoded from JSON (exact, any size). */
export class PyInt {
  constructor(readonly value: bigint) {}
}

/** A Python `float` decoded from JSON (a number with a fraction or exponent). */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** What json.loads returns: dicts keep key order, last duplicate wins. */
export type PyValue =
  | null
  | boolean
  | string
  | PyInt
  | PyFloat
  | PyValue[]
  | Map<string, PyValue>;

/** json.JSONDecodeError: `msg` and the character index `pos`. */
export class PyJsonDecodeError extends Error {
  constructor(readonly msg: string, readonly pos: number) {
    super(`${msg}: char ${pos}`);
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** json.loads(text) with CPython 3.12's error messages and positions. */
export function pyJsonLoads(text: string): PyValue {
  function skip(i: number) {
    let j = i;
    while (j < text.length && WHITESPACE.has(text[j])) j++;
    return j;
  }

  function scanString(begin: number): [string, number] {
    // `begin` is the index after the opening quote.
    let out = '';
    let i = begin;
    for (;;) {
      if (i >= text.length) {
        throw new PyJsonDecodeError(
          'Unterminated string starting at',
          begin - 1,
        );
      }
      const c = text[i];
      if (c === '"') return [out, i + 1];
      if (c < ' ') {
        throw new PyJsonDecodeError('Invalid control character at', i);
      }
      if (c !== '\\') {
        out += c;
        i++;
        continue;
      }
      const esc = text[i + 1];
      if (esc === undefined) {
        throw new PyJsonDecodeError(
          'Unterminated string starting at',
          begin - 1,
        );
      }
      if (esc !== 'u') {
        if (!(esc in ESCAPES)) {
          throw new PyJsonDecodeError('Invalid \\escape', i);
        }
        out += ESCAPES[esc];
        i += 2;
        continue;
      }
      const hex = text.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        throw new PyJsonDecodeError('Invalid \\uXXXX escape', i + 1);
      }
      let code = parseInt(hex, 16);
      i += 6;
      if (code >= 0xd800 && code <= 0xdbff && text.slice(i, i + 2) === '\\u') {
        const low = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(low)) {
          throw new PyJsonDecodeError('Invalid \\uXXXX escape', i + 1);
        }
        const lowCode = parseInt(low, 16);
        if (lowCode >= 0xdc00 && lowCode <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (lowCode - 0xdc00);
          i += 6;
        }
      }
      out += String.fromCodePoint(code);
    }
  }

  // Returns the value and the index after it; throws StopIteration's
  // equivalent ("Expecting value") when no value starts at `i`.
  function scanValue(i: number): [PyValue, number] {
    const c = text[i];
    if (c === '"') return scanString(i + 1);
    if (c === '{') return scanObject(i + 1);
    if (c === '[') return scanArray(i + 1);
    if (c === 'n' && text.startsWith('null', i)) return [null, i + 4];
    if (c === 't' && text.startsWith('true', i)) return [true, i + 4];
    if (c === 'f' && text.startsWith('false', i)) return [false, i + 5];
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m) {
      const end = i + m[0].length;
      if (m[1] !== undefined || m[2] !== undefined) {
        return [new PyFloat(Number(m[0])), end];
      }
      return [new PyInt(BigInt(m[0])), end];
    }
    if (c === 'N' && text.startsWith('NaN', i))
      return [new PyFloat(NaN), i + 3];
    if (c === 'I' && text.startsWith('Infinity', i)) {
      return [new PyFloat(Infinity), i + 8];
    }
    if (c === '-' && text.startsWith('-Infinity', i)) {
      return [new PyFloat(-Infinity), i + 9];
    }
    throw new PyJsonDecodeError('Expecting value', i);
  }

  function scanObject(start: number): [PyValue, number] {
    const result = new Map<string, PyValue>();
    let i = skip(start);
    if (text[i] !== '"') {
      if (text[i] === '}') return [result, i + 1];
      throw new PyJsonDecodeError(
        'Expecting property name enclosed in double quotes',
        i,
      );
    }
    i += 1;
    for (;;) {
      const [key, afterKey] = scanString(i);
      i = skip(afterKey);
      if (text[i] !== ':') {
        throw new PyJsonDecodeError("Expecting ':' delimiter", i);
      }
      i = skip(i + 1);
      const [value, afterValue] = scanValue(i);
      result.set(key, value);
      i = skip(afterValue);
      const next = text[i];
      i += 1;
      if (next === '}') return [result, i];
      if (next !== ',') {
        throw new PyJsonDecodeError("Expecting ',' delimiter", i - 1);
      }
      i = skip(i);
      if (text[i] !== '"') {
        throw new PyJsonDecodeError(
          'Expecting property name enclosed in double quotes',
          i,
        );
      }
      i += 1;
    }
  }

  function scanArray(start: number): [PyValue, number] {
    const result: PyValue[] = [];
    let i = skip(start);
    if (text[i] === ']') return [result, i + 1];
    for (;;) {
      const [value, afterValue] = scanValue(i);
      result.push(value);
      i = skip(afterValue);
      const next = text[i];
      i += 1;
      if (next === ']') return [result, i];
      if (next !== ',') {
        throw new PyJsonDecodeError("Expecting ',' delimiter", i - 1);
      }
      i = skip(i);
    }
  }

  const [value, end] = scanValue(skip(0));
  const rest = skip(end);
  if (rest !== text.length) throw new PyJsonDecodeError('Extra data', rest);
  return value;
}

/** repr() of a Python float (shortest round trip, `.0` on integers, exponent outside 1e-4..1e16). */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // toExponential() gives the shortest round-trip digits, as repr() does.
  const [mantissa, expText] = Math.abs(x).toExponential().split('e');
  const exponent = Number(expText);
  const sign = x < 0 ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const expSign = exponent < 0 ? '-' : '+';
    return `${sign}${mantissa}e${expSign}${String(Math.abs(exponent)).padStart(
      2,
      '0',
    )}`;
  }
  const digits = mantissa.replace('.', '');
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1) || '0';
  return `${sign}${whole}.${fraction}`;
}

/** Python's type() name of a decoded JSON value, as error messages print it. */
export function pyTypeName(value: PyValue): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'str';
  if (value instanceof PyInt) return 'int';
  if (value instanceof PyFloat) return 'float';
  if (Array.isArray(value)) return 'list';
  return 'dict';
}

function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) {
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    } else out += ch;
  }
  return out + quote;
}

/** repr() of a decoded JSON value (strings quoted the way Python picks). */
export function pyRepr(value: PyValue): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return reprString(value);
  if (value instanceof PyInt) return value.value.toString();
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  return `{${[...value]
    .map(([k, v]) => `${reprString(k)}: ${pyRepr(v)}`)
    .join(', ')}}`;
}

/** str() of a decoded JSON value: strings as they are, anything else as repr(). */
export function pyStr(value: PyValue): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

/** A value to write as JSON the way Python's json module does. */
export type PyJsonOut =
  | null
  | boolean
  | string
  | bigint
  /** Written as a Python int (indexes, counts). */
  | number
  | PyInt
  | PyFloat
  | PyJsonOut[]
  | Map<string, PyJsonOut>
  | { [key: string]: PyJsonOut };

function dumpString(s: string, ensureAscii: boolean): string {
  const json = JSON.stringify(s);
  if (!ensureAscii) return json;
  return json.replace(
    /[\u007f-\uffff]/g,
    ch => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * json.dumps(value) of Python. `compact` is Starlette's JSONResponse
 * (`","`/`":"`, non-ASCII as is); otherwise the defaults (`", "`/`": "`,
 * ensure_ascii), which FeastError.to_error_detail uses.
 */
export function pyJsonDumps(value: PyJsonOut, compact = true): string {
  const [itemSep, keySep] = compact ? [',', ':'] : [', ', ': '];
  const ensureAscii = !compact;
  const write = (v: PyJsonOut): string => {
    if (v === null) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'string') return dumpString(v, ensureAscii);
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number') return String(Math.trunc(v));
    if (v instanceof PyInt) return v.value.toString();
    if (v instanceof PyFloat) {
      if (!Number.isFinite(v.value)) {
        if (Number.isNaN(v.value)) return 'NaN';
        return v.value > 0 ? 'Infinity' : '-Infinity';
      }
      return pyFloatRepr(v.value);
    }
    if (Array.isArray(v)) return `[${v.map(write).join(itemSep)}]`;
    const entries = v instanceof Map ? [...v] : Object.entries(v);
    return `{${entries
      .map(
        ([k, item]) => `${dumpString(k, ensureAscii)}${keySep}${write(item)}`,
      )
      .join(itemSep)}}`;
  };
  return write(value);
}
