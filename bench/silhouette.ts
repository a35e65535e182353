/**
 * Benchmark: exact silhouette on 20k × 20 (8 Gaussian blobs) with silhouetteScore vs
 * scikit-learn's silhouette_score (bench/silhouette.py) on the same data, in the same run.
 * Target: ≤ 1.0× scikit-learn's time at ≤ 1/10 of its memory.
 *
 *   npx tsx bench/silhouette.ts              # 20 000 × 20
 *   npx tsx bench/silhouette.ts 5000 20      # smaller
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRandom, randomNormal } from "../src/matrix/random.js";
import { silhouetteScore } from "../src/select/index.js";

const n = Number(process.argv[2] ?? 20_000);
const d = Number(process.argv[3] ?? 20);
const k = 8;

const r = createRandom(7);
const centres = Array.from({ length: k }, () => Array.from({ length: d }, () => (r() - 0.5) * 6));
const data = new Float64Array(n * d);
const labels = new Int32Array(n);
for (let i = 0; i < n; i++) {
  const c = i % k;
  labels[i] = c;
  for (let j = 0; j < d; j++) data[i * d + j] = centres[c]![j]! + randomNormal(r);
}

const dir = mkdtempSync(path.join(tmpdir(), "segmentlab-sil-"));
const dataFile = path.join(dir, "X.f64");
const labelFile = path.join(dir, "y.i32");
writeFileSync(dataFile, Buffer.from(data.buffer));
writeFileSync(labelFile, Buffer.from(labels.buffer));

// Debian's interpreter explicitly: that is where apt's scikit-learn lives (a pyenv python3 may
// come first on PATH).
const py = spawnSync(
  "/usr/bin/python3",
  [path.join(__dirname, "silhouette.py"), dataFile, labelFile, String(n), String(d)],
  { encoding: "utf8" },
);
rmSync(dir, { recursive: true, force: true });
let sk:
  | { seconds: number; cpuSeconds: number; mean: number; peakMB: number; beforeMB: number }
  | undefined;
if (py.status === 0) sk = JSON.parse(py.stdout.trim().split("\n").pop()!) as typeof sk;
else console.error(`scikit-learn run failed (python3-sklearn installed?):\n${py.stderr}`);

const mb = (kb: number) => kb / 1024;
const beforeRss = process.memoryUsage().rss / 2 ** 20;
const beforePeak = mb(process.resourceUsage().maxRSS);
const t = performance.now();
const cpu0 = process.cpuUsage();
const ours = silhouetteScore(X(), labels, { maxExact: n });
const secs = (performance.now() - t) / 1000;
const cpuUsed = process.cpuUsage(cpu0);
const cpuSecs = (cpuUsed.user + cpuUsed.system) / 1e6; // all threads of the process
const peak = mb(process.resourceUsage().maxRSS);

function X() {
  return { data, rows: n, cols: d };
}

const fmt = (v: number, digits = 2) => v.toFixed(digits);
console.log(
  "| implementation | rows × cols | wall time | CPU time (all threads) | peak RSS (process) | RSS growth in the call | mean silhouette |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- |");
console.log(
  `| segmentlab silhouetteScore (exact, 2 threads) | ${n} × ${d} | ${fmt(secs)} s | ${fmt(cpuSecs)} s | ${fmt(peak, 0)} MB | ${fmt(Math.max(0, peak - Math.max(beforePeak, beforeRss)), 0)} MB | ${ours.mean.toFixed(12)} |`,
);
if (sk !== undefined) {
  console.log(
    `| scikit-learn silhouette_score | ${n} × ${d} | ${fmt(sk.seconds)} s | ${fmt(sk.cpuSeconds)} s | ${fmt(sk.peakMB, 0)} MB | ${fmt(sk.peakMB - sk.beforeMB, 0)} MB | ${sk.mean.toFixed(12)} |`,
  );
  console.log("");
  console.log(
    `time ratio ours / scikit-learn = ${fmt(secs / sk.seconds)} wall, ${fmt(cpuSecs / sk.cpuSeconds)} CPU (target ≤ 1.0); memory ratio (peak RSS) = ${fmt(peak / sk.peakMB, 3)} (target ≤ 0.1); |Δ mean| / mean = ${(Math.abs(ours.mean - sk.mean) / Math.abs(sk.mean)).toExponential(2)}`,
  );
}
