/**
 * Load benchmark: generate a sample-product log (default 10,000,000 events, 200,000 users,
 * 30 event kinds) as CSV and Parquet, then time `loadEvents` on each (wall time, peak RSS).
 *
 *   npx tsx bench/load.ts [--events 10000000] [--users 200000] [--dir bench/results/data]
 *
 * Generated files are reused on later runs (same options → same bytes).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadEvents, openDatabase } from "../src/io/index.js";
import { writeSampleProduct } from "../src/sample/index.js";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const events = Number(arg("events", "10000000"));
const users = Number(arg("users", "200000"));
const dir = arg("dir", path.join("bench", "results", `data-${events}`));

async function measure<T>(fn: () => Promise<T>): Promise<{ ms: number; peakMb: number; out: T }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const t0 = performance.now();
  try {
    const out = await fn();
    return {
      ms: performance.now() - t0,
      peakMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20,
      out,
    };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  const rows: string[][] = [["step", "wall s", "peak RSS MB", "rows"]];
  const options = { users, events, eventKinds: 30, seed: 42 };
  const csv = path.join(dir, "csv");
  const pq = path.join(dir, "parquet");
  if (!fs.existsSync(path.join(csv, "events.csv"))) {
    const g = await measure(() => writeSampleProduct(csv, { ...options, gzip: false }));
    rows.push([
      "generate CSV",
      (g.ms / 1000).toFixed(1),
      g.peakMb.toFixed(0),
      String(g.out.events),
    ]);
  }
  if (!fs.existsSync(path.join(pq, "events.parquet"))) {
    const g = await measure(() => writeSampleProduct(pq, { ...options, format: "parquet" }));
    rows.push([
      "generate Parquet",
      (g.ms / 1000).toFixed(1),
      g.peakMb.toFixed(0),
      String(g.out.events),
    ]);
  }
  for (const [label, file] of [
    ["loadEvents CSV", path.join(csv, "events.csv")],
    ["loadEvents Parquet", path.join(pq, "events.parquet")],
  ] as const) {
    const db = await openDatabase();
    try {
      const m = await measure(() => loadEvents(db, file));
      rows.push([label, (m.ms / 1000).toFixed(1), m.peakMb.toFixed(0), String(m.out.rowsLoaded)]);
    } finally {
      db.close();
    }
  }
  const w = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  for (const r of rows) process.stdout.write(r.map((c, j) => c.padEnd(w[j]!)).join("  ") + "\n");
}

void main();
