import { quoteLiteral, type Database } from "./database.js";
import { linesSql, type ReadOptions, type SourceFile } from "./source.js";

/** Number of header lines DuckDB uses for a delimited file (0 when names are given). */
export async function headerLines(
  db: Database,
  file: SourceFile,
  opts: ReadOptions,
): Promise<number> {
  if (opts.columns !== undefined) return 0;
  if (file.format === "whitespace") return 1;
  if (file.format !== "csv") return 0;
  const args = [quoteLiteral(file.path)];
  if (opts.delimiter !== undefined) args.push(`delim = ${quoteLiteral(opts.delimiter)}`);
  const r = await db.query<{ HasHeader: boolean }>(
    `SELECT HasHeader FROM sniff_csv(${args.join(", ")})`,
  );
  return r[0]?.HasHeader === false ? 0 : 1;
}

/**
 * Turns record numbers (1-based, counting the records the reader returned, in file order) into
 * 1-based physical line numbers: the file is re-read one line per row, header, blank and
 * reader-rejected lines are skipped, and the n-th remaining line is record n. Exact unless a
 * quoted field spans lines. Only run when a file has rejected rows to show, on that file alone.
 */
export async function recordLines(
  db: Database,
  file: SourceFile,
  ordinals: number[],
  header: number,
  rejectedLines: number[],
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (ordinals.length === 0) return out;
  if (file.format === "parquet" || file.format === "rows") {
    for (const o of ordinals) out.set(o, o);
    return out;
  }
  const skip = rejectedLines.length > 0 ? `AND line NOT IN (${rejectedLines.join(", ")})` : "";
  const rows = await db.query<{ rn: bigint; line: bigint }>(
    `SELECT rn, line FROM (
       SELECT line, row_number() OVER (ORDER BY line) AS rn FROM (
         SELECT row_number() OVER () AS line, l FROM ${linesSql(file, false)}
       ) WHERE line > ${header} AND l IS NOT NULL AND trim(l, ' \t\r') <> '' ${skip}
     ) WHERE rn IN (${ordinals.join(", ")})`,
  );
  for (const r of rows) out.set(Number(r.rn), Number(r.line));
  return out;
}
