"""Records the values the drift statistics must reproduce, computed independently with scipy and numpy.

Run once (`python3 make_expected.py`), then lay the JSON out as the repository's formatting check expects (from
plugins/lakehouse-backend: `npx prettier --write src/drift/math/__fixtures__/expected.json`). The script rewrites
`expected.json` next to it; the Jest tests read only the JSON (CI has no python). Every input is drawn from
`numpy.random.default_rng(seed)` with fixed seeds, so rerunning the script gives the same file for the same numpy
and scipy versions (recorded in the JSON).

What is recorded, and what computed it:
- `ks2samp`: two samples (or, for samples too big to store, their sizes), `scipy.stats.ks_2samp(a, b,
  method='auto')`'s statistic and p-value, and the method it used ('exact' when max(n, m) <= 10000 and the exact
  computation succeeded, otherwise 'asymp').
- `kstwoSf` / `smirnov`: `scipy.stats.kstwo.sf(d, n)` (the one-sample two-sided distribution that ks_2samp's
  asymptotic branch evaluates at n = round(n1*n2/(n1+n2))) and `scipy.special.smirnov(n, d)` over grids that
  reach every branch of their algorithms.
- `ksCritical`: the smallest D whose ks_2samp p-value is <= alpha (exact: found on the lattice of attainable D
  values with scipy's exact p-value; asymptotic: `kstwo.isf(alpha, n)`).
- `chiSquare`: `scipy.stats.chisquare(f_obs=current, f_exp=reference shares * current total)` after the
  documented rule for categories (both empty: dropped; reference empty: half a reference row);
  `chi2Sf` / `chi2Isf`: `scipy.stats.chi2.sf` / `isf` grids.
- `distances`: binned counts from `numpy.histogram` (numeric) or category counts (categorical) and:
  PSI with Evidently's empty-share rule (numpy formula), `scipy.spatial.distance.jensenshannon(p, q, base=2)`,
  Hellinger from the numpy formula, binned KS from numpy cumulative sums, the Wasserstein-1 distance between the
  two histograms with mass spread uniformly in each bin (numerical integration of |F - G| on a fine grid), and
  `scipy.stats.wasserstein_distance` of the raw samples for comparison.
"""

import json
import math
import os
import warnings

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial.distance import jensenshannon
from scipy.stats._stats_py import _attempt_exact_2kssamp

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'expected.json')


def rounded(values, digits=4):
    """Samples rounded so that the JSON holds exactly the numbers scipy saw."""
    return [float(v) for v in np.round(np.asarray(values, dtype=float), digits)]


def ks_case(name, a, b, store_samples=True):
    a = np.asarray(rounded(a))
    b = np.asarray(rounded(b))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        result = stats.ks_2samp(a, b, method='auto')
    fell_back = any('Switching to method=asymp' in str(w.message) for w in caught)
    method = 'exact' if max(len(a), len(b)) <= 10000 and not fell_back else 'asymp'
    case = {
        'name': name,
        'n': len(a),
        'm': len(b),
        'statistic': float(result.statistic),
        'pvalue': float(result.pvalue),
        'method': method,
    }
    if store_samples:
        case['reference'] = [float(v) for v in a]
        case['current'] = [float(v) for v in b]
    return case


def ks_cases():
    rng = np.random.default_rng(20240611)
    cases = []
    sizes = [(5, 5), (5, 7), (8, 12), (10, 10), (13, 29), (20, 20), (25, 40), (37, 53), (50, 50),
             (60, 90), (100, 100), (101, 199), (150, 300), (299, 300), (300, 300), (7, 300), (250, 125)]
    for (n, m) in sizes:
        for shift in (0.0, 0.4, 1.2):
            a = rng.normal(0.0, 1.0, n)
            b = rng.normal(shift, 1.0, m)
            cases.append(ks_case(f'normal n={n} m={m} shift={shift}', a, b))
    # Ties: counts from a Poisson distribution, so both samples share many values.
    for (n, m, lam2) in [(12, 18, 3.0), (40, 40, 3.5), (200, 150, 4.0), (300, 280, 3.0)]:
        a = rng.poisson(3.0, n)
        b = rng.poisson(lam2, m)
        cases.append(ks_case(f'poisson ties n={n} m={m} lambda2={lam2}', a, b))
    # Large exact cases (samples not stored: only D, n, m and the p-value matter).
    for (n, m, shift) in [(1000, 1500, 0.05), (2000, 2000, 0.08), (10000, 9999, 0.02), (10000, 10000, 0.03),
                          (10000, 37, 0.3), (4321, 1234, 0.07)]:
        a = rng.normal(0.0, 1.0, n)
        b = rng.normal(shift, 1.0, m)
        cases.append(ks_case(f'large exact n={n} m={m} shift={shift}', a, b, store_samples=False))
    # Asymptotic cases: max(n, m) > 10000.
    for (n, m) in [(10001, 5), (10001, 50), (12000, 141), (20000, 300), (50000, 3000), (20000, 20000),
                   (200000, 100000), (3000000, 2500000)]:
        for shift in (0.0, 0.05, 0.3):
            a = rng.normal(0.0, 1.0, n)
            b = rng.normal(shift, 1.0, m)
            cases.append(ks_case(f'asymptotic n={n} m={m} shift={shift}', a, b, store_samples=False))
    return cases


def kstwo_grid():
    grid = []
    for n in [1, 2, 3, 5, 10, 37, 50, 100, 140, 141, 500, 1000, 5000, 50000, 100000, 100001, 250000, 1361678]:
        ds = set()
        for z in [0.3, 0.5, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.36, 1.5, 1.63, 1.8, 2.0, 2.5, 3.0, 4.0, 5.0, 8.0]:
            d = z / math.sqrt(n)
            if 0 < d < 1:
                ds.add(d)
        for d in [0.6 / n, 0.9 / n, 1.5 / n, (n - 0.5) / n, 0.5, 0.55, 0.75, 0.95]:
            if 0 < d < 1:
                ds.add(d)
        for d in sorted(ds):
            grid.append({'n': n, 'd': d, 'sf': float(stats.kstwo.sf(d, n))})
    return grid


def smirnov_grid():
    grid = []
    for n in [2, 5, 10, 50, 141, 1000, 20000, 200000, 1500000]:
        for z in [0.2, 0.5, 1.0, 1.05, 1.5, 2.0, 3.0]:
            d = z / math.sqrt(n)
            if 0 < d < 1:
                grid.append({'n': n, 'd': d, 'sf': float(special.smirnov(n, d))})
        for d in [0.5 / n, 0.5, 0.8, (n - 0.5) / n]:
            if 0 < d < 1:
                grid.append({'n': n, 'd': d, 'sf': float(special.smirnov(n, d))})
    return grid


def exact_p(n, m, h):
    g = math.gcd(n, m)
    lcm = (n // g) * m
    ok, _, p = _attempt_exact_2kssamp(n, m, g, h / lcm, 'two-sided')
    assert ok
    return float(p)


def ks_critical():
    cases = []
    for (n, m) in [(5, 5), (6, 9), (10, 10), (20, 30), (50, 50), (99, 100), (300, 200), (1000, 800),
                   (2, 2), (10000, 37)]:
        g = math.gcd(n, m)
        lcm = (n // g) * m
        for alpha in (0.05, 0.01, 0.1):
            # Smallest lattice value whose p-value is <= alpha (p is non-increasing in h).
            lo, hi = 0, lcm
            if exact_p(n, m, lcm) > alpha:
                cases.append({'n': n, 'm': m, 'alpha': alpha, 'method': 'exact', 'lcm': lcm, 'h': None})
                continue
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if exact_p(n, m, mid) <= alpha:
                    hi = mid
                else:
                    lo = mid
            cases.append({'n': n, 'm': m, 'alpha': alpha, 'method': 'exact', 'lcm': lcm, 'h': hi,
                          'pAtH': exact_p(n, m, hi), 'pBelowH': exact_p(n, m, hi - 1) if hi > 1 else 1.0})
    for (n, m) in [(10001, 50), (20000, 20000), (1000000, 100000), (12000, 141)]:
        big, small = sorted([float(n), float(m)], reverse=True)
        en = int(np.round(big * small / (big + small)))
        for alpha in (0.05, 0.01, 0.1):
            cases.append({'n': n, 'm': m, 'alpha': alpha, 'method': 'asymp', 'en': en,
                          'd': float(stats.kstwo.isf(alpha, en))})
    return cases


def chi_square_case(name, reference, current):
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    keep = (reference > 0) | (current > 0)
    ref = reference[keep].copy()
    cur = current[keep]
    ref[ref == 0] = 0.5
    f_exp = ref / ref.sum() * cur.sum()
    result = stats.chisquare(f_obs=cur, f_exp=f_exp)
    return {'name': name, 'reference': [float(v) for v in reference], 'current': [float(v) for v in current],
            'statistic': float(result.statistic), 'pvalue': float(result.pvalue), 'dof': int(keep.sum() - 1)}


def chi_square_cases():
    rng = np.random.default_rng(7)
    cases = []
    probs = np.array([0.4, 0.25, 0.15, 0.1, 0.07, 0.03])
    for (n_ref, n_cur, tilt) in [(50, 40, 0.0), (500, 300, 0.0), (1000, 1000, 0.3), (20, 200, 0.1),
                                 (5000, 8000, 0.05)]:
        p_cur = probs * np.exp(tilt * np.arange(len(probs)))
        p_cur = p_cur / p_cur.sum()
        reference = rng.multinomial(n_ref, probs)
        current = rng.multinomial(n_cur, p_cur)
        cases.append(chi_square_case(f'multinomial n={n_ref}/{n_cur} tilt={tilt}', reference, current))
    # A category only the current data has (unseen), and one neither has (dropped).
    cases.append(chi_square_case('unseen and empty categories', [30, 20, 0, 10, 0], [25, 18, 4, 12, 0]))
    cases.append(chi_square_case('category gone from current', [40, 30, 30], [55, 45, 0]))
    return cases


def chi2_grids():
    sf = []
    isf = []
    for dof in [1, 2, 3, 5, 10, 19, 50, 100, 999]:
        xs = {0.0, 1e-6}
        for q in [0.999, 0.9, 0.5, 0.1, 0.05, 0.01, 1e-5, 1e-12, 1e-40]:
            xs.add(float(stats.chi2.isf(q, dof)))
        for x in sorted(xs):
            sf.append({'x': x, 'dof': dof, 'sf': float(stats.chi2.sf(x, dof))})
        for alpha in [0.5, 0.1, 0.05, 0.01, 0.001, 1e-6]:
            isf.append({'alpha': alpha, 'dof': dof, 'x': float(stats.chi2.isf(alpha, dof))})
    return sf, isf


def evidently_shares(counts):
    shares = np.asarray(counts, dtype=float) / np.sum(counts)
    nonzero = shares[shares != 0]
    smallest = nonzero.min()
    fill = smallest / 10**6 if smallest <= 0.0001 else 0.0001
    shares[shares == 0] = fill
    return shares


def binned_wasserstein_numeric(edges, ref, cur):
    """Integral of |F - G| for CDFs linear between edges, on a fine grid (independent of the TS algorithm)."""
    edges = np.asarray(edges, dtype=float)
    F = np.concatenate([[0.0], np.cumsum(ref) / np.sum(ref)])
    G = np.concatenate([[0.0], np.cumsum(cur) / np.sum(cur)])
    xs = np.unique(np.concatenate([edges, np.linspace(edges[0], edges[-1], 400001)]))
    diff = np.abs(np.interp(xs, edges, F) - np.interp(xs, edges, G))
    return float(np.trapezoid(diff, xs))


def distance_case(name, ref, cur, edges=None, raw=None):
    ref = np.asarray(ref, dtype=float)
    cur = np.asarray(cur, dtype=float)
    p = ref / ref.sum()
    q = cur / cur.sum()
    ps, qs = evidently_shares(ref), evidently_shares(cur)
    case = {
        'name': name,
        'reference': [float(v) for v in ref],
        'current': [float(v) for v in cur],
        'psi': float(np.sum((ps - qs) * np.log(ps / qs))),
        'jensenShannon': float(jensenshannon(p, q, base=2)),
        'hellinger': float(np.sqrt(np.sum((np.sqrt(p) - np.sqrt(q)) ** 2)) / np.sqrt(2)),
        'binnedKs': float(np.max(np.abs(np.cumsum(p) - np.cumsum(q)))),
    }
    if edges is not None:
        case['edges'] = [float(e) for e in edges]
        case['binnedWasserstein'] = binned_wasserstein_numeric(edges, ref, cur)
    if raw is not None:
        case['rawWasserstein'] = float(stats.wasserstein_distance(raw[0], raw[1]))
        case['maxBinWidth'] = float(np.max(np.diff(edges)))
    return case


def distance_cases():
    rng = np.random.default_rng(99)
    cases = []
    for (n, m, shift, scale, bins) in [(200, 150, 0.0, 1.0, 10), (300, 300, 0.5, 1.0, 20), (100, 80, 0.0, 2.0, 8),
                                       (250, 60, 1.5, 1.0, 15), (5, 9, 0.2, 1.0, 4)]:
        a = np.asarray(rounded(rng.normal(0.0, 1.0, n)))
        b = np.asarray(rounded(rng.normal(shift, scale, m)))
        lo, hi = min(a.min(), b.min()), max(a.max(), b.max())
        edges = np.linspace(lo, hi, bins + 1)
        ref, _ = np.histogram(a, edges)
        cur, _ = np.histogram(b, edges)
        cases.append(distance_case(f'normal n={n} m={m} shift={shift} scale={scale} bins={bins}', ref, cur,
                                   edges, (a, b)))
    # Empty bins on either side: a bimodal current against a unimodal reference on wide, uneven edges.
    a = rng.normal(0.0, 0.5, 300)
    b = np.concatenate([rng.normal(-3.0, 0.3, 100), rng.normal(3.0, 0.3, 100)])
    edges = np.array([-6.0, -4.0, -2.5, -1.0, -0.3, 0.0, 0.3, 1.0, 2.5, 4.0, 6.0])
    ref, _ = np.histogram(a, edges)
    cur, _ = np.histogram(b, edges)
    cases.append(distance_case('empty bins on both sides', ref, cur, edges))
    # Categorical: unseen categories in current, categories gone from current.
    cases.append(distance_case('categories unseen and gone', [120, 80, 0, 40, 10, 0], [100, 0, 30, 45, 10, 15]))
    # A tiny share (< 0.0001): Evidently then fills empty shares with a millionth of the smallest share.
    cases.append(distance_case('tiny shares', [1, 20000, 30000, 0], [0, 25000, 24000, 3]))
    return cases


def main():
    chi2_sf, chi2_isf = chi2_grids()
    data = {
        '_generatedBy': 'src/drift/math/__fixtures__/make_expected.py (do not edit by hand: rerun the script, then prettier)',
        'versions': {'numpy': np.__version__, 'scipy': scipy.__version__},
        'ks2samp': ks_cases(),
        'kstwoSf': kstwo_grid(),
        'smirnov': smirnov_grid(),
        'ksCritical': ks_critical(),
        'chiSquare': chi_square_cases(),
        'chi2Sf': chi2_sf,
        'chi2Isf': chi2_isf,
        'distances': distance_cases(),
    }
    with open(OUT, 'w') as out:
        json.dump(data, out, indent=1)
        out.write('\n')


if __name__ == '__main__':
    main()
