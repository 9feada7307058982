"""Records the two-sample KS D and Wasserstein-1 distances the engine's SQL must reproduce.

Run once from this folder (`python3 make_exact.py`); it rewrites `exact.json` next to it. The Jest tests read only
the JSON (CI has no python). Samples come from `numpy.random.default_rng(seed)` with fixed seeds and are rounded to
a few decimals, so the JSON holds them exactly and rerunning gives the same file for the same numpy and scipy
versions (recorded in the JSON).

Each case holds a reference and a current sample and what scipy computes from them:
- `ks`: `scipy.stats.ks_2samp(reference, current).statistic`
- `wasserstein`: `scipy.stats.wasserstein_distance(reference, current)`

The cases cover what the SQL treats specially: ties inside and across the two samples, a few distinct values
(integer features), a reference with one value, current values outside the reference range (one so far that its bin index would overflow), a far outlier that
puts almost every value in one bin, identical samples, and tiny samples.
"""

import json
import os

import numpy as np
import scipy
from scipy import stats

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'exact.json')


def case(name, reference, current):
    reference = [float(x) for x in reference]
    current = [float(x) for x in current]
    return {
        'name': name,
        'reference': reference,
        'current': current,
        'ks': float(stats.ks_2samp(reference, current).statistic),
        'wasserstein': float(stats.wasserstein_distance(reference, current)),
    }


def main():
    rng = np.random.default_rng(20251101)
    cases = [
        case(
            'normal, current shifted by half a standard deviation',
            np.round(rng.normal(10, 2, 400), 3),
            np.round(rng.normal(11, 2, 250), 3),
        ),
        case(
            'same distribution',
            np.round(rng.normal(0, 1, 500), 3),
            np.round(rng.normal(0, 1, 300), 3),
        ),
        case(
            'integers 0..9 with many ties across the samples',
            rng.integers(0, 10, 300),
            rng.integers(2, 12, 120),
        ),
        case(
            'coarse rounding: ties inside every bin',
            np.round(rng.normal(0, 1, 2000), 1),
            np.round(rng.normal(0.1, 1.1, 800), 1),
        ),
        case(
            'constant reference',
            [3.0] * 50,
            np.round(rng.normal(3, 1, 40), 2),
        ),
        case(
            'current entirely above the reference range',
            np.round(rng.uniform(0, 1, 200), 4),
            np.round(rng.uniform(5, 6, 100), 4),
        ),
        case(
            'one far outlier in the reference',
            np.append(np.round(rng.exponential(1, 999), 3), 1e6),
            np.round(rng.exponential(1.2, 500), 3),
        ),
        case(
            'identical samples',
            np.round(np.linspace(-3, 3, 120), 2),
            np.round(np.linspace(-3, 3, 120), 2),
        ),
        case(
            'a current value far beyond the reference range',
            np.round(rng.normal(0, 1, 300), 3),
            np.append(np.round(rng.normal(0, 1, 199), 3), 1e12),
        ),
        case('tiny samples', [1.5, -2.0, 7.25, 0.0, 3.0], [2.0, 2.0, -1.0]),
        case(
            'large values with a small spread',
            np.round(1e6 + rng.normal(0, 0.01, 300), 5),
            np.round(1e6 + rng.normal(0.002, 0.01, 200), 5),
        ),
    ]
    with open(OUT, 'w') as f:
        json.dump(
            {
                'generatedBy': 'make_exact.py',
                'numpy': np.__version__,
                'scipy': scipy.__version__,
                'cases': cases,
            },
            f,
            indent=1,
        )
        f.write('\n')


if __name__ == '__main__':
    main()
