/**
 * Benchmark: per-user feature engineering on a generated event log (default 10,000,000 events,
 * 200,000 users, 30 event kinds) loaded from CSV and from Parquet, beside pandas doing the same
 * aggregation (bench/features.py), with a checksum showing both computed the same numbers.
 *
 *   npx tsx bench/features.ts                       # full size (≈ 1–2 min of data generation once)
 *   npx tsx bench/features.ts --events 1000000 --users 20000   # quick
 *   options: --dir DIR (data cache, default $TMPDIR/segmentlab-bench-features)
 *            --formats csv,parquet  --no-python  --full (also time the full inferred spec)
 *            --no-sql (skip the pure-SQL engine run; by default it runs on the last format)
 *            --memory-limit 500MB (DuckDB's memory_limit for each case; "none" = DuckDB's default)
 *
 * Each case runs in its own process so peak memory (/usr/bin/time -v max RSS, else sampled
 * process RSS) is that case's alone. Times are wall clock of load + features (process start-up
 * excluded). The machine is shared: figures are noisy.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { computeFeatures, inferFeatureSpec, type FeatureSpec } from "../src/features/index.js";
import { loadUsageData } from "../src/io/index.js";
import { openDatabase } from "../src/io/database.js";

/** The aggregation compared with pandas (see bench/features.py for the same definitions). */
const COMPARABLE: FeatureSpec = {
  families: {
    activity: {},
    recency: {},
    tenure: {},
    breadth: {},
    events: { top: 30, shares: false },
  },
};

type Checksum = Record<string, [number, number]>;
interface CaseResult {
  load_s: number;
  features_s: number;
  users: number;
  checksum: Checksum;
  rss_mb?: number;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : fallback;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

async function child(
  file: string,
  full: boolean,
  engine: "typed" | "sql",
  memoryLimit: string,
): Promise<void> {
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const db = await openDatabase();
  await db.run("SET preserve_insertion_order = false");
  // DuckDB's default memory_limit is 80 % of RAM, so on a large machine it never evicts: the
  // loaded table (~520 MB at 10M rows) and the query buffers just grow. A limit lets its
  // buffer manager evict/spill to temp_directory instead; the typed engine's arrays (~150 MB)
  // live outside it. Measured at 10M events: peak 1.10–1.16 GB without, 0.89–0.95 GB with
  // 500MB, same checksums.
  if (memoryLimit !== "none") {
    await db.run(`SET memory_limit = '${memoryLimit.replaceAll("'", "")}'`);
    const spill = path.join(path.dirname(file), "duckdb-tmp");
    await db.run(`SET temp_directory = '${spill.replaceAll("'", "''")}'`);
  }
  const t0 = Date.now();
  await loadUsageData({ events: [file] }, { db });
  const t1 = Date.now();
  const spec = full ? await inferFeatureSpec(db) : COMPARABLE;
  const t = await computeFeatures(db, spec, { engine });
  const t2 = Date.now();
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const checksum: Checksum = {};
  t.featureNames.forEach((name, j) => {
    const c = t.columns[j]!;
    let s = 0;
    let w = 0;
    for (let i = 0; i < c.length; i++) {
      s += c[i]!;
      w += c[i]! * (i + 1);
    }
    checksum[name] = [Math.round(s * 1000) / 1000, Math.round(w)];
  });
  db.close();
  const out: CaseResult = {
    load_s: (t1 - t0) / 1000,
    features_s: (t2 - t1) / 1000,
    users: t.ids.length,
    checksum,
    rss_mb: Math.round(peak / 2 ** 20),
  };
  process.stdout.write(JSON.stringify(out) + "\n");
}

/** Runs a command under /usr/bin/time -v (when present) and returns its JSON line and max RSS. */
function measured(cmd: string, args: string[]): CaseResult & { wall_s: number } {
  const timeBin = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
  const t0 = Date.now();
  const r = timeBin
    ? spawnSync(timeBin, ["-v", cmd, ...args], { encoding: "utf8", maxBuffer: 1 << 26 })
    : spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 26 });
  const wall = (Date.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}`);
  const line = r.stdout.trim().split("\n").pop()!;
  const res = JSON.parse(line) as CaseResult;
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  if (m) res.rss_mb = Math.round(Number(m[1]) / 1024);
  return { ...res, wall_s: wall };
}

async function generate(dir: string, events: number, users: number): Promise<void> {
  const csv = path.join(dir, "events.csv");
  const parquet = path.join(dir, "events.parquet");
  const stamp = path.join(dir, `done-${events}-${users}`);
  if (fs.existsSync(stamp) && fs.existsSync(csv) && fs.existsSync(parquet)) return;
  fs.mkdirSync(dir, { recursive: true });
  process.stderr.write(`generating ${events} events for ${users} users in ${dir} …\n`);
  const db = await openDatabase();
  // Deterministic (hash of the row number): skewed users, 180 days, 30 kinds with a skewed mix,
  // a value on ~10% of events; the same columns as the sample product.
  const kinds = Array.from({ length: 30 }, (_, i) => `'feature_${String(i).padStart(2, "0")}'`);
  const u = (salt: number) => `((hash(i * ${salt} + ${salt}) % 1000000) / 1e6)`;
  const select = `SELECT
      'u' || lpad(CAST(CAST(floor(${users} * pow(${u(7)}, 1.3)) AS BIGINT) AS VARCHAR), 7, '0') AS user_id,
      TIMESTAMP '2026-01-01' + to_seconds(CAST(hash(i * 13 + 2) % (180 * 86400) AS BIGINT)) AS timestamp,
      ([${kinds.join(", ")}])[1 + CAST(floor(30 * pow(${u(17)}, 1.5)) AS BIGINT)] AS event,
      (['web', 'ios', 'android'])[1 + CAST(hash(i * 29 + 6) % 3 AS BIGINT)] AS platform,
      CASE WHEN hash(i * 19 + 4) % 10 = 0 THEN round((hash(i * 23 + 5) % 10000) / 100.0, 2) END AS value
    FROM range(${events}) t(i)`;
  await db.run(`CREATE TABLE g AS ${select}`);
  await db.run(
    `COPY (SELECT user_id, strftime(timestamp, '%Y-%m-%dT%H:%M:%SZ') AS timestamp, event, platform, value FROM g) TO '${csv}' (HEADER)`,
  );
  await db.run(`COPY g TO '${parquet}' (FORMAT parquet)`);
  db.close();
  fs.writeFileSync(stamp, "");
}

function ensurePandas(): boolean {
  const ok = () => spawnSync("/usr/bin/python3", ["-c", "import pandas"]).status === 0;
  if (ok()) return true;
  process.stderr.write("installing python3-pandas (Debian) …\n");
  spawnSync("apt-get", ["install", "-y", "python3-pandas"], { stdio: "ignore" });
  if (ok()) return true;
  spawnSync("apt-get", ["update"], { stdio: "ignore" });
  spawnSync("apt-get", ["install", "-y", "python3-pandas"], { stdio: "ignore" });
  return ok();
}

function sameChecksum(a: Checksum, b: Checksum): string[] {
  const bad: string[] = [];
  const close = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)) + 1;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[k];
    const y = b[k];
    if (!x || !y || !close(x[0], y[0]) || !close(x[1], y[1])) bad.push(k);
  }
  return bad;
}

async function main(): Promise<void> {
  if (flag("child"))
    return child(
      arg("child", ""),
      flag("full"),
      arg("engine", "typed") as "typed" | "sql",
      arg("memory-limit", "500MB"),
    );
  const events = Number(arg("events", "10000000"));
  const users = Number(arg("users", "200000"));
  const dir = arg("dir", path.join(os.tmpdir(), "segmentlab-bench-features"));
  const formats = arg("formats", "csv,parquet").split(",");
  await generate(dir, events, users);
  const tsx = path.join("node_modules", ".bin", "tsx");
  const self = path.join("bench", "features.ts");
  const memoryLimit = arg("memory-limit", "500MB");
  const ml = ["--memory-limit", memoryLimit];
  const rows: [string, CaseResult & { wall_s: number }][] = [];
  for (const f of formats) {
    const file = path.join(dir, `events.${f}`);
    rows.push([`segmentlab ${f}`, measured(tsx, [self, "--child", file, ...ml])]);
    if (!flag("no-sql") && f === formats[formats.length - 1])
      rows.push([`segmentlab ${f} (SQL engine)`, measured(tsx, [self, "--child", file, "--engine", "sql", ...ml])]); // prettier-ignore
    if (flag("full"))
      rows.push([
        `segmentlab ${f} (full spec)`,
        measured(tsx, [self, "--child", file, "--full", ...ml]),
      ]);
  }
  let pandas: (CaseResult & { wall_s: number }) | undefined;
  if (!flag("no-python") && ensurePandas()) {
    pandas = measured("/usr/bin/python3", [
      path.join("bench", "features.py"),
      path.join(dir, "events.csv"),
    ]);
    rows.push(["pandas csv", pandas]);
  }
  const fmt = (x: number) => x.toFixed(2).padStart(8);
  process.stdout.write(
    `features benchmark: ${events.toLocaleString("en-US")} events, ${users.toLocaleString("en-US")} users, 30 kinds, DuckDB memory_limit ${memoryLimit} (${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "?"})\n`,
  );
  process.stdout.write(
    "case                          load s  feat s   total s  peak MB  vs pandas  checksum\n",
  );
  for (const [name, r] of rows) {
    const total = r.load_s + r.features_s;
    const ratio = pandas ? (pandas.load_s + pandas.features_s) / total : NaN;
    const check =
      pandas === undefined || name.includes("full")
        ? "-"
        : sameChecksum(r.checksum, pandas.checksum).length === 0
          ? "same"
          : `DIFFERENT: ${sameChecksum(r.checksum, pandas.checksum).join(", ")}`;
    process.stdout.write(
      `${name.padEnd(28)}${fmt(r.load_s)}${fmt(r.features_s)}${fmt(total)}${String(r.rss_mb ?? "?").padStart(9)}${(Number.isNaN(ratio) ? "-" : ratio.toFixed(2) + "x").padStart(11)}  ${check}\n`,
    );
  }
}

void main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
