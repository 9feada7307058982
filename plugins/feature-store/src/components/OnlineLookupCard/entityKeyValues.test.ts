import { checkRowCounts, parseKeyValues } from './entityKeyValues';

describe('parseKeyValues', () => {
  it('sends whole-number join keys as numbers, one per comma-separated value', () => {
    expect(
      parseKeyValues(' 1001, 1002 ,', {
        joinKey: 'customer_id',
        valueType: 'INT64',
      }),
    ).toEqual({ values: [1001, 1002] });
  });

  it('keeps an INT64 beyond 2^53 as text so no digit is lost', () => {
    expect(
      parseKeyValues('9007199254740993', {
        joinKey: 'id',
        valueType: 'INT64',
      }),
    ).toEqual({ values: ['9007199254740993'] });
  });

  it('names the key, its type and the value that does not fit', () => {
    expect(
      parseKeyValues('12, x1', { joinKey: 'customer_id', valueType: 'INT32' }),
    ).toEqual({ error: 'customer_id is INT32: "x1" is not a whole number' });
    expect(
      parseKeyValues('abc', { joinKey: 'score', valueType: 'DOUBLE' }),
    ).toEqual({ error: 'score is DOUBLE: "abc" is not a number' });
    expect(
      parseKeyValues('yes', { joinKey: 'active', valueType: 'BOOL' }),
    ).toEqual({ error: 'active is BOOL: "yes" is not true or false' });
  });

  it('types decimals, booleans and strings as Feast expects', () => {
    expect(
      parseKeyValues('0.5', { joinKey: 'score', valueType: 'FLOAT' }),
    ).toEqual({ values: [0.5] });
    expect(
      parseKeyValues('True,false', { joinKey: 'active', valueType: 'BOOL' }),
    ).toEqual({ values: [true, false] });
    expect(
      parseKeyValues('0042', { joinKey: 'zip', valueType: 'STRING' }),
    ).toEqual({ values: ['0042'] });
  });

  it('guesses integers when the type is not recorded', () => {
    expect(parseKeyValues('7, EU', { joinKey: 'k' })).toEqual({
      values: [7, 'EU'],
    });
  });

  it('asks for a value when none was typed', () => {
    expect(parseKeyValues(' , ', { joinKey: 'customer_id' })).toEqual({
      error: 'Enter a value for customer_id',
    });
  });
});

describe('checkRowCounts', () => {
  it('accepts keys with as many values each', () => {
    expect(checkRowCounts({ a: [1, 2], b: ['x', 'y'] })).toBeUndefined();
  });

  it('names the counts that differ', () => {
    expect(checkRowCounts({ a: [1, 2], b: ['x'] })).toBe(
      'Give every join key the same number of values, one per entity: a has 2, b has 1',
    );
  });
});
