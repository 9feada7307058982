import { seededRandom, standardNormal } from './random';

describe('seededRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const first = seededRandom(7);
    const again = seededRandom(7);
    const other = seededRandom(8);
    const a = Array.from({ length: 5 }, first);
    expect(Array.from({ length: 5 }, again)).toEqual(a);
    expect(Array.from({ length: 5 }, other)).not.toEqual(a);
  });

  it('draws uniformly from [0, 1)', () => {
    const random = seededRandom(2024);
    const deciles = new Array(10).fill(0);
    const draws = 100000;
    let outside = 0;
    for (let i = 0; i < draws; i++) {
      const u = random();
      if (u < 0 || u >= 1) outside++;
      else deciles[Math.floor(u * 10)]++;
    }
    expect(outside).toBe(0);
    // Pearson χ² with 9 degrees of freedom; 27.9 is its 0.1% critical value.
    const chiSquare = deciles.reduce(
      (sum, count) => sum + (count - draws / 10) ** 2 / (draws / 10),
      0,
    );
    expect(chiSquare).toBeLessThan(27.9);
  });

  it('refuses a seed that is not a number', () => {
    expect(() => seededRandom(NaN)).toThrow(
      /seed must be a finite number, got NaN/,
    );
  });
});

describe('standardNormal', () => {
  it('has mean 0 and variance 1', () => {
    const random = seededRandom(11);
    const draws = 50000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < draws; i++) {
      const z = standardNormal(random);
      sum += z;
      squares += z * z;
    }
    const mean = sum / draws;
    // Four standard errors either side.
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(draws));
    expect(Math.abs(squares / draws - mean * mean - 1)).toBeLessThan(
      4 * Math.sqrt(2 / draws),
    );
  });
});
