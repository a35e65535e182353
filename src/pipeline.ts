/**
 * The orchestrating verbs: each is a short, numbered sequence of stage calls. The CLI and the
 * notebooks call these (or the stages directly); they hold no logic of their own.
 */
import {
  fitMiniBatchKMeans,
  fitPredictKMeans,
  predictKMeans,
  transformKMeans,
  type KMeansModel,
} from "./cluster/index.js";
import { SegmentLabError } from "./errors.js";
import type { FeatureContext } from "./features/context.js";
import { computeFeaturesWithSql } from "./features/compute.js";
import { inferFeatureSpec } from "./features/infer.js";
import { parseFeatureSpec, type FeatureSpec } from "./features/spec.js";
import type { FeatureTable } from "./features/types.js";
import { loadUsageData, type LoadedUsageData, type UsageDataInput } from "./io/load-usage-data.js";
import type { LoadReport } from "./io/types.js";
import { takeRows, type FeatureMatrix, type Matrix } from "./matrix/matrix.js";
import { createRandom, deriveSeed } from "./matrix/random.js";
import {
  buildSegmentModel,
  fingerprintFeatureTable,
  fingerprintFiles,
  type SegmentModel,
} from "./model/index.js";
import { flagAtypical, type AtypicalUsers } from "./persona/flag-atypical.js";
import { verifyClaims } from "./persona/claims.js";
import { claimsFailed } from "./persona/messages.js";
import {
  namePersonas,
  type DataKind,
  type Persona,
  type ValueKind,
} from "./persona/name-personas.js";
import { segmentationWarnings } from "./persona/segmentation-warnings.js";
import { fitPreprocessor } from "./prep/fit-preprocessor.js";
import { transformPreprocessor } from "./prep/transform-preprocessor.js";
import type { PreprocessModel, PreprocessOptions } from "./prep/types.js";
import { fitSegmentRules, type SegmentRules } from "./profile/fit-segment-rules.js";
import {
  profileSegments,
  type OutcomeColumn,
  type SegmentProfiles,
} from "./profile/profile-segments.js";
import { fitPCA, transformPCA, type PCAModel } from "./reduce/index.js";
import { bootstrapStability } from "./select/bootstrap-stability.js";
import { sampleIndices } from "./select/internal.js";
import { boundaryModes } from "./select/boundary-modes.js";
import { countModes } from "./select/count-modes.js";
import { NO_STRUCTURE, STRUCTURE } from "./select/messages.js";
import {
  recommendK,
  type KRecommendation,
  type OutcomeEffect,
  type RecommendOptions,
  type Structure,
} from "./select/recommend-k.js";
import { scanK, toScanTable, type KScan, type ScanOptions } from "./select/scan-k.js";
import { assign, assignTable, segmentNames } from "./model/assign.js";
import { computeModelFeatures } from "./model/compute-model-features.js";
import {
  compareModels,
  type CompareOptions,
  type ModelComparison,
} from "./track/compare-models.js";
import { fitDriftReference, measureDrift, type DriftReport } from "./track/drift.js";
import { migrationMatrix, type Migration } from "./track/migration.js";
import {
  checkGranularity,
  cohortRetention,
  type RetentionOptions,
  type RetentionTable,
} from "./track/retention.js";
import { readoutBySegment, type ExperimentReadout, type ReadoutOptions } from "./track/readout.js";
import * as trackMsg from "./track/messages.js";
import { quoteIdent, quoteLiteral } from "./io/database.js";

/** How many segments to look for: a number, a range to choose from, or "auto" (= 2..10). */
export type KChoice = number | "auto" | [number, number];

/** Options of {@link discover} and {@link discoverFromFeatures}. Every field is optional. */
export interface DiscoverOptions {
  /** Segments: `"auto"` scans k = 2..10 and recommends (default), a number fixes k, `[lo, hi]` scans that range. */
  k?: KChoice;
  /** Seed of every random step (k-means restarts, samples, bootstrap). Default 0. */
  seed?: number;
  /** k-means restarts. Default 4. */
  nInit?: number;
  /**
   * Fit a fixed k with mini-batch k-means (sklearn-style: batches of 1024 rows, early stop) —
   * for millions of users, at ~0.1 % more inertia. Applies when `k` is a number. Default false.
   */
  miniBatch?: boolean;
  /** The feature spec; default {@link inferFeatureSpec} proposes one from the data. */
  spec?: FeatureSpec;
  /**
   * Features to cluster on. Default: the core behavioral features ({@link defaultClusterFeatures});
   * every feature and attribute is profiled either way.
   */
  clusterOn?: string[];
  /** Columns (features or attributes) to profile per segment as outcomes and never cluster on (churn, revenue …). */
  outcomes?: string[];
  /** Preprocessing options (see fitPreprocessor). */
  preprocess?: PreprocessOptions;
  /** Project onto principal components before clustering: `{ varianceToKeep: 0.9 }` or `{ nComponents: 5 }`. Default off. */
  pca?: false | { nComponents?: number; varianceToKeep?: number; whiten?: boolean };
  /** Scan options for `k: "auto"` or a range (gap and stability B, sample sizes). */
  scan?: Omit<ScanOptions, "kRange" | "seed" | "nInit" | "onProgress">;
  /** Constraints of the recommendation (min segment share 0.02, max segments 8, min stability 0.75 …). */
  recommend?: RecommendOptions;
  /** Bootstrap replicates for per-segment stability when k is fixed. Default 20; 0 = skip. */
  stabilityB?: number;
  /** Depth of the surrogate rule tree. Default 3. */
  ruleDepth?: number;
  /** Users beyond this percentile of their segment's distances are atypical. Default 0.99. */
  atypicalPercentile?: number;
  /** Fixed creation time for reproducible model files (default SOURCE_DATE_EPOCH, else now). */
  createdAt?: string;
  /** Personas of an earlier model: user edits (renames) carry over to matching segment ids. */
  previousPersonas?: Persona[];
  /** Progress callback for long steps (the CLI shows it). */
  onProgress?: (step: string) => void;
  /**
   * The kind of input, for the personas' vocabulary (buyers for a purchase log, raters for a
   * rating log, no lifecycle words for a per-user table). Default "events", or "table" for a
   * per-user table.
   */
  dataKind?: DataKind;
  /** What the value column measures: "money" (default), "score" or "count". */
  valueKind?: ValueKind;
}

/** Everything a discovery produced: the model to save plus the in-memory results for charts and reports. */
export interface DiscoverResult {
  model: SegmentModel;
  /** Per-user features in original units (all of them, clustered on or not). */
  table: FeatureTable;
  /** Names of the features clustered on. */
  clusterOn: string[];
  preprocess: PreprocessModel;
  /** Preprocessed matrix (rows = users). */
  X: FeatureMatrix;
  pca: PCAModel | null;
  /** The matrix k-means ran on (X, or its PCA projection). */
  Z: Matrix;
  kmeans: KMeansModel;
  labels: Int32Array;
  /** Distance of each user to its own centroid (model space). */
  distances: Float64Array;
  atypical: AtypicalUsers;
  scan: KScan | null;
  recommendation: KRecommendation | null;
  /** Mean bootstrap Jaccard per segment (null when not computed). */
  stability: (number | null)[];
  profiles: SegmentProfiles;
  rules: SegmentRules;
  personas: Persona[];
  /** Segmentation warnings (too many segments, tiny distinctive segment …) plus stage warnings. */
  warnings: string[];
  loadReports: { events?: LoadReport; users?: LoadReport };
  /**
   * The verdict in words: "structure" (clear), "segments of a continuum, not natural groups"
   * (weak) or "no clear segment structure" (none: one segment, everyone).
   */
  verdict: string;
  /** The verdict in three levels (model.json `metrics.structure`); null when k was given. */
  structure: Structure | null;
}

const defaults = { seed: 0, nInit: 4, stabilityB: 20, ruleDepth: 3, atypicalPercentile: 0.99 };

/**
 * Discovers behavioral segments in usage data, end to end: load → features → preprocessing →
 * (PCA) → k-means (choosing k) → profiles → rules → personas → a versioned model.
 *
 * @param input - files or rows to load (`{ events: ["events.csv"], users: "users.csv" }`, or
 *   `{ table: "customers.csv", tableId: "CUST_ID" }`), or data already loaded with `loadUsageData`.
 * @param options - see {@link DiscoverOptions}.
 * @returns the model and every intermediate result (see {@link DiscoverResult}).
 * @throws {SegmentLabError} on unreadable input (file, line, column and value named).
 * @example
 * const run = await discover({ events: ["data/sample/events.csv.gz"], users: "data/sample/users.csv" });
 * run.personas.map((p) => p.name); // => ["Steady Weekly Users", "Power Users", …]
 */
export async function discover(
  input: UsageDataInput | LoadedUsageData,
  options: DiscoverOptions = {},
): Promise<DiscoverResult> {
  const progress = options.onProgress ?? (() => undefined);
  // 1. Load (unless the caller already did).
  progress("loading data");
  const loaded = "db" in input ? input : await loadUsageData(input);
  try {
    // 2. Features from the spec (inferred from the data when not given).
    progress("engineering features");
    const spec = options.spec ?? (await inferFeatureSpec(loaded.db));
    const computed = await computeFeaturesWithSql(loaded.db, spec);
    // Globs are fingerprinted as the files they matched, which the load reports list.
    const files = "db" in input ? [] : inputFiles(input, loaded);
    const window = observationWindow(loaded);
    return discoverFromFeatures(computed.table, options, {
      spec: parseFeatureSpec(spec),
      context: computed.context,
      files,
      loadReports: {
        ...(loaded.eventsReport ? { events: loaded.eventsReport } : {}),
        ...(loaded.usersReport ? { users: loaded.usersReport } : {}),
      },
      eventRows: loaded.eventsReport?.rowsLoaded ?? null,
      window,
    });
  } finally {
    if (!("db" in input)) loaded.db.close();
  }
}

/** Where a feature table came from, for the model's provenance and later `assign`. */
export interface FeatureProvenance {
  spec?: unknown;
  context?: FeatureContext;
  files?: string[];
  loadReports?: { events?: LoadReport; users?: LoadReport };
  eventRows?: number | null;
  window?: { start: string; end: string } | null;
}

/**
 * Discovers segments in a ready per-user feature table (original units): preprocessing → (PCA)
 * → k-means (choosing k) → profiles → rules → personas → model. Notebooks use it after building
 * or editing a FeatureTable themselves.
 *
 * @param table - per-user features (e.g. from `computeFeatures`).
 * @param options - see {@link DiscoverOptions}.
 * @param provenance - where the table came from (spec, files, load reports).
 * @returns see {@link DiscoverResult}.
 * @throws {SegmentLabError} when a named column (clusterOn, outcomes) does not exist.
 * @example
 * const run = discoverFromFeatures(table, { k: 4, seed: 1 });
 * run.labels.length === table.ids.length; // => true
 */
export function discoverFromFeatures(
  table: FeatureTable,
  options: DiscoverOptions = {},
  provenance: FeatureProvenance = {},
): DiscoverResult {
  const o = { ...defaults, ...dropUndefined(options) };
  const vocabulary = {
    dataKind:
      options.dataKind ?? (table.features.every((f) => f.family === "table") ? "table" : "events"),
    valueKind: options.valueKind === undefined ? ("money" as const) : options.valueKind,
  } satisfies { dataKind: DataKind; valueKind: ValueKind };
  const progress = options.onProgress ?? (() => undefined);
  const warnings: string[] = [];

  // 3. Split the table: clustered features, outcomes, and everything else profiled only.
  const outcomes = resolveOutcomes(table, options.outcomes ?? []);
  const clusterOn = resolveClusterFeatures(table, options.clusterOn, options.outcomes ?? []);
  const clusterTable = selectFeatures(table, clusterOn);

  // 4. Preprocess (impute, log1p, clip, scale, drop constant/duplicates).
  progress("preprocessing");
  const preprocess = fitPreprocessor(clusterTable, options.preprocess ?? {});
  warnings.push(...preprocess.warnings);
  const X = transformPreprocessor(preprocess, clusterTable);

  // 5. Optional PCA before clustering.
  let pca: PCAModel | null = null;
  let Z: Matrix = X;
  if (options.pca) {
    progress("projecting on principal components");
    pca = fitPCA(X, { ...options.pca, featureNames: X.featureNames });
    warnings.push(...pca.warnings);
    Z = transformPCA(pca, X);
  }

  // 6. k-means: scan and recommend, or fit the given k.
  const kChoice = options.k ?? "auto";
  let scan: KScan | null = null;
  let recommendation: KRecommendation | null = null;
  let kmeans: KMeansModel;
  let labels: Int32Array;
  let stability: (number | null)[];
  if (typeof kChoice === "number") {
    progress(`fitting k-means (k = ${kChoice})`);
    if (options.miniBatch) {
      kmeans = fitMiniBatchKMeans(Z, { k: kChoice, seed: o.seed, nInit: o.nInit });
      labels = predictKMeans(kmeans, Z);
    } else {
      ({ model: kmeans, labels } = fitPredictKMeans(Z, {
        k: kChoice,
        seed: o.seed,
        nInit: o.nInit,
      }));
    }
    if (kChoice > 1 && o.stabilityB > 0) progress("measuring stability");
    stability = kChoice > 1 && o.stabilityB > 0 ? fixedKStability(Z, kmeans, o) : [null];
  } else {
    const kRange: [number, number] = kChoice === "auto" ? [2, 10] : kChoice;
    scan = scanK(Z, {
      ...(options.scan ?? {}),
      kRange,
      seed: o.seed,
      nInit: o.nInit,
      onProgress: (done, total, step) => progress(`choosing k: ${step} (${done}/${total})`),
    });
    recommendation = recommendK(scan, {
      ...(options.recommend ?? {}),
      // One feature: whether its density has one hump or several decides clear vs weak.
      ...(Z.cols === 1 ? { modes: countModes(Z.data) } : {}),
      // Valleys between neighbouring segments: a split of one elongated cloud has none.
      boundaries: scan.rowsByK.map((row, i) => {
        const b = boundaryModes(Z, scan!.labels[i]!);
        return { k: row.k, segments: b.length, valleys: b.filter((x) => x.modes >= 2).length };
      }),
      ...(outcomes.length > 0 ? { outcomeEffects: outcomeEffects(table, outcomes, scan) } : {}),
    });
    if (recommendation.k === null) {
      // No structure: one segment, everyone — personas are never forced onto noise.
      ({ model: kmeans, labels } = fitPredictKMeans(Z, { k: 1, seed: o.seed, nInit: 1 }));
      stability = [null];
    } else {
      const i = scan.rowsByK.findIndex((r) => r.k === recommendation!.k);
      kmeans = scan.models[i]!;
      labels = scan.labels[i]!;
      stability =
        scan.rowsByK[i]!.stability?.map((s) => s.meanJaccard) ?? kmeans.centroids.map(() => null);
    }
  }
  warnings.push(...kmeans.warnings);
  const verdict = recommendation?.verdict ?? STRUCTURE;
  const structure = recommendation?.structure ?? null;

  // 7. Distances and atypical users.
  progress("flagging atypical users");
  const distances = ownDistances(transformKMeans(kmeans, Z), labels);
  const k = kmeans.centroids.length;
  const atypical = flagAtypical(distances, labels, { percentile: o.atypicalPercentile, k });

  // 8. Profiles in original units (atypical users excluded from the statistics), rules, personas.
  progress("profiling segments");
  // Outcome columns are profiled as outcomes only, never as attributes (no name comes from them).
  const outcomeNames = new Set(outcomes.map((x) => x.name));
  const profileTable =
    outcomeNames.size === 0
      ? table
      : { ...table, attributes: table.attributes.filter((a) => !outcomeNames.has(a.name)) };
  const profiles = profileSegments(profileTable, labels, {
    outcomes,
    exclude: atypical.flags,
    k,
  });
  progress("fitting rules");
  const rules = fitSegmentRules(table, labels, {
    depth: o.ruleDepth,
    features: clusterOn,
    exclude: atypical.flags,
    k,
    seed: o.seed,
  });
  progress("naming personas");
  const personas =
    verdict === NO_STRUCTURE
      ? [noStructurePersona(table.ids.length, recommendation!)]
      : namePersonas(profiles, {
          stability,
          rules,
          clusterOn,
          dataKind: vocabulary.dataKind,
          valueKind: vocabulary.valueKind,
          ...(options.previousPersonas ? { previous: options.previousPersonas } : {}),
        });
  if (verdict !== NO_STRUCTURE)
    warnings.push(...segmentationWarnings(profiles, { personas, stability }));
  // Every word is a claim: recompute them all from the features and the assignments before
  // anything is written.
  const check = verifyClaims(
    { personas: personas.map((p) => ({ ...p, segmentId: p.segment })) },
    { table: profileTable, labels, exclude: atypical.flags },
  );
  if (check.failures.length > 0) throw new SegmentLabError(claimsFailed(check.failures));

  // 9. The versioned model, with the training distributions drift is later measured against.
  progress("building the model");
  const drift = fitDriftReference({
    table,
    features: clusterOn,
    labels,
    distances,
    atypical: atypical.flags,
    k,
  });
  const fp =
    provenance.files && provenance.files.length > 0
      ? fingerprintFiles(provenance.files)
      : { fingerprint: fingerprintFeatureTable(table), files: [] };
  const model = buildSegmentModel({
    featureSpec: provenance.spec ?? null,
    featureContext: provenance.context ?? null,
    features: table,
    preprocess,
    pca,
    kmeans,
    // The model keys personas by segmentId (the persona stage calls it segment).
    personas: personas.map((p) => ({ ...p, segmentId: p.segment })),
    rules,
    metrics: {
      verdict,
      ...(structure !== null ? { structure, structureReasons: recommendation?.reasons ?? [] } : {}),
      ...(scan ? { scan: toScanTable(scan) } : {}),
      ...(recommendation ? { recommendation } : {}),
      stability,
      clusterOn,
      outcomes: options.outcomes ?? [],
      dataKind: vocabulary.dataKind,
      valueKind: vocabulary.valueKind,
      claimsChecked: check.checked,
    },
    atypical: {
      percentile: o.atypicalPercentile * 100,
      threshold: Math.max(0, ...atypical.thresholds.map((t) => t ?? 0)),
      perSegment: atypical.thresholds,
    },
    provenance: {
      fingerprint: fp.fingerprint,
      files: fp.files,
      rows: { events: provenance.eventRows ?? null, users: table.ids.length },
      window: provenance.window ?? null,
      seed: o.seed,
      options: jsonOptions(options),
    },
    ...(options.createdAt !== undefined ? { createdAt: options.createdAt } : {}),
    warnings,
    drift,
  });

  return {
    model,
    table,
    clusterOn,
    preprocess,
    X,
    pca,
    Z,
    kmeans,
    labels,
    distances,
    atypical,
    scan,
    recommendation,
    stability,
    profiles,
    rules,
    personas,
    warnings,
    loadReports: provenance.loadReports ?? {},
    verdict,
    structure,
  };
}

/** Rows the fixed-k stability is measured on (the scan uses the same size). */
const STABILITY_SAMPLE = 4000;

/**
 * Per-segment stability for a fixed k: bootstrap on a uniform sample of at most 4,000 rows (as
 * the scan does) — B refits of the whole data would cost B full k-means fits on millions of users.
 */
function fixedKStability(
  Z: Matrix,
  kmeans: KMeansModel,
  o: { seed: number; stabilityB: number },
): (number | null)[] {
  const sample =
    Z.rows > STABILITY_SAMPLE
      ? takeRows(Z, sampleIndices(Z.rows, STABILITY_SAMPLE, createRandom(deriveSeed(o.seed, 4000))))
      : Z;
  const r = bootstrapStability(sample, { model: kmeans, B: o.stabilityB, seed: o.seed });
  return r.perSegment.map((s) => s.meanJaccard);
}

/**
 * For each k of the scan and each outcome: the segment whose outcome differs most from the rest
 * (Cohen's h for a rate or a level share, d for a mean), for the verdict (a stable partition of
 * a continuum is actionable when an outcome differs strongly between its segments).
 */
function outcomeEffects(
  table: FeatureTable,
  outcomes: OutcomeColumn[],
  scan: KScan,
): OutcomeEffect[] {
  const empty: FeatureTable = {
    ids: table.ids,
    features: [],
    featureNames: [],
    columns: [],
    attributes: [],
  };
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const out: OutcomeEffect[] = [];
  scan.rowsByK.forEach((row, i) => {
    const p = profileSegments(empty, scan.labels[i]!, { outcomes, k: row.k });
    outcomes.forEach((o, j) => {
      let best: OutcomeEffect | null = null;
      for (const seg of p.segments) {
        const op = seg.outcomes[j]!;
        const cands =
          op.kind === "categorical"
            ? op.levels.map((l) => ({
                e: l.effectSize,
                v: pct(l.share),
                pv: pct(l.populationShare),
                name: `${o.name} = ${l.level}`,
              }))
            : op.value === null || op.populationValue === null
              ? []
              : [
                  {
                    e: op.effectSize,
                    v: op.kind === "binary" ? pct(op.value) : op.value.toPrecision(3),
                    pv:
                      op.kind === "binary"
                        ? pct(op.populationValue)
                        : op.populationValue.toPrecision(3),
                    name: o.name,
                  },
                ];
        for (const c of cands) {
          if (Number.isFinite(c.e) && (best === null || Math.abs(c.e) > Math.abs(best.effectSize)))
            best = {
              k: row.k,
              outcome: c.name,
              segment: seg.segment,
              effectSize: c.e,
              value: c.v,
              populationValue: c.pv,
            };
        }
      }
      if (best) out.push(best);
    });
  });
  return out;
}

function ownDistances(D: Matrix, labels: Int32Array): Float64Array {
  const out = new Float64Array(D.rows);
  for (let i = 0; i < D.rows; i++) out[i] = D.data[i * D.cols + labels[i]!]!;
  return out;
}

function noStructurePersona(n: number, rec: KRecommendation): Persona {
  return {
    segment: 0,
    name: "All Users",
    // The first reason already starts with the verdict's words; do not repeat them.
    description: rec.reasons[0]?.startsWith(NO_STRUCTURE)
      ? rec.reasons[0]
      : `${NO_STRUCTURE}: ${rec.reasons[0] ?? "no k passed the checks"}`,
    evidence: rec.reasons,
    traits: [],
    typical: true,
    size: n,
    share: 1,
    stability: null,
    rule: null,
    edited: false,
    claims: [],
  };
}

/** Behavioral features by default: everything but user attributes and outcomes. */
function resolveClusterFeatures(
  table: FeatureTable,
  given: string[] | undefined,
  outcomes: string[],
): string[] {
  if (given !== undefined) {
    const missing = given.filter((g) => !table.featureNames.includes(g));
    if (missing.length > 0)
      throw new SegmentLabError(
        `--cluster-on: no feature named ${missing.map((m) => JSON.stringify(m)).join(", ")}; the features are: ${table.featureNames.join(", ")}`,
      );
    return given;
  }
  const out = defaultClusterFeatures(table).filter((f) => !outcomes.includes(f));
  if (out.length === 0)
    throw new SegmentLabError(
      `no behavioral features to cluster on (features: ${table.featureNames.join(", ") || "none"}); name some with --cluster-on`,
    );
  return out;
}

/** Part-of-day shares: profiled, not clustered on (see {@link defaultClusterFeatures}). */
const PART_OF_DAY = /^(night|morning|afternoon|evening)_share$/;
/** Event mixes of at most this many kinds are clustered on (see {@link defaultClusterFeatures}). */
const SMALL_CATALOG = 6;

/**
 * The features clustered on by default — the core behavioral ones. Every feature is still
 * profiled; these are only left out of the distance k-means minimises, because they add noise
 * that hides real groups:
 * - user attributes (plan, company size …): segments are behavioral; attributes describe them;
 * - per-event counts (they move with overall activity, already measured) and, when the log has
 *   more than 6 event kinds, per-event shares (with many kinds they are sparse, and a user with
 *   three events has shares of 0 or 1/3); with few kinds (pv/cart/fav/buy) the mix *is* the
 *   behavior and the shares are kept;
 * - part-of-day shares (noisy for users with few events; weekend share is kept);
 * - RFM scores (quintile re-codings of recency, orders and value, which are kept);
 * - features missing for more than half of the users (imputing most of a column invents data).
 *
 * On the bundled sample this choice recovers the 7 planted personas (ARI 0.99, and the scan
 * recommends k = 7), where clustering on all 55 features finds 6 (ARI 0.72).
 *
 * @param table - a feature table.
 * @returns the names of the features to cluster on.
 * @example
 * defaultClusterFeatures(table); // => ["events", "active_days", …, "weekend_share", "value_sum", "activity_trend"]
 */
export function defaultClusterFeatures(table: FeatureTable): string[] {
  const shares = table.features.filter((f) => f.family === "events" && f.name.startsWith("share_"));
  const keepShares = shares.length > 0 && shares.length <= SMALL_CATALOG;
  return table.features
    .filter((f, j) => {
      if (f.family === "attribute") return false;
      if (f.family === "events") return keepShares && f.name.startsWith("share_");
      if (PART_OF_DAY.test(f.name) || f.name.startsWith("rfm_")) return false;
      return missingShare(table.columns[j]!) <= 0.5;
    })
    .map((f) => f.name);
}

function missingShare(c: Float64Array): number {
  let m = 0;
  for (let i = 0; i < c.length; i++) if (Number.isNaN(c[i]!)) m++;
  return c.length === 0 ? 0 : m / c.length;
}

function resolveOutcomes(table: FeatureTable, names: string[]): OutcomeColumn[] {
  return names.map((name) => {
    const j = table.featureNames.indexOf(name);
    if (j >= 0) return { name, values: table.columns[j]! };
    const a = table.attributes.find((x) => x.name === name);
    if (a) return { name, values: a.values };
    throw new SegmentLabError(
      `--outcome: no column named ${JSON.stringify(name)}; features: ${table.featureNames.join(", ")}; attributes: ${table.attributes.map((x) => x.name).join(", ") || "none"}`,
    );
  });
}

function selectFeatures(table: FeatureTable, names: string[]): FeatureTable {
  const idx = names.map((n) => table.featureNames.indexOf(n));
  return {
    ids: table.ids,
    features: idx.map((j) => table.features[j]!),
    featureNames: names,
    columns: idx.map((j) => table.columns[j]!),
    attributes: table.attributes,
  };
}

function inputFiles(input: UsageDataInput, loaded: LoadedUsageData): string[] {
  const out: string[] = [];
  if (Array.isArray(input.events) && typeof input.events[0] === "string")
    out.push(...(loaded.eventsReport?.files ?? []));
  if (typeof input.users === "string" || typeof input.table === "string")
    out.push(...(loaded.usersReport?.files ?? []));
  return out;
}

function observationWindow(loaded: LoadedUsageData): { start: string; end: string } | null {
  const r = loaded.eventsReport;
  if (!r || r.minTime === undefined || r.maxTime === undefined) return null;
  return { start: r.minTime, end: r.maxTime };
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The options as JSON for provenance (callbacks and earlier personas left out). */
function jsonOptions(options: DiscoverOptions): Record<string, unknown> {
  const { onProgress: _p, previousPersonas: _pp, ...rest } = options;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Over time: compare runs, track users between snapshots, drift, retention, experiment readouts.

/** Usage data to read: files or rows (`loadUsageData`'s input), or data already loaded. */
export type DataSource = UsageDataInput | LoadedUsageData;

async function withData<T>(
  source: DataSource,
  fn: (loaded: LoadedUsageData) => Promise<T>,
): Promise<T> {
  const loaded = "db" in source ? source : await loadUsageData(source);
  try {
    return await fn(loaded);
  } finally {
    if (!("db" in source)) loaded.db.close();
  }
}

/**
 * Compares two segment models (see `compareModels`): with data, both assign the same users
 * (contingency table, ARI, MONIC transitions: survived, split, absorbed, disappeared,
 * emerged); without, segments are matched on their centroids.
 *
 * @param a - the earlier model.
 * @param b - the later model.
 * @param data - optional usage data both models assign.
 * @param options - MONIC thresholds (survivalThreshold 0.7, splitThreshold 0.3).
 * @returns the {@link ModelComparison}.
 * @throws {SegmentLabError} when the data cannot be read or lack what a model needs.
 * @example
 * const c = await compare(model, model, { events: ["data/sample/events.csv.gz"], users: "data/sample/users.csv" });
 * c.ari; // => 1
 */
export async function compare(
  a: SegmentModel,
  b: SegmentModel,
  data?: DataSource,
  options: CompareOptions = {},
): Promise<ModelComparison> {
  if (data === undefined) return compareModels(a, b, undefined, options);
  return withData(data, (loaded) => compareModels(a, b, loaded.db, options));
}

/** A time window `[start, end]` of one log, dates `YYYY-MM-DD` (end included). */
export interface TimeWindow {
  start: string;
  end: string;
}

/** Inputs of {@link track}: two snapshots, or one log and two windows. */
export type TrackInput =
  | { before: DataSource; after: DataSource }
  | { data: DataSource; windows: [TimeWindow, TimeWindow] };

/** What {@link track} found. */
export interface TrackResult {
  migration: Migration;
  /** Drift of the second snapshot against the training data; null for a model without `drift`. */
  drift: DriftReport | null;
  /** Why drift was not measured (null when it was). */
  driftUnavailable: string | null;
  snapshots: { users: number; window: { start: string; end: string } | null }[];
  /** Differences between each snapshot and the training data (window, unseen levels …). */
  warnings: string[];
}

/**
 * Tracks users between two snapshots with one model: both are assigned (the model's frozen
 * features), giving the migration matrix and the movement along the engagement order; the
 * second snapshot's drift against the training data gives the staleness verdict.
 *
 * @param model - the segment model.
 * @param input - `{ before, after }` data, or `{ data, windows: [w1, w2] }` over one log.
 * @returns the {@link TrackResult}.
 * @throws {SegmentLabError} when data cannot be read, lack what the model needs, or a window is malformed.
 * @example
 * const t = await track(model, { before: { events: ["jan.csv"] }, after: { events: ["feb.csv"] } });
 * t.drift?.verdict; // => "fresh"
 */
export async function track(model: SegmentModel, input: TrackInput): Promise<TrackResult> {
  const snap = async (loaded: LoadedUsageData) => {
    const f = await computeModelFeatures(loaded.db, model);
    const a = assignTable(model, f.table);
    return { table: f.table, a, window: f.window, warnings: [...f.warnings, ...a.warnings] };
  };
  let s1: Awaited<ReturnType<typeof snap>>;
  let s2: Awaited<ReturnType<typeof snap>>;
  if ("windows" in input) {
    const [w1, w2] = input.windows.map(checkWindow) as [TimeWindow, TimeWindow];
    [s1, s2] = await withData(input.data, async (loaded) => {
      const first = await inWindow(loaded, w1, () => snap(loaded));
      const second = await inWindow(loaded, w2, () => snap(loaded));
      return [first, second];
    });
  } else {
    s1 = await withData(input.before, snap);
    s2 = await withData(input.after, snap);
  }
  const migration = migrationMatrix(model, s1.a, s2.a);
  let drift: DriftReport | null = null;
  let driftUnavailable: string | null = null;
  if (model.drift === undefined)
    driftUnavailable = trackMsg.noDriftReference(model.library.version);
  else
    drift = measureDrift(model, {
      table: s2.table,
      segmentId: s2.a.segmentId,
      distance: s2.a.distance,
      atypical: s2.a.atypical,
    });
  return {
    migration,
    drift,
    driftUnavailable,
    snapshots: [s1, s2].map((s) => ({ users: s.a.userId.length, window: s.window })),
    warnings: [
      ...s1.warnings.map((w) => `first snapshot: ${w}`),
      ...s2.warnings.map((w) => `second snapshot: ${w}`),
    ],
  };
}

/**
 * Parses a window `START..END` (dates YYYY-MM-DD, END included).
 *
 * @throws {SegmentLabError} naming the value.
 * @example
 * parseWindow("2026-01-01..2026-03-31"); // => { start: "2026-01-01", end: "2026-03-31" }
 */
export function parseWindow(value: string): TimeWindow {
  const m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(value.trim());
  if (!m) throw new SegmentLabError(trackMsg.badWindow(value));
  return checkWindow({ start: m[1]!, end: m[2]! });
}

function checkWindow(w: TimeWindow): TimeWindow {
  const ok = (d: string) =>
    /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d + "T00:00:00Z"));
  if (!ok(w.start) || !ok(w.end) || w.end < w.start)
    throw new SegmentLabError(trackMsg.badWindow(`${w.start}..${w.end}`));
  return w;
}

/** Runs `fn` with `events` narrowed to a window (a view over the full table, restored after). */
async function inWindow<T>(
  loaded: LoadedUsageData,
  w: TimeWindow,
  fn: () => Promise<T>,
): Promise<T> {
  const db = loaded.db;
  await db.run("ALTER TABLE events RENAME TO events_all");
  try {
    await db.run(
      `CREATE VIEW events AS SELECT * FROM events_all WHERE ts >= CAST(${quoteLiteral(w.start)} AS TIMESTAMP) AND ts < CAST(${quoteLiteral(w.end)} AS TIMESTAMP) + INTERVAL 1 DAY`,
    );
    return await fn();
  } finally {
    await db.run("DROP VIEW IF EXISTS events");
    await db.run("ALTER TABLE events_all RENAME TO events");
  }
}

/** What {@link retention} computed: the retention table plus what assigning warned about. */
export interface RetentionResult extends RetentionTable {
  warnings: string[];
}

/**
 * Cohort retention by segment (see `cohortRetention`): the model assigns the log's users, then
 * each segment's cohort triangle and the overall one are counted.
 *
 * @param model - the segment model.
 * @param data - an event log (a per-user table has no activity over time).
 * @param options - cohort and period granularity.
 * @returns the retention table.
 * @throws {SegmentLabError} for a per-user table, bad granularity or unreadable data.
 * @example
 * const r = await retention(model, { events: ["data/sample/events.csv.gz"], users: "data/sample/users.csv" }, { cohort: "month", period: "week" });
 * r.cohorts.find((c) => c.segment === "all" && c.period === 0)?.share; // => 1
 */
export async function retention(
  model: SegmentModel,
  data: DataSource,
  options: RetentionOptions = {},
): Promise<RetentionResult> {
  // Check the options before reading any data.
  checkGranularity("cohort", options.cohort ?? "week");
  checkGranularity("period", options.period ?? "week");
  return withData(data, async (loaded) => {
    if (loaded.kind !== "events") throw new SegmentLabError(trackMsg.noEvents());
    const a = await assign(model, loaded.db);
    const r = await cohortRetention(
      loaded.db,
      { userId: a.userId, segmentId: a.segmentId, names: segmentNames(model) },
      options,
    );
    return { ...r, warnings: a.warnings };
  });
}

/** Options of {@link readout}: the columns, plus the readout's own options. */
export interface ReadoutVerbOptions extends ReadoutOptions {
  /** Column of the users table (or per-user table) holding each user's arm. */
  arm: string;
  /** Column holding the outcome (0/1 for a conversion, or a number). */
  outcome: string;
}

/**
 * Reads an experiment by segment (see `readoutBySegment`): the model assigns the users, the
 * arm and outcome columns come from the users table (`users` with an event log, the table
 * itself for a per-user table).
 *
 * @param model - the segment model.
 * @param data - usage data whose users table has the arm and outcome columns.
 * @param options - `arm`, `outcome`, and `control`, `minEffect`, `alpha`.
 * @returns the {@link ExperimentReadout}, with assignment warnings added.
 * @throws {SegmentLabError} when a column is missing, an outcome is not a number, or there are not two arms.
 * @example
 * const r = await readout(model, { events: ["events.csv"], users: "experiment.csv" }, { arm: "arm", outcome: "converted" });
 * r.segments.filter((s) => (s.pAdjusted ?? 1) < 0.05).map((s) => s.name); // => ["Weekend Mobile Casuals"]
 */
export async function readout(
  model: SegmentModel,
  data: DataSource,
  options: ReadoutVerbOptions,
): Promise<ExperimentReadout> {
  return withData(data, async (loaded) => {
    const db = loaded.db;
    const cols = (
      await db.query<{ name: string }>(
        "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'users' ORDER BY ordinal_position",
      )
    ).map((r) => r.name);
    const available = cols.filter((c) => c !== "user_id");
    if (!cols.includes(options.arm))
      throw new SegmentLabError(trackMsg.noArmColumn(options.arm, available));
    if (!cols.includes(options.outcome))
      throw new SegmentLabError(trackMsg.noOutcomeColumn(options.outcome, available));
    const a = await assign(model, db);
    const rows = await db.queryColumns(
      `SELECT user_id, CAST(${quoteIdent(options.arm)} AS VARCHAR) AS arm, CAST(${quoteIdent(options.outcome)} AS VARCHAR) AS outcome FROM users`,
    );
    const byId = new Map<string, number>();
    (rows["user_id"] as string[]).forEach((id, i) => byId.set(id, i));
    const armCol = rows["arm"] as (string | null)[];
    const outCol = rows["outcome"] as (string | null)[];
    const arm: (string | null)[] = [];
    const outcome = new Float64Array(a.userId.length);
    a.userId.forEach((id, i) => {
      const j = byId.get(id);
      arm.push(j === undefined ? null : (armCol[j] ?? null));
      const raw = j === undefined ? null : outCol[j];
      if (raw === null || raw === undefined || raw.trim() === "") outcome[i] = NaN;
      else {
        const v =
          raw.trim().toLowerCase() === "true"
            ? 1
            : raw.trim().toLowerCase() === "false"
              ? 0
              : Number(raw);
        if (!Number.isFinite(v)) throw new SegmentLabError(trackMsg.badOutcomeValue(id, raw));
        outcome[i] = v;
      }
    });
    const r = readoutBySegment(
      { userId: a.userId, segmentId: a.segmentId, names: segmentNames(model), arm, outcome },
      options,
    );
    return { ...r, warnings: [...a.warnings, ...r.warnings] };
  });
}
