import * as fs from "node:fs";
import * as path from "node:path";
import { SegmentLabError } from "../errors.js";
import { openDatabase } from "../io/database.js";
import { duckdbDialect } from "./dialect.js";
import * as msg from "./messages.js";
import type { FeatureTable } from "./types.js";

/** Options of {@link writeFeatureTable}. */
export interface WriteFeatureTableOptions {
  /** Input files the output must never replace (default none). */
  inputs?: string[];
}

/**
 * Writes a FeatureTable to `.csv` or `.parquet`: a `user_id` column, one column per feature
 * (missing = empty cell / NULL), then the categorical attributes. The file is written to a
 * temporary name in the same folder and renamed into place, so a crash never leaves half a file.
 *
 * CSV numbers use JavaScript's shortest round-trip form, so reading them back is exact.
 *
 * @param table - The features.
 * @param file - Output path ending in `.csv` or `.parquet`.
 * @param options - `inputs`: paths the output must not overwrite.
 * @returns The absolute path written.
 * @throws SegmentLabError for another extension or when `file` is one of `inputs`;
 *   TypeError when a column's length differs from the number of ids.
 * @example
 * await writeFeatureTable(table, "out/features.csv"); // => "/abs/out/features.csv"
 */
export async function writeFeatureTable(
  table: FeatureTable,
  file: string,
  options: WriteFeatureTableOptions = {},
): Promise<string> {
  const ext = path.extname(file).toLowerCase();
  if (ext !== ".csv" && ext !== ".parquet") throw new SegmentLabError(msg.badOutputExtension(file));
  const target = path.resolve(file);
  for (const input of options.inputs ?? []) {
    if (samePath(input, target)) throw new SegmentLabError(msg.outputIsInput(file));
  }
  const n = table.ids.length;
  table.columns.forEach((c, j) => {
    if (c.length !== n) throw new TypeError(msg.tableShapeMismatch(table.featureNames[j]!, c.length, n)); // prettier-ignore
  });
  table.attributes.forEach((a) => {
    if (a.values.length !== n) throw new TypeError(msg.tableShapeMismatch(a.name, a.values.length, n)); // prettier-ignore
  });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`,
  );
  const csvTmp = ext === ".csv" ? tmp : `${tmp}.csv`;
  try {
    writeCsv(table, csvTmp);
    if (ext === ".parquet") await csvToParquet(table, csvTmp, tmp);
    fs.renameSync(tmp, target);
  } finally {
    for (const f of new Set([tmp, csvTmp])) if (fs.existsSync(f)) fs.rmSync(f);
  }
  return target;
}

function samePath(a: string, b: string): boolean {
  const ra = path.resolve(a);
  if (ra === b) return true;
  try {
    return fs.existsSync(b) && fs.realpathSync(ra) === fs.realpathSync(b);
  } catch {
    return false;
  }
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function writeCsv(table: FeatureTable, file: string): void {
  const header = ["user_id", ...table.featureNames, ...table.attributes.map((a) => a.name)];
  const fd = fs.openSync(file, "w");
  try {
    const lines: string[] = [header.map(csvCell).join(",")];
    const flush = () => {
      fs.writeSync(fd, lines.join("\n") + "\n");
      lines.length = 0;
    };
    const nf = table.columns.length;
    for (let i = 0; i < table.ids.length; i++) {
      const cells: string[] = [csvCell(table.ids[i]!)];
      for (let j = 0; j < nf; j++) {
        const v = table.columns[j]![i]!;
        cells.push(Number.isNaN(v) ? "" : String(v));
      }
      for (const a of table.attributes) {
        const v = a.values[i];
        cells.push(v === null || v === undefined ? "" : csvCell(v));
      }
      lines.push(cells.join(","));
      if (lines.length >= 10000) flush();
    }
    flush();
  } finally {
    fs.closeSync(fd);
  }
}

async function csvToParquet(table: FeatureTable, csv: string, out: string): Promise<void> {
  const d = duckdbDialect;
  const types = [
    `${d.quoteString("user_id")}: 'VARCHAR'`,
    ...table.featureNames.map((f) => `${d.quoteString(f)}: 'DOUBLE'`),
    ...table.attributes.map((a) => `${d.quoteString(a.name)}: 'VARCHAR'`),
  ];
  const db = await openDatabase({ threads: 1 });
  try {
    await db.run(
      `COPY (SELECT * FROM read_csv(${d.quoteString(csv)}, header = true, delim = ',', quote = '"', escape = '"', nullstr = '', columns = {${types.join(", ")}})) TO ${d.quoteString(out)} (FORMAT parquet)`,
    );
  } finally {
    db.close();
  }
}
