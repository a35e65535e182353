/**
 * Writes the sample product: `npm run generate-sample -- --users 2000 --seed 42 --out data/sample`.
 * Benchmarks: `--users 200000 --events 10000000 --event-kinds 30 --format parquet|csv [--no-gzip]`.
 */
import { Command } from "commander";
import { writeSampleProduct } from "../src/sample/index.js";

const program = new Command("generate-sample")
  .description("Generate a seeded SaaS product event log with planted personas")
  .option("--users <n>", "number of users", "2000")
  .option("--seed <n>", "random seed", "42")
  .option("--events <n>", "approximate number of events (default: natural rate, ~70/user)")
  .option("--event-kinds <n>", "number of event kinds (20–40)", "24")
  .option("--start <date>", "first day of the window (UTC)", "2026-01-01")
  .option("--days <n>", "window length in days", "90")
  .option("--snapshot <n>", "0 = the sample; 1 = the next window of the same users …", "0")
  .option("--moves <how>", "later snapshot: planted, none or reshuffle", "planted")
  .option("--behaviour-change", "plant a behaviour change (more events per session)")
  .option("--experiment", "add arm and converted columns to users.csv (planted effect)")
  .option("--format <fmt>", "csv or parquet", "csv")
  .option("--no-gzip", "write events.csv instead of events.csv.gz")
  .option("--out <dir>", "output folder", "data/sample");
program.parse();
const o = program.opts<{
  users: string;
  seed: string;
  events?: string;
  eventKinds: string;
  start: string;
  days: string;
  format: string;
  snapshot: string;
  moves: string;
  behaviourChange?: boolean;
  experiment?: boolean;
  gzip: boolean;
  out: string;
}>();

const t0 = Date.now();
writeSampleProduct(o.out, {
  users: Number(o.users),
  seed: Number(o.seed),
  ...(o.events !== undefined ? { events: Number(o.events) } : {}),
  eventKinds: Number(o.eventKinds),
  start: o.start,
  days: Number(o.days),
  format: o.format as "csv" | "parquet",
  snapshot: Number(o.snapshot),
  moves: o.moves as "planted" | "none" | "reshuffle",
  behaviourChange: o.behaviourChange === true,
  experiment: o.experiment === true,
  gzip: o.gzip,
}).then(
  (w) => {
    process.stdout.write(
      `wrote ${w.files.join(", ")}: ${w.users} users, ${w.events} events in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
    );
  },
  (e: unknown) => {
    process.stderr.write(`generate-sample: error: ${(e as Error).message}\n`);
    process.exitCode = 2;
  },
);
