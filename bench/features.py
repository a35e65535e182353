"""pandas baseline for bench/features.ts: the same per-user aggregation as the spec
{activity, recency, tenure, breadth, events: top 30 counts} of segmentlab features.

usage: python3 bench/features.py EVENTS.csv|EVENTS.parquet

Prints one JSON line: {"load_s", "features_s", "users", "checksum": {feature: [sum, weighted sum]}}.
Definitions (all UTC, window = first..last event of the whole log, inclusive):
  events                 rows per user
  active_days            distinct floor(epoch_s / 86400)
  active_weeks           distinct floor((day + 3) / 7)   (ISO weeks, Monday start)
  days_since_last_event  (max ts of the log - user's last ts) / 86400
  tenure_days            (max ts of the log - user's first ts) / 86400
  distinct_events        distinct event kinds
  catalog_share          distinct_events / kinds in the log
  count_<kind>           rows of each kind, for the 30 most frequent kinds (ties by name)
"""

import json
import re
import sys
import time

import numpy as np
import pandas as pd


def snake(s: str) -> str:
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s).lower()
    s = re.sub(r"[^a-z0-9]+", "_", s).strip("_")
    return s or "x"


def main() -> None:
    path = sys.argv[1]
    t0 = time.time()
    cols = ["user_id", "timestamp", "event"]
    if path.endswith(".parquet"):
        df = pd.read_parquet(path, columns=cols)
    else:
        df = pd.read_csv(path, usecols=cols, dtype={"user_id": str, "event": str})
    ts = pd.to_datetime(df["timestamp"], utc=True)
    es = ts.astype("int64").to_numpy() / 1e9  # epoch seconds (ns → s)
    t1 = time.time()

    uid = df["user_id"].to_numpy()
    codes, uniques = pd.factorize(uid, sort=True)
    n_users = len(uniques)
    day = np.floor(es / 86400).astype(np.int64)
    week = np.floor((day + 3) / 7).astype(np.int64)
    events = np.bincount(codes, minlength=n_users).astype(float)
    frame = pd.DataFrame({"u": codes, "d": day, "w": week, "e": df["event"].to_numpy()})
    active_days = frame.groupby("u")["d"].nunique().to_numpy().astype(float)
    active_weeks = frame.groupby("u")["w"].nunique().to_numpy().astype(float)
    distinct = frame.groupby("u")["e"].nunique().to_numpy().astype(float)
    first = pd.Series(es).groupby(codes).min().to_numpy()
    last = pd.Series(es).groupby(codes).max().to_numpy()
    tmax = es.max()
    vc = frame["e"].value_counts()
    kinds = sorted(vc.index, key=lambda k: (-vc[k], k.encode("utf-8")))[:30]
    counts = frame.groupby(["u", "e"]).size().unstack(fill_value=0)
    t2 = time.time()

    feats = {
        "events": events,
        "active_days": active_days,
        "active_weeks": active_weeks,
        "days_since_last_event": (tmax - last) / 86400,
        "tenure_days": (tmax - first) / 86400,
        "distinct_events": distinct,
        "catalog_share": distinct / len(vc),
    }
    for k in kinds:
        feats["count_" + snake(k)] = counts[k].reindex(range(n_users), fill_value=0).to_numpy().astype(float)
    rank = np.arange(1, n_users + 1, dtype=float)  # users sorted by id (byte order for ASCII ids)
    checksum = {
        name: [round(float(np.sum(v)), 3), round(float(np.sum(v * rank)), 0)]
        for name, v in feats.items()
    }
    print(
        json.dumps(
            {
                "load_s": round(t1 - t0, 3),
                "features_s": round(t2 - t1, 3),
                "users": int(n_users),
                "checksum": checksum,
            }
        )
    )


if __name__ == "__main__":
    main()
