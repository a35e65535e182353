"""scikit-learn side of bench/silhouette.ts: exact silhouette_score on the same data.

Usage: python3 bench/silhouette.py DATA.f64 LABELS.i32 ROWS COLS
Prints one JSON line: wall and CPU seconds (all threads), mean, peak RSS (ru_maxrss) and RSS before the call, in MB.
"""
import json
import resource
import sys
import time

import numpy as np
from sklearn.metrics import silhouette_score


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main():
    data_path, labels_path, rows, cols = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    X = np.fromfile(data_path, dtype="<f8").reshape(rows, cols)
    y = np.fromfile(labels_path, dtype="<i4")
    before = rss_mb()
    t = time.perf_counter()
    c = time.process_time()
    s = silhouette_score(X, y)
    secs = time.perf_counter() - t
    cpu = time.process_time() - c
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": secs, "cpuSeconds": cpu, "mean": float(s), "peakMB": peak, "beforeMB": before}))


if __name__ == "__main__":
    main()
