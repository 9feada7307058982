import { joinRows, sliceRows, splitRows } from './trinoRows';

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

describe('sliceRows', () => {
  const rows = Buffer.from(
    '[[1,"a,]"],[2,{"k":[3]}] , [9007199254740993,null],["é\\"[",4]]',
  );
  const text = (b: Buffer) => b.toString('utf8');

  it('cuts rows out of the bytes without parsing them', () => {
    expect(text(sliceRows(rows, 0, 1))).toBe('[[1,"a,]"]]');
    expect(JSON.parse(text(sliceRows(rows, 1, 3)))).toHaveLength(2);
    // A bigint beyond 2^53 keeps Trino's digits.
    expect(text(sliceRows(rows, 2, 3))).toBe('[[9007199254740993,null]]');
    expect(JSON.parse(text(sliceRows(rows, 3, 4)))).toEqual([['é"[', 4]]);
  });

  it('gives the rows there are past the end, none for an empty range', () => {
    expect(JSON.parse(text(sliceRows(rows, 2, 10)))).toHaveLength(2);
    expect(text(sliceRows(rows, 4, 6))).toBe('[]');
    expect(text(sliceRows(rows, 1, 1))).toBe('[]');
    expect(text(sliceRows(Buffer.from('[]'), 0, 2))).toBe('[]');
  });
});
