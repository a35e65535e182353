import { SegmentLabError } from "../errors.js";
import type { Database } from "../io/database.js";
import * as msg from "./messages.js";

/** A calendar granularity of cohorts and periods. */
export type Granularity = "day" | "week" | "month";

/** Options of {@link cohortRetention}. */
export interface RetentionOptions {
  /** Cohorts group users by the calendar day, week (ISO, from Monday) or month of their first event (default "week"). */
  cohort?: Granularity;
  /** Periods since each user's first event are counted in days, weeks or months (default "week"). */
  period?: Granularity;
}

/** One cell of a retention triangle. */
export interface RetentionCell {
  /** Segment id, or "all" for every user. */
  segment: number | "all";
  /** The segment's name ("All users" for "all"). */
  name: string;
  /** First day of the cohort (YYYY-MM-DD). */
  cohort: string;
  /** Periods since the user's first event (0 = the period of the first event). */
  period: number;
  /** Users of the cohort (and segment) whose period p is complete in the log. */
  users: number;
  /** Of them, users with an event in this period. */
  retained: number;
  /** retained / users. */
  share: number;
}

/** What {@link cohortRetention} computed. */
export interface RetentionTable {
  cohort: Granularity;
  period: Granularity;
  /** Every cell: per segment then overall, cohorts in time order, periods 0… up to the last observable one. */
  cohorts: RetentionCell[];
}

/**
 * Checks a cohort or period granularity.
 *
 * @throws {SegmentLabError} naming the option and value.
 * @example
 * checkGranularity("cohort", "week"); // => "week"
 */
export function checkGranularity(name: string, g: string): Granularity {
  if (g === "day" || g === "week" || g === "month") return g;
  throw new SegmentLabError(msg.badGranularity(name, g));
}

/**
 * Cohort retention by segment: users are grouped into cohorts by the calendar day, week or
 * month of their first event in the log, and counted as retained in period p when they have an
 * event p days, weeks or months (calendar periods, weeks from Monday) after the period of their
 * first event. A user counts in period p only once that period is complete in the log (the log
 * is taken to end with the day of its last event), so `users` shrinks with p: the triangle. Cohorts
 * (when users arrived) and segments (how they behave) are different cuts: the table gives
 * every segment's triangle and the overall one. Computed in DuckDB over the `events` table.
 *
 * @param db - a database with the canonical `events` table.
 * @param segments - each user's segment: ids, segment ids (as `assign` returns them) and names.
 * @param options - cohort and period granularity (see {@link RetentionOptions}).
 * @returns the {@link RetentionTable}.
 * @throws {SegmentLabError} for a bad granularity, or a database without events.
 * @example
 * const r = await cohortRetention(db, { userId: a.userId, segmentId: a.segmentId, names }, { cohort: "week", period: "week" });
 * r.cohorts[0]; // => { segment: 0, name: "Power Users", cohort: "2026-01-05", period: 0, users: 31, retained: 31, share: 1 }
 */
export async function cohortRetention(
  db: Database,
  segments: { userId: readonly string[]; segmentId: ArrayLike<number>; names: readonly string[] },
  options: RetentionOptions = {},
): Promise<RetentionTable> {
  const cohort = checkGranularity("cohort", options.cohort ?? "week");
  const period = checkGranularity("period", options.period ?? "week");
  const has = await db.query<{ n: bigint }>(
    "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'events'",
  );
  if (Number(has[0]!.n) === 0) throw new SegmentLabError(msg.noEvents());
  // Granularities are checked literals above; nothing from the data reaches the SQL text.
  // Per user: the cohort, every period with an event, and the last complete period the log
  // covers (the log is taken to end with the day of its last event). Granularities are
  // checked literals above; nothing from the data reaches the SQL text.
  const cols = await db.queryColumns(`
    WITH f AS (SELECT user_id, min(ts) AS first FROM events GROUP BY user_id),
         stop AS (SELECT date_trunc('day', max(ts)) + INTERVAL 1 DAY AS stop FROM events),
         a AS (
           SELECT DISTINCT e.user_id,
                  date_diff('${period}', date_trunc('${period}', f.first), date_trunc('${period}', e.ts)) AS p
           FROM events e JOIN f USING (user_id))
    SELECT a.user_id, strftime(date_trunc('${cohort}', f.first), '%Y-%m-%d') AS cohort,
           CAST(a.p AS INTEGER) AS p,
           CAST(date_diff('${period}', date_trunc('${period}', f.first), date_trunc('${period}', stop.stop)) - 1 AS INTEGER) AS maxp
    FROM a JOIN f USING (user_id) CROSS JOIN stop
    ORDER BY cohort, a.user_id, p`);
  const users = cols["user_id"] as string[];
  const cohorts = cols["cohort"] as string[];
  const ps = cols["p"] as number[];
  const maxps = cols["maxp"] as number[];
  const segOf = new Map<string, number>();
  for (let i = 0; i < segments.userId.length; i++)
    segOf.set(segments.userId[i]!, segments.segmentId[i]!);
  const k = segments.names.length;
  // Per (group, cohort): users observable and retained per period. Group k = everyone.
  interface Cell {
    group: number;
    cohort: string;
    observable: number[];
    retained: number[];
  }
  const cells = new Map<string, Cell>();
  const grow = (xs: number[], len: number) => {
    while (xs.length < len) xs.push(0);
  };
  let prevUser = "";
  for (let i = 0; i < users.length; i++) {
    const s = segOf.get(users[i]!);
    const firstRow = users[i] !== prevUser;
    prevUser = users[i]!;
    // Period 0 always counts (everyone is active in it); later ones once complete in the log.
    const last = Math.max(0, maxps[i]!);
    for (const group of s === undefined ? [k] : [s, k]) {
      const key = `${group}\u0000${cohorts[i]}`;
      let c = cells.get(key);
      if (c === undefined) {
        c = { group, cohort: cohorts[i]!, observable: [], retained: [] };
        cells.set(key, c);
      }
      if (firstRow) {
        grow(c.observable, last + 1);
        grow(c.retained, last + 1);
        for (let p = 0; p <= last; p++) c.observable[p]!++;
      }
      if (ps[i]! <= last) c.retained[ps[i]!]!++;
    }
  }
  const out: RetentionCell[] = [];
  const sorted = [...cells.values()].sort(
    (a, b) => a.group - b.group || (a.cohort < b.cohort ? -1 : a.cohort > b.cohort ? 1 : 0),
  );
  for (const c of sorted)
    c.observable.forEach((n, p) =>
      out.push({
        segment: c.group === k ? "all" : c.group,
        name: c.group === k ? "All users" : segments.names[c.group]!,
        cohort: c.cohort,
        period: p,
        users: n,
        retained: c.retained[p]!,
        share: n === 0 ? 0 : c.retained[p]! / n,
      }),
    );
  return { cohort, period, cohorts: out };
}

/**
 * The retention table as CSV: `segment,name,cohort,period,users,retained,share`.
 *
 * @example
 * retentionToCsv(r).split("\n")[0]; // => "segment,name,cohort,period,users,retained,share"
 */
export function retentionToCsv(r: RetentionTable): string {
  const q = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  return (
    "segment,name,cohort,period,users,retained,share\n" +
    r.cohorts
      .map((c) =>
        [
          String(c.segment),
          q(c.name),
          c.cohort,
          c.period,
          c.users,
          c.retained,
          c.share.toFixed(6),
        ].join(","),
      )
      .join("\n") +
    "\n"
  );
}
