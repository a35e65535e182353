import { SegmentLabError } from "../errors.js";
import * as msg from "./messages.js";
import { chiSquareSf, holmAdjust, newcombeInterval, normalQuantile, twoSidedP } from "./stats.js";

/** Inputs of {@link readoutBySegment}: one entry per user. */
export interface ReadoutInput {
  /** User ids (for error messages). */
  userId: readonly string[];
  /** Segment id per user. */
  segmentId: ArrayLike<number>;
  /** Segment names (index = segment id). */
  names: readonly string[];
  /** Arm per user (null = not in the experiment: left out and counted). */
  arm: readonly (string | null)[];
  /** Outcome per user (NaN = missing: left out and counted). */
  outcome: ArrayLike<number>;
}

/** Options of {@link readoutBySegment}. */
export interface ReadoutOptions {
  /** The control arm (default: the arm named "control", else the first arm in sort order). */
  control?: string;
  /**
   * The smallest effect worth detecting, in outcome units (0.02 = 2 points for a 0/1
   * outcome). Segments whose minimum detectable effect (80 % power, two-sided 5 %) is larger are
   * flagged `underpowered`. Default: the overall effect's size.
   */
  minEffect?: number;
  /** Two-sided level of the intervals and tests (default 0.05 → 95 % intervals). */
  alpha?: number;
}

/** The effect in one group (a segment or everyone). */
export interface ReadoutGroup {
  /** Segment id (absent for the overall row). */
  segment?: number;
  name: string;
  /** Users per arm: `{ control: n0, treatment: n1 }` (keys = the arm names). */
  n: Record<string, number>;
  /** Mean outcome per arm (a conversion rate for a 0/1 outcome). */
  outcome: Record<string, number | null>;
  /** treatment − control (null when an arm is empty). */
  effect: number | null;
  /** The interval of the effect (Newcombe's hybrid score interval for 0/1, Welch normal otherwise). */
  low: number | null;
  high: number | null;
  /** Two-sided p-value (pooled two-proportion z test for 0/1, Welch z otherwise). */
  p: number | null;
  /** Minimum detectable effect at 80 % power. */
  mde: number | null;
  /** True when `mde` exceeds the stated minimum effect. */
  underpowered: boolean;
}

/** What {@link readoutBySegment} found. */
export interface ExperimentReadout {
  control: string;
  treatment: string;
  /** "proportion" for a 0/1 outcome, "mean" otherwise. */
  kind: "proportion" | "mean";
  overall: ReadoutGroup;
  /** Per segment, with Holm-adjusted p-values across segments. */
  segments: (ReadoutGroup & { segment: number; pAdjusted: number | null })[];
  /** Cochran's Q test of whether the effect differs between segments. */
  heterogeneity: { q: number; df: number; p: number | null; i2: number | null };
  minEffect: number;
  /** Whether minEffect was given or taken from the overall effect. */
  minEffectSource: "given" | "overall effect";
  /** Users left out (no arm, no outcome), and other remarks. */
  warnings: string[];
  alpha: number;
}

/**
 * Reads an experiment by segment: per segment and overall, users and mean outcome per arm,
 * the effect (treatment − control) with a 1 − α interval, a p-value, and the minimum
 * detectable effect; p-values corrected across segments with Holm's method; Cochran's Q test
 * of heterogeneity (does the effect differ between segments?). A 0/1 outcome is read as a
 * difference of proportions (Newcombe's interval, from the arms' Wilson intervals); any other
 * as a difference of means (Welch, normal approximation). Works on plain arrays, so that
 * coverage can be simulated.
 *
 * @param input - per-user segments, arms and outcomes (see {@link ReadoutInput}).
 * @param options - control arm, minimum effect, level (see {@link ReadoutOptions}).
 * @returns the {@link ExperimentReadout}.
 * @throws {SegmentLabError} when there are not exactly two arms, the control is unknown, or lengths differ.
 * @example
 * const r = readoutBySegment({ userId, segmentId, names, arm, outcome }, { control: "control" });
 * r.segments.map((s) => s.pAdjusted < 0.05); // => [false, false, true, false]
 */
export function readoutBySegment(
  input: ReadoutInput,
  options: ReadoutOptions = {},
): ExperimentReadout {
  const n = input.userId.length;
  for (const [what, len] of [
    ["segmentId", input.segmentId.length],
    ["arm", input.arm.length],
    ["outcome", input.outcome.length],
  ] as const)
    if (len !== n) throw new SegmentLabError(msg.lengthMismatch(what, len, n));
  if (options.minEffect !== undefined && !(options.minEffect > 0))
    throw new SegmentLabError(msg.badMinEffect(options.minEffect));
  const alpha = options.alpha ?? 0.05;
  const levels = [...new Set(input.arm.filter((a): a is string => a !== null))].sort();
  if (levels.length !== 2) throw new SegmentLabError(msg.badArms(levels));
  const control = options.control ?? (levels.includes("control") ? "control" : levels[0]!);
  if (!levels.includes(control)) throw new SegmentLabError(msg.noControl(control, levels));
  const treatment = levels.find((l) => l !== control)!;
  const k = input.names.length;
  // Sums per (group, arm): group k = everyone.
  const cnt = new Float64Array((k + 1) * 2);
  const sum = new Float64Array((k + 1) * 2);
  const sq = new Float64Array((k + 1) * 2);
  let noArm = 0;
  let noOutcome = 0;
  let binary = true;
  for (let i = 0; i < n; i++) {
    const a = input.arm[i];
    if (a === null || a === undefined) {
      noArm++;
      continue;
    }
    const y = input.outcome[i]!;
    if (Number.isNaN(y)) {
      noOutcome++;
      continue;
    }
    if (y !== 0 && y !== 1) binary = false;
    const t = a === treatment ? 1 : 0;
    for (const g of [input.segmentId[i]!, k]) {
      cnt[g * 2 + t]!++;
      sum[g * 2 + t]! += y;
      sq[g * 2 + t]! += y * y;
    }
  }
  const warnings: string[] = [];
  if (noArm > 0) warnings.push(msg.missingArm(noArm));
  if (noOutcome > 0) warnings.push(msg.missingOutcome(noOutcome));
  const z = normalQuantile(1 - alpha / 2);
  const zPower = normalQuantile(0.8);

  const group = (g: number) => {
    const n0 = cnt[g * 2]!;
    const n1 = cnt[g * 2 + 1]!;
    const m0 = n0 > 0 ? sum[g * 2]! / n0 : null;
    const m1 = n1 > 0 ? sum[g * 2 + 1]! / n1 : null;
    const base = {
      n: { [control]: n0, [treatment]: n1 },
      outcome: { [control]: m0, [treatment]: m1 },
    };
    if (m0 === null || m1 === null)
      return { ...base, effect: null, low: null, high: null, p: null, mde: null, se: null };
    const effect = m1 - m0;
    let low: number;
    let high: number;
    let p: number;
    let se: number;
    let se0: number;
    if (binary) {
      [low, high] = newcombeInterval({ x1: sum[g * 2 + 1]!, n1, x0: sum[g * 2]!, n0 }, alpha);
      const pooled = (sum[g * 2]! + sum[g * 2 + 1]!) / (n0 + n1);
      se0 = Math.sqrt(pooled * (1 - pooled) * (1 / n0 + 1 / n1));
      p = se0 > 0 ? twoSidedP(effect / se0) : effect === 0 ? 1 : 0;
      se = Math.sqrt((m1 * (1 - m1)) / n1 + (m0 * (1 - m0)) / n0);
    } else {
      const v0 = n0 > 1 ? (sq[g * 2]! - n0 * m0 * m0) / (n0 - 1) : NaN;
      const v1 = n1 > 1 ? (sq[g * 2 + 1]! - n1 * m1 * m1) / (n1 - 1) : NaN;
      se = Math.sqrt(Math.max(0, v1) / n1 + Math.max(0, v0) / n0);
      se0 = se;
      low = effect - z * se;
      high = effect + z * se;
      p = se > 0 ? twoSidedP(effect / se) : effect === 0 ? 1 : 0;
    }
    const mde = Number.isFinite(se0) ? (z + zPower) * se0 : null;
    return {
      ...base,
      effect,
      low,
      high,
      p: Number.isNaN(p) ? null : p,
      mde,
      se: Number.isFinite(se) ? se : null,
    };
  };

  const overallRaw = group(k);
  const minEffect = options.minEffect ?? Math.abs(overallRaw.effect ?? 0);
  const finish = (g: ReturnType<typeof group>) => {
    const { se: _se, ...rest } = g;
    return { ...rest, underpowered: g.mde === null || minEffect === 0 || g.mde > minEffect };
  };
  const segRaw = Array.from({ length: k }, (_, s) => group(s));
  const adjusted = holmAdjust(segRaw.map((g) => g.p ?? NaN));
  const segments = segRaw.map((g, s) => ({
    segment: s,
    name: input.names[s]!,
    ...finish(g),
    pAdjusted: Number.isNaN(adjusted[s]!) ? null : adjusted[s]!,
  }));

  // Cochran's Q over the segments with an effect and a positive standard error.
  const usable = segRaw.filter((g) => g.effect !== null && g.se !== null && g.se > 0);
  let heterogeneity: ExperimentReadout["heterogeneity"] = { q: 0, df: 0, p: null, i2: null };
  if (usable.length >= 2) {
    const w = usable.map((g) => 1 / g.se! ** 2);
    const sw = w.reduce((a, b) => a + b, 0);
    const mean = usable.reduce((a, g, i) => a + w[i]! * g.effect!, 0) / sw;
    const q = usable.reduce((a, g, i) => a + w[i]! * (g.effect! - mean) ** 2, 0);
    const df = usable.length - 1;
    heterogeneity = { q, df, p: chiSquareSf(q, df), i2: q > 0 ? Math.max(0, (q - df) / q) : 0 };
  }
  return {
    control,
    treatment,
    kind: binary ? "proportion" : "mean",
    overall: { name: "All users", ...finish(overallRaw) },
    segments,
    heterogeneity,
    minEffect,
    minEffectSource: options.minEffect !== undefined ? "given" : "overall effect",
    warnings,
    alpha,
  };
}
