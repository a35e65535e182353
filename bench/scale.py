"""pandas + scikit-learn side of bench/scale.ts: the work a data scientist's script does for the
same segmentation, timed stage by stage.

usage: python3 bench/scale.py table FILE.csv ID_COLUMN OUT.csv
       python3 bench/scale.py events FILE.csv OUT.csv

table:  read the CSV (pandas), standardize every numeric column (z-scores), KMeans(8, n_init=1,
        lloyd), write user_id,segment_id.
events: read the event log (pandas), per-user features (events, active days, active weeks,
        distinct events, days since last event, tenure; as bench/features.py), standardize,
        KMeans(8, n_init=1), write user_id,segment_id.
Prints one JSON line: {"stages": [{"stage", "rows", "seconds", "peakMB"}], "seconds", "peakMB"}.
peakMB is the process's peak RSS after the stage (ru_maxrss; it never goes down).
"""

import json
import resource
import sys
import time

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    kind = sys.argv[1]
    stages = []
    start = time.perf_counter()
    t = start

    def stage(name: str, rows: int) -> None:
        nonlocal t
        now = time.perf_counter()
        stages.append({"stage": name, "rows": rows, "seconds": now - t, "peakMB": peak_mb()})
        t = now

    if kind == "table":
        path, id_col, out = sys.argv[2], sys.argv[3], sys.argv[4]
        df = pd.read_csv(path)
        stage("read CSV", len(df))
        ids = df[id_col].astype(str).to_numpy()
        X = df.drop(columns=[id_col]).to_numpy(dtype=np.float64)
    else:
        path, out = sys.argv[2], sys.argv[3]
        df = pd.read_csv(path, usecols=["user_id", "timestamp", "event"], dtype={"user_id": str, "event": str})
        stage("read CSV", len(df))
        es = pd.to_datetime(df["timestamp"], utc=True).astype("int64").to_numpy() / 1e9
        codes, uniques = pd.factorize(df["user_id"].to_numpy(), sort=True)
        n = len(uniques)
        day = np.floor(es / 86400).astype(np.int64)
        frame = pd.DataFrame({"u": codes, "d": day, "w": (day + 3) // 7, "e": df["event"].to_numpy()})
        g = frame.groupby("u")
        first = pd.Series(es).groupby(codes).min().to_numpy()
        last = pd.Series(es).groupby(codes).max().to_numpy()
        X = np.column_stack([
            np.bincount(codes, minlength=n).astype(float),
            g["d"].nunique().to_numpy().astype(float),
            g["w"].nunique().to_numpy().astype(float),
            g["e"].nunique().to_numpy().astype(float),
            (es.max() - last) / 86400,
            (es.max() - first) / 86400,
        ])
        ids = np.asarray(uniques, dtype=str)
        stage("features", n)
    X = StandardScaler().fit_transform(X)
    stage("standardize", len(X))
    labels = KMeans(n_clusters=8, n_init=1, algorithm="lloyd", random_state=0).fit_predict(X)
    stage("k-means", len(X))
    pd.DataFrame({"user_id": ids, "segment_id": labels}).to_csv(out, index=False)
    stage("write labels", len(X))
    print(json.dumps({"stages": stages, "seconds": time.perf_counter() - start, "peakMB": peak_mb()}))


if __name__ == "__main__":
    main()
