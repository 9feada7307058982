/*
 * A small YAML reader for `application/apply-patch+yaml` bodies. The Kubernetes API server decodes them with
 * sigs.k8s.io/yaml (go-yaml v2, YAML 1.1 scalars: `yes`/`no`/`on`/`off` are booleans) and reads only the first
 * document. This reader covers what manifests use: block mappings and sequences (also `- key: value` items),
 * plain, single- and double-quoted scalars, literal and folded block scalars with chomping indicators, flow
 * collections, comments and `---` markers. Anchors, aliases, tags and multi-line plain scalars are refused
 * with an error, which the double answers as the API server does for undecodable YAML (400).
 *
 * JSON is YAML too: bodies starting with `{` or `[` go through JSON.parse first.
 */

/** A YAML text this reader cannot decode. */
export class YamlDecodeError extends Error {}

interface Line {
  indent: number;
  text: string;
  number: number;
}

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUES = new Set([
  'true',
  'True',
  'TRUE',
  'yes',
  'Yes',
  'YES',
  'on',
  'On',
  'ON',
  'y',
  'Y',
]);
const FALSES = new Set([
  'false',
  'False',
  'FALSE',
  'no',
  'No',
  'NO',
  'off',
  'Off',
  'OFF',
  'n',
  'N',
]);

/** Resolves a plain scalar to null, boolean, number or string (YAML 1.1 core rules as go-yaml v2 applies them). */
export function resolvePlainScalar(text: string): unknown {
  if (NULLS.has(text)) {
    return null;
  }
  if (TRUES.has(text)) {
    return true;
  }
  if (FALSES.has(text)) {
    return false;
  }
  if (/^[-+]?(0|[1-9][0-9_]*)$/.test(text)) {
    return Number(text.replace(/_/g, ''));
  }
  if (/^[-+]?0x[0-9a-fA-F_]+$/.test(text)) {
    const negative = text.startsWith('-');
    const value = parseInt(text.replace(/^[-+]?0x/, '').replace(/_/g, ''), 16);
    return negative ? -value : value;
  }
  if (/^[-+]?0o?[0-7_]+$/.test(text)) {
    const negative = text.startsWith('-');
    const value = parseInt(text.replace(/^[-+]?0o?/, '').replace(/_/g, ''), 8);
    return negative ? -value : value;
  }
  if (
    /^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$/.test(text)
  ) {
    return Number(text.replace(/_/g, ''));
  }
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text)) {
    return text.startsWith('-') ? -Infinity : Infinity;
  }
  if (/^\.(nan|NaN|NAN)$/.test(text)) {
    return NaN;
  }
  return text;
}

const DOUBLE_QUOTE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

/** Reads flow-style text (`[a, b]`, `{a: 1}`, quoted or plain scalars) starting at `pos`. */
class FlowReader {
  pos = 0;

  constructor(
    private readonly text: string,
    private readonly lineNumber: number,
  ) {}

  fail(message: string): never {
    throw new YamlDecodeError(`line ${this.lineNumber}: ${message}`);
  }

  skipSpaces(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) {
      this.pos++;
    }
  }

  /** The rest after the value, which may only be a comment. */
  expectEnd(): void {
    this.skipSpaces();
    if (this.pos < this.text.length && this.text[this.pos] !== '#') {
      this.fail(`unexpected text after value: ${this.text.slice(this.pos)}`);
    }
  }

  readValue(inFlow: boolean): unknown {
    this.skipSpaces();
    const c = this.text[this.pos];
    if (c === '[') {
      return this.readSequence();
    }
    if (c === '{') {
      return this.readMapping();
    }
    if (c === '"') {
      return this.readDoubleQuoted();
    }
    if (c === "'") {
      return this.readSingleQuoted();
    }
    if (c === '&' || c === '*' || c === '!') {
      this.fail('anchors, aliases and tags are not supported');
    }
    return resolvePlainScalar(this.readPlain(inFlow));
  }

  readPlain(inFlow: boolean): string {
    const start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (inFlow && (c === ',' || c === ']' || c === '}')) {
        break;
      }
      if (
        inFlow &&
        c === ':' &&
        /[\s,\]}]/.test(this.text[this.pos + 1] ?? ' ')
      ) {
        break;
      }
      if (c === '#' && this.pos > start && /\s/.test(this.text[this.pos - 1])) {
        break;
      }
      this.pos++;
    }
    return this.text.slice(start, this.pos).trim();
  }

  readDoubleQuoted(): string {
    this.pos++;
    let out = '';
    while (this.pos < this.text.length) {
      const c = this.text[this.pos++];
      if (c === '"') {
        return out;
      }
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.pos++];
      if (e === 'x' || e === 'u' || e === 'U') {
        const len = { x: 2, u: 4, U: 8 }[e];
        const hex = this.text.slice(this.pos, this.pos + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) {
          this.fail(`invalid escape \\${e}${hex}`);
        }
        out += String.fromCodePoint(parseInt(hex, 16));
        this.pos += len;
      } else if (e in DOUBLE_QUOTE_ESCAPES) {
        out += DOUBLE_QUOTE_ESCAPES[e];
      } else {
        this.fail(`invalid escape \\${e}`);
      }
    }
    return this.fail('unterminated double-quoted string');
  }

  readSingleQuoted(): string {
    this.pos++;
    let out = '';
    while (this.pos < this.text.length) {
      const c = this.text[this.pos++];
      if (c === "'") {
        if (this.text[this.pos] === "'") {
          out += "'";
          this.pos++;
          continue;
        }
        return out;
      }
      out += c;
    }
    return this.fail('unterminated single-quoted string');
  }

  readSequence(): unknown[] {
    this.pos++;
    const items: unknown[] = [];
    for (;;) {
      this.skipSpaces();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return items;
      }
      items.push(this.readValue(true));
      this.skipSpaces();
      const c = this.text[this.pos++];
      if (c === ']') {
        return items;
      }
      if (c !== ',') {
        this.fail("expected ',' or ']' in flow sequence");
      }
    }
  }

  readMapping(): Record<string, unknown> {
    this.pos++;
    const map: Record<string, unknown> = {};
    for (;;) {
      this.skipSpaces();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return map;
      }
      const key = this.readValue(true);
      this.skipSpaces();
      let value: unknown = null;
      if (this.text[this.pos] === ':') {
        this.pos++;
        this.skipSpaces();
        value =
          this.text[this.pos] === ',' || this.text[this.pos] === '}'
            ? null
            : this.readValue(true);
      }
      map[String(key)] = value;
      this.skipSpaces();
      const c = this.text[this.pos++];
      if (c === '}') {
        return map;
      }
      if (c !== ',') {
        this.fail("expected ',' or '}' in flow mapping");
      }
    }
  }
}

/** Position of the `:` ending a mapping key on this line, or -1 when the line is not a `key: value` line. */
function keyColon(text: string): number {
  if (text.startsWith('"') || text.startsWith("'")) {
    const reader = new FlowReader(text, 0);
    try {
      if (text.startsWith('"')) {
        reader.readDoubleQuoted();
      } else {
        reader.readSingleQuoted();
      }
    } catch {
      return -1;
    }
    reader.skipSpaces();
    return text[reader.pos] === ':' &&
      (reader.pos + 1 === text.length || /\s/.test(text[reader.pos + 1]))
      ? reader.pos
      : -1;
  }
  if (text.startsWith('[') || text.startsWith('{') || text.startsWith('#')) {
    return -1;
  }
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '#' && i > 0 && /\s/.test(text[i - 1])) {
      return -1;
    }
    if (text[i] === ':' && (i + 1 === text.length || /\s/.test(text[i + 1]))) {
      return i;
    }
  }
  return -1;
}

function isSequenceItem(text: string): boolean {
  return text === '-' || text.startsWith('- ') || text.startsWith('-\t');
}

class BlockReader {
  private index = 0;

  constructor(private readonly lines: Line[]) {}

  private fail(line: Line | undefined, message: string): never {
    throw new YamlDecodeError(
      line ? `line ${line.number}: ${message}` : message,
    );
  }

  /** The next line with content, skipping blank and comment-only lines. */
  private peek(): Line | undefined {
    while (this.index < this.lines.length) {
      const line = this.lines[this.index];
      if (line.text !== '' && !line.text.startsWith('#')) {
        return line;
      }
      this.index++;
    }
    return undefined;
  }

  readDocument(): unknown {
    const first = this.peek();
    if (!first) {
      return null;
    }
    const value = this.readNode(first.indent);
    const rest = this.peek();
    if (rest) {
      this.fail(rest, `unexpected content at indentation ${rest.indent}`);
    }
    return value;
  }

  /** Reads the node starting at the next content line, which must be indented by exactly `indent`. */
  private readNode(indent: number): unknown {
    const line = this.peek()!;
    if (isSequenceItem(line.text)) {
      return this.readSequence(line.indent);
    }
    if (keyColon(line.text) >= 0) {
      return this.readMapping(line.indent);
    }
    // A scalar or flow collection on its own line(s).
    this.index++;
    let text = line.text;
    if (text.startsWith('[') || text.startsWith('{')) {
      text = this.joinFlowLines(text, indent);
    }
    const reader = new FlowReader(text, line.number);
    const value = reader.readValue(false);
    reader.expectEnd();
    return value;
  }

  /** Flow collections may span lines: joins following lines until the brackets balance. */
  private joinFlowLines(text: string, indent: number): string {
    let joined = text;
    while (!balanced(joined) && this.index < this.lines.length) {
      const next = this.lines[this.index];
      if (
        next.text !== '' &&
        next.indent <= indent &&
        !/^[\]}]/.test(next.text)
      ) {
        break;
      }
      joined += ` ${next.text}`;
      this.index++;
    }
    return joined;
  }

  private readMapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    for (;;) {
      const line = this.peek();
      if (!line || line.indent < indent) {
        return map;
      }
      if (line.indent > indent) {
        this.fail(line, 'bad indentation of a mapping entry');
      }
      const colon = keyColon(line.text);
      if (colon < 0) {
        this.fail(line, `expected a "key: value" entry, got: ${line.text}`);
      }
      const rawKey = line.text.slice(0, colon).trim();
      const key =
        rawKey.startsWith('"') || rawKey.startsWith("'")
          ? String(new FlowReader(rawKey, line.number).readValue(false))
          : rawKey;
      if (key === '<<') {
        this.fail(line, 'merge keys are not supported');
      }
      if (Object.prototype.hasOwnProperty.call(map, key)) {
        this.fail(line, `mapping key "${key}" already defined`);
      }
      const rest = line.text.slice(colon + 1).trim();
      this.index++;
      map[key] = this.readValueAfterIndicator(line, rest, indent, true);
    }
  }

  private readSequence(indent: number): unknown[] {
    const items: unknown[] = [];
    for (;;) {
      const line = this.peek();
      if (!line || line.indent < indent || !isSequenceItem(line.text)) {
        if (line && line.indent > indent) {
          this.fail(line, 'bad indentation of a sequence entry');
        }
        return items;
      }
      if (line.indent > indent) {
        this.fail(line, 'bad indentation of a sequence entry');
      }
      const rest = line.text.slice(1).replace(/^\s+/, '');
      const offset = line.text.length - rest.length;
      if (
        rest !== '' &&
        !rest.startsWith('#') &&
        (isSequenceItem(rest) || keyColon(rest) >= 0)
      ) {
        // `- key: value` or `- - item`: the item is a block node indented at the text after the dash.
        this.lines[this.index] = {
          indent: indent + offset,
          text: rest,
          number: line.number,
        };
        items.push(this.readNode(indent + offset));
        continue;
      }
      this.index++;
      items.push(this.readValueAfterIndicator(line, rest, indent, false));
    }
  }

  /** The value after `key:` or `- `: inline, a block scalar, or a nested block on the following lines. */
  private readValueAfterIndicator(
    line: Line,
    rest: string,
    indent: number,
    inMapping: boolean,
  ): unknown {
    if (rest === '' || rest.startsWith('#')) {
      const next = this.peek();
      if (!next) {
        return null;
      }
      if (next.indent > indent) {
        return this.readNode(next.indent);
      }
      // go-yaml accepts a block sequence at the key's own indentation as the key's value.
      if (inMapping && next.indent === indent && isSequenceItem(next.text)) {
        return this.readSequence(indent);
      }
      return null;
    }
    if (rest.startsWith('|') || rest.startsWith('>')) {
      return this.readBlockScalar(line, rest, indent);
    }
    let text = rest;
    if (text.startsWith('[') || text.startsWith('{')) {
      text = this.joinFlowLines(text, indent);
    }
    const reader = new FlowReader(text, line.number);
    const value = reader.readValue(false);
    reader.expectEnd();
    const next = this.peek();
    if (
      next &&
      next.indent > indent &&
      typeof value === 'string' &&
      !text.startsWith('"') &&
      !text.startsWith("'")
    ) {
      this.fail(next, 'multi-line plain scalars are not supported');
    }
    return value;
  }

  private readBlockScalar(line: Line, header: string, indent: number): string {
    const match = /^([|>])([-+]?)([1-9]?)([-+]?)\s*(#.*)?$/.exec(header);
    if (!match) {
      this.fail(line, `invalid block scalar header ${header}`);
    }
    const folded = match[1] === '>';
    const chomping = match[2] || match[4];
    const explicitIndent = match[3] ? indent + Number(match[3]) : undefined;
    const raw: string[] = [];
    let contentIndent = explicitIndent;
    while (this.index < this.lines.length) {
      const next = this.lines[this.index];
      const blank = next.text === '';
      if (!blank) {
        if (contentIndent === undefined) {
          if (next.indent <= indent) {
            break;
          }
          contentIndent = next.indent;
        }
        if (next.indent < contentIndent) {
          break;
        }
      }
      raw.push(
        blank ? '' : ' '.repeat(next.indent - contentIndent!) + next.text,
      );
      this.index++;
    }
    let trailing = 0;
    while (raw.length && raw[raw.length - 1] === '') {
      raw.pop();
      trailing++;
    }
    let body: string;
    if (folded) {
      body = '';
      raw.forEach((text, i) => {
        if (i === 0) {
          body = text;
          return;
        }
        const previous = raw[i - 1];
        const moreIndented = text.startsWith(' ') || previous.startsWith(' ');
        if (text === '') {
          body += '\n';
        } else if (previous === '' || moreIndented) {
          body += (previous === '' ? '' : '\n') + text;
        } else {
          body += ` ${text}`;
        }
      });
    } else {
      body = raw.join('\n');
    }
    if (raw.length === 0) {
      return chomping === '+' ? '\n'.repeat(trailing) : '';
    }
    if (chomping === '-') {
      return body;
    }
    if (chomping === '+') {
      return `${body}\n${'\n'.repeat(trailing)}`;
    }
    return `${body}\n`;
  }
}

function balanced(text: string): boolean {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') {
        i++;
      } else if (c === quote) {
        quote = undefined;
      }
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '[' || c === '{') {
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
    }
  }
  return depth <= 0;
}

/**
 * Decodes the first document of a YAML (or JSON) text, as sigs.k8s.io/yaml does for apply patches.
 * Throws {@link YamlDecodeError} for text it cannot read.
 */
export function parseYaml(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      // Flow-style YAML that is not JSON; read it as YAML below.
    }
  }
  const lines: Line[] = [];
  let started = false;
  const source = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < source.length; i++) {
    const rawLine = source[i];
    if (rawLine.includes('\t') && /^\s*\t/.test(rawLine)) {
      throw new YamlDecodeError(
        `line ${i + 1}: found a tab character used as indentation`,
      );
    }
    const content = rawLine.replace(/\s+$/, '');
    if (/^%/.test(content) && !started) {
      continue;
    }
    if (/^---(\s|$)/.test(content)) {
      if (started) {
        break;
      }
      started = true;
      const after = content.slice(3).trim();
      if (after && !after.startsWith('#')) {
        lines.push({ indent: 0, text: after, number: i + 1 });
      }
      continue;
    }
    if (/^\.\.\.(\s|$)/.test(content)) {
      break;
    }
    const stripped = content.replace(/^ +/, '');
    if (stripped !== '' && !stripped.startsWith('#')) {
      started = true;
    }
    lines.push({
      indent: content.length - stripped.length,
      text: stripped,
      number: i + 1,
    });
  }
  return new BlockReader(lines).readDocument();
}
