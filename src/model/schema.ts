import { z } from "zod";
import type { KMeansCentres } from "../cluster/types.js";
import type { PreprocessTransform } from "../prep/types.js";
import type { PCAProjection } from "../reduce/types.js";
import { hasControlCharacter } from "../persona/rename-persona.js";

/**
 * The major format version this SegmentLab writes and reads. A file with a higher `version`
 * was written by a newer, incompatible SegmentLab and is refused with a clear error; additive
 * changes (new optional fields) keep the version, and unknown fields are preserved on load.
 */
export const SEGMENT_MODEL_VERSION = 1;

/** A stage's type plus the fields a newer SegmentLab may have added (kept on load). */
type Loose<T> = T & { [field: string]: unknown };

const finite = z.number().refine(Number.isFinite, { message: "expected a finite number" });
const vector = z.array(finite);

/** One kept numeric feature's transform (owned by `prep/`; the fields assign and SQL rely on). */
const preprocessStepSchema = z.looseObject({
  name: z.string(),
  impute: finite,
  log1p: z.boolean(),
  clip: z.tuple([finite, finite]).nullable(),
  center: finite,
  scale: finite.refine((s) => s !== 0, { message: "scale must not be 0" }),
  weight: finite,
});

/** One one-hot encoded attribute (owned by `prep/`). */
const preprocessEncodingSchema = z.looseObject({
  attribute: z.string(),
  levels: z.array(z.string()),
  other: z.boolean(),
  missing: z.boolean(),
  weight: finite,
  outputNames: z.array(z.string()),
});

/**
 * The fitted preprocessing (owned by `prep/`): loose, but what assign and SQL use is checked —
 * its type is the stage's {@link PreprocessTransform}, so `transformPreprocessor` takes it as is.
 */
export const preprocessSchema: z.ZodType<Loose<PreprocessTransform>> = z.looseObject({
  kind: z.literal("preprocess"),
  version: z.literal(1),
  inputFeatures: z.array(z.string()),
  steps: z.array(preprocessStepSchema),
  encodings: z.array(preprocessEncodingSchema),
  outputNames: z.array(z.string()),
});

/**
 * The PCA projection (owned by `reduce/`): `mean` (d) and `components` (m × d, rows =
 * components); its type is the stage's {@link PCAProjection}, so `transformPCA` takes it as is.
 */
export const pcaSchema: z.ZodType<Loose<PCAProjection>> = z.looseObject({
  kind: z.literal("pca"),
  version: z.literal(1).optional(),
  featureNames: z.array(z.string()).optional(),
  mean: vector,
  components: z.array(vector).min(1),
  /** `params.whiten` true: scores are divided by √explainedVariance (components with 0 variance are not). */
  params: z.looseObject({ whiten: z.boolean().optional() }).optional(),
  explainedVariance: vector.optional(),
});

/**
 * The k-means model (owned by `cluster/`): centroid `i` is segment `i`; its type is the
 * stage's {@link KMeansCentres}, so `predictKMeans` takes it as is.
 */
export const kmeansSchema: z.ZodType<Loose<KMeansCentres & { sizes?: number[] }>> = z.looseObject({
  kind: z.literal("kmeans"),
  version: z.literal(1).optional(),
  nFeatures: z.number().int().positive().optional(),
  centroids: z.array(vector).min(1),
  sizes: z.array(z.number().int().nonnegative()).optional(),
});

/** One checkable statement behind a persona's words (owned by `persona/`; see verifyClaims). */
export const claimSchema = z.object({
  subject: z.enum(["feature", "attribute", "outcome"]),
  name: z.string(),
  level: z.string().nullable(),
  family: z.string(),
  statistic: z.enum(["mean", "median", "share"]),
  segment: z.number().int().nonnegative(),
  segmentValue: finite,
  populationValue: finite,
  unit: z.string(),
  direction: z.enum(["higher", "lower"]),
  word: z.enum([
    "more",
    "less",
    "far more",
    "far less",
    "mostly",
    "mostly not",
    "recently",
    "long ago",
    "rising",
    "falling",
  ]),
  effectSize: finite,
  lift: finite.nullable(),
  n: z.number().int().nonnegative(),
  usedIn: z.array(z.enum(["name", "description", "evidence", "play"])),
});

/** A named persona for one segment (owned by `persona/`; `edited` marks a user's rename). */
export const personaSchema = z.looseObject({
  segmentId: z.number().int().nonnegative(),
  name: z
    .string()
    .min(1)
    .max(60)
    .refine((s) => !hasControlCharacter(s), {
      message: "a persona name must not contain control characters (line breaks, tabs, escapes)",
    }),
  description: z.string(),
  evidence: z.array(z.string()).default([]),
  edited: z.boolean().optional(),
  /** The claims the name, description and evidence rest on (absent in models before claims). */
  claims: z.array(claimSchema).optional(),
});

const conditionSchema = z.object({
  feature: z.string(),
  op: z.enum(["<", ">="]),
  value: finite,
});

/** Surrogate rules (owned by `profile/`): per segment an OR of ANDs of conditions. */
export const rulesSchema = z.looseObject({
  depth: z.number().int().nonnegative().optional(),
  fidelity: finite.optional(),
  /** Value a missing feature is read as when evaluating the rules. */
  missingAs: z.array(z.object({ feature: z.string(), value: finite })).optional(),
  rules: z.array(
    z.looseObject({
      segment: z.number().int().nonnegative(),
      conditions: z.array(z.array(conditionSchema)),
      text: z.string().optional(),
    }),
  ),
});

/** Atypical users: distance to the own centroid above `threshold` (a training percentile). */
export const atypicalSchema = z.object({
  /** The percentile of the training distances (0–100) the threshold was taken at. */
  percentile: finite,
  /** Global threshold in model space (Euclidean distance). */
  threshold: finite.nonnegative(),
  /**
   * Optional per-segment thresholds; when present they replace the global one. `null` = no
   * threshold for that segment (too few users to take a percentile): nobody in it is flagged.
   */
  perSegment: z.array(finite.nonnegative().nullable()).optional(),
});

/** One feature's training distribution on quantile bins (for PSI; owned by `track/`). */
const driftFeatureSchema = z.object({
  name: z.string(),
  /**
   * Upper bin edges (ascending, distinct): bin j holds values ≤ edges[j] and > edges[j-1]; the
   * last bin holds values above every edge. Training deciles, ties merged.
   */
  edges: vector,
  /** Training share of each bin (edges.length + 1 numbers), then of missing values. */
  shares: vector,
  missing: finite,
});

/**
 * The training data's distributions that drift is measured against (owned by `track/`):
 * aggregates only, never user ids. Optional: models written before it cannot measure drift.
 */
export const driftReferenceSchema = z.looseObject({
  kind: z.literal("drift-reference"),
  version: z.literal(1),
  /** Bins per feature asked for (quantiles); ties merge bins. */
  bins: z.number().int().positive(),
  features: z.array(driftFeatureSchema),
  /** Share of training users per segment. */
  segmentShares: vector,
  /** Mean distance to the nearest centroid (model space), overall and per segment. */
  meanDistance: finite,
  segmentMeanDistance: z.array(finite.nullable()),
  /** Share of training users flagged atypical. */
  atypicalShare: finite,
  users: z.number().int().nonnegative(),
});

/** Where the model came from: enough to tell whether two models saw the same data. */
export const provenanceSchema = z.looseObject({
  /** SHA-256 (hex) over the input files (sorted by name, each as name, size, bytes) or the feature table. */
  fingerprint: z.object({
    algorithm: z.literal("sha256"),
    over: z.enum(["files", "features"]),
    value: z.string().regex(/^[0-9a-f]{64}$/, "expected 64 lowercase hex digits"),
  }),
  files: z.array(z.object({ name: z.string(), bytes: z.number().int().nonnegative() })).default([]),
  rows: z.object({
    events: z.number().int().nonnegative().nullable(),
    users: z.number().int().nonnegative(),
  }),
  /** Observation window of the events (ISO 8601), null for a per-user table. */
  window: z.object({ start: z.string(), end: z.string() }).nullable(),
  seed: z.number().int().nullable(),
  /** The options the pipeline ran with, as given. */
  options: z.record(z.string(), z.unknown()).default({}),
});

/** The versioned segment model: everything needed to reproduce an assignment. */
export const segmentModelSchema = z
  .looseObject({
    kind: z.literal("segment-model"),
    version: z.literal(SEGMENT_MODEL_VERSION),
    /** ISO 8601 creation time (fixed by `SOURCE_DATE_EPOCH` or an option for reproducible files). */
    createdAt: z.string(),
    library: z.object({ name: z.literal("segmentlab"), version: z.string() }),
    /** The feature spec (owned by `features/`), or null when trained on a per-user table. */
    featureSpec: z.unknown().nullable(),
    /**
     * What compiling the spec needed from the training data (owned by `features/`: the frozen
     * event list, catalog size, users columns), so the exported SQL does not depend on new data.
     */
    featureContext: z.unknown().nullable().default(null),
    /** Names of the training feature table: numeric features and categorical attributes. */
    features: z.object({ names: z.array(z.string()), attributes: z.array(z.string()) }),
    preprocess: preprocessSchema,
    pca: pcaSchema.nullable(),
    kmeans: kmeansSchema,
    personas: z.array(personaSchema),
    rules: rulesSchema.nullable(),
    metrics: z.looseObject({}).default({}),
    atypical: atypicalSchema.nullable(),
    provenance: provenanceSchema,
    warnings: z.array(z.string()).default([]),
    /** Training distributions for drift (`track/`); absent in models from before it existed. */
    drift: driftReferenceSchema.optional(),
  })
  .superRefine((m, ctx) => {
    const prep = m.preprocess;
    // Preprocessing: one step per input feature, and the output names add up.
    if (prep.steps.length !== prep.inputFeatures.length)
      ctx.addIssue({
        code: "custom",
        path: ["preprocess", "steps"],
        message: `expected ${prep.inputFeatures.length} steps (one per inputFeatures entry), got ${prep.steps.length}`,
      });
    const width = prep.steps.length + prep.encodings.reduce((s, e) => s + e.outputNames.length, 0);
    if (prep.outputNames.length !== width)
      ctx.addIssue({
        code: "custom",
        path: ["preprocess", "outputNames"],
        message: `expected ${width} names (steps + one-hot columns), got ${prep.outputNames.length}`,
      });
    prep.steps.forEach((s, i) => {
      if (s.clip !== null && s.clip[0] > s.clip[1])
        ctx.addIssue({
          code: "custom",
          path: ["preprocess", "steps", i, "clip"],
          message: `lower bound ${s.clip[0]} is above upper bound ${s.clip[1]}`,
        });
    });
    const featureSet = new Set(m.features.names);
    prep.inputFeatures.forEach((f, i) => {
      if (!featureSet.has(f))
        ctx.addIssue({
          code: "custom",
          path: ["preprocess", "inputFeatures", i],
          message: `feature ${JSON.stringify(f)} is not in features.names`,
        });
    });
    // PCA: mean and components as wide as the preprocessing output.
    let spaceWidth = prep.outputNames.length;
    let spaceName = "the preprocessing output width";
    if (m.pca !== null) {
      if (m.pca.mean.length !== spaceWidth)
        ctx.addIssue({
          code: "custom",
          path: ["pca", "mean"],
          message: `expected ${spaceWidth} numbers (${spaceName}), got ${m.pca.mean.length}`,
        });
      m.pca.components.forEach((c, i) => {
        if (c.length !== spaceWidth)
          ctx.addIssue({
            code: "custom",
            path: ["pca", "components", i],
            message: `expected ${spaceWidth} numbers (${spaceName}), got ${c.length}`,
          });
      });
      if (
        m.pca.params?.whiten === true &&
        m.pca.explainedVariance?.length !== m.pca.components.length
      )
        ctx.addIssue({
          code: "custom",
          path: ["pca", "explainedVariance"],
          message: `expected ${m.pca.components.length} numbers (one per component, needed to whiten)`,
        });
      spaceWidth = m.pca.components.length;
      spaceName = "the number of PCA components";
    }
    // k-means: every centroid lives in that space.
    m.kmeans.centroids.forEach((c, i) => {
      if (c.length !== spaceWidth)
        ctx.addIssue({
          code: "custom",
          path: ["kmeans", "centroids", i],
          message: `expected ${spaceWidth} numbers (${spaceName}), got ${c.length}`,
        });
    });
    if (m.kmeans.nFeatures !== undefined && m.kmeans.nFeatures !== spaceWidth)
      ctx.addIssue({
        code: "custom",
        path: ["kmeans", "nFeatures"],
        message: `expected ${spaceWidth} (${spaceName}), got ${m.kmeans.nFeatures}`,
      });
    const k = m.kmeans.centroids.length;
    if (m.kmeans.sizes !== undefined && m.kmeans.sizes.length !== k)
      ctx.addIssue({
        code: "custom",
        path: ["kmeans", "sizes"],
        message: `expected ${k} sizes (one per centroid), got ${m.kmeans.sizes.length}`,
      });
    // Personas: at most one per segment, each for an existing segment, names unique (a hand
    // edit of model.json must not give two segments the same name).
    const seen = new Set<number>();
    const names = new Map<string, number>();
    m.personas.forEach((p, i) => {
      const key = p.name.trim().toLowerCase();
      if (names.has(key))
        ctx.addIssue({
          code: "custom",
          path: ["personas", i, "name"],
          message: `name ${JSON.stringify(p.name)} is already used by segment ${names.get(key)}; persona names must be unique`,
        });
      else names.set(key, p.segmentId);
      if (p.segmentId >= k)
        ctx.addIssue({
          code: "custom",
          path: ["personas", i, "segmentId"],
          message: `segment ${p.segmentId} does not exist (the model has ${k} segments, ids 0–${k - 1})`,
        });
      if (seen.has(p.segmentId))
        ctx.addIssue({
          code: "custom",
          path: ["personas", i, "segmentId"],
          message: `segment ${p.segmentId} has more than one persona`,
        });
      seen.add(p.segmentId);
    });
    m.rules?.rules.forEach((r, i) => {
      if (r.segment >= k)
        ctx.addIssue({
          code: "custom",
          path: ["rules", "rules", i, "segment"],
          message: `segment ${r.segment} does not exist (the model has ${k} segments)`,
        });
    });
    if (m.atypical?.perSegment !== undefined && m.atypical.perSegment.length !== k)
      ctx.addIssue({
        code: "custom",
        path: ["atypical", "perSegment"],
        message: `expected ${k} thresholds (one per segment), got ${m.atypical.perSegment.length}`,
      });
  });

/** The segment model, as validated by {@link segmentModelSchema}. */
export type SegmentModel = z.output<typeof segmentModelSchema>;
/** A persona as stored in the model. */
export type ModelPersona = z.output<typeof personaSchema>;
/** The surrogate rules as stored in the model. */
export type ModelRules = z.output<typeof rulesSchema>;
/** The preprocessing part as stored in the model: the stage's {@link PreprocessTransform}. */
export type ModelPreprocess = Loose<PreprocessTransform>;
/** The PCA part as stored in the model: the stage's {@link PCAProjection}. */
export type ModelPCA = Loose<PCAProjection>;
/** The k-means part as stored in the model: the stage's {@link KMeansCentres} and the sizes. */
export type ModelKMeans = Loose<KMeansCentres & { sizes?: number[] }>;
/** The atypical threshold(s) as stored in the model. */
export type ModelAtypical = z.output<typeof atypicalSchema>;
/** The drift reference as stored in the model. */
export type ModelDriftReference = z.output<typeof driftReferenceSchema>;
/** The provenance as stored in the model. */
export type ModelProvenance = z.output<typeof provenanceSchema>;
