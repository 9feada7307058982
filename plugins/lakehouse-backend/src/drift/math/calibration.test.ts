import type { DriftTest } from '@internal/plugin-lakehouse-common';
import { calibrateThreshold, thresholdFromNullStatistics } from './calibration';
import { logFactorial } from './gamma';
import { seededRandom, standardNormal } from './random';

/** P(X ≤ k) for X ~ Binomial(trials, rate). */
function binomialCdf(k: number, trials: number, rate: number): number {
  let sum = 0;
  for (let x = 0; x <= k; x++) {
    sum += Math.exp(
      logFactorial(trials) -
        logFactorial(x) -
        logFactorial(trials - x) +
        x * Math.log(rate) +
        (trials - x) * Math.log(1 - rate),
    );
  }
  return sum;
}

/** The most false alarms in `trials` that still fit a rate of `rate`: more happen with probability ≤ 0.001. */
function mostAlarmsConsistentWith(rate: number, trials: number): number {
  let k = 0;
  while (1 - binomialCdf(k, trials, rate) > 0.001) k++;
  return k;
}

function shuffle(rows: number[], random: () => number): void {
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
}

function standardDeviation(values: number[]): number {
  const mean = values.reduce((sum, x) => sum + x, 0) / values.length;
  return Math.sqrt(
    values.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (values.length - 1),
  );
}

interface Split {
  referenceCounts: number[];
  currentCounts: number[];
  edges: number[];
  referenceStd: number;
}

/**
 * Undrifted numeric data: `rows` draws from one normal distribution, binned on
 * `bins` quantile bins of all rows (a binning that does not depend on which
 * rows become the reference keeps the two parts exchangeable), then split at
 * random into reference and current halves.
 */
function undriftedNumeric(
  random: () => number,
  rows: number,
  bins: number,
): Split {
  const values = Array.from({ length: rows }, () => standardNormal(random));
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const binOf = new Array<number>(rows);
  const perBin = rows / bins;
  order.forEach((row, rank) => {
    binOf[row] = Math.floor(rank / perBin);
  });
  const edges = [values[order[0]]];
  for (let b = 1; b < bins; b++)
    edges.push((values[order[b * perBin - 1]] + values[order[b * perBin]]) / 2);
  edges.push(values[order[rows - 1]]);
  const labels = values.map((_, i) => i);
  shuffle(labels, random);
  const referenceCounts = new Array(bins).fill(0);
  const currentCounts = new Array(bins).fill(0);
  const referenceValues: number[] = [];
  labels.forEach((row, position) => {
    if (position < rows / 2) {
      referenceCounts[binOf[row]]++;
      referenceValues.push(values[row]);
    } else {
      currentCounts[binOf[row]]++;
    }
  });
  return {
    referenceCounts,
    currentCounts,
    edges,
    referenceStd: standardDeviation(referenceValues),
  };
}

/** Undrifted categorical data: six categories of unequal frequency, split 800 / 1,200. */
function undriftedCategorical(random: () => number): {
  referenceCounts: number[];
  currentCounts: number[];
} {
  const shares = [0.4, 0.25, 0.15, 0.1, 0.07, 0.03];
  const categories = Array.from({ length: 2000 }, () => {
    let u = random();
    let category = 0;
    while (category < shares.length - 1 && u >= shares[category])
      u -= shares[category++];
    return category;
  });
  shuffle(categories, random);
  const referenceCounts = new Array(shares.length).fill(0);
  const currentCounts = new Array(shares.length).fill(0);
  categories.forEach((category, position) => {
    if (position < 800) referenceCounts[category]++;
    else currentCounts[category]++;
  });
  return { referenceCounts, currentCounts };
}

const TRIALS = 2000;
const PERMUTATIONS = 99;
const RATE = 0.05;

describe('calibrated thresholds on undrifted data', () => {
  // Each trial is one random split of undrifted rows, so the number of false
  // alarms over 2,000 trials is binomial with the true rate, which is exactly
  // ⌊0.05 × 100⌋ / 100 = 5% for a statistic without ties and less with ties.
  // An observed count is consistent with "at most 5%" while a 5% rate reaches
  // it with probability above 0.001 (up to 131 of 2,000). The count must not be
  // absurdly low either (2.5%), or a threshold set too high would pass.
  const upperBound = mostAlarmsConsistentWith(RATE, TRIALS);
  const lowerBound = TRIALS * (RATE / 2);
  const numericTests: DriftTest[] = [
    'wasserstein',
    'psi',
    'jensenShannon',
    'hellinger',
    'ks',
  ];
  const alarms = new Map<string, number>();
  let tooLowThresholdAlarms = 0;
  let inconsistent = 0;

  beforeAll(() => {
    const random = seededRandom(20240611);
    const count = (key: string, drifted: boolean) =>
      alarms.set(key, (alarms.get(key) ?? 0) + (drifted ? 1 : 0));
    for (let trial = 0; trial < TRIALS; trial++) {
      const split = undriftedNumeric(random, 2000, 20);
      for (const test of numericTests) {
        const result = calibrateThreshold({
          test,
          ...split,
          permutations: PERMUTATIONS,
          falseAlarmRate: RATE,
          random,
        });
        if (result.value > result.threshold !== result.pValue <= RATE)
          inconsistent++;
        count(test, result.value > result.threshold);
      }
      // A threshold that is too low: the one for twice the rate.
      const loose = calibrateThreshold({
        test: 'psi',
        ...split,
        permutations: PERMUTATIONS,
        falseAlarmRate: 2 * RATE,
        random,
      });
      tooLowThresholdAlarms += loose.value > loose.threshold ? 1 : 0;
      const categorical = undriftedCategorical(random);
      const chiSquare = calibrateThreshold({
        test: 'chiSquare',
        ...categorical,
        permutations: PERMUTATIONS,
        falseAlarmRate: RATE,
        random,
      });
      count('chiSquare (categorical)', chiSquare.value > chiSquare.threshold);
    }
  });

  it.each([...numericTests, 'chiSquare (categorical)'])(
    '%s raises false alarms at a rate of at most 5%%',
    test => {
      const falseAlarms = alarms.get(test)!;
      expect(falseAlarms).toBeLessThanOrEqual(upperBound);
      expect(falseAlarms).toBeGreaterThanOrEqual(lowerBound);
    },
  );

  it('flags drift exactly when the Monte Carlo p-value is at most the rate', () => {
    expect(inconsistent).toBe(0);
  });

  it('would notice a threshold set too low', () => {
    expect(tooLowThresholdAlarms).toBeGreaterThan(upperBound);
  });
});

describe('calibrated thresholds on drifted data', () => {
  it.each<DriftTest>(['wasserstein', 'ks'])(
    '%s detects a 0.2σ mean shift between 10,000 reference and 10,000 current rows in at least 95%% of trials',
    test => {
      const random = seededRandom(test === 'ks' ? 1 : 2);
      const trials = 100;
      let detected = 0;
      for (let trial = 0; trial < trials; trial++) {
        const reference = Array.from({ length: 10000 }, () =>
          standardNormal(random),
        ).sort((a, b) => a - b);
        const current = Array.from(
          { length: 10000 },
          () => 0.2 + standardNormal(random),
        );
        // Twenty bins at the reference's 5% quantiles, as a monitor bins a feature.
        const inner = Array.from(
          { length: 19 },
          (_, i) => reference[(i + 1) * 500],
        );
        const edges = [
          Math.min(reference[0], ...current),
          ...inner,
          Math.max(reference[9999], ...current),
        ];
        const binOf = (x: number) => {
          let low = 0;
          let high = inner.length;
          while (low < high) {
            const middle = (low + high) >> 1;
            if (x < inner[middle]) high = middle;
            else low = middle + 1;
          }
          return low;
        };
        const referenceCounts = new Array(20).fill(0);
        const currentCounts = new Array(20).fill(0);
        reference.forEach(x => referenceCounts[binOf(x)]++);
        current.forEach(x => currentCounts[binOf(x)]++);
        const result = calibrateThreshold({
          test,
          referenceCounts,
          currentCounts,
          edges,
          referenceStd: standardDeviation(reference),
          permutations: PERMUTATIONS,
          falseAlarmRate: RATE,
          random,
        });
        if (result.value > result.threshold) detected++;
      }
      expect(detected).toBeGreaterThanOrEqual(95);
    },
  );
});

describe('thresholdFromNullStatistics', () => {
  const nulls = Array.from({ length: 199 }, (_, i) => ((i * 37) % 199) + 1); // 1 … 199 in scrambled order

  it('puts the threshold at the null value that separates p ≤ α from p > α', () => {
    // ⌊0.05 × 200⌋ - 1 = 9 nulls may reach the observed value: the threshold is the 10th largest, 190.
    expect(thresholdFromNullStatistics(nulls, 190.5, 0.05)).toEqual({
      threshold: 190,
      pValue: 10 / 200,
    });
    expect(thresholdFromNullStatistics(nulls, 190, 0.05)).toEqual({
      threshold: 190,
      pValue: 11 / 200,
    });
    expect(thresholdFromNullStatistics(nulls, 500, 0.05).pValue).toBe(1 / 200);
  });

  it('counts ties against drift', () => {
    expect(thresholdFromNullStatistics(new Array(99).fill(1), 1, 0.05)).toEqual(
      { threshold: 1, pValue: 1 },
    );
  });

  it('refuses too few permutations to ever reach the rate', () => {
    expect(
      thresholdFromNullStatistics(nulls.slice(0, 19), 500, 0.05).threshold,
    ).toBe(Math.max(...nulls.slice(0, 19)));
    expect(() =>
      thresholdFromNullStatistics(nulls.slice(0, 18), 500, 0.05),
    ).toThrow(
      /18 permutations can never reach a p-value of 0.05; use at least 19/,
    );
  });
});

describe('calibrateThreshold', () => {
  const base = {
    referenceCounts: [30, 50, 20],
    currentCounts: [20, 40, 40],
    edges: [0, 1, 2, 3],
    referenceStd: 0.8,
    permutations: 99,
    falseAlarmRate: 0.05,
  };

  it('is reproducible with the same seed', () => {
    const first = calibrateThreshold({
      ...base,
      test: 'jensenShannon',
      random: seededRandom(9),
    });
    const again = calibrateThreshold({
      ...base,
      test: 'jensenShannon',
      random: seededRandom(9),
    });
    expect(again).toEqual(first);
  });

  it('refuses inputs it cannot permute, naming the problem', () => {
    const random = seededRandom(1);
    expect(() =>
      calibrateThreshold({
        ...base,
        test: 'psi',
        referenceCounts: [30.5, 50, 20],
        random,
      }),
    ).toThrow(
      /counts must be whole numbers of rows, but bin 0 has 30.5 \(reference\) and 20 \(current\)/,
    );
    expect(() =>
      calibrateThreshold({
        ...base,
        test: 'wasserstein',
        edges: undefined,
        random,
      }),
    ).toThrow(/the bin edges are required/);
    expect(() =>
      calibrateThreshold({
        ...base,
        test: 'wasserstein',
        referenceStd: 0,
        random,
      }),
    ).toThrow(
      /a positive finite reference standard deviation is required, got 0/,
    );
    expect(() =>
      calibrateThreshold({ ...base, test: 'ks', permutations: 0, random }),
    ).toThrow(/permutations must be a positive integer, got 0/);
    expect(() =>
      calibrateThreshold({ ...base, test: 'ks', falseAlarmRate: 1, random }),
    ).toThrow(/false-alarm rate must lie strictly between 0 and 1, got 1/);
    expect(() =>
      calibrateThreshold({
        ...base,
        test: 'hellinger',
        currentCounts: [1, 2],
        random,
      }),
    ).toThrow(/reference has 3 bins or categories but current has 2/);
  });
});
