"""Expected KS and Wasserstein-1 of the demo drift monitor, from scipy.

Reads the rows export-demo-windows.mjs prints and writes demo-expected.json:
    node plugins/lakehouse-backend/src/drift/__fixtures__/export-demo-windows.mjs > /tmp/windows.json
    python3 plugins/lakehouse-backend/src/drift/__fixtures__/demo_expected.py /tmp/windows.json \
        > plugins/lakehouse-backend/src/drift/__fixtures__/demo-expected.json
"""
import json
import sys

import numpy as np
import scipy
from scipy import stats

data = json.load(open(sys.argv[1]))
expected = {
    "_generatedBy": "demo_expected.py (scipy " + scipy.__version__ + ") on the rows of export-demo-windows.mjs",
    "latest": data["latest"],
    "referenceRows": len(data["reference"]),
    "currentRows": len(data["current"]),
    "features": {},
}
for i, name in enumerate(data["features"]):
    ref = [row[i] for row in data["reference"]]
    cur = [row[i] for row in data["current"]]
    if isinstance(ref[0], str):
        continue
    a = np.array(ref, dtype=float)
    b = np.array(cur, dtype=float)
    ks = stats.ks_2samp(a, b, method="auto")
    w1 = stats.wasserstein_distance(a, b)
    expected["features"][name] = {
        "ks": float(ks.statistic),
        "ksPValue": float(ks.pvalue),
        "wasserstein": float(w1),
        "wassersteinNormalized": float(w1 / a.std(ddof=1)),
    }
json.dump(expected, sys.stdout, indent=2)
sys.stdout.write("\n")
