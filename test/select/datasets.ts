/** Test helpers: the ground-truth classics (standardised) and generated data. */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Matrix } from "../../src/matrix/matrix.js";
import { createRandom, randomNormal } from "../../src/matrix/random.js";

const DIR = path.join(process.cwd(), "..", "shared", "data", "ground-truth-classics");

/** Standardises columns (z-scores with the n − 1 sd), as the pipeline's prep stage would. */
export function standardise(rows: number[][]): Matrix {
  const n = rows.length;
  const d = rows[0]!.length;
  const data = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (const r of rows) m += r[j]!;
    m /= n;
    let v = 0;
    for (const r of rows) v += (r[j]! - m) ** 2;
    const sd = Math.sqrt(v / (n - 1));
    rows.forEach((r, i) => (data[i * d + j] = (r[j]! - m) / sd));
  }
  return { data, rows: n, cols: d };
}

function csv(name: string): string[][] {
  return readFileSync(path.join(DIR, name), "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "")
    .map((l) => l.split(","));
}

/** A classic dataset with its true class count; columns per SOURCE.md. */
export function classic(name: "iris" | "wine" | "seeds" | "penguins"): {
  X: Matrix;
  classes: number;
} {
  if (name === "iris") {
    const rows = csv("iris.csv").map((r) => r.slice(0, 4).map(Number));
    return { X: standardise(rows), classes: 3 };
  }
  if (name === "wine") {
    const rows = csv("wine.csv").map((r) => r.slice(0, 13).map(Number));
    return { X: standardise(rows), classes: 3 };
  }
  if (name === "seeds") {
    const rows = csv("wheat-seeds.csv").map((r) => r.slice(0, 7).map(Number));
    return { X: standardise(rows), classes: 3 };
  }
  // penguins: header; the 4 measurements are columns 3..6; drop the 2 rows without them.
  const lines = csv("penguins.csv").slice(1);
  const rows = lines
    .map((r) => r.slice(3, 7))
    .filter((r) => r.every((v) => v !== "" && v !== "NA"))
    .map((r) => r.map(Number));
  return { X: standardise(rows), classes: 3 };
}

/** Gaussian blobs (sd 1) with centres drawn uniformly in [−spread/2, spread/2]^d. */
export function blobs(
  sizes: number[],
  d: number,
  spread: number,
  seed: number,
): { X: Matrix; labels: Int32Array } {
  const r = createRandom(seed);
  const n = sizes.reduce((a, b) => a + b, 0);
  const data = new Float64Array(n * d);
  const labels = new Int32Array(n);
  let i = 0;
  sizes.forEach((size, c) => {
    const center = Array.from({ length: d }, () => (r() - 0.5) * spread);
    for (let t = 0; t < size; t++, i++) {
      labels[i] = c;
      for (let j = 0; j < d; j++) data[i * d + j] = center[j]! + randomNormal(r);
    }
  });
  return { X: { data, rows: n, cols: d }, labels };
}

/** Uniform noise in [0, 1]^d. */
export function uniform(n: number, d: number, seed: number): Matrix {
  const r = createRandom(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = r();
  return { data, rows: n, cols: d };
}
