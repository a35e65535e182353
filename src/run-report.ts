/**
 * Adapts a discovery's results to the report's plain-JSON input (the charts' small structural
 * types), so `segmentlab report RUN_DIR` can rebuild the report from `report-input.json`.
 */
import type { PcaPoint, SilhouettePoint } from "./charts/types.js";
import { sampleRowsForMap } from "./charts/sample-points-for-map.js";
import { takeRows } from "./matrix/matrix.js";
import { orderByOutcome } from "./persona/persona-cards.js";
import { suggestPlays } from "./persona/suggest-plays.js";
import type { DataKind, ValueKind } from "./persona/themes.js";
import type { DiscoverResult } from "./pipeline.js";
import { fitPCA, transformPCA, type PCAModel } from "./reduce/index.js";
import { NO_STRUCTURE, WEAK_STRUCTURE } from "./select/messages.js";
import type { ReportExport, ReportInput } from "./report/types.js";
import { VERSION } from "./version.js";

/** Options of {@link toReportInput}. */
export interface ToReportInputOptions {
  /** What data was analysed, in words (e.g. the input file names). */
  dataLabel: string;
  /** Files of the run folder to point to. Default none. */
  exports?: ReportExport[];
  /** Most users drawn on the PCA map (a deterministic sample stratified by segment). Default 3000. */
  maxMapPoints?: number;
  /** Most features with box plots (the strongest by effect size). Default 8. */
  maxBoxFeatures?: number;
}

/**
 * Builds the report's input from a discovery: summary, load report, k choice and scan, the
 * silhouette (per point, sampled), a PCA map of the preprocessed users (first two components,
 * centroids and loadings), one card per segment, the effect-size heatmap, box plots in original
 * units, attribute mixes and the warnings.
 *
 * @param run - the result of `discover` / `discoverFromFeatures`.
 * @param options - see {@link ToReportInputOptions}.
 * @returns a JSON-serialisable {@link ReportInput}.
 * @example
 * const html = await buildReportHtml(toReportInput(run, { dataLabel: "events.csv" }));
 */
export function toReportInput(run: DiscoverResult, options: ToReportInputOptions): ReportInput {
  const k = run.kmeans.centroids.length;
  const names = run.personas.map((p) => p.name);
  const seed = run.model.provenance.seed ?? 0;
  const chosen = run.scan?.rowsByK.findIndex((r) => r.k === k) ?? -1;

  // k choice: the scan table as chart rows, and the reasons in words.
  const scanRows = (run.scan?.rowsByK ?? []).map((r) => ({
    k: r.k,
    inertia: r.inertia,
    knee: r.knee,
    silhouette: r.silhouette,
    ...(r.gap !== undefined ? { gap: r.gap, gapSE: r.gapSk ?? 0 } : {}),
    ...(r.minStability !== undefined
      ? {
          stabilityMin: r.minStability,
          stabilityMean:
            (r.stability ?? []).reduce((s, x) => s + x.meanJaccard, 0) /
            Math.max(1, r.stability?.length ?? 1),
        }
      : {}),
  }));
  const reasons = run.recommendation?.reasons ?? [`k = ${k} was given (no scan).`];

  // Silhouette of the chosen k (the scan keeps per-point values, sampled on big data).
  let silhouette: SilhouettePoint[] | undefined;
  if (run.scan && chosen >= 0) {
    const s = run.scan.silhouettes[chosen]!;
    const labels = run.scan.labels[chosen]!;
    const idx = s.sampleIndices;
    silhouette = Array.from(s.perPoint, (value, j) => ({
      segmentId: labels[idx ? idx[j]! : j]!,
      value,
    }));
  }

  // PCA map: a 2-component projection of the preprocessed users (whatever space k-means used).
  const map2 = fitPCA(run.X, {
    nComponents: Math.min(2, run.X.cols),
    featureNames: run.X.featureNames,
  });
  // Only the drawn users are projected (no per-user objects for the others); a segment's centroid
  // on the map is the projection of its mean, since the projection is affine.
  const rows = sampleRowsForMap(run.labels, options.maxMapPoints ?? 3000, seed);
  const P = transformPCA(map2, { ...run.X, ...takeRows(run.X, rows) });
  const points: PcaPoint[] = Array.from(rows, (i, r) => ({
    x: P.data[r * P.cols]!,
    y: P.cols > 1 ? P.data[r * P.cols + 1]! : 0,
    segmentId: run.labels[i]!,
  }));
  const centroids = centroidsOnMap(run, map2, k);
  const loadings = map2.featureNames.map((feature, j) => ({
    feature,
    x: map2.components[0]![j]! * Math.sqrt(map2.explainedVariance[0] ?? 0),
    y: (map2.components[1]?.[j] ?? 0) * Math.sqrt(map2.explainedVariance[1] ?? 0),
  }));

  // Per segment: cards, heatmap cells, box plots, attribute mix.
  // Outcomes first: segments ordered by the first outcome's rate or mean, highest first.
  const segments = orderByOutcome(run.profiles, run.personas).map((p) => {
    const prof = run.profiles.segments[p.segment]!;
    const rule = run.rules.rules.find((r) => r.segment === p.segment);
    const m = run.model.metrics;
    const plays = suggestPlays(prof, p, {
      clusterOn: run.clusterOn,
      ...(m["dataKind"] !== undefined ? { dataKind: m["dataKind"] as DataKind } : {}),
      ...(m["valueKind"] !== undefined ? { valueKind: m["valueKind"] as ValueKind } : {}),
    }).map((x) => `${x.title}: ${x.action}`);
    return {
      segmentId: p.segment,
      name: p.name,
      description: p.description,
      size: prof.size,
      share: prof.share,
      ...(run.stability[p.segment] != null ? { stability: run.stability[p.segment]! } : {}),
      evidence: p.evidence,
      ...(rule
        ? { rule: { text: rule.text, coverage: rule.coverage, precision: rule.precision ?? 0 } }
        : {}),
      plays,
    };
  });
  const profile = run.profiles.segments.flatMap((s) =>
    s.features.map((f) => ({
      segmentId: s.segment,
      segmentName: names[s.segment] ?? `Segment ${s.segment}`,
      feature: f.name,
      effectSize: Number.isFinite(f.effectSize) ? f.effectSize : 0,
    })),
  );
  const strongest = strongestFeatures(run, options.maxBoxFeatures ?? 8);
  const distributions = run.profiles.segments.flatMap((s) =>
    s.features
      .filter((f) => strongest.has(f.name) && f.segment.median !== null)
      .map((f) => ({
        segmentId: s.segment,
        feature: f.name,
        q1: f.segment.q1!,
        median: f.segment.median!,
        q3: f.segment.q3!,
        lo: f.segment.min!,
        hi: f.segment.max!,
      })),
  );
  const attributeMix = run.profiles.segments.flatMap((s) =>
    s.attributes.flatMap((a) =>
      a.levels
        .slice(0, 8)
        .map((l) => ({ segmentId: s.segment, attribute: a.name, level: l.level, share: l.share })),
    ),
  );
  const units = Object.fromEntries(run.table.features.map((f) => [f.name, f.unit]));
  const window = run.model.provenance.window;

  return {
    title: "Segment discovery report",
    generatedAt: run.model.createdAt,
    libraryVersion: VERSION,
    seed,
    summary: {
      data: window
        ? `${options.dataLabel} (${window.start.slice(0, 10)} to ${window.end.slice(0, 10)})`
        : options.dataLabel,
      users: run.table.ids.length,
      features: run.clusterOn.length,
      k,
      verdict:
        run.structure === "none"
          ? NO_STRUCTURE
          : run.structure === "weak"
            ? `${k} ${WEAK_STRUCTURE} (recommended)`
            : `${k} segments${run.recommendation ? " (recommended)" : " (k given)"}`,
    },
    ...((run.loadReports.events ?? run.loadReports.users)
      ? { load: (run.loadReports.events ?? run.loadReports.users)! }
      : {}),
    kChoice: { chosenK: k, reasons, scan: scanRows },
    ...(silhouette ? { silhouette } : {}),
    map: {
      points,
      centroids,
      loadings,
      explainedVariance: map2.explainedVarianceRatio.slice(0, 2),
    },
    segments,
    profile,
    distributions,
    units,
    attributeMix,
    warnings: run.warnings,
    exports: options.exports ?? [],
  };
}

function centroidsOnMap(run: DiscoverResult, map2: PCAModel, k: number): PcaPoint[] {
  const { rows: n, cols: d, data } = run.X;
  const sum = new Float64Array(k * d);
  const count = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const s = run.labels[i]!;
    count[s]! += 1;
    for (let j = 0; j < d; j++) sum[s * d + j]! += data[i * d + j]!;
  }
  const present = Array.from({ length: k }, (_, s) => s).filter((s) => count[s]! > 0);
  const means = new Float64Array(present.length * d);
  present.forEach((s, r) => {
    for (let j = 0; j < d; j++) means[r * d + j] = sum[s * d + j]! / count[s]!;
  });
  const P = transformPCA(map2, { ...run.X, rows: present.length, data: means });
  return present.map((s, r) => ({
    x: P.data[r * P.cols]!,
    y: P.cols > 1 ? P.data[r * P.cols + 1]! : 0,
    segmentId: s,
  }));
}

function strongestFeatures(run: DiscoverResult, max: number): Set<string> {
  const best = new Map<string, number>();
  for (const s of run.profiles.segments)
    for (const f of s.features)
      if (Number.isFinite(f.effectSize))
        best.set(f.name, Math.max(best.get(f.name) ?? 0, Math.abs(f.effectSize)));
  return new Set(
    [...best.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, max)
      .map(([name]) => name),
  );
}
