import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { discover, type DiscoverResult } from "../../src/pipeline.js";

/** Ids that break naive CSV and spreadsheets: newline, CR, comma, quote, formula. */
export const HOSTILE_IDS = [
  "line\nbreak",
  "carriage\rreturn",
  "comma,id",
  'quote"id',
  "=cmd|' /C calc'!A0",
  "+1",
  "@SUM(A1)",
  "naïve ünïcödé",
];

/** A small per-user table: three clear groups, hostile ids among the users. */
export function tableRows(n = 150): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const g = i % 3;
    const id = i < HOSTILE_IDS.length ? HOSTILE_IDS[i]! : `u${String(i).padStart(4, "0")}`;
    rows.push({
      user_id: id,
      a: g * 10 + ((i * 7) % 5) / 5,
      b: (2 - g) * 10 + ((i * 3) % 5) / 5,
      c: g === 1 ? 20 + ((i * 11) % 7) / 7 : ((i * 13) % 7) / 7,
    });
  }
  return rows;
}

/** A quick discovery (k = 3, no scan) on {@link tableRows}. */
export async function quickRun(n = 150): Promise<DiscoverResult> {
  return discover(
    { table: tableRows(n), tableId: "user_id" },
    {
      k: 3,
      seed: 0,
      stabilityB: 0,
      scan: { gap: false, stability: false },
      createdAt: "2026-12-01T00:00:00Z",
    },
  );
}

/** A fresh temporary folder. */
export function tempDir(prefix = "segmentlab-fault-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** SHA-256 of every file under `dir` (or of one file), by relative path. */
export function hashTree(p: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (q: string, rel: string) => {
    const st = fs.statSync(q);
    if (st.isDirectory())
      for (const e of fs.readdirSync(q).sort()) walk(path.join(q, e), rel ? `${rel}/${e}` : e);
    else
      out[rel || path.basename(q)] = createHash("sha256").update(fs.readFileSync(q)).digest("hex");
  };
  walk(p, "");
  return out;
}

/** Writes a plain per-user table (numeric columns a, b, c; ids u0000…) as CSV; returns its path. */
export function writeTableCsv(file: string, n = 90): string {
  const rows = tableRows(n + HOSTILE_IDS.length).slice(HOSTILE_IDS.length);
  const text = [
    "user_id,a,b,c",
    ...rows.map(
      (r) => `${String(r["user_id"])},${String(r["a"])},${String(r["b"])},${String(r["c"])}`,
    ),
  ];
  fs.writeFileSync(file, text.join("\n") + "\n");
  return file;
}
