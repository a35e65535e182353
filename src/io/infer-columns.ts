/**
 * Name-based column inference for real exports: which column is the user id, the time, the
 * event name, the value. Matching ignores case and punctuation (`CustomerID` = `customer_id`).
 */

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Candidate names per role, most specific first. */
export const COLUMN_CANDIDATES = {
  user: [
    "userid",
    "user",
    "customerid",
    "custid",
    "customer",
    "clientid",
    "accountid",
    "memberid",
    "visitorid",
    "distinctid",
    "anonymousid",
    "personid",
    "uid",
  ],
  time: [
    "timestamp",
    "ts",
    "eventtime",
    "eventtimestamp",
    "time",
    "datetime",
    "invoicedate",
    "eventdate",
    "createdat",
    "occurredat",
    "date",
  ],
  event: [
    "event",
    "eventname",
    "eventtype",
    "behavior",
    "behaviour",
    "behaviortype",
    "behaviourtype",
    "action",
    "activity",
  ],
  id: ["id", "rowid", "rownames", "key"],
  value: ["value", "revenue", "amount", "dollarvalue", "eventvalue", "price"],
} as const;

/**
 * Finds the column playing `role` among `columns` by name.
 *
 * @param columns - the file's column names.
 * @param role - which canonical column to look for.
 * @returns the column name as spelled in the file, or undefined.
 * @example
 * inferColumn(["InvoiceNo", "InvoiceDate", "CustomerID"], "user"); // => "CustomerID"
 */
export function inferColumn(
  columns: readonly string[],
  role: keyof typeof COLUMN_CANDIDATES,
): string | undefined {
  const byNorm = new Map<string, string>();
  for (const c of columns) if (!byNorm.has(norm(c))) byNorm.set(norm(c), c);
  for (const cand of COLUMN_CANDIDATES[role]) {
    const hit = byNorm.get(cand);
    if (hit !== undefined) return hit;
  }
  return undefined;
}
