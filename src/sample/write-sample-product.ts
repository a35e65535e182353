import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { openDatabase, quoteLiteral } from "../io/database.js";
import {
  eventBatches,
  generateSampleProduct,
  GENERATION,
  PLATFORM_NAMES,
  timeOfDay,
  type Generation,
  type SampleProduct,
  type SampleProductOptions,
} from "./generate-sample-product.js";
import * as msg from "./messages.js";

/** Options of {@link writeSampleProduct}: the generator's, plus the file format. */
export interface WriteSampleOptions extends SampleProductOptions {
  /** `csv` (default) writes `events.csv.gz` (or `events.csv` with gzip false); `parquet` writes `events.parquet`. */
  format?: "csv" | "parquet";
  /** Gzip the CSV (default true). */
  gzip?: boolean;
}

/** What {@link writeSampleProduct} wrote. */
export interface WrittenSample {
  /** Paths written, in order: events, users, ground truth. */
  files: string[];
  users: number;
  events: number;
}

const EVENTS_HEADER = "user_id,timestamp,event,platform,value\n";

function csvCell(v: string | number | null): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Writes `text` chunks to `file` atomically: a temp file in the same folder, then rename. */
async function writeAtomic(file: string, chunks: Iterable<string>, gzip: boolean): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  const out = fs.createWriteStream(tmp);
  const sink: NodeJS.WritableStream = gzip
    ? (() => {
        // Level 6 with no file name/time in the header: same bytes on every run.
        const z = zlib.createGzip({ level: 6 });
        z.pipe(out);
        return z;
      })()
    : out;
  const done = new Promise<void>((resolve, reject) => {
    out.on("finish", resolve);
    out.on("error", reject);
  });
  let buf = "";
  for (const c of chunks) {
    buf += c;
    if (buf.length >= 1 << 20) {
      if (!sink.write(buf)) await new Promise((r) => sink.once("drain", r));
      buf = "";
    }
  }
  sink.end(buf);
  await done;
  fs.renameSync(tmp, file);
}

function* eventLines(p: SampleProduct, counter: { n: number }): Generator<string> {
  yield EVENTS_HEADER;
  const g = (p as SampleProduct & { [GENERATION]: Generation })[GENERATION];
  const ids = g.plans.map((u) => u.id + ",");
  const kinds = g.catalog.map((k) => "," + k + ",");
  for (const b of eventBatches(g)) {
    counter.n += b.n;
    let chunk = "";
    for (let j = 0; j < b.n; j++) {
      const v = b.value[j]!;
      chunk +=
        ids[b.user[j]!]! +
        b.datePrefix +
        timeOfDay(b.sec[j]!) +
        "Z" +
        kinds[b.kind[j]!]! +
        PLATFORM_NAMES[b.platform[j]!]! +
        (Number.isNaN(v) ? ",\n" : "," + v + "\n");
      if (chunk.length > 1 << 20) {
        yield chunk;
        chunk = "";
      }
    }
    yield chunk;
  }
}

/**
 * Generates the sample product and writes it to `dir`: `events.csv.gz` (columns
 * `user_id,timestamp,event,platform,value`; or `events.parquet`), `users.csv` (user_id,
 * signup_date, plan, country, company_size, platform, survey_goal, survey_expertise) and
 * `ground_truth.csv` (user_id, persona) — the planted answer, which the pipeline never reads.
 * A later `snapshot` adds `previous_persona` to the ground truth (the persona in window 0), and
 * `experiment` adds `arm` and `converted` to `users.csv`.
 * Events are streamed to disk, so millions of rows need little memory. Files are written
 * atomically; the same options give the same bytes.
 *
 * @param dir - output folder (created if missing).
 * @param options - generator options plus `format` and `gzip`.
 * @returns the files written and the row counts.
 * @throws RangeError for bad options (see `generateSampleProduct`).
 * @example
 * await writeSampleProduct("data/sample", { users: 2000, seed: 42 });
 * // => { files: ["data/sample/events.csv.gz", "data/sample/users.csv", "data/sample/ground_truth.csv"], … }
 */
export async function writeSampleProduct(
  dir: string,
  options: WriteSampleOptions = {},
): Promise<WrittenSample> {
  const format = options.format ?? "csv";
  if (format !== "csv" && format !== "parquet") throw new RangeError(msg.badFormat(String(format)));
  const p = generateSampleProduct(options);
  fs.mkdirSync(dir, { recursive: true });
  const counter = { n: 0 };
  let eventsFile: string;
  if (format === "csv") {
    const gzip = options.gzip ?? true;
    eventsFile = path.join(dir, gzip ? "events.csv.gz" : "events.csv");
    await writeAtomic(eventsFile, eventLines(p, counter), gzip);
  } else {
    eventsFile = path.join(dir, "events.parquet");
    const tmpCsv = path.join(dir, `.events-${process.pid}.csv`);
    const tmpPq = `${eventsFile}.tmp-${process.pid}`;
    try {
      await writeAtomic(tmpCsv, eventLines(p, counter), false);
      const db = await openDatabase();
      try {
        await db.run(
          `COPY (SELECT * FROM read_csv(${quoteLiteral(tmpCsv)}, header = true, columns = {
             'user_id': 'VARCHAR', 'timestamp': 'TIMESTAMP', 'event': 'VARCHAR',
             'platform': 'VARCHAR', 'value': 'DOUBLE'})) TO ${quoteLiteral(tmpPq)} (FORMAT parquet)`,
        );
      } finally {
        db.close();
      }
      fs.renameSync(tmpPq, eventsFile);
    } finally {
      fs.rmSync(tmpCsv, { force: true });
      fs.rmSync(tmpPq, { force: true });
    }
  }
  const usersFile = path.join(dir, "users.csv");
  const cols = [
    "user_id",
    "signup_date",
    "plan",
    "country",
    "company_size",
    "platform",
    "survey_goal",
    "survey_expertise",
    // The experiment's columns only when asked: the default sample's bytes stay as they were.
    ...(options.experiment === true ? (["arm", "converted"] as const) : []),
  ] as const;
  await writeAtomic(
    usersFile,
    [
      cols.join(",") + "\n",
      ...p.users.map((u) => cols.map((c) => csvCell(u[c] ?? null)).join(",") + "\n"),
    ],
    false,
  );
  const truthFile = path.join(dir, "ground_truth.csv");
  const later = (options.snapshot ?? 0) > 0 || options.moves === "reshuffle";
  await writeAtomic(
    truthFile,
    [
      later ? "user_id,persona,previous_persona\n" : "user_id,persona\n",
      ...p.groundTruth.map((g) =>
        later ? `${g.user_id},${g.persona},${g.previous}\n` : `${g.user_id},${g.persona}\n`,
      ),
    ],
    false,
  );
  return { files: [eventsFile, usersFile, truthFile], users: p.users.length, events: counter.n };
}
