import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { adjustedRandIndex, fitPredictKMeans } from "../../src/cluster/index.js";
import type { Matrix } from "../../src/matrix/matrix.js";

const DATA = path.join(process.cwd(), "..", "shared", "data", "ground-truth-classics");
const FIXTURE = path.join(process.cwd(), "test", "fixtures", "cluster", "classics-sklearn.json");

interface Reference {
  rows: number;
  cols: number;
  k: number;
  nInit1: { ari: number[]; inertia: number[]; medianAri: number; minInertia: number };
  nInit10: { ari: number[]; inertia: number[]; medianAri: number; minInertia: number };
}
const reference = JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as {
  datasets: Record<string, Reference>;
};

/** Loads a classic, standardised with the population sd (as bench/classics.py). */
function load(name: string): { X: Matrix; y: string[] } {
  const lines = fs
    .readFileSync(path.join(DATA, `${name}.csv`), "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "");
  let rows: number[][];
  let y: string[];
  if (name === "penguins") {
    const header = lines[0]!.split(",");
    const cols = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"].map((c) =>
      header.indexOf(c),
    );
    const cls = header.indexOf("species");
    const cells = lines.slice(1).map((l) => l.split(","));
    const complete = cells.filter((r) => cols.every((c) => r[c] !== "" && r[c] !== "NA"));
    rows = complete.map((r) => cols.map((c) => Number(r[c])));
    y = complete.map((r) => r[cls]!);
  } else {
    const cells = lines.map((l) => l.split(","));
    rows = cells.map((r) => r.slice(0, -1).map(Number));
    y = cells.map((r) => r[r.length - 1]!);
  }
  const n = rows.length;
  const d = rows[0]!.length;
  const data = new Float64Array(n * d);
  for (let f = 0; f < d; f++) {
    let mean = 0;
    for (const r of rows) mean += r[f]!;
    mean /= n;
    let ss = 0;
    for (const r of rows) ss += (r[f]! - mean) ** 2;
    const sd = Math.sqrt(ss / n);
    rows.forEach((r, i) => (data[i * d + f] = (r[f]! - mean) / sd));
  }
  return { X: { data, rows: n, cols: d }, y };
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

describe("fitKMeans on the ground-truth classics", () => {
  for (const name of ["iris", "wine", "wheat-seeds", "penguins"]) {
    it(`fitKMeans(${name}, {k: 3, nInit: 10}) recovers the classes at least as well as scikit-learn`, () => {
      const ref = reference.datasets[name]!;
      const { X, y } = load(name);
      expect([X.rows, X.cols]).toEqual([ref.rows, ref.cols]);
      const ids = new Map<string, number>();
      const truth = y.map((c) => ids.get(c) ?? (ids.set(c, ids.size), ids.size - 1));
      expect(ids.size).toBe(ref.k);
      const aris: number[] = [];
      const inertias: number[] = [];
      for (let seed = 0; seed < 10; seed++) {
        const { model, labels } = fitPredictKMeans(X, { k: ref.k, nInit: 10, seed });
        aris.push(adjustedRandIndex(labels, truth));
        inertias.push(model.inertia);
      }
      expect(median(aris)).toBeGreaterThanOrEqual(ref.nInit10.medianAri - 1e-9);
      expect(Math.min(...inertias)).toBeLessThanOrEqual(ref.nInit10.minInertia * (1 + 1e-9));
      // Single runs: the best single-start inertia reaches scikit-learn's best too.
      const single: number[] = [];
      for (let seed = 0; seed < 10; seed++)
        single.push(fitPredictKMeans(X, { k: ref.k, seed }).model.inertia);
      expect(Math.min(...single)).toBeLessThanOrEqual(ref.nInit1.minInertia * (1 + 1e-9));
    });
  }
});
