import { quoteLiteral } from "./database.js";

/** How a time column is parsed (decided once per load from a sample of values). */
export interface TimeParse {
  /** SQL turning the raw column expression `x` into a UTC TIMESTAMP (NULL when unparseable). */
  expr: (x: string) => string;
  /** Note for the report, if the choice was sniffed. */
  note?: string;
}

const EPOCH_UNITS: { min: number; unit: string; toMicros: string }[] = [
  { min: 1e17, unit: "nanoseconds", toMicros: "/ 1000" },
  { min: 1e14, unit: "microseconds", toMicros: "" },
  { min: 1e11, unit: "milliseconds", toMicros: "* 1000" },
  { min: 0, unit: "seconds", toMicros: "* 1000000" },
];

function epochExpr(x: string, toMicros: string): string {
  return `make_timestamp(TRY_CAST(round(TRY_CAST(${x} AS DOUBLE) ${toMicros}) AS BIGINT))`;
}

function isYmd(v: string): boolean {
  if (!/^\d{8}$/.test(v)) return false;
  const y = Number(v.slice(0, 4));
  const m = Number(v.slice(4, 6));
  const d = Number(v.slice(6, 8));
  return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/**
 * Chooses how to parse a time column from its DuckDB type and a sample of its values:
 * an explicit strptime format wins; typed timestamps/dates are used as they are; numbers are
 * epoch seconds/milliseconds/micro/nanoseconds by magnitude (a value ≥ 1e11 cannot be seconds
 * before the year 5000, so it is milliseconds); 8-digit values that are valid dates are
 * YYYYMMDD; anything else is an ISO-8601 string, read as TIMESTAMPTZ (then UTC) only when it
 * carries a numeric zone offset, since a plain cast would drop the offset.
 */
export function chooseTimeParse(
  column: string,
  type: string,
  sample: string[],
  timeFormat: string | undefined,
): TimeParse {
  if (timeFormat !== undefined) {
    const f = quoteLiteral(timeFormat);
    return { expr: (x) => `CAST(try_strptime(CAST(${x} AS VARCHAR), ${f}) AS TIMESTAMP)` };
  }
  const t = type.toUpperCase();
  if (
    t === "TIMESTAMP" ||
    t.startsWith("TIMESTAMP_") ||
    t === "DATE" ||
    t.startsWith("TIMESTAMP WITH")
  )
    return { expr: (x) => `CAST(${x} AS TIMESTAMP)` };
  const vals = sample.map((v) => v.trim()).filter((v) => v.length > 0);
  if (vals.length > 0 && vals.every(isYmd)) {
    return {
      expr: (x) => `CAST(try_strptime(CAST(${x} AS VARCHAR), '%Y%m%d') AS TIMESTAMP)`,
      note: `ymd:${column}`,
    };
  }
  if (vals.length > 0 && vals.every((v) => /^-?\d+(\.\d+)?$/.test(v))) {
    const maxAbs = Math.max(...vals.map((v) => Math.abs(Number(v))));
    const u = EPOCH_UNITS.find((e) => maxAbs >= e.min)!;
    return { expr: (x) => epochExpr(x, u.toMicros), note: `epoch:${column}:${u.unit}` };
  }
  const zoned = vals.some((v) => /\d\d:\d\d(:\d\d(\.\d+)?)?\s*[+-]\d\d(:?\d\d)?$/.test(v));
  if (zoned) return { expr: (x) => `CAST(TRY_CAST(${x} AS TIMESTAMPTZ) AS TIMESTAMP)` };
  return { expr: (x) => `TRY_CAST(${x} AS TIMESTAMP)` };
}
