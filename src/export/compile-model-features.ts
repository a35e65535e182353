import { SegmentLabError } from "../errors.js";
import { compileFeatureSpec, planFeatures } from "../features/compile.js";
import type { FeatureContext } from "../features/context.js";
import { toSnakeName, uniqueName } from "../features/names.js";
import { parseFeatureSpec } from "../features/spec.js";
import type { SegmentModel } from "../model/schema.js";
import type { ExportDialect } from "./dialects/common.js";
import * as msg from "./messages.js";

/** Table and column names of the data, already quoted for the dialect where noted. */
export interface FeatureSqlNames {
  /** Quoted (possibly qualified) events table. */
  eventsTable: string;
  /** Quoted (possibly qualified) users table. */
  usersTable: string;
  /** Raw column names of the events table (and the users id column). */
  columns: { userId: string; ts: string; event: string; value: string };
}

/** The feature query of a model in a dialect, with what the scoring part needs to know. */
export interface CompiledModelFeatures {
  /** CTEs to put first (`events AS (…)`, `users AS (…)`) mapping the real tables onto the canonical names. */
  preCtes: string[];
  /** The feature query (one row per user: `user_id`, features, attribute aliases). */
  sql: string;
  /** Output column of each categorical attribute (the feature compiler aliases them). */
  attributeColumns: Map<string, string>;
}

/**
 * Compiles the model's feature spec with its frozen context (event list, users columns) for a
 * dialect. The feature compiler reads the canonical tables `events(user_id, ts, event, value)`
 * and `users(user_id, …)`; when the data use other names, CTEs of those names map them (and
 * shadow nothing else).
 *
 * @throws {SegmentLabError} when the model has no feature context.
 */
export function compileModelFeatures(
  model: SegmentModel,
  d: ExportDialect,
  names: FeatureSqlNames,
): CompiledModelFeatures {
  if (model.featureContext === null || model.featureContext === undefined)
    throw new SegmentLabError(msg.noFeatureContext());
  const spec = parseFeatureSpec(model.featureSpec, "model.json featureSpec");
  const context = model.featureContext as FeatureContext;
  const sql = compileFeatureSpec(spec, context, d);
  const plan = planFeatures(spec, context);
  // The compiler aliases attribute columns `attribute_<snake name>`, made unique against the
  // feature names (see features/compile.ts buildItems); rebuild the same aliases.
  const used = new Set<string>(["user_id", ...plan.features.map((f) => f.name)]);
  const attributeColumns = new Map<string, string>();
  for (const a of plan.attributes)
    attributeColumns.set(a, uniqueName(`attribute_${toSnakeName(a)}`, used));

  const q = d.quoteIdent;
  const c = names.columns;
  const preCtes: string[] = [];
  const canonicalEvents =
    names.eventsTable === q("events") &&
    c.userId === "user_id" &&
    c.ts === "ts" &&
    c.event === "event" &&
    c.value === "value";
  if (!canonicalEvents)
    preCtes.push(
      `${q("events")} AS (\n  SELECT e.${q(c.userId)} AS ${q("user_id")}, e.${q(c.ts)} AS ${q("ts")}, ` +
        `e.${q(c.event)} AS ${q("event")}, e.${q(c.value)} AS ${q("value")}\n  FROM ${names.eventsTable} AS e\n)`,
    );
  const usesUsers = spec.attributes.length > 0 || spec.source === "table";
  if (usesUsers && (names.usersTable !== q("users") || c.userId !== "user_id"))
    preCtes.push(
      `${q("users")} AS (\n  SELECT u.*${c.userId === "user_id" ? "" : `, u.${q(c.userId)} AS ${q("user_id")}`}\n  FROM ${names.usersTable} AS u\n)`,
    );
  return { preCtes, sql, attributeColumns };
}
