/** How the columns of a raw export map onto SegmentLab's canonical event table. */
export interface ColumnMapping {
  /** Column holding the user id (default: inferred — user_id, userId, customer_id, CustomerID, …). */
  userCol?: string;
  /** Column holding the event time (default: inferred — timestamp, ts, time, event_time, date, …). */
  timeCol?: string;
  /** Column holding the event name; absent means a log of one event kind (e.g. a purchase log). */
  eventCol?: string;
  /**
   * Column holding a numeric value per event (revenue, amount); drives the value/RFM features.
   * `"Quantity*UnitPrice"` (names joined by `*`) means the product, as `valueFrom`.
   */
  valueCol?: string;
  /**
   * The value is the product of these numeric columns, e.g. `["Quantity", "UnitPrice"]` for an
   * invoice-line log (negative quantities, i.e. cancellations, give negative values, kept as is).
   * Takes the place of `valueCol`; a cell that is not a number rejects the row.
   */
  valueFrom?: string[];
  /** Extra columns to keep as event properties (platform, …). */
  properties?: string[];
  /** Column names for a headerless file, in file order. */
  columns?: string[];
  /** Field delimiter; default sniffed. `"whitespace"` splits on runs of spaces/tabs. */
  delimiter?: string;
  /** strptime-style format for the time column, e.g. `%Y%m%d`; default: ISO, epoch s or ms sniffed. */
  timeFormat?: string;
}

/** One input row that was rejected on purpose, with where it came from. */
export interface RejectedRow {
  file: string;
  /** 1-based line number in the file (header = line 1). */
  line: number;
  column?: string;
  value?: string;
  reason: string;
}

/** What a load read, kept, and rejected (and why) — shown to the user, stored in the model. */
export interface LoadReport {
  files: string[];
  rowsRead: number;
  rowsLoaded: number;
  /** Counts of rejected rows by reason, e.g. `{ "missing user id": 135080 }`. */
  rejectedByReason: Record<string, number>;
  /** The first few rejected rows (at most 10 per reason). */
  examples: RejectedRow[];
  /** Distinct users in the loaded table. */
  users: number;
  /** Earliest and latest event time, ISO 8601 UTC (events only). */
  minTime?: string;
  maxTime?: string;
  /** Non-fatal observations (e.g. "no event column: treated as one event kind 'event'"). */
  notes: string[];
}
