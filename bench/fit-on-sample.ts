/**
 * Benchmark for the README's scale note: how large a sample must a model be fitted on before it
 * segments everyone as well as a model fitted on all users? On a generated product log with the
 * 7 planted personas (default 200,000 users, ~10,000,000 events), features are engineered once,
 * then the pipeline's model (`discoverFromFeatures`, k = 7, fixed seed) is fitted on a uniform
 * 1 %, 10 % and 100 % sample of the users, and ALL users are assigned with each model
 * (`assignTable`, the same arithmetic as the exported SQL). Per model it prints: fit time,
 * inertia of all users in that model's space (Σ distance²) and relative to the 100 % model, the
 * within-segment sum of squares of its partition measured in the 100 % model's space (one
 * common yardstick), and the ARI of its assignment against the 100 % model's and against the
 * planted personas.
 *
 *   npx tsx bench/fit-on-sample.ts                                   # full size (generation ≈ 3–5 min once, cached)
 *   npx tsx bench/fit-on-sample.ts --users 20000 --events 1000000    # quick
 *   options: --dir DIR (data cache, default $TMPDIR/segmentlab-bench-scale)  --seed N (default 1)
 *            --samples 0.001,0.01,0.1,1 (shares of the users to fit on; 1 = all, the reference)
 *
 * The machine is shared (2 cores, several engineers): times are noisy.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { adjustedRandIndex } from "../src/cluster/adjusted-rand-index.js";
import { computeFeaturesWithSql } from "../src/features/compute.js";
import { inferFeatureSpec } from "../src/features/infer.js";
import type { FeatureTable } from "../src/features/types.js";
import { loadUsageData } from "../src/io/load-usage-data.js";
import { createRandom } from "../src/matrix/random.js";
import { assignTable } from "../src/model/assign.js";
import type { SegmentModel } from "../src/model/schema.js";
import { discoverFromFeatures } from "../src/pipeline.js";
import { transformPreprocessor } from "../src/prep/transform-preprocessor.js";
import type { PreprocessModel } from "../src/prep/types.js";
import { writeSampleProduct } from "../src/sample/write-sample-product.js";

const K = 7;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : fallback;
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;
const log = (s: string) => process.stderr.write(`${s}\n`);

/** Generates the sample product once per (users, events) into `dir`; later runs reuse it. */
async function generate(dir: string, users: number, events: number): Promise<void> {
  const stamp = path.join(dir, `done-${users}-${events}`);
  if (fs.existsSync(stamp)) return;
  fs.mkdirSync(dir, { recursive: true });
  log(`generating ${users} users, ~${events} events in ${dir} (once) …`);
  const t0 = performance.now();
  // Plain CSV: DuckDB reads it in parallel; gzip would make both the writing and the load slower.
  await writeSampleProduct(dir, { users, events, seed: 42, gzip: false });
  log(`generated in ${seconds(t0).toFixed(0)} s`);
  fs.writeFileSync(stamp, "");
}

/** A uniform sample of `share` of the rows, without replacement, in table order (seeded). */
function sampleRows(n: number, share: number, seed: number): Int32Array {
  const m = Math.max(K, Math.round(n * share));
  if (m >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  const random = createRandom(seed);
  // Partial Fisher–Yates: the first m slots are a uniform sample.
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return idx.subarray(0, m).sort();
}

function subsetTable(t: FeatureTable, rows: Int32Array): FeatureTable {
  return {
    ids: Array.from(rows, (i) => t.ids[i]!),
    features: t.features,
    featureNames: t.featureNames,
    columns: t.columns.map((c) => Float64Array.from(rows, (i) => c[i]!)),
    attributes: t.attributes.map((a) => ({
      name: a.name,
      values: Array.from(rows, (i) => a.values[i]!),
    })),
  };
}

/** Within-segment sum of squares of a partition of the rows of a row-major matrix. */
function wcss(data: Float64Array, cols: number, labels: Int32Array, k: number): number {
  const n = labels.length;
  const sum = new Float64Array(k * cols);
  const count = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    count[l]!++;
    for (let j = 0; j < cols; j++) sum[l * cols + j]! += data[i * cols + j]!;
  }
  let s = 0;
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    for (let j = 0; j < cols; j++) s += (data[i * cols + j]! - sum[l * cols + j]! / count[l]!) ** 2;
  }
  return s;
}

interface Row {
  share: number;
  users: number;
  fitS: number;
  kmeansS: number;
  profileS: number;
  assignS: number;
  inertia: number;
  common: number;
  labels: Int32Array;
}

async function main(): Promise<void> {
  const users = Number(arg("users", "200000"));
  const events = Number(arg("events", "10000000"));
  const seed = Number(arg("seed", "1"));
  const shares = arg("samples", "0.001,0.01,0.1,1").split(",").map(Number);
  const dir = arg("dir", path.join(os.tmpdir(), "segmentlab-bench-scale"));
  const cpu = os.cpus();
  const machine = `${cpu.length} cores ${cpu[0]?.model.trim() ?? "?"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version} (shared machine: times are noisy)`;

  await generate(dir, users, events);

  // 1. Engineer features once (the inferred spec, as `segmentlab discover` does).
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  timer.unref(); // an error must not leave the process waiting on the sampler
  let t0 = performance.now();
  const loaded = await loadUsageData({ events: [path.join(dir, "events.csv")] });
  const loadS = seconds(t0);
  t0 = performance.now();
  const spec = await inferFeatureSpec(loaded.db);
  const computed = await computeFeaturesWithSql(loaded.db, spec);
  const featuresS = seconds(t0);
  const eventRows = loaded.eventsReport!.rowsLoaded;
  loaded.db.close();
  const table = computed.table;
  const n = table.ids.length;
  log(`features: ${n} users × ${table.featureNames.length} features from ${eventRows} events`);

  // The planted personas (ground_truth.csv), which the pipeline never sees.
  const truth = new Map(
    fs
      .readFileSync(path.join(dir, "ground_truth.csv"), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(",") as [string, string]),
  );
  const personaNames = [...new Set(truth.values())].sort();
  const planted = Int32Array.from(table.ids, (id) => personaNames.indexOf(truth.get(id)!));

  // 2. Fit on each sample, assign everyone.
  const fitted: {
    share: number;
    m: number;
    fitS: number;
    kmeansS: number;
    profileS: number;
    model: SegmentModel;
  }[] = [];
  for (const share of shares) {
    const rows = sampleRows(n, share, seed);
    const sample = subsetTable(table, rows);
    log(`fitting on ${share * 100} % = ${rows.length} users …`);
    // Step times from the pipeline's progress calls: k-means (+ bootstrap stability) and the
    // profiles/rules/personas that follow it.
    const at = new Map<string, number>();
    t0 = performance.now();
    const run = discoverFromFeatures(sample, {
      k: K,
      seed,
      createdAt: "2026-11-28T00:00:00Z",
      onProgress: (step) => at.set(step.startsWith("fitting") ? "kmeans" : step, performance.now()),
    });
    const end = performance.now();
    const kmeansS = ((at.get("profiling segments") ?? end) - (at.get("kmeans") ?? t0)) / 1000;
    const profileS = (end - (at.get("profiling segments") ?? end)) / 1000;
    fitted.push({ share, m: rows.length, fitS: seconds(t0), kmeansS, profileS, model: run.model });
  }
  const full = fitted.find((f) => f.share === 1) ?? fitted[fitted.length - 1]!;
  // The 100 % model's space: every partition's within-segment sum of squares on one yardstick.
  const fullX = modelSpace(full.model, table);
  const d = full.model.kmeans.centroids[0]!.length;
  const results: Row[] = fitted.map((f) => {
    t0 = performance.now();
    const a = assignTable(f.model, table);
    const assignS = seconds(t0);
    let inertia = 0;
    for (let i = 0; i < n; i++) inertia += a.distance[i]! ** 2;
    return {
      share: f.share,
      users: f.m,
      fitS: f.fitS,
      kmeansS: f.kmeansS,
      profileS: f.profileS,
      assignS,
      inertia,
      common: wcss(fullX, d, a.segmentId, K),
      labels: a.segmentId,
    };
  });
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);

  const ref = results.find((r) => r.share === full.share)!;
  const pct = (x: number) => `${Number((100 * x).toPrecision(2))} %`;
  const out: string[] = [];
  out.push(`machine: ${machine}`);
  out.push(
    `data: ${n.toLocaleString("en-US")} users, ${eventRows.toLocaleString("en-US")} events (sample product, 7 planted personas, seed 42); load ${loadS.toFixed(1)} s, features ${featuresS.toFixed(1)} s (${table.featureNames.length} features, once); peak RSS ${Math.round(peak / 2 ** 20)} MB`,
  );
  out.push(
    `model: discoverFromFeatures(sample, { k: ${K}, seed: ${seed} }); every user assigned with assignTable`,
  );
  out.push("");
  out.push(
    "| fitted on | users | fit s (k-means · profiles+rules) | assign all s | inertia, own space | vs 100 % | WCSS in 100 % space | vs 100 % | ARI vs 100 % model | ARI vs planted |",
  );
  out.push("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of results) {
    out.push(
      `| ${pct(r.share)} | ${r.users.toLocaleString("en-US")} | ${r.fitS.toFixed(1)} (${r.kmeansS.toFixed(1)} · ${r.profileS.toFixed(1)}) | ${r.assignS.toFixed(1)} | ${Math.round(r.inertia).toLocaleString("en-US")} | ${(r.inertia / ref.inertia).toFixed(4)} | ${Math.round(r.common).toLocaleString("en-US")} | ${(r.common / ref.common).toFixed(4)} | ${adjustedRandIndex(r.labels, ref.labels).toFixed(4)} | ${adjustedRandIndex(r.labels, planted).toFixed(4)} |`,
    );
  }
  process.stdout.write(out.join("\n") + "\n");
}

/** The matrix a model's k-means runs in (its preprocessing; these models use no PCA), for every user. */
function modelSpace(model: SegmentModel, table: FeatureTable): Float64Array {
  if (model.pca !== null) throw new Error("bench/scale.ts: the models here are fitted without PCA");
  return transformPreprocessor(model.preprocess as unknown as PreprocessModel, table).data;
}

main().catch((e: unknown) => {
  process.stderr.write(`bench/fit-on-sample.ts: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
