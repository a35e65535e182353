import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SegmentLabError } from "../errors.js";
import { quoteLiteral, type Database } from "./database.js";
import * as msg from "./messages.js";

/** How one input file is read. Internal to `io/`. */
export type SourceFormat = "csv" | "whitespace" | "json" | "parquet" | "rows";

/** One resolved input file. */
export interface SourceFile {
  /** Path given to DuckDB. */
  path: string;
  /** Name shown in reports (the path as given, or "rows" for in-memory input). */
  label: string;
  format: SourceFormat;
}

/** Reader options shared by events and users. */
export interface ReadOptions {
  delimiter?: string;
  columns?: string[];
}

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * Expands files and globs (via DuckDB's `glob()`), checks that every file exists, and picks the
 * format from the extension (`.parquet`, `.jsonl`/`.ndjson`/`.json`, otherwise delimited text).
 */
export async function resolveFiles(
  db: Database,
  sources: string[],
  delimiter: string | undefined,
): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  for (const s of sources) {
    let paths: string[];
    if (GLOB_CHARS.test(s) && !fs.existsSync(s)) {
      const rows = await db.query<{ file: string }>(
        `SELECT file FROM glob(${quoteLiteral(s)}) ORDER BY file`,
      );
      paths = rows.map((r) => r.file);
      if (paths.length === 0) throw new SegmentLabError(msg.globMatchedNothing(s));
    } else {
      if (!fs.existsSync(s) || !fs.statSync(s).isFile())
        throw new SegmentLabError(msg.fileNotFound(s));
      paths = [s];
    }
    for (const p of paths) out.push({ path: p, label: p, format: formatOf(p, delimiter) });
  }
  return out;
}

function formatOf(file: string, delimiter: string | undefined): SourceFormat {
  const f = file.toLowerCase().replace(/\.(gz|gzip|zst)$/, "");
  if (f.endsWith(".parquet") || f.endsWith(".pq")) return "parquet";
  if (f.endsWith(".jsonl") || f.endsWith(".ndjson") || f.endsWith(".json")) return "json";
  if (delimiter !== undefined && /^(whitespace|\\s\+?|spaces?)$/i.test(delimiter))
    return "whitespace";
  return "csv";
}

/** Normalises a user-given delimiter: `tab`/`\t` → tab; checks it is one character. */
export function normaliseDelimiter(d: string | undefined): string | undefined {
  if (d === undefined) return undefined;
  if (/^(whitespace|\\s\+?|spaces?)$/i.test(d)) return "whitespace";
  if (d === "tab" || d === "\\t") return "\t";
  if (d === "semicolon") return ";";
  if (d === "comma") return ",";
  if (d === "pipe") return "|";
  if (d.length !== 1) throw new RangeError(msg.badDelimiter(d));
  return d;
}

/**
 * Writes in-memory rows to a temporary JSON-lines file so they load through exactly the same
 * DuckDB path as files. Dates become ISO strings. Returns the file and a cleanup function.
 */
export function rowsToTempFile(rows: Record<string, unknown>[]): {
  file: SourceFile;
  cleanup: () => void;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "segmentlab-rows-"));
  const p = path.join(dir, "rows.jsonl");
  const parts: string[] = [];
  // Union of keys, so that a key missing from the first rows still becomes a column.
  const keys = new Set<string>();
  rows.forEach((r, i) => {
    if (r === null || typeof r !== "object" || Array.isArray(r))
      throw new TypeError(msg.rowsNotObjects(i));
    for (const k of Object.keys(r)) keys.add(k);
  });
  const keyList = [...keys];
  for (const r of rows) {
    const o: Record<string, unknown> = {};
    for (const k of keyList) {
      const v = r[k];
      o[k] = v instanceof Date ? v.toISOString() : typeof v === "bigint" ? Number(v) : (v ?? null);
    }
    parts.push(JSON.stringify(o));
  }
  fs.writeFileSync(p, parts.join("\n") + "\n");
  return {
    file: { path: p, label: "rows", format: "rows" },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

let counter = 0;
/** A fresh name for a temporary table (rejects tables, staging). */
export function tempName(prefix: string): string {
  counter += 1;
  return `_sl_${prefix}_${process.pid}_${counter}`;
}

/** SQL list literal of strings. */
export function sqlList(values: string[]): string {
  return `[${values.map(quoteLiteral).join(", ")}]`;
}

/** The relation (a `FROM` item) that reads one file with every column as text where possible. */
export function relationSql(
  file: SourceFile,
  opts: ReadOptions,
  rejects?: { table: string; scan: string },
): string {
  const p = quoteLiteral(file.path);
  switch (file.format) {
    case "parquet":
      return `read_parquet(${p})`;
    case "json":
    case "rows":
      return `read_json(${p}, format = 'newline_delimited', records = true)`;
    case "whitespace":
      return linesSql(file, true);
    case "csv": {
      const args = [p, "all_varchar = true"];
      if (opts.delimiter !== undefined) args.push(`delim = ${quoteLiteral(opts.delimiter)}`);
      if (opts.columns !== undefined) {
        args.push("header = false", `names = ${sqlList(opts.columns)}`);
      }
      // Without a rejects table (describing, sampling) the reader still tolerates ragged rows,
      // which otherwise make DuckDB's sniffer give up on a small file.
      if (rejects === undefined) args.push("ignore_errors = true");
      else {
        args.push(
          "store_rejects = true",
          `rejects_table = ${quoteLiteral(rejects.table)}`,
          `rejects_scan = ${quoteLiteral(rejects.scan)}`,
        );
      }
      return `read_csv(${args.join(", ")})`;
    }
  }
}

/**
 * Reads a text file as one row per physical line (blank lines kept as NULL rows), in file
 * order. Used for whitespace-separated files and to turn record numbers into line numbers.
 */
export function linesSql(file: SourceFile, parallel: boolean): string {
  return (
    `read_csv(${quoteLiteral(file.path)}, columns = {'l': 'VARCHAR'}, delim = '\\x01', ` +
    `quote = '', escape = '', header = false, auto_detect = false, ` +
    `parallel = ${parallel ? "true" : "false"})`
  );
}
