import { SegmentLabError } from "../errors.js";
import { segmentNames } from "../model/assign.js";
import { pcaWeights } from "../reduce/transform-pca.js";
import type { SegmentModel } from "../model/schema.js";
import { compileModelFeatures, type FeatureSqlNames } from "./compile-model-features.js";
import {
  DIALECT_NAMES,
  EXPORT_DIALECTS,
  type DialectName,
  type ExportDialect,
} from "./dialects/index.js";
import * as msg from "./messages.js";

/** Column names of the events table (and the user id column of users/features tables). */
export interface EventColumns {
  /** User id column. Default `"user_id"`. */
  userId?: string;
  /** Event time column. Default `"ts"`. */
  ts?: string;
  /** Event name column. Default `"event"`. */
  event?: string;
  /** Numeric value column. Default `"value"`. */
  value?: string;
}

/** A table name: one identifier, or a qualified name as its parts (`["analytics", "events"]`). */
export type TableName = string | readonly string[];

/** Options of {@link exportSql}. */
export interface ExportSqlOptions {
  /** Target engine. Default `"duckdb"`. */
  dialect?: DialectName;
  /** Events table. Default `"events"`. */
  eventsTable?: TableName;
  /** Users (attributes) table. Default `"users"`. */
  usersTable?: TableName;
  /** Column names of the events table; `userId` also names the users table's id column. */
  columns?: EventColumns;
  /**
   * Score an existing per-user table (one row per user, the model's feature and attribute
   * columns, id column `columns.userId`) instead of computing features from events. Required
   * when the model was trained on a per-user table (no feature spec).
   */
  featuresTable?: TableName;
}

/**
 * Looks up an export dialect by name.
 *
 * @throws {SegmentLabError-free} {@link RangeError} naming the supported dialects.
 * @example
 * getExportDialect("postgres").quoteIdent("a"); // => '"a"'
 */
export function getExportDialect(name: string): ExportDialect {
  const d = (EXPORT_DIALECTS as Record<string, ExportDialect>)[name];
  if (d === undefined) throw new RangeError(msg.unknownDialect(name, DIALECT_NAMES));
  return d;
}

/** Quotes a (possibly qualified) table name for a dialect. */
export function quoteTable(d: ExportDialect, name: TableName, option: string): string {
  const parts = typeof name === "string" ? [name] : [...name];
  if (parts.length === 0 || parts.some((p) => typeof p !== "string" || p.length === 0))
    throw new TypeError(msg.badTableName(option, name));
  return parts.map((p) => d.quoteIdent(p)).join(".");
}

/** Text safe inside a `--` comment: control and line-separator characters replaced. */
export function commentText(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out += c < 0x20 || c === 0x7f || c === 0x85 || c === 0x2028 || c === 0x2029 ? "?" : ch;
  }
  return out;
}

/**
 * Writes one SQL script that assigns every user to a segment where the data live: the feature
 * query from the model's spec over an events table (or an existing per-user table), the
 * preprocessing (imputation, log1p, clipping, scaling, weights, one-hot), the PCA projection if
 * the model has one, the squared distance to every centroid, the arg-min and the persona name.
 * The script returns `(user_id, segment_id, persona)`, one row per user, ordered by user id.
 *
 * Exactness: every constant is written as the shortest decimal that round-trips to the same
 * double and cast from a string (see {@link ExportDialect.floatLiteral}); every formula is the
 * one `assign` evaluates, with the same order of operations and explicit parentheses
 * (`((v − center) / scale) · weight`; `Σ_j (x_j − mean_j) · W_cj` left to right;
 * `Σ_f (z_f − c_f)·(z_f − c_f)` left to right); ties go to the lowest segment id, as in
 * `assign`. Two known sources of last-bit differences remain: `log1p` is written `LN(1 + v)`
 * (no engine here has `log1p`; JavaScript uses `Math.log1p`), and aggregates inside the feature
 * query may sum in another order. Both change a distance by far less than 1e-12 relative, so a
 * user can only flip segment when its two nearest centroids are that close (its `margin` is ~0).
 *
 * @param model - a validated segment model.
 * @param options - see {@link ExportSqlOptions}.
 * @returns the SQL script (one statement, ending with `;` and a newline).
 * @throws {RangeError} for an unknown dialect; {@link TypeError} for an empty table or column name;
 *   {@link SegmentLabError} when the model cannot be exported over events (no spec/context).
 * @example
 * exportSql(model, { dialect: "postgres", eventsTable: ["analytics", "events"] });
 * // => "-- SegmentLab 0.1.0: segment assignment (postgres)\n…WITH …\nSELECT user_id, segment_id, persona …;\n"
 */
export function exportSql(model: SegmentModel, options: ExportSqlOptions = {}): string {
  const d = getExportDialect(options.dialect ?? "duckdb");
  const columns: Required<EventColumns> = {
    userId: options.columns?.userId ?? "user_id",
    ts: options.columns?.ts ?? "ts",
    event: options.columns?.event ?? "event",
    value: options.columns?.value ?? "value",
  };
  for (const [k, v] of Object.entries(columns))
    if (typeof v !== "string" || v.length === 0)
      throw new TypeError(msg.badColumnName(`columns.${k}`, v));

  const header: string[] = [
    `-- SegmentLab ${commentText(model.library.version)}: segment assignment (${d.name})`,
    `-- model fingerprint ${commentText(model.provenance.fingerprint.value)}, created ${commentText(model.createdAt)}`,
    `-- ${model.kmeans.centroids.length} segments; output: user_id, segment_id, persona — one row per user`,
  ];
  let featuresSql: string;
  // The compiled feature query always names its id column `user_id`; a features table uses columns.userId.
  let idColumn = "user_id";
  let preCtes: string[] = [];
  let attributeColumns = new Map<string, string>();
  if (options.featuresTable !== undefined || model.featureSpec === null) {
    if (options.featuresTable === undefined) throw new SegmentLabError(msg.needsFeaturesTable());
    const table = quoteTable(d, options.featuresTable, "featuresTable");
    header.push(`-- input: per-user features table ${commentText(table)}`);
    featuresSql = `SELECT * FROM ${table}`;
    idColumn = columns.userId;
  } else {
    const names: FeatureSqlNames = {
      eventsTable: quoteTable(d, options.eventsTable ?? "events", "eventsTable"),
      usersTable: quoteTable(d, options.usersTable ?? "users", "usersTable"),
      columns,
    };
    header.push(
      `-- input: events table ${commentText(names.eventsTable)} (${commentText(
        [columns.userId, columns.ts, columns.event, columns.value].join(", "),
      )})` +
        (model.features.attributes.length > 0 || hasUsers(model)
          ? `, users table ${commentText(names.usersTable)}`
          : ""),
    );
    const compiled = compileModelFeatures(model, d, names);
    featuresSql = compiled.sql;
    preCtes = compiled.preCtes;
    attributeColumns = compiled.attributeColumns;
  }
  header.push(
    "-- Same formulas and order of operations as `segmentlab assign`; ties go to the lowest segment id.",
  );
  return `${header.join("\n")}\n${scoringSql(model, d, featuresSql, { userId: idColumn, attributeColumns, preCtes })};\n`;
}

function hasUsers(model: SegmentModel): boolean {
  const ctx = model.featureContext as { userColumns?: unknown[] } | null;
  return Array.isArray(ctx?.userColumns) && ctx.userColumns.length > 0;
}

/**
 * The scoring part: `WITH segmentlab_features AS (<featuresSql>), segmentlab_prep, [segmentlab_pca,]
 * segmentlab_dist, segmentlab_best SELECT …`.
 */
export function scoringSql(
  model: SegmentModel,
  d: ExportDialect,
  featuresSql: string,
  options: {
    /** User id column of the features query. */
    userId: string;
    /** Output column of each attribute in the features query (default: the attribute name). */
    attributeColumns?: Map<string, string>;
    /** CTEs to put before `segmentlab_features`. */
    preCtes?: string[];
  },
): string {
  const userIdColumn = options.userId;
  const lit = (x: number): string => d.floatLiteral(x);
  const q = (n: string): string => d.quoteIdent(n);
  const prep = model.preprocess;
  const outputs: { expr: string; note: string }[] = [];

  prep.steps.forEach((s, j) => {
    let v = `COALESCE(${q(s.name)}, ${lit(s.impute)})`;
    if (s.log1p) v = `LN(${lit(1)} + GREATEST(${v}, ${lit(0)}))`;
    if (s.clip !== null) v = `LEAST(GREATEST(${v}, ${lit(s.clip[0])}), ${lit(s.clip[1])})`;
    outputs.push({
      expr: `(((${v}) - ${lit(s.center)}) / ${lit(s.scale)}) * ${lit(s.weight)} AS p${j}`,
      note: JSON.stringify(s.name),
    });
  });
  let col = prep.steps.length;
  for (const e of prep.encodings) {
    const a = q(options.attributeColumns?.get(e.attribute) ?? e.attribute);
    const w = lit(e.weight);
    const zero = lit(0);
    const inLevels =
      e.levels.length === 0
        ? "FALSE"
        : `${a} IN (${e.levels.map((l) => d.quoteString(l)).join(", ")})`;
    e.levels.forEach((l) => {
      outputs.push({
        expr: `CASE WHEN ${a} = ${d.quoteString(l)} THEN ${w} ELSE ${zero} END AS p${col}`,
        note: JSON.stringify(`${e.attribute}=${l}`),
      });
      col++;
    });
    if (e.other) {
      const cond = e.missing
        ? `${a} IS NOT NULL AND NOT (${inLevels})`
        : `${a} IS NULL OR NOT (${inLevels})`;
      outputs.push({
        expr: `CASE WHEN ${cond} THEN ${w} ELSE ${zero} END AS p${col}`,
        note: JSON.stringify(`${e.attribute}=(other)`),
      });
      col++;
    }
    if (e.missing) {
      outputs.push({
        expr: `CASE WHEN ${a} IS NULL THEN ${w} ELSE ${zero} END AS p${col}`,
        note: JSON.stringify(`${e.attribute}=(missing)`),
      });
      col++;
    }
  }

  const ctes: string[] = [...(options.preCtes ?? [])];
  ctes.push(`segmentlab_features AS (\n${indent(featuresSql, 2)}\n)`);
  ctes.push(
    `segmentlab_prep ${d.cteAs} (\n  SELECT\n    ${q(userIdColumn)} AS user_id,\n${outputs.map((o, i) => `    ${o.expr}${i < outputs.length - 1 ? "," : ""} -- ${commentText(o.note)}`).join("\n")}\n  FROM segmentlab_features\n)`,
  );
  let space = "segmentlab_prep";
  let width = col;
  let v = "p";
  if (model.pca !== null) {
    const W = pcaWeights(model.pca);
    const mean = model.pca.mean;
    const comps = W.map((w, c) => {
      const terms = w.map((wj, j) => `((p${j} - ${lit(mean[j]!)}) * ${lit(wj)})`);
      return `    ${leftSum(terms)} AS z${c}`;
    });
    ctes.push(
      `segmentlab_pca ${d.cteAs} (\n  SELECT\n    user_id,\n${comps.join(",\n")}\n  FROM segmentlab_prep\n)`,
    );
    space = "segmentlab_pca";
    width = W.length;
    v = "z";
  }
  const dists = model.kmeans.centroids.map((c, j) => {
    const terms: string[] = [];
    for (let f = 0; f < width; f++) {
      const t = `(${v}${f} - ${lit(c[f]!)})`;
      terms.push(`(${t} * ${t})`);
    }
    return `    ${leftSum(terms)} AS d${j}`;
  });
  ctes.push(
    `segmentlab_dist ${d.cteAs} (\n  SELECT\n    user_id,\n${dists.join(",\n")}\n  FROM ${space}\n)`,
  );
  const k = model.kmeans.centroids.length;
  let argmin: string;
  if (k === 1) {
    argmin = "0";
  } else {
    const whens: string[] = [];
    for (let j = 0; j < k - 1; j++) {
      const conds: string[] = [];
      for (let i = j + 1; i < k; i++) conds.push(`d${j} <= d${i}`);
      whens.push(`      WHEN ${conds.join(" AND ")} THEN ${j}`);
    }
    argmin = `CASE\n${whens.join("\n")}\n      ELSE ${k - 1}\n    END`;
  }
  ctes.push(
    `segmentlab_best AS (\n  SELECT\n    user_id,\n    ${argmin} AS segment_id\n  FROM segmentlab_dist\n)`,
  );
  const names = segmentNames(model);
  const persona = `CASE segment_id\n${names.map((n, i) => `      WHEN ${i} THEN ${d.quoteString(n)}`).join("\n")}\n    END`;
  return `WITH\n${ctes.join(",\n")}\nSELECT\n  user_id,\n  segment_id,\n  ${persona.replace(/\n {4}/g, "\n  ")} AS persona\nFROM segmentlab_best\nORDER BY user_id`;
}

/** `((a + b) + c) + d` — explicit left-to-right addition, as the JavaScript loops sum. */
function leftSum(terms: readonly string[]): string {
  let s = terms[0]!;
  for (let i = 1; i < terms.length; i++)
    s = i === 1 ? `${s} + ${terms[i]}` : `(${s}) + ${terms[i]}`;
  return terms.length > 1 ? `(${s})` : s;
}

function indent(s: string, n: number): string {
  const pad = " ".repeat(n);
  return s
    .split("\n")
    .map((l) => (l.length > 0 ? pad + l : l))
    .join("\n");
}
