import type { FeatureContext } from "./context.js";
import { countIf, duckdbDialect, type SqlDialect } from "./dialect.js";
import { toSnakeName, uniqueName } from "./names.js";
import { parseFeatureSpec, toUtcIso, type FeatureSpec, type ResolvedFeatureSpec } from "./spec.js";
import type { FeatureInfo } from "./types.js";

/** The output columns a spec produces, in order: numeric features, then categorical attributes. */
export interface FeaturePlan {
  features: FeatureInfo[];
  /** Names of the categorical attribute columns (the users-table column names). */
  attributes: string[];
}

interface Item {
  info: FeatureInfo;
  /** SQL expression over the final FROM (aliases a, m, u). */
  expr: string;
}

const DAY = 86400;

/**
 * Lists the features a spec produces on data described by `context`, without running anything.
 *
 * @param spec - The feature spec (validated here).
 * @param context - From {@link resolveFeatureContext}.
 * @returns Feature descriptions (name, family, description, unit) and attribute column names.
 * @throws SegmentLabError when the spec is invalid.
 * @example
 * planFeatures({ families: { recency: {} } }, ctx).features[0].name; // => "days_since_last_event"
 */
export function planFeatures(spec: FeatureSpec, context: FeatureContext): FeaturePlan {
  const { items, attributes } = buildItems(parseFeatureSpec(spec), context, duckdbDialect);
  return { features: items.map((i) => i.info), attributes: attributes.map((a) => a.name) };
}

/**
 * Compiles a FeatureSpec to one SQL query returning one row per user (ordered by `user_id`):
 * `user_id`, then one DOUBLE column per feature (NULL = missing), then one text column per
 * categorical attribute. It reads the canonical tables `events` and `users`.
 *
 * Everything is written with standard SQL plus the few {@link SqlDialect} functions, so another
 * dialect computes the same numbers. Every name or value from data or config goes through
 * `dialect.quoteIdent` / `dialect.quoteString`.
 *
 * @param spec - The feature spec (validated here).
 * @param context - From {@link resolveFeatureContext} (top-N events, catalog size, user columns).
 * @param dialect - SQL dialect (default DuckDB).
 * @returns The SQL text.
 * @throws SegmentLabError when the spec is invalid.
 * @example
 * compileFeatureSpec({ families: { activity: {} } }, ctx).startsWith("WITH"); // => true
 */
export function compileFeatureSpec(
  spec: FeatureSpec,
  context: FeatureContext,
  dialect: SqlDialect = duckdbDialect,
): string {
  const s = parseFeatureSpec(spec);
  const { items, attributes, needs } = buildItems(s, context, dialect);
  const q = dialect.quoteIdent;
  const cols = [
    `${s.source === "table" ? "u" : "a"}.${q("user_id")} AS ${q("user_id")}`,
    ...items.map((i) => `${dialect.toDouble(i.expr)} AS ${q(i.info.name)}`),
    ...attributes.map((a) => `${dialect.toText(`u.${q(a.column)}`)} AS ${q(a.alias)}`),
  ];
  if (s.source === "table") {
    return [
      "SELECT",
      "  " + cols.join(",\n  "),
      `FROM ${q("users")} AS u`,
      `ORDER BY u.${q("user_id")}`,
    ].join("\n");
  }
  return compileEvents(s, context, dialect, cols, needs);
}

interface Needs {
  lag: boolean;
  sessionsMedian: boolean;
  users: boolean;
}

/**
 * The raw per-user aggregates the final SELECT reads from CTE `a` (and `m`), in a fixed order;
 * the typed-array engine produces exactly these columns (see aggregate-events.ts).
 * @internal
 */
export interface RawAggregates {
  lag: boolean;
  breadth: boolean;
  events: number;
  timeMix: boolean;
  value: boolean;
  trend: boolean;
  sessionsMedian: boolean;
}

/**
 * Which raw aggregates a spec needs.
 *
 * @param spec - The feature spec.
 * @param context - The resolved context.
 * @returns Flags for each group of raw aggregates.
 * @example
 * rawAggregatesOf({ families: { sessions: {} } }, ctx).sessionsMedian; // => true
 * @internal
 */
export function rawAggregatesOf(spec: FeatureSpec, context: FeatureContext): RawAggregates {
  const s = parseFeatureSpec(spec);
  const { needs } = buildItems(s, context, duckdbDialect);
  return {
    lag: needs.lag,
    breadth: s.families.breadth !== undefined,
    events: context.events.length,
    timeMix: s.families.time_mix !== undefined,
    value: s.families.value !== undefined,
    trend: s.families.trend !== undefined,
    sessionsMedian: needs.sessionsMedian,
  };
}

/**
 * The head of every events query: CTEs `bounds` (t0, t1) and `bounds_s` (e0, e1 epoch seconds),
 * and `ev` (events up to the window end with epoch seconds `es` and in-window flag `inw`).
 *
 * @param spec - The feature spec (its window).
 * @param d - SQL dialect (default DuckDB).
 * @returns The three CTE definitions, to join with `",\n"` after `WITH`.
 * @example
 * compileEventsHead({})[0].startsWith("bounds AS"); // => true
 * @internal
 */
export function compileEventsHead(spec: FeatureSpec, d: SqlDialect = duckdbDialect): string[] {
  const s = parseFeatureSpec(spec);
  const q = d.quoteIdent;
  const w = s.window ?? {};
  const ts = (iso: string) => d.timestampLiteral(toUtcIso(iso));
  // Window end: an explicit end is exclusive; the default end (latest event) is inclusive.
  const explicitEnd = w.to !== undefined || w.asOf !== undefined;
  const t1 = w.to !== undefined ? ts(w.to) : w.asOf !== undefined ? ts(w.asOf) : "x.tmax";
  const t0 =
    w.from !== undefined
      ? ts(w.from)
      : w.lastDays !== undefined
        ? d.addDays(t1, -w.lastDays)
        : "x.tmin";
  const ev = `${q("events")}`;
  const uid = q("user_id");
  const tsc = q("ts");
  return [
    `bounds AS (\n  SELECT ${t0} AS t0, ${t1} AS t1\n  FROM (SELECT MIN(${tsc}) AS tmin, MAX(${tsc}) AS tmax FROM ${ev}) AS x\n)`,
    `bounds_s AS (\n  SELECT t0, t1, ${d.epochSeconds("t0")} AS e0, ${d.epochSeconds("t1")} AS e1 FROM bounds\n)`,
    // Every event up to the window end, flagged in/out of the window: history before the window
    // still counts for recency and tenure (the population is every user seen by the window end).
    [
      "ev AS (",
      `  SELECT e.${uid} AS user_id, e.${q("event")} AS event, e.${q("value")} AS value, e.${tsc} AS ts,`,
      `    ${d.epochSeconds(`e.${tsc}`)} AS es,`,
      `    CASE WHEN e.${tsc} >= b.t0 THEN 1 ELSE 0 END AS inw`,
      `  FROM ${ev} AS e CROSS JOIN bounds AS b`,
      `  WHERE e.${tsc} ${explicitEnd ? "<" : "<="} b.t1`,
      ")",
    ].join("\n"),
  ];
}

/**
 * Compiles the final SELECT over precomputed raw aggregates (a table with `user_id` and the
 * columns of CTE `a`, plus `median_session_minutes`), so a faster engine can produce the
 * aggregates while every derived feature keeps its single SQL definition.
 *
 * @param spec - The feature spec.
 * @param context - The resolved context.
 * @param aggregates - Name of the table holding the raw aggregates.
 * @param dialect - SQL dialect (default DuckDB).
 * @returns The SQL text.
 * @example
 * compileFeatureSpecOver(spec, ctx, "_segmentlab_aggregates").includes('FROM "_segmentlab_aggregates"'); // => true
 * @internal
 */
export function compileFeatureSpecOver(
  spec: FeatureSpec,
  context: FeatureContext,
  aggregates: string,
  dialect: SqlDialect = duckdbDialect,
): string {
  const s = parseFeatureSpec(spec);
  const { items, attributes, needs } = buildItems(s, context, dialect);
  const q = dialect.quoteIdent;
  const cols = [
    `a.${q("user_id")} AS ${q("user_id")}`,
    ...items.map((i) => `${dialect.toDouble(i.expr)} AS ${q(i.info.name)}`),
    ...attributes.map((a) => `${dialect.toText(`u.${q(a.column)}`)} AS ${q(a.alias)}`),
  ];
  return compileEvents(s, context, dialect, cols, needs, aggregates);
}

function compileEvents(
  s: ResolvedFeatureSpec,
  context: FeatureContext,
  d: SqlDialect,
  cols: string[],
  needs: Needs,
  precomputed?: string,
): string {
  const q = d.quoteIdent;
  const gap = s.sessionGapMinutes * 60;
  const uid = q("user_id");
  const ctes: string[] = compileEventsHead(s, d);
  if (precomputed !== undefined) {
    // The head's `ev` is unused here; DuckDB skips unreferenced CTEs.
    ctes.push(`a AS (\n  SELECT * FROM ${q(precomputed)}\n)`);
    if (needs.sessionsMedian)
      ctes.push("m AS (\n  SELECT user_id, median_session_minutes FROM a\n)");
  }
  if (precomputed === undefined) {
    // One ordered pass (per user, in and out of the window separately) gives the previous event's
    // time: new day / new week / new session flags then count distinct days, weeks and sessions
    // with plain sums (far cheaper than COUNT(DISTINCT …) on large logs). Ties have gap 0.
    const src = needs.lag ? "sq" : "ev";
    if (needs.lag)
      ctes.push(
        `sq AS (\n  SELECT ev.*, LAG(es) OVER (PARTITION BY user_id, inw ORDER BY es) AS prev_es FROM ev\n)`,
      );
    const day = (e: string) => `FLOOR(${e} / ${DAY})`;
    // 1970-01-01 was a Thursday: day + 3 puts week boundaries on Mondays (ISO weeks).
    const week = (e: string) => `FLOOR((FLOOR(${e} / ${DAY}) + 3) / 7)`;
    const inw = (cond: string) => countIf(d, `inw = 1 AND ${cond}`);
    const aggs: string[] = [
      `${countIf(d, "inw = 1")} AS n`,
      `MIN(es) AS first_es`,
      `MAX(es) AS last_es`,
      `MIN(CASE WHEN inw = 1 THEN es END) AS first_es_w`,
    ];
    if (needs.lag) {
      aggs.push(`${inw(`(prev_es IS NULL OR ${day("es")} <> ${day("prev_es")})`)} AS days`);
      aggs.push(`${inw(`(prev_es IS NULL OR ${week("es")} <> ${week("prev_es")})`)} AS weeks`);
      aggs.push(`${inw(`(prev_es IS NULL OR es - prev_es > ${gap})`)} AS sessions`);
    }
    if (s.families.breadth !== undefined)
      aggs.push(`COUNT(DISTINCT CASE WHEN inw = 1 THEN event END) AS kinds`);
    context.events.forEach((e, i) => aggs.push(`${inw(`event = ${d.quoteString(e)}`)} AS c${i}`));
    if (s.families.time_mix !== undefined) {
      const dow = d.dayOfWeekIso("ts");
      const hour = d.hourOfDay("ts");
      aggs.push(`${inw(`${dow} >= 6`)} AS weekend`);
      aggs.push(`${inw(`${hour} < 6`)} AS night`);
      aggs.push(`${inw(`${hour} >= 6 AND ${hour} < 12`)} AS morning`);
      aggs.push(`${inw(`${hour} >= 12 AND ${hour} < 18`)} AS afternoon`);
      aggs.push(`${inw(`${hour} >= 18`)} AS evening`);
    }
    if (s.families.value !== undefined) {
      aggs.push(`${inw("value IS NOT NULL")} AS orders`);
      aggs.push(`COALESCE(${d.exactSum("CASE WHEN inw = 1 THEN value END")}, 0) AS value_sum`);
    }
    if (s.families.trend !== undefined) aggs.push(`${inw("es < (b.e0 + b.e1) / 2")} AS first_half`);
    ctes.push(
      `a AS (\n  SELECT user_id,\n    ${aggs.join(",\n    ")}\n  FROM ${src} CROSS JOIN bounds_s AS b\n  GROUP BY user_id\n)`,
    );
    if (needs.sessionsMedian) {
      ctes.push(
        [
          "sid AS (",
          `  SELECT user_id, es, SUM(CASE WHEN prev_es IS NULL OR es - prev_es > ${gap} THEN 1 ELSE 0 END)`,
          // RANGE (not ROWS): tied times are peers and get the same session number whichever of
          // them LAG saw first, so ties never split a session.
          "    OVER (PARTITION BY user_id ORDER BY es RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS s",
          "  FROM sq WHERE inw = 1",
          ")",
        ].join("\n"),
      );
      ctes.push(
        "slen AS (\n  SELECT user_id, s, MAX(es) - MIN(es) AS len FROM sid GROUP BY user_id, s\n)",
      );
      ctes.push(
        `m AS (\n  SELECT user_id, ${d.median("len")} / 60 AS median_session_minutes FROM slen GROUP BY user_id\n)`,
      );
    }
  }
  const from = [
    "FROM a CROSS JOIN bounds_s AS b",
    needs.sessionsMedian ? "LEFT JOIN m ON m.user_id = a.user_id" : "",
    needs.users ? `LEFT JOIN ${q("users")} AS u ON u.${uid} = a.user_id` : "",
  ].filter((x) => x.length > 0);
  return [
    "WITH " + ctes.join(",\n"),
    "SELECT",
    "  " + cols.join(",\n  "),
    ...from,
    "ORDER BY a.user_id",
  ].join("\n");
}

interface AttributeOut {
  /** The users-table column name (also the AttributeColumn name). */
  name: string;
  column: string;
  /** Output column alias in the SQL result. */
  alias: string;
}

function buildItems(
  s: ResolvedFeatureSpec,
  context: FeatureContext,
  d: SqlDialect,
): { items: Item[]; attributes: AttributeOut[]; needs: Needs } {
  const used = new Set<string>(["user_id"]);
  const items: Item[] = [];
  const add = (
    base: string,
    family: FeatureInfo["family"],
    unit: string,
    description: string,
    expr: string,
  ) => {
    const name = uniqueName(base, used);
    items.push({ info: { name, family, unit, description }, expr });
  };
  const q = d.quoteIdent;
  const div = d.safeDivide;
  const f = s.families;
  const needs: Needs = { lag: false, sessionsMedian: false, users: s.attributes.length > 0 };
  const attributes: AttributeOut[] = [];
  const byName = new Map(context.userColumns.map((c) => [c.name, c]));

  if (s.source === "table") {
    const cols =
      s.table?.columns ??
      context.userColumns.filter((c) => c.kind === "numeric").map((c) => c.name);
    for (const c of cols)
      add(toSnakeName(c), "table", "value", `Column '${c}' of the per-user table`, `u.${q(c)}`);
  } else {
    const days = (e: string) => `(${e}) / ${DAY}`;
    if (f.activity) {
      add("events", "activity", "events", "Events in the window", "a.n");
      add("active_days", "activity", "days", "Distinct UTC calendar days with an event", "a.days");
      add("active_weeks", "activity", "weeks", "Distinct ISO weeks (Monday–Sunday, UTC) with an event", "a.weeks"); // prettier-ignore
    }
    if (f.sessions) {
      needs.sessionsMedian = true;
      const gap = s.sessionGapMinutes;
      add("sessions", "sessions", "sessions", `Sessions in the window (a gap over ${gap} min starts a new one)`, "a.sessions"); // prettier-ignore
      add("events_per_session", "sessions", "events", "Mean events per session", div("a.n", "a.sessions")); // prettier-ignore
      add("median_session_minutes", "sessions", "minutes", "Median session length, first to last event", "m.median_session_minutes"); // prettier-ignore
    }
    if (f.frequency)
      add("active_days_per_week", "frequency", "days/week", "Active days per week since the first event in the window (at least one week counted)", `CASE WHEN a.n = 0 THEN 0 ELSE 7 * a.days / GREATEST(${days("b.e1 - a.first_es_w")}, 7) END`); // prettier-ignore
    if (f.recency)
      add("days_since_last_event", "recency", "days", "Days from the last event to the window end", days("b.e1 - a.last_es")); // prettier-ignore
    if (f.tenure) {
      const col = f.tenure.signupColumn;
      if (col === undefined)
        add("tenure_days", "tenure", "days", "Days from the first event to the window end", days("b.e1 - a.first_es")); // prettier-ignore
      else {
        needs.users = true;
        add("tenure_days", "tenure", "days", `Days from '${col}' to the window end`, days(`b.e1 - ${d.epochSeconds(`u.${q(col)}`)}`)); // prettier-ignore
      }
    }
    if (f.breadth) {
      add("distinct_events", "breadth", "kinds", "Distinct event kinds used in the window", "a.kinds"); // prettier-ignore
      add("catalog_share", "breadth", "share", `Share of the ${context.catalogSize} event kinds in the log that the user used`, div("a.kinds", String(context.catalogSize))); // prettier-ignore
    }
    if (f.events) {
      const shares = f.events.shares ?? true;
      context.events.forEach((e, i) => {
        add(`count_${toSnakeName(e)}`, "events", "events", `Number of '${e}' events`, `a.c${i}`);
      });
      if (shares) {
        context.events.forEach((e, i) => {
          add(`share_${toSnakeName(e)}`, "events", "share", `Share of the user's events that are '${e}'`, div(`a.c${i}`, "a.n")); // prettier-ignore
        });
        if (context.events.length < context.catalogSize) {
          const sum = context.events.map((_, i) => `a.c${i}`).join(" + ");
          add("share_other_events", "events", "share", "Share of the user's events of the other kinds", div(`a.n - (${sum})`, "a.n")); // prettier-ignore
        }
      }
    }
    if (f.time_mix) {
      add("weekend_share", "time_mix", "share", "Share of events on Saturday or Sunday (UTC)", div("a.weekend", "a.n")); // prettier-ignore
      add("night_share", "time_mix", "share", "Share of events 00:00–06:00 UTC", div("a.night", "a.n")); // prettier-ignore
      add("morning_share", "time_mix", "share", "Share of events 06:00–12:00 UTC", div("a.morning", "a.n")); // prettier-ignore
      add("afternoon_share", "time_mix", "share", "Share of events 12:00–18:00 UTC", div("a.afternoon", "a.n")); // prettier-ignore
      add("evening_share", "time_mix", "share", "Share of events 18:00–24:00 UTC", div("a.evening", "a.n")); // prettier-ignore
    }
    if (f.value) {
      add("value_sum", "value", "currency", "Sum of the value column in the window (monetary)", "a.value_sum"); // prettier-ignore
      add("value_mean", "value", "currency", "Mean value per order", div("a.value_sum", "a.orders")); // prettier-ignore
      add("orders", "value", "orders", "Events with a value in the window (frequency)", "a.orders"); // prettier-ignore
      if (f.value.rfm ?? true) {
        // Quintile score 1–5: 1 + floor(5 · (rank − 1) / users), rank = RANK() ascending, so
        // ties share a score and the result does not depend on row order or engine.
        const score = (order: string) =>
          `(1 + FLOOR(5 * ${d.toDouble(`RANK() OVER (ORDER BY ${order}) - 1`)} / COUNT(*) OVER ()))`;
        const r = score("a.last_es");
        const fq = score("a.orders");
        const m = score("a.value_sum");
        add("rfm_recency_score", "value", "score 1-5", "Recency quintile (5 = most recent last event)", r); // prettier-ignore
        add("rfm_frequency_score", "value", "score 1-5", "Orders quintile (5 = most orders)", fq); // prettier-ignore
        add("rfm_monetary_score", "value", "score 1-5", "Value-sum quintile (5 = highest)", m); // prettier-ignore
        add("rfm_score", "value", "score 3-15", "Sum of the three RFM scores", `(${r} + ${fq} + ${m})`); // prettier-ignore
      }
    }
    if (f.trend)
      add("activity_trend", "trend", "ratio -1..1", "(second-half events − first-half events) / all events in the window; +1 = only recent activity", div("(a.n - 2 * a.first_half)", "a.n")); // prettier-ignore
    needs.lag = f.activity !== undefined || f.sessions !== undefined || f.frequency !== undefined;
  }

  for (const a of s.attributes) {
    const info = byName.get(a);
    if (info === undefined) continue; // resolveFeatureContext has already rejected it
    if (s.source === "table" && s.table?.columns?.includes(a)) continue;
    if (info.kind === "numeric") add(toSnakeName(a), "attribute", "value", `User attribute '${a}'`, `u.${q(a)}`); // prettier-ignore
    else if (info.kind === "date" && s.source === "events")
      add(`days_since_${toSnakeName(a)}`, "attribute", "days", `Days from '${a}' to the window end`, `(b.e1 - ${d.epochSeconds(`u.${q(a)}`)}) / ${DAY}`); // prettier-ignore
    // Categorical (and, for a table, date) columns are kept aside as text; their SQL alias is made
    // unique so it cannot collide with a feature name.
    else attributes.push({ name: a, column: a, alias: uniqueName(`attribute_${toSnakeName(a)}`, used) }); // prettier-ignore
  }
  return { items, attributes, needs };
}
