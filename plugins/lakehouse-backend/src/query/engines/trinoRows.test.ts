import { joinRows, splitRows } from './trinoRows';

describe('splitRows', () => {
  it('takes the rows out as text and leaves the rest to parse', () => {
    const answer = {
      id: 'q1',
      nextUri: 'http://trino/v1/statement/executing/q1/y1/2',
      columns: [{ name: 'data', type: 'varchar' }],
      // Strings that look like JSON structure, escapes and nested values.
      data: [
        ['"data":[1]', { data: [1, 2] }],
        ['back\\slash\\', '],"stats":{'],
        [null, [[]]],
      ],
      stats: { state: 'RUNNING' },
    };
    const text = JSON.stringify(answer);
    const split = splitRows(Buffer.from(text));
    expect(split.rowCount).toBe(3);
    expect(JSON.parse(split.rows!.toString())).toEqual(answer.data);
    expect(JSON.parse(split.rest)).toEqual({ ...answer, data: null });
  });

  it('finds no rows in an answer without data', () => {
    const text = JSON.stringify({ id: 'q1', data: [], stats: {} });
    expect(splitRows(Buffer.from(text))).toMatchObject({
      rows: undefined,
      rowCount: 0,
    });
    expect(splitRows(Buffer.from('{"id":"q1"}'))).toEqual({
      rest: '{"id":"q1"}',
      rowCount: 0,
    });
  });

  it('joins pages of rows into one array', () => {
    const join = (parts: string[]) =>
      JSON.parse(
        Buffer.concat(joinRows(parts.map(p => Buffer.from(p)))).toString(),
      );
    expect(join(['[[1],[2]]', '[[3]]'])).toEqual([[1], [2], [3]]);
    expect(join(['[["é"]]'])).toEqual([['é']]);
    expect(join([])).toEqual([]);
  });
});
