/*
 * Just enough of Jinja's lexer to read dbt templates (models, snapshots) the
 * way dbt sees them: Jinja runs before SQL, so a call counts wherever it sits
 * in a `{{ }}` or `{% %}` block (even inside a SQL comment or string), and
 * never inside `{# #}` comments or `{% raw %}` sections.
 */

/** The kind of a piece of a Jinja template. */
export type JinjaPartKind = 'text' | 'expression' | 'statement' | 'comment';

/**
 * One piece of a Jinja template: plain text, an `{{ expression }}`, a
 * `{% statement %}` or a `{# comment #}`.
 */
export interface JinjaPart {
  kind: JinjaPartKind;
  /**
   * Text: the text. Blocks: what stands between the delimiters, without
   * Jinja's whitespace-control marks (`-`, `+`) and not trimmed.
   */
  body: string;
  /** The piece exactly as written: joining the sources gives the template. */
  source: string;
  /** Offset of the piece in the template. */
  offset: number;
  /** 1-based line where the piece starts. */
  line: number;
  /** `{%-`: the whitespace before the piece is removed when rendering. */
  trimBefore: boolean;
  /** `-%}`: the whitespace after the piece is removed when rendering. */
  trimAfter: boolean;
}

/** Why a template cannot be read to its end. */
export interface JinjaProblem {
  /** Offset of the block that is never closed. */
  offset: number;
  /** 1-based line of that block. */
  line: number;
  message: string;
}

/** A token of the code of a `{{ }}` or `{% %}` block. */
export interface JinjaToken {
  kind: 'name' | 'string' | 'number' | 'symbol';
  /** The name, the decoded string value, the number or the symbol. */
  value: string;
  /** 1-based line in the template. */
  line: number;
}

/** The dbt functions whose calls {@link findDbtCalls} reads. */
export type DbtFunction = 'ref' | 'source' | 'config' | 'var';

const DBT_FUNCTIONS = new Set<string>(['ref', 'source', 'config', 'var']);

/** A call of a dbt function with its arguments, as written. */
export interface DbtCall {
  fn: DbtFunction;
  /** Positional arguments; `undefined` where one is not a string literal. */
  args: Array<string | undefined>;
  /**
   * Keyword arguments (`v=2` gives `{ v: '2' }`); `undefined` where one is
   * not a string or number literal.
   */
  kwargs: Record<string, string | undefined>;
  /** 1-based line in the template. */
  line: number;
}

/** What a `ref()` or `source()` call names. */
export type DbtRelationCall =
  | { fn: 'ref'; name: string; packageName?: string; version?: string }
  | { fn: 'source'; sourceName: string; tableName: string };

const BLOCKS: Record<string, { kind: JinjaPartKind; close: string }> = {
  '{{': { kind: 'expression', close: '}}' },
  '{%': { kind: 'statement', close: '%}' },
  '{#': { kind: 'comment', close: '#}' },
};

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

function countLines(text: string, from: number, to: number): number {
  let lines = 0;
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i) === 10) lines++;
  }
  return lines;
}

/** Skips a quoted Jinja string starting at `i`; returns the offset after it. */
function skipString(text: string, i: number): number {
  const quote = text[i];
  let j = i + 1;
  while (j < text.length && text[j] !== quote) {
    j += text[j] === '\\' ? 2 : 1;
  }
  return Math.min(j + 1, text.length);
}

/**
 * Finds where the Jinja block opening at `start` ends. As in Jinja's lexer,
 * a closing delimiter inside a string or an open bracket does not count.
 *
 * @returns the offset after the closing delimiter, or -1 when `start` opens
 *   no block or the block is never closed
 */
export function scanJinjaBlock(text: string, start: number): number {
  const block = BLOCKS[text.slice(start, start + 2)];
  if (!block) return -1;
  if (block.kind === 'comment') {
    const close = text.indexOf(block.close, start + 2);
    return close < 0 ? -1 : close + 2;
  }
  let depth = 0;
  let i = start + 2;
  while (i < text.length) {
    const c = text[i];
    if (c === "'" || c === '"') {
      i = skipString(text, i);
    } else if (depth === 0 && text.startsWith(block.close, i)) {
      return i + 2;
    } else {
      if (c === '(' || c === '[' || c === '{') depth++;
      else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
      i++;
    }
  }
  return -1;
}

const OPENING = /\{[{%#]/g;
const END_RAW = /\{%[-+]?\s*endraw\s*[-+]?%\}/g;

/**
 * Splits a template into text and Jinja blocks. What stands between
 * `{% raw %}` and `{% endraw %}` is text, Jinja delimiters included. A block
 * that is never closed ends the reading: the rest is one text piece, and a
 * problem says where the block opens.
 */
export function splitJinja(template: string): {
  parts: JinjaPart[];
  problems: JinjaProblem[];
} {
  const parts: JinjaPart[] = [];
  const problems: JinjaProblem[] = [];
  let line = 1;
  let counted = 0;
  const lineAt = (offset: number) => {
    line += countLines(template, counted, offset);
    counted = offset;
    return line;
  };
  const text = (from: number, to: number) => {
    if (to <= from) return;
    const source = template.slice(from, to);
    parts.push({
      kind: 'text',
      body: source,
      source,
      offset: from,
      line: lineAt(from),
      trimBefore: false,
      trimAfter: false,
    });
  };

  let cursor = 0;
  for (;;) {
    OPENING.lastIndex = cursor;
    const found = OPENING.exec(template);
    if (!found) break;
    const start = found.index;
    const block = BLOCKS[found[0]];
    const end = scanJinjaBlock(template, start);
    text(cursor, start);
    cursor = start;
    if (end < 0) {
      problems.push({
        offset: start,
        line: lineAt(start),
        message: `"${found[0]}" is never closed with "${block.close}"`,
      });
      break;
    }
    const inner = template.slice(start + 2, end - 2);
    const part: JinjaPart = {
      kind: block.kind,
      body: inner.replace(/^[-+]/, '').replace(/[-+]$/, ''),
      source: template.slice(start, end),
      offset: start,
      line: lineAt(start),
      trimBefore: inner.startsWith('-'),
      trimAfter: inner.endsWith('-'),
    };
    parts.push(part);
    cursor = end;
    if (part.kind === 'statement' && part.body.trim() === 'raw') {
      END_RAW.lastIndex = cursor;
      const endRaw = END_RAW.exec(template);
      if (!endRaw) {
        problems.push({
          offset: start,
          line: part.line,
          message: '"{% raw %}" is never closed with "{% endraw %}"',
        });
        break;
      }
      text(cursor, endRaw.index);
      cursor = endRaw.index;
    }
  }
  text(cursor, template.length);
  return { parts, problems };
}

/**
 * Tokenizes the code of a `{{ }}` or `{% %}` block.
 *
 * @param firstLine - the line in the template where the code starts
 */
export function tokenizeJinja(code: string, firstLine = 1): JinjaToken[] {
  const tokens: JinjaToken[] = [];
  let line = firstLine;
  let i = 0;
  while (i < code.length) {
    const c = code[i];
    const start = i;
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    let kind: JinjaToken['kind'];
    let value: string;
    if (c === "'" || c === '"') {
      i = skipString(code, i);
      const raw = code.slice(start + 1, i - 1);
      kind = 'string';
      value = raw.replace(/\\(.)/g, (_, e: string) => ESCAPES[e] ?? e);
    } else if (/[A-Za-z_]/.test(c)) {
      value = /^[A-Za-z_][A-Za-z0-9_]*/.exec(code.slice(i))![0];
      kind = 'name';
      i += value.length;
    } else if (/[0-9]/.test(c)) {
      value = /^[0-9][0-9_]*(\.[0-9_]+)?([eE][+-]?[0-9]+)?/.exec(
        code.slice(i),
      )![0];
      kind = 'number';
      i += value.length;
    } else {
      kind = 'symbol';
      value = c;
      i++;
    }
    tokens.push({ kind, value, line });
    line += countLines(code, start, i);
  }
  return tokens;
}

function literal(
  tokens: JinjaToken[],
  allowNumber: boolean,
): string | undefined {
  if (tokens.length !== 1) return undefined;
  const [token] = tokens;
  return token.kind === 'string' || (allowNumber && token.kind === 'number')
    ? token.value
    : undefined;
}

/**
 * Reads the call of a dbt function whose name is token `at`, when it is one:
 * a bare name or `builtins.<name>` (not a method of another object such as
 * `adapter.ref`), followed by its arguments in parentheses.
 *
 * @returns the call and the index of the token after its `)`
 */
function readCall(
  tokens: JinjaToken[],
  at: number,
): { call: DbtCall; next: number } | undefined {
  const name = tokens[at];
  if (
    name?.kind !== 'name' ||
    !DBT_FUNCTIONS.has(name.value) ||
    tokens[at + 1]?.value !== '('
  ) {
    return undefined;
  }
  const previous = tokens[at - 1];
  if (
    previous?.kind === 'symbol' &&
    previous.value === '.' &&
    tokens[at - 2]?.value !== 'builtins'
  ) {
    return undefined;
  }
  const args: JinjaToken[][] = [];
  let current: JinjaToken[] = [];
  let depth = 0;
  let i = at + 2;
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'symbol' && '([{'.includes(t.value)) depth++;
    if (t.kind === 'symbol' && ')]}'.includes(t.value)) {
      if (depth === 0) break;
      depth--;
    }
    if (depth === 0 && t.kind === 'symbol' && t.value === ',') {
      args.push(current);
      current = [];
    } else {
      current.push(t);
    }
  }
  if (current.length > 0) args.push(current);
  const call: DbtCall = {
    fn: name.value as DbtFunction,
    args: [],
    kwargs: {},
    line: name.line,
  };
  for (const arg of args) {
    if (arg.length >= 2 && arg[0].kind === 'name' && arg[1].value === '=') {
      call.kwargs[arg[0].value] = literal(arg.slice(2), true);
    } else {
      call.args.push(literal(arg, false));
    }
  }
  return { call, next: i + 1 };
}

/**
 * The call of a dbt function that an expression consists of, such as
 * `ref('orders')` in `{{ ref('orders') }}`; undefined when the expression is
 * anything else.
 */
export function readDbtCall(
  expression: string,
  firstLine = 1,
): DbtCall | undefined {
  const tokens = tokenizeJinja(expression, firstLine);
  const at =
    tokens[0]?.value === 'builtins' && tokens[1]?.value === '.' ? 2 : 0;
  const read = readCall(tokens, at);
  return read && read.next === tokens.length ? read.call : undefined;
}

/**
 * Finds the calls of `ref()`, `source()`, `config()` and `var()` in the
 * `{{ }}` and `{% %}` blocks of a template, in order, calls nested in the
 * arguments of others included.
 */
export function findDbtCalls(template: string): {
  calls: DbtCall[];
  problems: JinjaProblem[];
} {
  const { parts, problems } = splitJinja(template);
  const calls: DbtCall[] = [];
  for (const part of parts) {
    if (part.kind !== 'expression' && part.kind !== 'statement') continue;
    const tokens = tokenizeJinja(part.body, part.line);
    for (let i = 0; i < tokens.length; i++) {
      const read = readCall(tokens, i);
      if (read) calls.push(read.call);
    }
  }
  return { calls, problems };
}

/**
 * What a `ref()` or `source()` call names, or why that cannot be told
 * without running Jinja: `ref('model')`, `ref('package', 'model')`, either
 * with a `v=` or `version=` literal, and `source('source', 'table')`, all
 * with string literals.
 */
export function readDbtRelation(
  call: DbtCall,
): DbtRelationCall | { problem: string } {
  const { args, kwargs } = call;
  if (call.fn === 'source') {
    if (args.length !== 2 || args.some(a => a === undefined)) {
      return {
        problem:
          "source() must name a source and a table with string literals, as source('source', 'table')",
      };
    }
    return { fn: 'source', sourceName: args[0]!, tableName: args[1]! };
  }
  if (call.fn !== 'ref') {
    return { problem: `${call.fn}() names no relation` };
  }
  if (args.length < 1 || args.length > 2 || args.some(a => a === undefined)) {
    return {
      problem:
        "ref() must name a model with string literals, as ref('model') or ref('package', 'model')",
    };
  }
  const [name, packageName] =
    args.length === 2 ? [args[1]!, args[0]!] : [args[0]!, undefined];
  const versionKey = 'v' in kwargs ? 'v' : 'version';
  if (versionKey in kwargs) {
    const version = kwargs[versionKey];
    if (version === undefined) {
      return { problem: `ref('${name}'): the version must be a literal` };
    }
    return { fn: 'ref', name, packageName, version };
  }
  return { fn: 'ref', name, packageName };
}
