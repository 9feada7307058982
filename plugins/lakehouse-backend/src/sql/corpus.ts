/**
 * Reads the SQL corpora in `__corpus__/`.
 *
 * Format: statements contain semicolons, comments and newlines, so each one
 * follows a separator line that is exactly `-- ----`, optionally followed by
 * ` expect: <text>` (a fragment that the refusal reason must contain). Lines
 * before the first separator are a header and are ignored. Blank lines at
 * the start and end of a statement are dropped; a statement of only blank
 * lines is skipped. Line ends are `\n` (a `\r\n` file is read the same).
 */

/** The separator line. */
export const CORPUS_SEPARATOR = '-- ----';

/** One statement of a corpus. */
export interface SqlCorpusEntry {
  sql: string;
  /** 1-based line of the statement's first line in the corpus file. */
  line: number;
  /** A fragment of the expected refusal reason, when the separator gives one. */
  expect?: string;
}

export function parseSqlCorpus(text: string): SqlCorpusEntry[] {
  const lines = text
    .split('\n')
    .map(l => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const entries: SqlCorpusEntry[] = [];
  let current: { lines: string[]; line: number; expect?: string } | undefined;

  const flush = () => {
    if (!current) return;
    let first = 0;
    let last = current.lines.length;
    while (first < last && current.lines[first].trim() === '') first++;
    while (last > first && current.lines[last - 1].trim() === '') last--;
    if (first < last) {
      entries.push({
        sql: current.lines.slice(first, last).join('\n'),
        line: current.line + first,
        ...(current.expect ? { expect: current.expect } : {}),
      });
    } else if (current.expect) {
      throw new Error(
        `Corpus line ${current.line - 1}: "expect:" without a statement`,
      );
    }
  };

  lines.forEach((line, index) => {
    if (line === CORPUS_SEPARATOR || line.startsWith(`${CORPUS_SEPARATOR} `)) {
      flush();
      const note = line.slice(CORPUS_SEPARATOR.length).trim();
      let expect: string | undefined;
      if (note.startsWith('expect:')) {
        expect = note.slice('expect:'.length).trim();
      } else if (note) {
        throw new Error(
          `Corpus line ${
            index + 1
          }: a separator may only be followed by "expect: …", got "${note}"`,
        );
      }
      current = { lines: [], line: index + 2, expect };
      return;
    }
    current?.lines.push(line);
  });
  flush();
  return entries;
}
