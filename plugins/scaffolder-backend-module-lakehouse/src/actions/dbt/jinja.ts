/**
 * Just enough of the Jinja lexer to find dbt's `ref()` and `source()` calls
 * the way dbt sees them: Jinja runs before SQL, so a call counts wherever it
 * sits in a `{{ }}` or `{% %}` block (even inside a SQL comment), and never
 * inside `{# #}` comments or `{% raw %}` sections.
 */

/** The kind of a Jinja block. */
export type JinjaBlockKind = 'expression' | 'statement' | 'comment';

/** A `{{ }}`, `{% %}` or `{# #}` block of a template. */
export interface JinjaBlock {
  kind: JinjaBlockKind;
  /** The code between the delimiters, whitespace-control marks removed. */
  body: string;
  /** Offset of the opening delimiter in the template. */
  start: number;
  /** Offset just after the closing delimiter. */
  end: number;
  /** 1-based line of the opening delimiter. */
  line: number;
}

/** A token of a Jinja expression. */
export interface JinjaToken {
  kind: 'name' | 'string' | 'number' | 'symbol';
  /** The name, the decoded string value, the number or the symbol. */
  value: string;
  /** 1-based line in the template. */
  line: number;
}

/** A `ref()` or `source()` call with its arguments. */
export interface DbtCall {
  fn: 'ref' | 'source';
  /** Positional arguments; `undefined` where one is not a string literal. */
  args: Array<string | undefined>;
  /** Keyword arguments as written (`v=2` gives `{ v: '2' }`); `undefined` when not a literal. */
  kwargs: Record<string, string | undefined>;
  line: number;
}

const BLOCK_KINDS: Record<string, JinjaBlockKind> = {
  '{{': 'expression',
  '{%': 'statement',
  '{#': 'comment',
};
const CLOSERS: Record<JinjaBlockKind, string> = {
  expression: '}}',
  statement: '%}',
  comment: '#}',
};

function lineAt(text: string, offset: number, from = 0, line = 1): number {
  let result = line;
  for (let i = from; i < offset; i++) {
    if (text.charCodeAt(i) === 10) result++;
  }
  return result;
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
 * Finds where the Jinja block opening at `start` ends. Like Jinja's lexer,
 * closing delimiters inside strings or open brackets do not count.
 *
 * @returns the offset after the closing delimiter, or -1 when the block
 *   is never closed
 */
export function scanJinjaBlock(text: string, start: number): number {
  const kind = BLOCK_KINDS[text.slice(start, start + 2)];
  if (!kind) return -1;
  const closer = CLOSERS[kind];
  if (kind === 'comment') {
    const close = text.indexOf(closer, start + 2);
    return close < 0 ? -1 : close + 2;
  }
  let depth = 0;
  let i = start + 2;
  while (i < text.length) {
    const c = text[i];
    if (c === "'" || c === '"') {
      i = skipString(text, i);
    } else if (depth === 0 && text.startsWith(closer, i)) {
      return i + 2;
    } else {
      if (c === '(' || c === '[' || c === '{') depth++;
      else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
      i++;
    }
  }
  return -1;
}

function stripWhitespaceControl(inner: string): string {
  return inner.replace(/^[-+]/, '').replace(/[-+]$/, '');
}

const RAW_END = /\{%[-+]?\s*endraw\s*[-+]?%\}/g;

/**
 * Splits a dbt template into its Jinja blocks.
 *
 * @returns the blocks in order, and one message per block that is never closed
 */
export function findJinjaBlocks(text: string): {
  blocks: JinjaBlock[];
  errors: Array<{ line: number; message: string }>;
} {
  const blocks: JinjaBlock[] = [];
  const errors: Array<{ line: number; message: string }> = [];
  let i = 0;
  let line = 1;
  let lineOffset = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0 || open + 1 >= text.length) break;
    const kind = BLOCK_KINDS[text.slice(open, open + 2)];
    if (!kind) {
      i = open + 1;
      continue;
    }
    line = lineAt(text, open, lineOffset, line);
    lineOffset = open;
    const end = scanJinjaBlock(text, open);
    if (end < 0) {
      errors.push({
        line,
        message: `"${text.slice(open, open + 2)}" is never closed with "${
          CLOSERS[kind]
        }"`,
      });
      break;
    }
    const body = stripWhitespaceControl(text.slice(open + 2, end - 2));
    blocks.push({ kind, body, start: open, end, line });
    i = end;
    if (kind === 'statement' && /^\s*raw\s*$/.test(body)) {
      // Everything up to {% endraw %} is literal text.
      RAW_END.lastIndex = end;
      const rawEnd = RAW_END.exec(text);
      if (!rawEnd) {
        errors.push({ line, message: '"{% raw %}" has no "{% endraw %}"' });
        break;
      }
      i = rawEnd.index + rawEnd[0].length;
    }
  }
  return { blocks, errors };
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

/** Tokenizes the code of a `{{ }}` or `{% %}` block. */
export function tokenizeJinja(body: string, firstLine = 1): JinjaToken[] {
  const tokens: JinjaToken[] = [];
  let line = firstLine;
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"') {
      const end = skipString(body, i);
      const raw = body.slice(i + 1, end - 1);
      const value = raw.replace(/\\(.)/g, (_, e: string) => ESCAPES[e] ?? e);
      tokens.push({ kind: 'string', value, line });
      line += (raw.match(/\n/g) ?? []).length;
      i = end;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(body.slice(i))!;
      tokens.push({ kind: 'name', value: match[0], line });
      i += match[0].length;
    } else if (/[0-9]/.test(c)) {
      const match = /^[0-9][0-9_]*(\.[0-9_]+)?([eE][+-]?[0-9]+)?/.exec(
        body.slice(i),
      )!;
      tokens.push({ kind: 'number', value: match[0], line });
      i += match[0].length;
    } else {
      tokens.push({ kind: 'symbol', value: c, line });
      i++;
    }
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

/** Reads the arguments of a call whose `(` is at `open`; returns them and the offset after `)`. */
function readArguments(
  tokens: JinjaToken[],
  open: number,
): { args: JinjaToken[][]; next: number } {
  const args: JinjaToken[][] = [];
  let current: JinjaToken[] = [];
  let depth = 0;
  let i = open + 1;
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
  return { args, next: i + 1 };
}

/**
 * Finds the `ref()` and `source()` calls of a template, including
 * `builtins.ref()`, but not methods of other objects such as `foo.ref()`.
 */
export function findDbtCalls(template: string): {
  calls: DbtCall[];
  errors: Array<{ line: number; message: string }>;
} {
  const { blocks, errors } = findJinjaBlocks(template);
  const calls: DbtCall[] = [];
  for (const block of blocks) {
    if (block.kind === 'comment') continue;
    const tokens = tokenizeJinja(block.body, block.line);
    for (let i = 0; i < tokens.length - 1; i++) {
      const t = tokens[i];
      if (
        t.kind !== 'name' ||
        (t.value !== 'ref' && t.value !== 'source') ||
        tokens[i + 1].value !== '('
      ) {
        continue;
      }
      const prev = tokens[i - 1];
      if (prev?.kind === 'symbol' && prev.value === '.') {
        if (tokens[i - 2]?.value !== 'builtins') continue;
      }
      const { args: rawArgs, next } = readArguments(tokens, i + 1);
      const call: DbtCall = {
        fn: t.value as DbtCall['fn'],
        args: [],
        kwargs: {},
        line: t.line,
      };
      for (const arg of rawArgs) {
        if (arg.length >= 2 && arg[0].kind === 'name' && arg[1].value === '=') {
          call.kwargs[arg[0].value] = literal(arg.slice(2), true);
        } else {
          call.args.push(literal(arg, false));
        }
      }
      calls.push(call);
      i = next - 1;
    }
  }
  return { calls, errors };
}
