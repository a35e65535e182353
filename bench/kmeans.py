"""scikit-learn side of bench/kmeans.ts: KMeans(algorithm='lloyd', n_init=1) and MiniBatchKMeans.

Usage (called by bench/kmeans.ts): python3 bench/kmeans.py FILE N D K SEEDS full|minibatch
Reads FILE (raw little-endian float64, N x D row-major), fits once per seed (KMeans for "full",
MiniBatchKMeans for "minibatch"), prints one JSON line with times and peak RSS.
"""
import json
import resource
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans, MiniBatchKMeans
from threadpoolctl import threadpool_info


def main():
    path, n, d, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    seeds = [int(s) for s in sys.argv[5].split(",")]
    minibatch = len(sys.argv) > 6 and sys.argv[6] == "minibatch"
    full = not minibatch
    X = np.fromfile(path, dtype="<f8", count=n * d).reshape(n, d)
    loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    runs = []
    for seed in seeds if full else []:
        t = time.perf_counter()
        km = KMeans(n_clusters=k, n_init=1, algorithm="lloyd", random_state=seed).fit(X)
        runs.append({"seed": seed, "seconds": time.perf_counter() - t, "nIter": int(km.n_iter_), "inertia": float(km.inertia_)})
    mb = []
    if minibatch:
        for seed in seeds:
            t = time.perf_counter()
            m = MiniBatchKMeans(n_clusters=k, n_init=3, batch_size=1024, random_state=seed).fit(X)
            mb.append({"seed": seed, "seconds": time.perf_counter() - t, "nIter": int(m.n_steps_), "inertia": float(m.inertia_)})
    pools = [f"{p['internal_api']}:{p.get('architecture') or ''}:{p['num_threads']}" for p in threadpool_info()]
    print(json.dumps({
        "name": f"scikit-learn {sklearn.__version__}",
        "runs": runs,
        "minibatch": mb,
        "peakMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "loadedMB": loaded,
        "note": " ".join(pools),
    }))


if __name__ == "__main__":
    main()
