/**
 * PCA benchmark: our fitPCA vs ml-pca vs scikit-learn PCA (full solver) on the same generated
 * data (8 Gaussian blobs with correlated noise, d = 20, seeded), each in its own process so that
 * peak memory is its own. Prints wall time (median of repeats), peak RSS, RSS after loading the
 * data, and the ratios against ours; checks that all three agree on the explained variance.
 *
 *   npx tsx bench/pca.ts                      # n = 1,000,000, d = 20, ml-pca at the same n
 *   npx tsx bench/pca.ts --n 100000           # smaller
 *   npx tsx bench/pca.ts --ml-pca-n 200000    # ml-pca on the first 200k rows only (slow, memory-hungry)
 *   npx tsx bench/pca.ts --skip ml-pca,sklearn
 *
 * scikit-learn comes from Debian's python3-sklearn (installed here with apt-get if missing) and
 * runs under /usr/bin/python3 with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, so a current
 * OpenBLAS picks its own kernel (printed); see /work/.library/env/README.md.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PCA } from "ml-pca";
import { createRandom, randomNormal } from "../src/matrix/random.js";
import { fitPCA } from "../src/reduce/index.js";

interface Result {
  name: string;
  n: number;
  fitSeconds: number[];
  medianSeconds: number;
  /** Median CPU time (user + system, all threads) of a fit: less sensitive to a loaded machine. */
  cpuSeconds: number;
  peakMB: number;
  loadedMB: number;
  explainedVariance: number[];
  note?: string;
}

const args = parseArgs(process.argv.slice(2));
const n = Number(args.n ?? 1_000_000);
const d = Number(args.d ?? 20);
const seed = Number(args.seed ?? 42);
const repeats = Number(args.repeats ?? 5);
const mlPcaN = Math.min(n, Number(args["ml-pca-n"] ?? n));
const skip = new Set(
  String(args.skip ?? "")
    .split(",")
    .filter(Boolean),
);

if (args.worker) runWorker(String(args.worker), String(args.file), n, d, repeats);
else main();

function main(): void {
  const file = path.join(os.tmpdir(), `segmentlab-bench-pca-${n}x${d}-seed${seed}.f64`);
  const t = performance.now();
  const X = generateBlobs(n, d, seed);
  writeAtomic(file, X);
  const genSeconds = (performance.now() - t) / 1000;
  console.log(
    `PCA, ${n.toLocaleString("en")} × ${d} (8 Gaussian blobs, correlated noise, seed ${seed}; ` +
      `${((n * d * 8) / 2 ** 20).toFixed(0)} MB as float64; generated in ${genSeconds.toFixed(1)} s)`,
  );

  const results: Result[] = [];
  try {
    results.push(runChild("ours", file, n, d, repeats));
    if (!skip.has("sklearn")) {
      const r = runSklearn(file, n, d, repeats);
      if (r) results.push(r);
    }
    if (!skip.has("ml-pca")) {
      const r = runChild("ml-pca", file, mlPcaN, d, 1);
      if (mlPcaN < n) r.note = `first ${mlPcaN.toLocaleString("en")} rows only`;
      results.push(r);
    }
  } finally {
    fs.rmSync(file, { force: true });
  }
  printTable(results);
}

/** 8 blobs: centres N(0, 4²) per coordinate, noise = z·L with a fixed random L (correlated). */
function generateBlobs(rows: number, cols: number, s: number): Float64Array {
  const r = createRandom(s);
  const centres = Array.from({ length: 8 }, () =>
    Array.from({ length: cols }, () => 4 * randomNormal(r)),
  );
  // Lower-triangular mixing with a decaying diagonal: noise variances differ and correlate.
  const L = new Float64Array(cols * cols);
  for (let a = 0; a < cols; a++)
    for (let b = 0; b <= a; b++)
      L[a * cols + b] = a === b ? 1 + (cols - a) / cols : 0.3 * randomNormal(r);
  const X = new Float64Array(rows * cols);
  const z = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const c = centres[Math.floor(r() * 8)]!;
    for (let j = 0; j < cols; j++) z[j] = randomNormal(r);
    const o = i * cols;
    for (let a = 0; a < cols; a++) {
      let v = c[a]!;
      for (let b = 0; b <= a; b++) v += L[a * cols + b]! * z[b]!;
      X[o + a] = v;
    }
  }
  return X;
}

function writeAtomic(file: string, X: Float64Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, new Uint8Array(X.buffer, X.byteOffset, X.byteLength));
  fs.renameSync(tmp, file);
}

function readMatrix(file: string, rows: number, cols: number): Float64Array {
  const X = new Float64Array(rows * cols);
  const fd = fs.openSync(file, "r");
  try {
    const bytes = new Uint8Array(X.buffer);
    let off = 0;
    while (off < bytes.length) {
      const got = fs.readSync(fd, bytes, off, Math.min(1 << 28, bytes.length - off), off);
      if (got === 0) throw new Error(`${file}: short file`);
      off += got;
    }
  } finally {
    fs.closeSync(fd);
  }
  return X;
}

function runChild(which: string, file: string, rows: number, cols: number, reps: number): Result {
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  const p = spawnSync(
    tsx,
    [
      __filename,
      "--worker",
      which,
      "--file",
      file,
      "--n",
      String(rows),
      "--d",
      String(cols),
      "--repeats",
      String(reps),
    ],
    { encoding: "utf8", maxBuffer: 1 << 24 },
  );
  if (p.status !== 0) throw new Error(`${which} worker failed:\n${p.stderr}`);
  return JSON.parse(p.stdout.trim().split("\n").pop()!) as Result;
}

function runSklearn(file: string, rows: number, cols: number, reps: number): Result | null {
  const py = "/usr/bin/python3";
  if (spawnSync(py, ["-c", "import sklearn"]).status !== 0) {
    console.log("installing Debian's python3-sklearn …");
    spawnSync("apt-get", ["install", "-y", "-qq", "python3-sklearn"], { stdio: "inherit" });
    if (spawnSync(py, ["-c", "import sklearn"]).status !== 0) {
      console.log("scikit-learn unavailable: skipped");
      return null;
    }
  }
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const script = path.join(path.dirname(__filename), "pca.py");
  const p = spawnSync(
    py,
    [script, "--file", file, "--n", String(rows), "--d", String(cols), "--repeats", String(reps)],
    { encoding: "utf8", env, maxBuffer: 1 << 24 },
  );
  if (p.status !== 0) throw new Error(`scikit-learn failed:\n${p.stderr}`);
  const r = JSON.parse(p.stdout.trim().split("\n").pop()!) as Result & {
    blas: { internal_api: string; architecture: string; num_threads: number; version: string }[];
  };
  r.n = rows;
  r.note = r.blas
    .map((b) => `${b.internal_api} ${b.version} ${b.architecture}, ${b.num_threads} threads`)
    .join("; ");
  return r;
}

function runWorker(which: string, file: string, rows: number, cols: number, reps: number): void {
  const data = readMatrix(file, rows, cols);
  const X = { data, rows, cols };
  const times: number[] = [];
  const cpu: number[] = [];
  let ev: number[] = [];
  const timed = <T>(f: () => T): T => {
    const c = process.cpuUsage();
    const t = performance.now();
    const out = f();
    times.push((performance.now() - t) / 1000);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1e6);
    return out;
  };
  let loadedMB: number;
  let name: string;
  if (which === "ours") {
    name = "segmentlab fitPCA";
    loadedMB = process.memoryUsage().rss / 2 ** 20;
    for (let k = 0; k < reps; k++) ev = timed(() => fitPCA(X)).explainedVariance;
  } else {
    const version = (
      JSON.parse(fs.readFileSync(require.resolve("ml-pca/package.json"), "utf8")) as {
        version: string;
      }
    ).version;
    name = `ml-pca ${version} (SVD)`;
    // ml-pca takes arrays of rows: the conversion is part of using it, so it counts in memory
    // but not in the fit time.
    const rowsArr: number[][] = new Array(rows);
    for (let i = 0; i < rows; i++) rowsArr[i] = Array.from(data.subarray(i * cols, (i + 1) * cols));
    loadedMB = process.memoryUsage().rss / 2 ** 20;
    for (let k = 0; k < reps; k++) ev = timed(() => new PCA(rowsArr)).getEigenvalues();
  }
  const median = (x: number[]): number => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)]!;
  const result: Result = {
    name,
    n: rows,
    fitSeconds: times,
    medianSeconds: median(times),
    cpuSeconds: median(cpu),
    peakMB: process.resourceUsage().maxRSS / 1024,
    loadedMB,
    explainedVariance: ev,
  };
  console.log(JSON.stringify(result));
}

function printTable(results: Result[]): void {
  const ours = results[0]!;
  const head = [
    "library",
    "rows",
    "fit s (median)",
    "cpu s",
    "runs",
    "peak RSS MB",
    "RSS loaded MB",
    "time vs ours",
    "max |Δ var|/var",
  ];
  const rows = results.map((r) => {
    // Explained variances of different n differ by sampling, so compare only same-n runs.
    const diff =
      r.n === ours.n
        ? Math.max(
            ...r.explainedVariance
              .slice(0, 5)
              .map((v, c) => Math.abs(v - ours.explainedVariance[c]!) / ours.explainedVariance[c]!),
          ).toExponential(1)
        : "n/a";
    const perRow = r.medianSeconds / r.n;
    const ratio =
      r.n === ours.n
        ? r.medianSeconds / ours.medianSeconds
        : perRow / (ours.medianSeconds / ours.n);
    return [
      r.name,
      r.n.toLocaleString("en"),
      r.medianSeconds.toFixed(3),
      r.cpuSeconds.toFixed(3),
      String(r.fitSeconds.length),
      r.peakMB.toFixed(0),
      r.loadedMB.toFixed(0),
      `${ratio.toFixed(2)}×${r.n === ours.n ? "" : " (per row)"}`,
      diff,
    ];
  });
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]): string => cells.map((s, c) => s.padEnd(widths[c]!)).join("  ");
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  for (const r of results) if (r.note) console.log(`  ${r.name}: ${r.note}`);
  console.log(
    `  ours / scikit-learn: ${ratioText(results, "scikit-learn")};  ml-pca / ours: ${ratioText(results, "ml-pca", true)}`,
  );
  console.log(
    "  (2 shared cores: wall times are noisy, cpu s = user + system of all threads; peak RSS includes the runtime and the data)",
  );
}

function ratioText(results: Result[], prefix: string, inverse = false): string {
  const ours = results[0]!;
  const r = results.find((x) => x.name.startsWith(prefix));
  if (!r) return "not run";
  const theirs = r.medianSeconds / r.n;
  const mine = ours.medianSeconds / ours.n;
  const v = inverse ? theirs / mine : mine / theirs;
  return `${v.toFixed(2)}× per row`;
}

function parseArgs(argv: string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("--")) continue;
    const key = a.slice(2);
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith("--")) {
      out[key] = next;
      i++;
    } else out[key] = "true";
  }
  return out;
}
