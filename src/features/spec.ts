import { z } from "zod";
import { SegmentLabError } from "../errors.js";
import * as msg from "./messages.js";

/** An ISO 8601 date (`2024-03-01`, midnight UTC) or date-time (`2024-03-01T12:00:00Z`; no zone = UTC). */
const isoInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/, {
    message: "expected an ISO 8601 date or date-time such as 2024-03-01 or 2024-03-01T12:00:00Z",
    abort: true,
  })
  .refine(isRealDate, "not a real calendar date");

/** True when the date part exists in the calendar (V8 would roll 2024-02-31 over to March 2). */
function isRealDate(s: string): boolean {
  const [y, m, d] = s.slice(0, 10).split("-").map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

const empty = z.strictObject({});

const windowSchema = z
  .strictObject({
    /** First instant inside the window (inclusive). Default: the earliest event. */
    from: isoInstant.optional(),
    /** Window end (exclusive). Default: the latest event (inclusive). */
    to: isoInstant.optional(),
    /** Window = the `lastDays` days before `asOf` (or before the latest event). */
    lastDays: z.number().int().positive().max(36500).optional(),
    /** End of a `lastDays` window (exclusive). Default: the latest event (inclusive). */
    asOf: isoInstant.optional(),
  })
  .superRefine((w, ctx) => {
    if (w.lastDays !== undefined && w.from !== undefined)
      ctx.addIssue({ code: "custom", message: msg.windowLastDaysWithFrom(), path: ["lastDays"] });
    if (w.asOf !== undefined && w.lastDays === undefined)
      ctx.addIssue({ code: "custom", message: msg.windowAsOfWithoutLastDays(), path: ["asOf"] });
    if (w.lastDays !== undefined && w.to !== undefined)
      ctx.addIssue({ code: "custom", message: msg.windowLastDaysWithFrom(), path: ["to"] });
    if (
      w.from !== undefined &&
      w.to !== undefined &&
      Date.parse(toUtcIso(w.from)) >= Date.parse(toUtcIso(w.to))
    )
      ctx.addIssue({ code: "custom", message: msg.windowEmpty(w.from, w.to), path: ["to"] });
  });

const eventsFamilySchema = z
  .strictObject({
    /** The event kinds to count, in this order. */
    events: z.array(z.string()).min(1).optional(),
    /** Or: the N most frequent kinds in the log (ties by name). Default 10. */
    top: z.number().int().positive().max(1000).optional(),
    /** Also emit each kind's share of the user's events (default true). */
    shares: z.boolean().optional(),
  })
  .superRefine((e, ctx) => {
    if (e.events !== undefined && e.top !== undefined)
      ctx.addIssue({ code: "custom", message: msg.eventsBothListAndTop(), path: ["top"] });
  });

const familiesSchema = z.strictObject({
  activity: empty.optional(),
  sessions: empty.optional(),
  frequency: empty.optional(),
  recency: empty.optional(),
  tenure: z
    .strictObject({
      /** A TIMESTAMP column of `users` (e.g. signup_date); default: the user's first event. */
      signupColumn: z.string().min(1).optional(),
    })
    .optional(),
  breadth: empty.optional(),
  events: eventsFamilySchema.optional(),
  time_mix: empty.optional(),
  value: z
    .strictObject({
      /** Add recency/frequency/monetary quintile scores (default true). */
      rfm: z.boolean().optional(),
    })
    .optional(),
  trend: empty.optional(),
});

/**
 * The zod schema of a {@link FeatureSpec}. Unknown keys are errors (a typo must not be ignored).
 */
export const featureSpecSchema = z
  .strictObject({
    /** Spec format version; only 1 exists. */
    version: z.literal(1).default(1),
    /** `"events"`: features from the event log (+ users); `"table"`: columns of a per-user table. */
    source: z.enum(["events", "table"]).default("events"),
    window: windowSchema.optional(),
    /** A gap longer than this many minutes between two events starts a new session (default 30). */
    sessionGapMinutes: z.number().positive().max(10080).default(30),
    /**
     * Which feature families to compute; a family is on when its key is present. Default (events):
     * {@link DEFAULT_FAMILIES}.
     */
    families: familiesSchema.optional(),
    /** Columns of `users` to join: numeric/date ones become features, the rest categorical. */
    attributes: z.array(z.string().min(1)).default([]),
    /** For source "table": the numeric columns to use as features (default: all numeric ones). */
    table: z.strictObject({ columns: z.array(z.string().min(1)).min(1).optional() }).optional(),
  })
  .superRefine((s, ctx) => {
    if (s.source === "table") {
      const fams = Object.keys(s.families ?? {});
      if (fams.length > 0)
        ctx.addIssue({
          code: "custom",
          message: msg.tableSpecWithFamilies(fams),
          path: ["families"],
        });
    }
  });

type Families = z.output<typeof familiesSchema>;

/**
 * The families computed when an events spec has no `families` key: everything that needs only
 * the event log (value/RFM needs a value column and is added by {@link inferFeatureSpec}).
 */
export const DEFAULT_FAMILIES: Readonly<Families> = Object.freeze({
  activity: {},
  sessions: {},
  frequency: {},
  recency: {},
  tenure: {},
  breadth: {},
  events: { top: 10 },
  time_mix: {},
  trend: {},
});

/**
 * A declarative description of the per-user features to compute (plain JSON, safe to save, edit
 * and rerun). Families are switched on by their key: `{"families": {"activity": {}}}`.
 *
 * Time semantics (all UTC): the window is `[from, to)`; when `to` is absent it ends at and
 * includes the latest event. `lastDays: N` means `[end − N days, end)`, with `end = asOf` or the
 * latest event.
 */
export type FeatureSpec = z.input<typeof featureSpecSchema>;

/** A validated spec with every default filled in. */
export type ResolvedFeatureSpec = Omit<z.output<typeof featureSpecSchema>, "families"> & {
  families: Families;
};

/**
 * Validates a FeatureSpec (an object or JSON text) and fills in its defaults.
 *
 * @param input - The spec as an object, or JSON text (e.g. a file's content).
 * @param source - Where it came from, for messages (default `"spec"`, e.g. the file name).
 * @returns The spec with defaults (`version: 1`, `source: "events"`, `sessionGapMinutes: 30`, …).
 * @throws SegmentLabError naming the field path and its value, e.g.
 *   `spec: window.lastDays = -3: Too small: expected number to be >0`.
 * @example
 * parseFeatureSpec({ families: { activity: {} } }).sessionGapMinutes; // => 30
 */
export function parseFeatureSpec(input: unknown, source = "spec"): ResolvedFeatureSpec {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input) as unknown;
    } catch (e) {
      throw new SegmentLabError(msg.specNotJson(source, (e as Error).message));
    }
  }
  const result = featureSpecSchema.safeParse(value, { reportInput: true });
  if (result.success) {
    const families =
      result.data.families ?? (result.data.source === "events" ? structuredClone(DEFAULT_FAMILIES) : {}); // prettier-ignore
    return { ...result.data, families };
  }
  const lines = result.error.issues.map((issue) => {
    const path = issue.path.length === 0 ? "(top level)" : issue.path.map(String).join(".");
    // Objects (the parent of an unknown key) are not worth echoing; scalars are.
    const shown = typeof issue.input === "object" ? undefined : issue.input;
    return msg.specInvalid(source, path, issue.message, shown);
  });
  throw new SegmentLabError(lines.join("\n"));
}

/**
 * Normalizes a spec date/time to a full ISO instant in UTC (`2024-03-01` → `2024-03-01T00:00:00.000Z`).
 *
 * @example
 * toUtcIso("2024-03-01"); // => "2024-03-01T00:00:00.000Z"
 */
export function toUtcIso(s: string): string {
  let t = s.replace(" ", "T");
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) t += "T00:00:00";
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(t)) t += "Z";
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) return t;
  // Keep microseconds the Date type cannot hold.
  const micro = /\.\d{4,6}/.exec(t);
  const iso = new Date(ms).toISOString();
  return micro ? iso.replace(/\.\d{3}Z$/, `${micro[0].padEnd(7, "0")}Z`) : iso;
}
