import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { FeatureTable } from "../features/types.js";
import type { PreprocessModel } from "../prep/types.js";
import { VERSION } from "../version.js";
import * as msg from "./messages.js";
import { parseSegmentModel } from "./parse-segment-model.js";
import { SEGMENT_MODEL_VERSION, type SegmentModel } from "./schema.js";

/** A data fingerprint: SHA-256 over the input files or over the feature table. */
export interface DataFingerprint {
  algorithm: "sha256";
  over: "files" | "features";
  value: string;
}

/** The parts {@link buildSegmentModel} assembles. Stage models are passed as they come. */
export interface SegmentModelParts {
  /** The feature spec used (JSON), or null/omitted when trained on a per-user table. */
  featureSpec?: unknown;
  /** The resolved feature context (`resolveFeatureContext`), needed to export SQL over events. */
  featureContext?: unknown;
  /** The training feature table (only its names are kept) or the names themselves. */
  features:
    Pick<FeatureTable, "featureNames" | "attributes"> | { names: string[]; attributes: string[] };
  preprocess: PreprocessModel;
  /** The PCA model when the pipeline projected before clustering. */
  pca?: { kind: "pca"; mean: number[]; components: number[][] } | null;
  kmeans: { kind: "kmeans"; centroids: number[][]; sizes?: number[] };
  personas?: readonly {
    segmentId: number;
    name: string;
    description: string;
    evidence?: string[];
    edited?: boolean;
  }[];
  rules?: {
    depth?: number;
    fidelity?: number;
    missingAs?: { feature: string; value: number }[];
    rules: {
      segment: number;
      conditions: { feature: string; op: "<" | ">="; value: number }[][];
      text?: string;
    }[];
  } | null;
  /** Scan table, recommendation, stability per segment … (stored as given). */
  metrics?: Record<string, unknown>;
  atypical?: { percentile: number; threshold: number; perSegment?: (number | null)[] } | null;
  provenance: {
    fingerprint: DataFingerprint;
    files?: { name: string; bytes: number }[];
    rows: { events: number | null; users: number };
    window: { start: string; end: string } | null;
    seed: number | null;
    options?: Record<string, unknown>;
  };
  /** Creation time; default `SOURCE_DATE_EPOCH` (seconds) when set, else now. */
  createdAt?: string | Date;
  warnings?: string[];
  /** Training distributions for drift (see `fitDriftReference` in `track/`). */
  drift?: unknown;
}

/**
 * Assembles and validates the versioned segment model from the stage outputs.
 *
 * @param parts - see {@link SegmentModelParts}.
 * @returns the validated {@link SegmentModel} (a plain JSON object; `JSON.parse(JSON.stringify(m))` deep-equals it).
 * @throws {SegmentLabError} when the parts do not fit together (e.g. centroid width ≠
 *   preprocessing output width), naming the field.
 * @example
 * const model = buildSegmentModel({ features: table, preprocess, kmeans, provenance });
 * model.kind; // => "segment-model"
 */
export function buildSegmentModel(parts: SegmentModelParts): SegmentModel {
  const names =
    "names" in parts.features
      ? { names: [...parts.features.names], attributes: [...parts.features.attributes] }
      : {
          names: [...parts.features.featureNames],
          attributes: parts.features.attributes.map((a) => a.name),
        };
  const doc = {
    kind: "segment-model",
    version: SEGMENT_MODEL_VERSION,
    createdAt: resolveCreatedAt(parts.createdAt),
    library: { name: "segmentlab", version: VERSION },
    featureSpec: parts.featureSpec ?? null,
    featureContext: parts.featureContext ?? null,
    features: names,
    preprocess: parts.preprocess,
    pca: parts.pca ?? null,
    kmeans: parts.kmeans,
    personas: parts.personas ?? [],
    rules: parts.rules ?? null,
    metrics: parts.metrics ?? {},
    atypical: parts.atypical ?? null,
    provenance: {
      fingerprint: parts.provenance.fingerprint,
      files: parts.provenance.files ?? [],
      rows: parts.provenance.rows,
      window: parts.provenance.window,
      seed: parts.provenance.seed,
      options: parts.provenance.options ?? {},
    },
    warnings: parts.warnings ?? [],
    ...(parts.drift !== undefined ? { drift: parts.drift } : {}),
  };
  // A JSON round trip first: typed arrays or undefined fields would not survive a save.
  return parseSegmentModel(JSON.parse(JSON.stringify(doc)) as unknown, "segment model");
}

/**
 * The creation time: the given one, else `SOURCE_DATE_EPOCH` (seconds since 1970, the
 * reproducible-builds convention), else now — as ISO 8601 UTC.
 *
 * @example
 * resolveCreatedAt(new Date(0)); // => "1970-01-01T00:00:00.000Z"
 */
export function resolveCreatedAt(given?: string | Date): string {
  if (given instanceof Date) return given.toISOString();
  if (typeof given === "string") return new Date(given).toISOString();
  const epoch = process.env["SOURCE_DATE_EPOCH"];
  if (epoch !== undefined && /^\d+$/.test(epoch))
    return new Date(Number(epoch) * 1000).toISOString();
  return new Date().toISOString();
}

/**
 * SHA-256 over input files, independent of their folder and of the order given: the files are
 * sorted by base name, and each contributes its base name, its size and its bytes.
 *
 * @param files - paths of the input files.
 * @returns the fingerprint and the per-file sizes (for provenance).
 * @example
 * fingerprintFiles(["data/events.csv"]).fingerprint.value.length; // => 64
 */
export function fingerprintFiles(files: readonly string[]): {
  fingerprint: DataFingerprint;
  files: { name: string; bytes: number }[];
} {
  const entries = files
    .map((f) => ({ file: f, name: path.basename(f) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.file < b.file ? -1 : 1));
  const hash = createHash("sha256");
  const out: { name: string; bytes: number }[] = [];
  const buf = Buffer.alloc(1 << 20);
  for (const e of entries) {
    const bytes = fs.statSync(e.file).size;
    hash.update(`${e.name}\0${bytes}\0`);
    const fd = fs.openSync(e.file, "r");
    try {
      for (;;) {
        const n = fs.readSync(fd, buf, 0, buf.length, null);
        if (n === 0) break;
        hash.update(buf.subarray(0, n));
      }
    } finally {
      fs.closeSync(fd);
    }
    out.push({ name: e.name, bytes });
  }
  return {
    fingerprint: { algorithm: "sha256", over: "files", value: hash.digest("hex") },
    files: out,
  };
}

/**
 * SHA-256 over a feature table (ids, names, every value as its 8 IEEE bytes, attributes), for
 * models trained on a per-user table.
 *
 * @example
 * fingerprintFeatureTable(table).over; // => "features"
 */
export function fingerprintFeatureTable(table: FeatureTable): DataFingerprint {
  const hash = createHash("sha256");
  hash.update(JSON.stringify(table.ids));
  hash.update(JSON.stringify(table.featureNames));
  for (const c of table.columns) hash.update(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
  hash.update(JSON.stringify(table.attributes));
  return { algorithm: "sha256", over: "features", value: hash.digest("hex") };
}

/**
 * The atypical-user thresholds: the `percentile` of the training users' distances to their own
 * centroid, overall and per segment (linear interpolation between order statistics, as
 * NumPy's default). A user farther than its segment's threshold is flagged atypical.
 *
 * @param distances - each training user's Euclidean distance to its centroid (model space).
 * @param labels - each user's segment id.
 * @param k - number of segments.
 * @param percentile - 0–100. Default 95.
 * @throws {RangeError} for a percentile outside 0–100 or mismatched lengths.
 * @example
 * fitAtypicalThreshold(Float64Array.of(0, 1, 2, 3, 4), Int32Array.of(0, 0, 0, 0, 0), 1, 50);
 * // => { percentile: 50, threshold: 2, perSegment: [2] }
 */
export function fitAtypicalThreshold(
  distances: ArrayLike<number>,
  labels: ArrayLike<number>,
  k: number,
  percentile = 95,
): { percentile: number; threshold: number; perSegment: number[] } {
  if (!(percentile >= 0 && percentile <= 100))
    throw new RangeError(msg.badOption("percentile", percentile, "between 0 and 100"));
  if (distances.length !== labels.length)
    throw new RangeError(
      msg.badOption("labels.length", labels.length, `= distances.length (${distances.length})`),
    );
  const all = Float64Array.from(distances).sort();
  const groups: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < labels.length; i++) groups[labels[i]!]?.push(distances[i]!);
  const q = (s: ArrayLike<number>): number => {
    if (s.length === 0) return 0;
    const h = (percentile / 100) * (s.length - 1);
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, s.length - 1);
    return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
  };
  return {
    percentile,
    threshold: q(all),
    perSegment: groups.map((g) => q(Float64Array.from(g).sort())),
  };
}
