/**
 * k-means benchmark: our fitKMeans vs scikit-learn KMeans(algorithm='lloyd', n_init=1) vs
 * ml-kmeans, on the same generated data (8 Gaussian blobs, d = 20: centres uniform in
 * [-1, 1]^20, unit noise, so the blobs overlap and Lloyd needs tens of iterations), k = 8,
 * one fit per seed; plus mini-batch k-means on the largest n (ours vs scikit-learn's
 * MiniBatchKMeans). Each implementation runs in its own process (peak RSS is its own) on the
 * same raw float64 file. Prints medians over seeds: wall time, iterations, seconds per
 * iteration (wall / iterations, initialisation included), final inertia, peak RSS, and ratios.
 *
 *   npx tsx bench/kmeans.ts                        # n = 100k and 1M, 5 seeds
 *   npx tsx bench/kmeans.ts --sizes 100000 --seeds 3
 *   npx tsx bench/kmeans.ts --ml-seeds-large 0     # skip ml-kmeans at 1M (≈ 30 s a fit)
 *   npx tsx bench/kmeans.ts --skip ml-kmeans,sklearn
 *
 * Our process loads the file into a `sharedMatrix` (a shared WebAssembly memory), so the worker
 * threads and the SIMD kernel read it in place, without a copy. scikit-learn (Debian's
 * python3-sklearn) runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (see /work/.library/env/README.md); its thread pools are printed.
 * Figures on a shared machine are noisy.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { autoThreads } from "../src/cluster/engine.js";
import { fitKMeans, fitMiniBatchKMeans, sharedMatrix } from "../src/cluster/index.js";
import { createRandom, randomNormal } from "../src/matrix/random.js";

interface Run {
  seed: number;
  seconds: number;
  nIter: number;
  inertia: number;
}
interface Result {
  name: string;
  runs: Run[];
  minibatch: Run[];
  peakMB: number;
  loadedMB: number;
  peakFullMB?: number;
  peakMinibatchMB?: number;
  note?: string;
}

const args = parseArgs(process.argv.slice(2));
const d = Number(args.d ?? 20);
const k = Number(args.k ?? 8);
const sizes = String(args.sizes ?? "100000,1000000")
  .split(",")
  .map(Number);
const seeds = Array.from({ length: Number(args.seeds ?? 5) }, (_, i) => i);
const mlSeedsLarge = Number(args["ml-seeds-large"] ?? 1);
const skip = new Set(
  String(args.skip ?? "")
    .split(",")
    .filter(Boolean),
);

if (args.worker) runWorker(String(args.worker), String(args.file), Number(args.n));
else main();

function main(): void {
  console.log(
    `k-means, k = ${k}, d = ${d}, seeds ${seeds.join(",")} (8 overlapping Gaussian blobs); ` +
      `${os.cpus().length} cores; figures are noisy on a shared machine`,
  );
  const largest = Math.max(...sizes);
  for (const n of sizes) {
    const file = path.join(os.tmpdir(), `segmentlab-bench-kmeans-${n}x${d}.f64`);
    writeAtomic(file, generateBlobs(n, d, 8, 2024));
    const results: Result[] = [];
    try {
      results.push(runChild("ours", file, n, seeds, n === largest));
      if (!skip.has("sklearn")) results.push(runSklearn(file, n, seeds, n === largest));
      const mlSeeds = n === largest && sizes.length > 1 ? seeds.slice(0, mlSeedsLarge) : seeds;
      if (!skip.has("ml-kmeans") && mlSeeds.length > 0)
        results.push(runChild("ml-kmeans", file, n, mlSeeds, false));
    } finally {
      fs.rmSync(file, { force: true });
    }
    printTable(n, results);
  }
}

/** Blob centres uniform in [-1, 1]^d, unit-variance noise, cluster of each row uniform. */
function generateBlobs(n: number, cols: number, blobs: number, seed: number): Float64Array {
  const random = createRandom(seed);
  const centres = Array.from({ length: blobs }, () =>
    Array.from({ length: cols }, () => random() * 2 - 1),
  );
  const data = new Float64Array(n * cols);
  for (let i = 0; i < n; i++) {
    const c = centres[Math.floor(random() * blobs)]!;
    for (let f = 0; f < cols; f++) data[i * cols + f] = c[f]! + randomNormal(random);
  }
  return data;
}

function writeAtomic(file: string, data: Float64Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  fs.renameSync(tmp, file);
}

/** Runs an implementation once per seed, each in a fresh process (peak RSS is per fit). */
function runChild(name: string, file: string, n: number, s: number[], minibatch: boolean): Result {
  const parts = s.map((seed) => spawnChild(name, file, n, seed, false));
  if (minibatch) parts.push(...s.map((seed) => spawnChild(name, file, n, seed, true)));
  return merge(parts);
}

function spawnChild(name: string, file: string, n: number, seed: number, mb: boolean): Result {
  const out = spawnSync(
    process.execPath,
    [
      ...process.execArgv,
      process.argv[1]!,
      ...["--worker", name, "--file", file, "--n", String(n), "--d", String(d), "--k", String(k)],
      ...["--seed", String(seed), ...(mb ? ["--minibatch", "1"] : [])],
    ],
    { encoding: "utf8", maxBuffer: 1 << 24 },
  );
  if (out.status !== 0) throw new Error(`${name} failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split("\n").pop()!) as Result;
}

/** Combines per-process results: runs concatenated, peak memory the maximum. */
function merge(parts: Result[]): Result {
  return {
    ...parts[0]!,
    runs: parts.flatMap((p) => p.runs),
    minibatch: parts.flatMap((p) => p.minibatch),
    peakMB: Math.max(...parts.map((p) => p.peakMB)),
    peakMinibatchMB: Math.max(
      0,
      ...parts.filter((p) => p.minibatch.length > 0).map((p) => p.peakMB),
    ),
    peakFullMB: Math.max(0, ...parts.filter((p) => p.runs.length > 0).map((p) => p.peakMB)),
  };
}

function runSklearn(file: string, n: number, s: number[], minibatch: boolean): Result {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const script = path.join(path.dirname(process.argv[1]!), "kmeans.py");
  const parts: Result[] = [];
  const modes = minibatch ? ["full", "minibatch"] : ["full"];
  for (const mode of modes)
    for (const seed of s) {
      const out = spawnSync(
        "/usr/bin/python3",
        [script, file, String(n), String(d), String(k), String(seed), mode],
        { encoding: "utf8", env, maxBuffer: 1 << 24 },
      );
      if (out.status !== 0) throw new Error(`scikit-learn failed: ${out.stderr}`);
      parts.push(JSON.parse(out.stdout.trim().split("\n").pop()!) as Result);
    }
  return merge(parts);
}

/** Child process: load the file (into shared memory for ours), fit once per seed. */
function runWorker(name: string, file: string, n: number): void {
  const bytes = n * d * 8;
  // Ours: a sharedMatrix, the memory our SIMD kernel reads in place on every thread.
  const data = name === "ours" ? sharedMatrix(n, d).data : new Float64Array(new ArrayBuffer(bytes));
  const fd = fs.openSync(file, "r");
  fs.readSync(fd, new Uint8Array(data.buffer, data.byteOffset, bytes), 0, bytes, 0);
  fs.closeSync(fd);
  const X = { data, rows: n, cols: d };
  const loadedMB = process.memoryUsage().rss / 2 ** 20;
  const runs: Run[] = [];
  const minibatch: Run[] = [];
  const seed = Number(args.seed ?? 0);
  if (name === "ours") {
    const t = performance.now();
    const m = args.minibatch
      ? fitMiniBatchKMeans(X, { k, seed })
      : fitKMeans(X, { k, seed, nInit: 1 });
    const run = {
      seed,
      seconds: (performance.now() - t) / 1000,
      nIter: m.nIter,
      inertia: m.inertia,
    };
    (args.minibatch ? minibatch : runs).push(run);
  } else {
    // ml-kmeans takes an array of row arrays (its own format; the conversion is not timed).
    const rows: number[][] = [];
    for (let i = 0; i < n; i++) rows.push(Array.from(data.subarray(i * d, i * d + d)));
    // Loaded dynamically: ml-kmeans is ESM-only.
    void import("ml-kmeans").then(({ kmeans }) => {
      {
        const t = performance.now();
        const r = kmeans(rows, k, { seed, initialization: "kmeans++", maxIterations: 300 });
        const seconds = (performance.now() - t) / 1000;
        let inertia = 0;
        for (let i = 0; i < n; i++) {
          const c = r.centroids[r.clusters[i]!]!;
          for (let f = 0; f < d; f++) inertia += (rows[i]![f]! - c[f]!) ** 2;
        }
        runs.push({ seed, seconds, nIter: r.iterations, inertia });
      }
      finish();
    });
    return;
  }
  finish();

  function finish(): void {
    const peakMB = process.resourceUsage().maxRSS / 1024;
    const res: Result = {
      name: name === "ours" ? "segmentlab" : "ml-kmeans 7",
      runs,
      minibatch,
      peakMB,
      loadedMB,
      note: name === "ours" ? `threads: auto = ${autoThreads(n, d, k)} for this n` : "",
    };
    console.log(JSON.stringify(res));
  }
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function printTable(n: number, results: Result[]): void {
  const inputMB = (n * d * 8) / 2 ** 20;
  console.log(`\nn = ${n.toLocaleString("en")} (input ${inputMB.toFixed(0)} MB as float64)`);
  const header = [
    "impl",
    "runs",
    "median s",
    "iters",
    "s/iter",
    "median inertia",
    "peak MB",
    "peak/input",
  ];
  const rows: string[][] = [header];
  const line = (name: string, runs: Run[], peakMB: number): string[] => [
    name,
    String(runs.length),
    median(runs.map((x) => x.seconds)).toFixed(3),
    median(runs.map((x) => x.nIter)).toFixed(0),
    median(runs.map((x) => x.seconds / x.nIter)).toFixed(4),
    median(runs.map((x) => x.inertia)).toFixed(1),
    peakMB.toFixed(0),
    (peakMB / inputMB).toFixed(2),
  ];
  for (const r of results) {
    rows.push(line(r.name, r.runs, r.peakFullMB ?? r.peakMB));
    if (r.minibatch.length > 0)
      rows.push(line(`${r.name} mini-batch`, r.minibatch, r.peakMinibatchMB ?? r.peakMB));
  }
  const widths = header.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((v, c) => v.padStart(widths[c]!)).join("  "));
  for (const r of results) if (r.note) console.log(`  ${r.name}: ${r.note}`);
  for (const r of results)
    console.log(
      `  ${r.name} per seed: ` +
        r.runs.map((x) => `${x.seed}:${x.seconds.toFixed(2)}s/${x.nIter}it`).join(" "),
    );
  const ours = results[0]!;
  const t0 = median(ours.runs.map((x) => x.seconds));
  const i0 = median(ours.runs.map((x) => x.inertia));
  for (const r of results.slice(1)) {
    const t = median(r.runs.map((x) => x.seconds));
    const inertia = median(r.runs.map((x) => x.inertia));
    console.log(
      `  ours / ${r.name}: time ${(t0 / t).toFixed(2)}× (${(t / t0).toFixed(1)}× faster), ` +
        `median inertia ${(((i0 - inertia) / inertia) * 100).toFixed(3)} %, peak memory ${((ours.peakFullMB ?? ours.peakMB) / (r.peakFullMB ?? r.peakMB)).toFixed(2)}×`,
    );
  }
  if (ours.minibatch.length > 0) {
    const mb = median(ours.minibatch.map((x) => x.inertia));
    console.log(
      `  ours mini-batch: median ${median(ours.minibatch.map((x) => x.seconds)).toFixed(3)} s, ` +
        `inertia ${(((mb - i0) / i0) * 100).toFixed(3)} % vs our full k-means`,
    );
    const sk = results.find((r) => r.minibatch.length > 0 && r !== ours);
    if (sk)
      console.log(
        `  ours mini-batch / ${sk.name} MiniBatchKMeans: time ${(
          median(ours.minibatch.map((x) => x.seconds)) / median(sk.minibatch.map((x) => x.seconds))
        ).toFixed(2)}×`,
      );
  }
  console.log(
    "  peak = max over seeds of the peak RSS of a fresh process running one fit (runtime and " +
      "loaded data included); peak/input = that / input matrix bytes",
  );
}

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith("--")) out[a.slice(2)] = argv[i + 1] ?? "1";
    if (a.startsWith("--")) i++;
  }
  return out;
}
