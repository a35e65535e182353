import { SegmentLabError } from "../errors.js";
import { compileFeatureSpec, planFeatures } from "../features/compile.js";
import type { FeatureContext } from "../features/context.js";
import { toSnakeName, uniqueName } from "../features/names.js";
import { parseFeatureSpec } from "../features/spec.js";
import type { FeatureTable } from "../features/types.js";
import type { Database } from "../io/database.js";
import * as msg from "./messages.js";
import type { SegmentModel } from "./schema.js";

/** A feature table computed with a model's frozen spec and context, and what differed. */
export interface ModelFeatures {
  table: FeatureTable;
  /** Observation window of the data's events (ISO 8601), null for a per-user table. */
  window: { start: string; end: string } | null;
  warnings: string[];
}

/**
 * Computes the model's features on new data in DuckDB with the model's *frozen* feature
 * context (the same event list, catalog size and users columns as in training — not
 * re-derived from the new data), so that a feature means the same thing as when the model was
 * fitted, and so that the result equals what the exported SQL computes.
 *
 * @param db - a database with the canonical `events` (and `users`) tables (`loadUsageData`).
 * @param model - a segment model with a feature spec.
 * @returns the feature table, the data's window and warnings (window differs; frozen events
 *   absent from the data).
 * @throws {SegmentLabError} when the model has no feature spec, or the data lack a table or
 *   a users column the spec needs (all named).
 * @example
 * const { table, warnings } = await computeModelFeatures(db, model);
 * table.featureNames; // => model.features.names
 */
export async function computeModelFeatures(
  db: Database,
  model: SegmentModel,
): Promise<ModelFeatures> {
  if (model.featureSpec === null) throw new SegmentLabError(msg.noFeatureSpec());
  const spec = parseFeatureSpec(model.featureSpec, "model.json featureSpec");
  const context = model.featureContext as FeatureContext | null;
  if (context === null) throw new SegmentLabError(msg.noFeatureContext());
  const warnings: string[] = [];

  const tables = new Set(
    (
      await db.query<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_name IN ('events', 'users')",
      )
    ).map((r) => r.name),
  );
  const needEvents = spec.source === "events";
  const needUsers = spec.source === "table" || spec.attributes.length > 0;
  const missingTables = [
    ...(needEvents && !tables.has("events") ? ["events"] : []),
    ...(needUsers && !tables.has("users") ? ["users"] : []),
  ];
  if (missingTables.length > 0)
    throw new SegmentLabError(msg.missingTables(missingTables, [...tables].sort()));
  if (needUsers) {
    const have = (
      await db.query<{ name: string }>(
        "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'users' ORDER BY ordinal_position",
      )
    ).map((r) => r.name);
    const haveSet = new Set(have);
    const needed = [...spec.attributes, ...context.userColumns.map((c) => c.name)].filter(
      (c, i, all) => all.indexOf(c) === i,
    );
    const missing = needed.filter((c) => !haveSet.has(c));
    if (missing.length > 0)
      throw new SegmentLabError(
        msg.missingUserColumns(
          missing,
          have.filter((c) => c !== "user_id"),
        ),
      );
  }

  let window: { start: string; end: string } | null = null;
  if (needEvents) {
    const [r] = await db.query<{ t0: Date | null; t1: Date | null }>(
      "SELECT MIN(ts) AS t0, MAX(ts) AS t1 FROM events",
    );
    if (r?.t0 instanceof Date && r.t1 instanceof Date)
      window = { start: r.t0.toISOString(), end: r.t1.toISOString() };
    const trained = model.provenance.window;
    if (
      window !== null &&
      trained !== null &&
      (Date.parse(trained.start) !== Date.parse(window.start) ||
        Date.parse(trained.end) !== Date.parse(window.end))
    )
      warnings.push(msg.windowDiffers(trained, window));
    if (context.events.length > 0) {
      const seen = new Set(
        (await db.query<{ e: string }>("SELECT DISTINCT event AS e FROM events")).map((x) => x.e),
      );
      const absent = context.events.filter((e) => !seen.has(e));
      if (absent.length > 0) warnings.push(msg.eventsAbsent(absent));
    }
  }

  const plan = planFeatures(spec, context);
  const used = new Set<string>(["user_id", ...plan.features.map((f) => f.name)]);
  const aliases = plan.attributes.map((a) => uniqueName(`attribute_${toSnakeName(a)}`, used));
  const cols = await db.queryColumns(compileFeatureSpec(spec, context));
  const ids = (cols["user_id"] ?? []).map((v) => String(v));
  const columns = plan.features.map((f) =>
    Float64Array.from(cols[f.name] ?? [], (v) => (v === null || v === undefined ? NaN : Number(v))),
  );
  const attributes = plan.attributes.map((name, j) => ({
    name,
    values: (cols[aliases[j]!] ?? []).map((v) =>
      v === null || v === undefined ? null : String(v),
    ),
  }));
  return {
    table: {
      ids,
      features: plan.features,
      featureNames: plan.features.map((f) => f.name),
      columns,
      attributes,
    },
    window,
    warnings,
  };
}
