import { compareQuantities, parseQuantity } from './quantity';

function compare(a: unknown, b: unknown): number {
  return compareQuantities(parseQuantity(a)!, parseQuantity(b)!);
}

describe('parseQuantity', () => {
  it.each([
    ['500m', 1n, 2n],
    ['1', 1n, 1n],
    [2, 2n, 1n],
    [0.5, 1n, 2n],
    ['.25', 1n, 4n],
    ['512Mi', 512n * 2n ** 20n, 1n],
    ['1Gi', 2n ** 30n, 1n],
    ['1G', 10n ** 9n, 1n],
    ['1e3', 1000n, 1n],
    ['100n', 1n, 10n ** 7n],
    ['1.5Ki', 1536n, 1n],
  ])('reads %p', (text, numerator, denominator) => {
    const q = parseQuantity(text)!;
    expect(q).toBeDefined();
    // Compare as fractions: 500m is 500/1000, which is 1/2.
    expect(q.numerator * denominator).toBe(numerator * q.denominator);
  });

  it.each(['', 'abc', '1.5.2', '1 Gi', '1Ki1', '1gi', 'm', '1e999', null, {}])(
    'refuses %p',
    text => {
      expect(parseQuantity(text)).toBeUndefined();
    },
  );
});

describe('compareQuantities', () => {
  it('orders quantities of different notations exactly', () => {
    expect(compare('500m', '1')).toBeLessThan(0);
    expect(compare('0.5', '500m')).toBe(0);
    expect(compare('1024Mi', '1Gi')).toBe(0);
    expect(compare('1Gi', '1G')).toBeGreaterThan(0);
    expect(compare('1e3', '1k')).toBe(0);
    expect(compare('1000000001n', '1')).toBeGreaterThan(0);
    expect(compare('2', 1)).toBeGreaterThan(0);
  });
});
