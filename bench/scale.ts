/**
 * `npm run bench -- scale`: the whole `discover` run stage by stage — load, features,
 * preprocessing, k-means, stability, profiles, rules, personas, model, assignments, segments/,
 * cards, report — at 100k and 1M users, from a per-user table (CSV, 20 numeric columns, k = 8)
 * and from an event log (the generated sample product, CSV, k = 8), beside a pandas +
 * scikit-learn script doing the same core work (bench/scale.py: read, features for the log,
 * standardize, KMeans n_init=1, write labels) measured right after ours on the same file.
 *
 * Per stage it prints the rows, the seconds and the peak RSS during the stage (MB, Linux
 * VmHWM reset before each stage), then how each stage's time grows from the smallest to the
 * largest size (×10 users: linear is ×10). Each run is a fresh process (the CLI's situation).
 * With `--engines`, the event-log runs also time both feature engines (typed arrays and pure
 * SQL) on the same loaded log, which is how the default engine was chosen.
 *
 *   npx tsx bench/scale.ts                                    # 100k and 1M users, table and events
 *   npx tsx bench/scale.ts --sizes 100000 --kinds table       # quick
 *   options: --dir DIR (data cache, default $TMPDIR/segmentlab-bench-scale2)
 *            --events-per-user N (default 10)  --no-python  --engines
 *
 * The machine is shared (2 cores, several engineers): times are noisy; compare the ratios.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { computeFeaturesWithSql } from "../src/features/compute.js";
import { inferFeatureSpec } from "../src/features/infer.js";
import { loadUsageData } from "../src/io/load-usage-data.js";
import { createRandom } from "../src/matrix/random.js";
import { discoverFromFeatures } from "../src/pipeline.js";
import { writeRunFolder } from "../src/run-folder.js";
import { writeSampleProduct } from "../src/sample/write-sample-product.js";

const K = 8;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : fallback;
}
const flag = (name: string) => process.argv.includes(`--${name}`);
const log = (s: string) => process.stderr.write(`${s}\n`);

interface Stage {
  stage: string;
  rows: number;
  seconds: number;
  peakMB: number;
}

/** Peak RSS since the last reset (VmHWM), MB; resetting needs Linux's clear_refs. */
function peakMB(): number {
  const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 2 ** 20;
}
function resetPeak(): void {
  try {
    fs.writeFileSync("/proc/self/clear_refs", "5");
  } catch {
    // Not Linux: the peak then stays the process's peak so far (said in the table's note).
  }
}

/** Times named stages: `mark(name, rows)` ends the current stage and starts the next. */
function stageTimer() {
  const stages: Stage[] = [];
  let name: string | null = null;
  let rows = 0;
  let t0 = performance.now();
  resetPeak();
  const mark = (next: string | null, nextRows = rows) => {
    const now = performance.now();
    if (name !== null)
      stages.push({ stage: name, rows, seconds: (now - t0) / 1000, peakMB: peakMB() });
    name = next;
    rows = nextRows;
    resetPeak();
    t0 = performance.now();
  };
  return { stages, mark };
}

/** One discover run in this process (the child): load → features → discover → run folder. */
async function child(kind: string, file: string, out: string, engines: boolean): Promise<void> {
  const { stages, mark } = stageTimer();
  const start = performance.now();
  mark("load", 0);
  const loaded = await loadUsageData(
    kind === "table" ? { table: file, tableId: "id" } : { events: [file] },
  );
  const inputRows = loaded.eventsReport?.rowsLoaded ?? loaded.usersReport?.rowsLoaded ?? 0;
  const engineTimes: Record<string, number> = {};
  if (engines && kind === "events") {
    // Both engines on the same loaded log, once each, before the run's own (timed apart).
    mark("(engine comparison, not part of discover)", inputRows);
    const spec = await inferFeatureSpec(loaded.db);
    for (const engine of ["sql", "typed"] as const) {
      const t = performance.now();
      await computeFeaturesWithSql(loaded.db, spec, { engine });
      engineTimes[engine] = (performance.now() - t) / 1000;
    }
  }
  mark("features", inputRows);
  const spec = await inferFeatureSpec(loaded.db);
  const computed = await computeFeaturesWithSql(loaded.db, spec);
  loaded.db.close();
  const table = computed.table;
  const n = table.ids.length;
  const stepNames: Record<string, string> = {
    preprocessing: "preprocess",
    "measuring stability": "stability (sample)",
    "flagging atypical users": "distances, atypical",
    "profiling segments": "profiles",
    "fitting rules": "rules",
    "naming personas": "personas",
    "building the model": "model",
  };
  mark("preprocess", n);
  const run = discoverFromFeatures(table, {
    k: K,
    seed: 0,
    createdAt: "2026-12-01T00:00:00Z",
    onProgress: (step) => {
      if (step.startsWith("fitting k-means")) mark("k-means", n);
      else if (stepNames[step] !== undefined && step !== "preprocessing") mark(stepNames[step]!, n);
    },
  });
  const writeNames: Record<string, string> = {
    "writing model.json": "write model.json",
    "assigning users": "assign (for the files)",
    "writing assignments.csv": "write assignments.csv",
    "writing segments/": "write segments/",
    "writing persona cards": "write cards",
    "building the report": "report",
  };
  await writeRunFolder(run, out, {
    onProgress: (step) => mark(writeNames[step] ?? step, n),
  });
  mark(null);
  const seconds = (performance.now() - start) / 1000;
  process.stdout.write(JSON.stringify({ stages, seconds, users: n, engineTimes }) + "\n");
}

/** A per-user table: 8 overlapping Gaussian blobs in 20 columns (as bench/kmeans.ts), CSV. */
function writeTable(file: string, n: number): void {
  const random = createRandom(7);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: 8 }, () =>
    Array.from({ length: 20 }, () => 3 * (2 * random() - 1)),
  );
  const fd = fs.openSync(`${file}.tmp`, "w");
  fs.writeSync(fd, `id,${Array.from({ length: 20 }, (_, j) => `f${j + 1}`).join(",")}\n`);
  for (let c = 0; c < n; c += 50_000) {
    let chunk = "";
    for (let i = c; i < Math.min(n, c + 50_000); i++) {
      const m = centres[Math.floor(random() * 8)]!;
      chunk += `u${i + 1},${m.map((x) => (x + gauss()).toFixed(4)).join(",")}\n`;
    }
    fs.writeSync(fd, chunk);
  }
  fs.closeSync(fd);
  fs.renameSync(`${file}.tmp`, file);
}

async function ensureData(dir: string, kind: string, users: number, perUser: number) {
  fs.mkdirSync(dir, { recursive: true });
  if (kind === "table") {
    const file = path.join(dir, `table-${users}.csv`);
    if (!fs.existsSync(file)) {
      log(`generating ${file} …`);
      writeTable(file, users);
    }
    return file;
  }
  const sub = path.join(dir, `events-${users}-${perUser}`);
  if (!fs.existsSync(path.join(sub, "done"))) {
    log(`generating ${users} users × ~${perUser} events in ${sub} …`);
    await writeSampleProduct(sub, { users, events: users * perUser, seed: 42, gzip: false });
    fs.writeFileSync(path.join(sub, "done"), "");
  }
  return path.join(sub, "events.csv");
}

function runOurs(kind: string, file: string, out: string, engines: boolean) {
  const t = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      ...process.execArgv,
      process.argv[1]!,
      "--child",
      kind,
      file,
      out,
      ...(engines ? ["--engines"] : []),
    ],
    { encoding: "utf8", maxBuffer: 1 << 26 },
  );
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  const res = JSON.parse(r.stdout.trim().split("\n").pop()!) as {
    stages: Stage[];
    seconds: number;
    users: number;
    engineTimes: Record<string, number>;
  };
  return { ...res, wall: (performance.now() - t) / 1000 };
}

function runPython(kind: string, file: string, out: string) {
  const t = performance.now();
  const args = kind === "table" ? ["table", file, "id", out] : ["events", file, out];
  const r = spawnSync("/usr/bin/python3", [path.join(__dirname, "scale.py"), ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`bench/scale.py failed: ${r.stderr}`);
  const res = JSON.parse(r.stdout.trim().split("\n").pop()!) as {
    stages: Stage[];
    seconds: number;
    peakMB: number;
  };
  return { ...res, wall: (performance.now() - t) / 1000 };
}

async function main(): Promise<void> {
  if (flag("child")) {
    const i = process.argv.indexOf("--child");
    const [kind, file, out] = process.argv.slice(i + 1, i + 4) as [string, string, string];
    await child(kind, file, out, flag("engines"));
    return;
  }
  const sizes = arg("sizes", "100000,1000000").split(",").map(Number);
  const kinds = arg("kinds", "table,events").split(",");
  const perUser = Number(arg("events-per-user", "10"));
  const dir = arg("dir", path.join(os.tmpdir(), "segmentlab-bench-scale2"));
  const python = !flag("no-python");
  const engines = flag("engines");
  const cpu = os.cpus();
  const lines: string[] = [];
  const say = (s = "") => {
    lines.push(s);
    process.stdout.write(s + "\n");
  };
  say(
    `machine: ${cpu.length} cores ${cpu[0]?.model.trim() ?? "?"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")} (shared: times are noisy)`,
  );
  const results = new Map<string, Map<number, ReturnType<typeof runOurs>>>();
  for (const kind of kinds) {
    results.set(kind, new Map());
    for (const users of sizes) {
      const file = await ensureData(dir, kind, users, perUser);
      const out = fs.mkdtempSync(path.join(os.tmpdir(), "segmentlab-scale-run-"));
      log(`discover ${kind} ${users} …`);
      const ours = runOurs(kind, file, out, engines);
      results.get(kind)!.set(users, ours);
      const py = python ? runPython(kind, file, path.join(out, "python-labels.csv")) : null;
      const folderMB = duMB(out);
      fs.rmSync(out, { recursive: true, force: true });
      say();
      say(
        `### discover ${kind === "table" ? "--table (1 id + 20 numeric columns)" : `event log (${perUser} events/user, CSV)`}, ${users.toLocaleString("en-US")} users, k = ${K}`,
      );
      say();
      say("| stage | rows | seconds | peak MB |");
      say("| --- | ---: | ---: | ---: |");
      for (const s of ours.stages)
        say(
          `| ${s.stage} | ${s.rows.toLocaleString("en-US")} | ${s.seconds.toFixed(2)} | ${Math.round(s.peakMB)} |`,
        );
      const peak = Math.max(...ours.stages.map((s) => s.peakMB));
      say(
        `| **segmentlab discover, in all** (process wall ${ours.wall.toFixed(1)} s) | ${ours.users.toLocaleString("en-US")} | **${ours.seconds.toFixed(2)}** | **${Math.round(peak)}** |`,
      );
      if (py) {
        for (const s of py.stages)
          say(
            `| pandas+sklearn: ${s.stage} | ${s.rows.toLocaleString("en-US")} | ${s.seconds.toFixed(2)} | ${Math.round(s.peakMB)} |`,
          );
        say(
          `| **pandas+sklearn script, in all** (process wall ${py.wall.toFixed(1)} s) | | **${py.seconds.toFixed(2)}** | **${Math.round(py.peakMB)}** |`,
        );
        say();
        say(
          `ratio (process wall): segmentlab ${ours.wall.toFixed(1)} s / pandas+sklearn ${py.wall.toFixed(1)} s = **${(ours.wall / py.wall).toFixed(2)}×**; run folder ${folderMB.toFixed(0)} MB`,
        );
      }
      if (engines && ours.engineTimes["sql"] !== undefined)
        say(
          `feature engines on the same loaded log: pure SQL ${ours.engineTimes["sql"]!.toFixed(2)} s, typed arrays ${ours.engineTimes["typed"]!.toFixed(2)} s`,
        );
    }
  }
  if (sizes.length > 1) {
    const lo = Math.min(...sizes);
    const hi = Math.max(...sizes);
    say();
    say(
      `### growth from ${lo.toLocaleString("en-US")} to ${hi.toLocaleString("en-US")} users (×${hi / lo}; linear = ×${hi / lo})`,
    );
    say();
    say(`| stage | ${kinds.join(" | ")} |`);
    say(`| --- | ${kinds.map(() => "---:").join(" | ")} |`);
    const names = [
      ...new Set(
        kinds.flatMap((k) =>
          results
            .get(k)!
            .get(hi)!
            .stages.map((s) => s.stage),
        ),
      ),
    ];
    for (const name of names) {
      const cells = kinds.map((k) => {
        const a = results
          .get(k)!
          .get(lo)!
          .stages.find((s) => s.stage === name);
        const b = results
          .get(k)!
          .get(hi)!
          .stages.find((s) => s.stage === name);
        return a && b && a.seconds > 0
          ? `×${(b.seconds / a.seconds).toFixed(1)} (${a.seconds.toFixed(2)} → ${b.seconds.toFixed(2)} s)`
          : "";
      });
      say(`| ${name} | ${cells.join(" | ")} |`);
    }
  }
}

function duMB(dir: string): number {
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name !== "python-labels.csv") bytes += fs.statSync(p).size;
    }
  };
  walk(dir);
  return bytes / 1e6;
}

main().catch((e: unknown) => {
  process.stderr.write(`bench/scale.ts: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
