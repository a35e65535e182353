"""Makes the stored scikit-learn reference values for test/select/metrics.test.ts.

Run from the repository root:  python3 bench/select_reference.py
(Debian's python3-sklearn; scikit-learn version recorded in the fixture.)
Writes test/fixtures/select/reference.json: for each dataset the data, the labels, and
scikit-learn's silhouette_score, silhouette_samples, calinski_harabasz_score, davies_bouldin_score.
"""
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.metrics import (
    calinski_harabasz_score,
    davies_bouldin_score,
    silhouette_samples,
    silhouette_score,
)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "select", "reference.json")
IRIS = os.path.join(ROOT, "..", "shared", "data", "ground-truth-classics", "iris.csv")


def iris():
    X, y = [], []
    names = {"Iris-setosa": 0, "Iris-versicolor": 1, "Iris-virginica": 2}
    with open(IRIS) as f:
        for line in f:
            parts = line.strip().split(",")
            if len(parts) != 5:
                continue
            X.append([float(v) for v in parts[:4]])
            y.append(names[parts[4]])
    return np.array(X), np.array(y)


def blobs(rng):
    centers = rng.normal(0, 6, size=(3, 5))
    X = np.vstack([c + rng.normal(0, 1.5, size=(100, 5)) for c in centers])
    y = np.repeat([0, 1, 2], 100)
    # relabel a few points so the labels are not a perfect partition
    flip = rng.choice(300, 15, replace=False)
    y[flip] = (y[flip] + 1) % 3
    return X, y


def singleton(rng):
    X = np.vstack([rng.normal(0, 1, size=(30, 3)), rng.normal(4, 1, size=(29, 3)), [[9, 9, 9]]])
    # non-contiguous label values exercise the label encoding
    y = np.array([7] * 30 + [2] * 29 + [11])
    return X, y


def main():
    rng = np.random.default_rng(20240)
    sets = []
    for name, (X, y) in [
        ("iris-true-classes", iris()),
        ("blobs-300x5", blobs(rng)),
        ("singleton-cluster", singleton(rng)),
    ]:
        sets.append(
            {
                "name": name,
                "X": X.tolist(),
                "labels": [int(v) for v in y],
                "silhouette": float(silhouette_score(X, y)),
                "silhouetteSamples": [float(v) for v in silhouette_samples(X, y)],
                "calinskiHarabasz": float(calinski_harabasz_score(X, y)),
                "daviesBouldin": float(davies_bouldin_score(X, y)),
            }
        )
    doc = {"sklearn": sklearn.__version__, "python": sys.version.split()[0], "datasets": sets}
    tmp = OUT + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f)
    os.replace(tmp, OUT)
    for s in sets:
        print(s["name"], s["silhouette"], s["calinskiHarabasz"], s["daviesBouldin"])


if __name__ == "__main__":
    main()
