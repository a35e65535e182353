"""scikit-learn side of bench/pca.ts: fit PCA (full solver) on a raw float64 file, print JSON.

Run by bench/pca.ts as `/usr/bin/python3 bench/pca.py --file F --n N --d D --repeats R`; it
prints one JSON object: fit times (s), median CPU time (s, all threads), peak RSS (MB), RSS after loading the data (MB), the
explained variance, and which BLAS kernel numpy used (threadpoolctl).
"""

import argparse
import json
import resource
import statistics
import time


def rss_mb():
    # Current resident set size from /proc (ru_maxrss is the peak).
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--file", required=True)
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--d", type=int, required=True)
    p.add_argument("--repeats", type=int, default=3)
    a = p.parse_args()

    import numpy as np
    import sklearn
    from sklearn.decomposition import PCA

    try:
        from threadpoolctl import threadpool_info

        blas = [
            {k: i.get(k) for k in ("internal_api", "architecture", "num_threads", "version")}
            for i in threadpool_info()
            if i.get("user_api") == "blas"
        ]
    except ImportError:
        blas = []

    X = np.fromfile(a.file, dtype="<f8").reshape(a.n, a.d)
    loaded = rss_mb()
    times = []
    cpu = []
    model = None
    for _ in range(a.repeats):
        t = time.perf_counter()
        c = time.process_time()  # all threads of the process
        model = PCA(n_components=a.d, svd_solver="full").fit(X)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "name": f"scikit-learn {sklearn.__version__} PCA(svd_solver='full')",
                "fitSeconds": times,
                "medianSeconds": statistics.median(times),
                "cpuSeconds": statistics.median(cpu),
                "peakMB": peak,
                "loadedMB": loaded,
                "explainedVariance": model.explained_variance_.tolist(),
                "blas": blas,
            }
        )
    )


if __name__ == "__main__":
    main()
