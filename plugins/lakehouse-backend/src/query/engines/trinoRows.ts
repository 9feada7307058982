/**
 * Trino's answers carry their rows as JSON. The console hands them on as
 * they are: parsing a page of rows into objects only to serialise it again
 * (and decoding and encoding its UTF-8) is where the time and the memory of
 * relaying a large result went. These helpers find the rows in Trino's
 * bytes without parsing them: JSON's structural characters are ASCII, and
 * no byte of a multi-byte UTF-8 character is.
 */

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;

const DATA = Buffer.from('"data"');

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/** The index after the string starting at `start` (its opening quote). */
function endOfString(text: Buffer, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf(QUOTE, from);
    if (quote < 0) throw new SyntaxError('Unterminated string in JSON');
    let backslashes = 0;
    for (let b = quote - 1; text[b] === BACKSLASH; b--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** The end of the array starting at `start`, and how many elements it has. */
function scanArray(text: Buffer, start: number) {
  let depth = 0;
  let commas = 0;
  let empty = true;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === QUOTE) {
      if (depth === 1) empty = false;
      i = endOfString(text, i) - 1;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (depth === 1) empty = false;
      depth++;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
      if (depth === 0) return { end: i + 1, count: empty ? 0 : commas + 1 };
    } else if (depth === 1) {
      if (c === COMMA) commas++;
      else if (!isSpace(c)) empty = false;
    }
  }
  throw new SyntaxError('Unterminated array in JSON');
}

/** A Trino answer split into its rows (as text) and everything else. */
export interface SplitResult {
  /** The answer without its rows, `"data"` set to null: small, to parse. */
  rest: string;
  /** The rows as Trino sent them, a JSON array; undefined when there are none. */
  rows?: Buffer;
  rowCount: number;
}

/** Splits the top-level `"data"` array out of one of Trino's JSON answers. */
export function splitRows(text: Buffer): SplitResult {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === QUOTE) {
      const end = endOfString(text, i);
      if (depth === 1 && end - i === 6 && DATA.equals(text.subarray(i, end))) {
        let j = end;
        while (isSpace(text[j])) j++;
        if (text[j] === COLON) {
          j++;
          while (isSpace(text[j])) j++;
          if (text[j] === OPEN_ARRAY) {
            const array = scanArray(text, j);
            return {
              rest: `${text.toString('utf8', 0, i)}"data":null${text.toString(
                'utf8',
                array.end,
              )}`,
              rows: array.count ? text.subarray(j, array.end) : undefined,
              rowCount: array.count,
            };
          }
        }
      }
      i = end - 1;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) depth++;
    else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
  }
  return { rest: text.toString('utf8'), rowCount: 0 };
}

const EMPTY = Buffer.from('[]');
const OPEN = Buffer.from('[');
const CLOSE = Buffer.from(']');
const COMMA_BYTES = Buffer.from(',');

/**
 * JSON arrays of rows as the pieces of one array, to be written one after
 * the other without copying them together.
 */
export function joinRows(arrays: Buffer[]): Buffer[] {
  if (arrays.length <= 1) return arrays.length ? arrays : [EMPTY];
  return arrays
    .flatMap((a, i) => [
      i === 0 ? OPEN : COMMA_BYTES,
      a.subarray(1, a.length - 1),
    ])
    .concat(CLOSE);
}

/**
 * The rows `from` (inclusive) to `to` (exclusive) of a JSON array of rows,
 * as Trino's own bytes: a page is cut to the console's page size or the
 * row cap without parsing it, so values are handed on exactly as Trino
 * wrote them (a bigint above 2^53 would change if parsed as a number).
 */
export function sliceRows(rows: Buffer, from: number, to: number): Buffer {
  const start = rows.indexOf(OPEN_ARRAY);
  if (start < 0) throw new SyntaxError('Not a JSON array of rows');
  // Where each element at depth 1 starts and ends, up to element `to`.
  let depth = 0;
  let index = 0;
  let elementStart = -1;
  let sliceStart = -1;
  let sliceEnd = -1;
  const opened = (i: number) => {
    if (elementStart < 0) {
      elementStart = i;
      if (index === from) sliceStart = i;
    }
  };
  for (let i = start; i < rows.length; i++) {
    const c = rows[i];
    if (c === QUOTE) {
      if (depth === 1) opened(i);
      i = endOfString(rows, i) - 1;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (depth === 1) opened(i);
      depth++;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
      if (depth === 0) {
        // The closing bracket of the whole array ends the last element:
        // fewer rows than `to` gives those there are.
        sliceEnd = i;
        break;
      }
    } else if (depth === 1) {
      if (c === COMMA) {
        index++;
        elementStart = -1;
        if (index === to) {
          sliceEnd = i;
          break;
        }
      } else if (!isSpace(c)) opened(i);
    }
  }
  if (from >= to || sliceStart < 0) return EMPTY;
  if (sliceEnd < 0) throw new SyntaxError('Unterminated array in JSON');
  return Buffer.concat([OPEN, rows.subarray(sliceStart, sliceEnd), CLOSE]);
}
