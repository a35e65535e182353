"""Reference ARIs of scikit-learn's KMeans on the ground-truth classics (standardised).

Writes test/fixtures/cluster/classics-sklearn.json, which test/cluster/classics.test.ts compares
against. Run from the repository root: python3 bench/classics.py
Standardisation: (x - mean) / sd with the population sd (ddof = 0), as the test does.
"""
import csv
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "ground-truth-classics")
OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "cluster", "classics-sklearn.json")


def load(name):
    path = os.path.join(DATA, name)
    with open(path, newline="") as fh:
        rows = [r for r in csv.reader(fh) if r]
    if name == "penguins.csv":
        header, rows = rows[0], rows[1:]
        cols = [header.index(c) for c in ("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g")]
        cls = header.index("species")
        rows = [r for r in rows if all(r[c] not in ("", "NA") for c in cols)]
        X = [[float(r[c]) for c in cols] for r in rows]
        y = [r[cls] for r in rows]
    else:
        # No header; the class is the last column in iris, wine (this copy) and wheat-seeds.
        X = [[float(v) for v in r[:-1]] for r in rows]
        y = [r[-1] for r in rows]
    X = np.asarray(X, dtype=np.float64)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return X, y


def main():
    out = {"sklearn": sklearn.__version__, "note": "KMeans(n_clusters=k, n_init=N, random_state=0), standardised (ddof=0)", "datasets": {}}
    for name, k in (("iris.csv", 3), ("wine.csv", 3), ("wheat-seeds.csv", 3), ("penguins.csv", 3)):
        X, y = load(name)
        entry = {"rows": int(X.shape[0]), "cols": int(X.shape[1]), "k": k}
        for n_init in (1, 10):
            aris = []
            inertias = []
            for seed in range(10):
                km = KMeans(n_clusters=k, n_init=n_init, random_state=seed, algorithm="lloyd").fit(X)
                aris.append(adjusted_rand_score(y, km.labels_))
                inertias.append(float(km.inertia_))
            entry[f"nInit{n_init}"] = {"ari": aris, "inertia": inertias, "medianAri": float(np.median(aris)), "minInertia": min(inertias)}
        out["datasets"][name.replace(".csv", "")] = entry
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    tmp = OUT + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(out, fh, indent=2)
        fh.write("\n")
    os.replace(tmp, OUT)
    json.dump({k: (v["nInit1"]["medianAri"], v["nInit10"]["medianAri"], v["nInit10"]["minInertia"]) for k, v in out["datasets"].items()}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
