import type { FeatureTable } from "../features/types.js";
import { SegmentLabError } from "../errors.js";
import * as msg from "./messages.js";
import { meanAndSd, orderStatistics, quantileFrom, sampleSkewness } from "./stats.js";
import type {
  PreprocessEncoding,
  PreprocessFeatureStep,
  PreprocessModel,
  PreprocessOptions,
  ResolvedPreprocessOptions,
} from "./types.js";
import { checkFinite, checkTableShape, indexNames } from "./validate.js";

/** The defaults of {@link PreprocessOptions}, merged once. */
export const preprocessDefaults: Readonly<ResolvedPreprocessOptions> =
  Object.freeze<ResolvedPreprocessOptions>({
    skewThreshold: 1,
    transforms: {},
    winsorize: [0.01, 0.99],
    scaling: "standard",
    encodeAttributes: [],
    maxLevels: 10,
    weights: {},
    dropConstant: true,
    duplicateThreshold: 0.95,
  });

/** Name suffixes of the extra one-hot columns. */
export const OTHER_LEVEL = "(other)";
export const MISSING_LEVEL = "(missing)";

/**
 * Learns a column-by-column preprocessing of a feature table: median imputation, `log1p` of
 * heavily skewed non-negative features, winsorizing, standard or robust scaling, per-feature
 * weights, optional one-hot encoding of attributes, and dropping constant or near-duplicate
 * features (each drop is named in `model.warnings` and `model.dropped`).
 *
 * Each step is a per-column formula whose constants are stored in the model, so the same
 * transform can be written in SQL: impute → log1p → clip → scale → weight. The statistics of
 * each step are computed on the output of the previous one (as a scikit-learn Pipeline would),
 * except the median for imputation and the skewness, which use the observed (non-missing) values.
 *
 * @param table - per-user features (NaN = missing); attributes are used only when listed in
 *   `options.encodeAttributes`.
 * @param options - see {@link PreprocessOptions}.
 * @returns a plain-JSON {@link PreprocessModel}.
 * @throws {RangeError} on an empty table, an infinite value (naming feature, row and id), a bad
 *   option value, `log1p` asked for a feature with negative values, or when nothing is left.
 * @throws {TypeError} when the table's columns, ids and names disagree in length.
 * @throws {SegmentLabError} when an option names a feature or attribute the table lacks.
 * @example
 * const table = { ids: ["a", "b", "c"], features: [], featureNames: ["x"],
 *   columns: [Float64Array.of(1, NaN, 3)], attributes: [] };
 * const m = fitPreprocessor(table, { winsorize: false });
 * m.steps[0]; // => { name: "x", impute: 2, imputedCount: 1, log1p: false, center: 2, scale: 0.816…, … }
 */
export function fitPreprocessor(
  table: FeatureTable,
  options: PreprocessOptions = {},
): PreprocessModel {
  checkTableShape(table);
  const params = resolveOptions(options, table);
  const n = table.ids.length;
  if (n === 0) throw new RangeError(msg.emptyTable());

  const warnings: string[] = [];
  const dropped: { name: string; reason: string }[] = [];
  const imputedCounts: Record<string, number> = {};
  const candidates: { step: PreprocessFeatureStep; centered: Float64Array; sd: number }[] = [];
  const keepCentered = params.duplicateThreshold !== null;

  for (let j = 0; j < table.columns.length; j++) {
    const name = table.featureNames[j]!;
    checkFinite(table, j);
    const col = table.columns[j]!;

    // 1. Imputation: the median of the observed values.
    let nObs = 0;
    for (let i = 0; i < n; i++) if (!Number.isNaN(col[i]!)) nObs++;
    const missing = n - nObs;
    imputedCounts[name] = missing;
    if (nObs === 0) {
      warnings.push(msg.droppedAllMissing(name));
      dropped.push({ name, reason: "all missing" });
      continue;
    }
    const obs = new Float64Array(nObs);
    let min = Infinity;
    for (let i = 0, k = 0; i < n; i++) {
      const x = col[i]!;
      if (Number.isNaN(x)) continue;
      obs[k++] = x;
      if (x < min) min = x;
    }
    const skewness = sampleSkewness(obs);
    const impute = quantileFrom((k) => orderStatistics(obs, [k])[0]!, nObs, 0.5);
    if (missing * 2 > n) warnings.push(msg.mostlyImputed(name, missing, n));

    // 2. log1p: by option, else by the skew rule on the observed values.
    const forced = params.transforms[name];
    let log1p: boolean;
    if (forced !== undefined) {
      log1p = forced === "log1p";
      if (log1p && min < 0) throw new RangeError(msg.log1pNegative(name, min));
    } else {
      log1p =
        params.skewThreshold !== null &&
        min >= 0 &&
        skewness !== null &&
        skewness > params.skewThreshold;
    }
    const log = (x: number): number => (log1p ? Math.log1p(x > 0 ? x : 0) : x);

    // Every quantile below is an order statistic (or two, interpolated) of the imputed column
    // after log1p and clipping. Imputing inserts `missing` copies of the median at their place,
    // and log1p and clipping are monotone, so the rank-k value of the transformed column is the
    // transform of a rank of the observed values: one multi-select on them serves every
    // quantile, with no sort.
    let below = 0;
    for (let i = 0; i < nObs; i++) if (obs[i]! < impute) below++;
    const wanted = new Set<number>([0, n - 1]);
    const winsorRanks =
      params.winsorize === false
        ? null
        : [Math.floor(params.winsorize[0] * (n - 1)), Math.ceil(params.winsorize[1] * (n - 1))];
    if (winsorRanks) winsorRanks.forEach((k) => wanted.add(k));
    if (params.scaling === "robust")
      for (const q of [0.25, 0.5, 0.75]) {
        const h = Math.floor((n - 1) * q);
        wanted.add(h).add(Math.min(h + 1, n - 1));
      }
    const toObs = (k: number): number => (k < below ? k : k - missing);
    const inImputed = (k: number): boolean => k >= below && k < below + missing;
    const obsRanks = [...wanted].filter((k) => !inImputed(k)).map(toObs);
    const obsValues = orderStatistics(obs, obsRanks);
    const rankValue = new Map<number, number>();
    for (const k of wanted)
      rankValue.set(k, log(inImputed(k) ? impute : obsValues[obsRanks.indexOf(toObs(k))]!));

    // 3. Winsorizing at outward order statistics (always observed values).
    const first = rankValue.get(0)!;
    const last = rankValue.get(n - 1)!;
    let clip: [number, number] | null = null;
    if (winsorRanks) {
      const lo = rankValue.get(winsorRanks[0]!)!;
      const hi = rankValue.get(winsorRanks[1]!)!;
      if (lo === hi && first !== last) warnings.push(msg.clipSkipped(name, lo));
      else clip = [lo + 0, hi + 0];
    }
    const clamp = (x: number): number =>
      clip === null ? x : x < clip[0] ? clip[0] : x > clip[1] ? clip[1] : x;

    // 4. Constant after the steps above: nothing to scale, nothing to cluster on.
    const constant = clamp(first) === clamp(last);
    if (constant && params.dropConstant) {
      warnings.push(msg.droppedConstant(name, clamp(first)));
      dropped.push({ name, reason: "constant" });
      continue;
    }

    // The imputed, transformed, clipped column, for the mean, sd and correlations.
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x = col[i]!;
      v[i] = clamp(log(Number.isNaN(x) ? impute : x));
    }

    // 5. Scaling constants.
    const { mean, sd } = meanAndSd(v);
    let center = 0;
    let scale = 1;
    if (params.scaling === "standard") {
      center = mean;
      scale = sd;
    } else if (params.scaling === "robust") {
      const at = (k: number): number => clamp(rankValue.get(k)!);
      center = quantileFrom(at, n, 0.5);
      scale = quantileFrom(at, n, 0.75) - quantileFrom(at, n, 0.25);
      if (scale === 0 && !constant) {
        warnings.push(msg.robustScaleFallback(name));
        scale = sd;
      }
    }
    // A constant kept on purpose (dropConstant: false) is centred but not divided by 0, as
    // scikit-learn's scalers do.
    if (!(scale > 0)) scale = 1;

    let centered = v;
    if (keepCentered) for (let i = 0; i < n; i++) centered[i] = v[i]! - mean;
    else centered = new Float64Array(0);
    candidates.push({
      step: {
        name,
        // `+ 0` turns a -0 into 0, which JSON cannot tell apart (the round trip must be exact).
        impute: impute + 0,
        imputedCount: missing,
        skewness,
        log1p,
        log1pReason: forced !== undefined ? "option" : "auto",
        clip,
        center: center + 0,
        scale,
        weight: params.weights[name] ?? 1,
      },
      centered,
      sd,
    });
  }

  // 6. Near-duplicates: Pearson r against every earlier kept feature, first in order wins.
  const steps: PreprocessFeatureStep[] = [];
  if (params.duplicateThreshold === null) {
    for (const c of candidates) steps.push(c.step);
  } else {
    const G = crossProducts(
      candidates.map((c) => c.centered),
      n,
    );
    const m = candidates.length;
    const kept: number[] = [];
    for (let b = 0; b < m; b++) {
      const c = candidates[b]!;
      let dupOf: { name: string; r: number } | null = null;
      if (c.sd > 0) {
        for (const a of kept) {
          const k = candidates[a]!;
          if (!(k.sd > 0)) continue;
          const r = G[a * m + b]! / (n * c.sd * k.sd);
          if (Math.abs(r) > params.duplicateThreshold) {
            dupOf = { name: k.step.name, r };
            break;
          }
        }
      }
      if (dupOf !== null) {
        const text = msg.droppedDuplicate(
          c.step.name,
          dupOf.name,
          dupOf.r,
          params.duplicateThreshold,
        );
        warnings.push(text);
        dropped.push({
          name: c.step.name,
          reason: `near-duplicate of "${dupOf.name}" (r = ${Number(dupOf.r.toPrecision(4))})`,
        });
      } else {
        kept.push(b);
        steps.push(c.step);
      }
    }
  }

  // 7. One-hot encodings.
  const encodings = fitEncodings(table, params);

  const outputNames = [...steps.map((s) => s.name), ...encodings.flatMap((e) => e.outputNames)];
  if (outputNames.length === 0) throw new RangeError(msg.noOutputColumns());
  return {
    kind: "preprocess",
    version: 1,
    params,
    nRows: n,
    inputFeatures: steps.map((s) => s.name),
    steps,
    encodings,
    outputNames,
    warnings,
    imputedCounts,
    dropped,
  };
}

function fitEncodings(
  table: FeatureTable,
  params: ResolvedPreprocessOptions,
): PreprocessEncoding[] {
  const attrs = table.attributes ?? [];
  const at = indexNames(
    attrs.map((a) => a.name),
    params.encodeAttributes,
    msg.unknownAttributeOption,
  );
  return at.map((ai) => {
    const attr = attrs[ai]!;
    const counts = new Map<string, number>();
    let nulls = 0;
    for (const v of attr.values) {
      if (v === null || v === undefined) nulls++;
      else counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    // Most frequent first; ties by code-unit order (not locale) so every platform agrees.
    const byCount = [...counts.entries()].sort((a, b) =>
      b[1] !== a[1] ? b[1] - a[1] : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0,
    );
    const levels = byCount.slice(0, params.maxLevels).map((e) => e[0]);
    const other = byCount.length > params.maxLevels;
    const missing = nulls > 0;
    const outputNames = levels.map((l) => `${attr.name}=${l}`);
    if (other) outputNames.push(`${attr.name}=${OTHER_LEVEL}`);
    if (missing) outputNames.push(`${attr.name}=${MISSING_LEVEL}`);
    return {
      attribute: attr.name,
      levels,
      other,
      missing,
      weight: params.weights[attr.name] ?? 1,
      outputNames,
    };
  });
}

/** Merges the options with the defaults once and validates every value. */
function resolveOptions(o: PreprocessOptions, table: FeatureTable): ResolvedPreprocessOptions {
  const d = preprocessDefaults;
  const skewThreshold = o.skewThreshold === undefined ? d.skewThreshold : o.skewThreshold;
  if (skewThreshold !== null && !Number.isFinite(skewThreshold))
    throw new RangeError(msg.badOption("skewThreshold", skewThreshold, "a finite number or null"));

  const winsorize = o.winsorize === undefined ? d.winsorize : o.winsorize;
  if (winsorize !== false) {
    const ok =
      Array.isArray(winsorize) &&
      winsorize.length === 2 &&
      winsorize[0] >= 0 &&
      winsorize[1] <= 1 &&
      winsorize[0] < winsorize[1];
    if (!ok)
      throw new RangeError(
        msg.badOption("winsorize", winsorize, "false or [low, high] with 0 <= low < high <= 1"),
      );
  }

  const scaling = o.scaling ?? d.scaling;
  if (scaling !== "standard" && scaling !== "robust" && scaling !== "none")
    throw new RangeError(msg.badOption("scaling", scaling, `"standard", "robust" or "none"`));

  const maxLevels = o.maxLevels ?? d.maxLevels;
  if (!Number.isInteger(maxLevels) || maxLevels < 1)
    throw new RangeError(msg.badOption("maxLevels", maxLevels, "an integer >= 1"));

  const duplicateThreshold =
    o.duplicateThreshold === undefined ? d.duplicateThreshold : o.duplicateThreshold;
  if (duplicateThreshold !== null && !(duplicateThreshold > 0 && duplicateThreshold <= 1))
    throw new RangeError(
      msg.badOption("duplicateThreshold", duplicateThreshold, "in (0, 1] or null"),
    );

  const featureSet = new Set(table.featureNames);
  const transforms: Record<string, "log1p" | "none"> = {};
  for (const [name, t] of Object.entries(o.transforms ?? {})) {
    if (!featureSet.has(name))
      throw new SegmentLabError(msg.unknownFeatureOption("transforms", name, table.featureNames));
    if (t !== "log1p" && t !== "none")
      throw new RangeError(msg.badOption(`transforms["${name}"]`, t, `"log1p" or "none"`));
    transforms[name] = t;
  }

  const encodeAttributes = [...(o.encodeAttributes ?? d.encodeAttributes)];
  const weightable = [...table.featureNames, ...encodeAttributes];
  const weights: Record<string, number> = {};
  for (const [name, w] of Object.entries(o.weights ?? {})) {
    if (!featureSet.has(name) && !encodeAttributes.includes(name))
      throw new SegmentLabError(msg.unknownFeatureOption("weights", name, weightable));
    if (!(Number.isFinite(w) && w >= 0))
      throw new RangeError(msg.badOption(`weights["${name}"]`, w, "finite and >= 0"));
    weights[name] = w;
  }

  return {
    skewThreshold,
    transforms,
    winsorize: winsorize === false ? false : [winsorize[0], winsorize[1]],
    scaling,
    encodeAttributes,
    maxLevels,
    weights,
    dropConstant: o.dropConstant ?? d.dropConstant,
    duplicateThreshold,
  };
}

/**
 * Upper triangle of the Gram matrix of equal-length columns (G[a·m + b] = Σᵢ cols[a][i]·cols[b][i],
 * a <= b), over blocks of rows so that the columns' current chunks stay in cache, and 2 × 2
 * column pairs at a time: four multiply-adds per four loads instead of one per two.
 */
function crossProducts(cols: Float64Array[], n: number): Float64Array {
  const m = cols.length;
  const G = new Float64Array(m * m);
  // An odd count pairs its last column with zeros (never stored).
  const zero = new Float64Array(m % 2 === 1 ? n : 0);
  const col = (a: number): Float64Array => (a < m ? cols[a]! : zero);
  const B = 4096;
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n, i0 + B);
    for (let a = 0; a < m; a += 2) {
      const x0 = col(a);
      const x1 = col(a + 1);
      for (let b = a; b < m; b += 2) {
        const y0 = col(b);
        const y1 = col(b + 1);
        let s00 = 0;
        let s01 = 0;
        let s10 = 0;
        let s11 = 0;
        for (let i = i0; i < i1; i++) {
          const u0 = x0[i]!;
          const u1 = x1[i]!;
          const v0 = y0[i]!;
          const v1 = y1[i]!;
          s00 += u0 * v0;
          s01 += u0 * v1;
          s10 += u1 * v0;
          s11 += u1 * v1;
        }
        G[a * m + b] += s00;
        if (b + 1 < m) G[a * m + b + 1] += s01;
        if (a + 1 < m && b > a) G[(a + 1) * m + b] += s10;
        if (a + 1 < m && b + 1 < m) G[(a + 1) * m + b + 1] += s11;
      }
    }
  }
  return G;
}
