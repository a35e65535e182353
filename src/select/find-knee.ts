import { messages } from "./messages.js";

/** Options of {@link findKnee}. */
export interface KneeOptions {
  /**
   * Kneedle sensitivity S: how far the difference curve must fall after a local maximum before
   * that maximum counts as a knee (in units of the mean x step). Default 1, as in Satopää et al.
   */
  sensitivity?: number;
  /**
   * Shape of the curve: "convex-decreasing" (an inertia or error curve, the default) or
   * "concave-increasing" (explained variance, gains).
   */
  shape?: "convex-decreasing" | "concave-increasing";
}

/** Result of {@link findKnee}. */
export interface KneeResult {
  /** The x value of the knee, or null when the curve has none (e.g. a straight line). */
  knee: number | null;
  /** Index of the knee in x, or -1. */
  index: number;
  /** The normalised difference curve Kneedle searches (same length as x). */
  difference: number[];
}

/**
 * Finds the knee of a curve with Kneedle (Satopää, Albrecht, Irwin & Raghavan 2011, "Finding a
 * 'Kneedle' in a Haystack"), in its offline form as the `kneed` package implements it: normalise x
 * and y to [0, 1], turn the curve into a concave increasing one, take the difference curve
 * D = y − x, and report the first local maximum of D after which D falls below
 * D_max − S · mean(Δx) before the next local maximum.
 *
 * @param x - strictly increasing x values (e.g. k).
 * @param y - the curve (e.g. inertia per k).
 * @param options - see {@link KneeOptions}.
 * @returns the knee (or null), its index and the difference curve.
 * @throws {TypeError} when x and y differ in length.
 * @throws {RangeError} when there are fewer than 3 points, x is not increasing, or a value is not finite.
 * @example
 * findKnee([1, 2, 3, 4, 5, 6], [100, 40, 20, 15, 12, 10]).knee; // => 3
 */
export function findKnee(
  x: readonly number[],
  y: readonly number[],
  options: KneeOptions = {},
): KneeResult {
  if (x.length !== y.length) throw new TypeError(messages.curveLengths(x.length, y.length));
  const n = x.length;
  if (n < 3) throw new RangeError(messages.curveTooShort(n));
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]!)) throw new RangeError(messages.curveNonFinite("x", i, x[i]!));
    if (!Number.isFinite(y[i]!)) throw new RangeError(messages.curveNonFinite("y", i, y[i]!));
    if (i > 0 && !(x[i]! > x[i - 1]!)) throw new RangeError(messages.curveNotIncreasing(i));
  }
  const S = options.sensitivity ?? 1;
  if (!Number.isFinite(S) || S < 0) throw new RangeError(messages.sensitivity(S));
  const shape = options.shape ?? "convex-decreasing";
  const x0 = x[0]!;
  const xr = x[n - 1]! - x0;
  let ymin = Infinity;
  let ymax = -Infinity;
  for (const v of y) {
    if (v < ymin) ymin = v;
    if (v > ymax) ymax = v;
  }
  const yr = ymax - ymin;
  if (yr === 0) return { knee: null, index: -1, difference: new Array<number>(n).fill(0) };
  const xn = x.map((v) => (v - x0) / xr);
  const yn = y.map((v) => (v - ymin) / yr);
  // A convex decreasing curve flipped vertically is concave increasing.
  const yt = shape === "convex-decreasing" ? yn.map((v) => 1 - v) : yn;
  const D = yt.map((v, i) => v - xn[i]!);
  const isMax = (i: number) =>
    (i === 0 || D[i]! >= D[i - 1]!) && (i === n - 1 || D[i]! >= D[i + 1]!);
  const isMin = (i: number) =>
    (i === 0 || D[i]! <= D[i - 1]!) && (i === n - 1 || D[i]! <= D[i + 1]!);
  const step = Math.abs(xn[n - 1]! - xn[0]!) / (n - 1);
  let first = -1;
  for (let i = 0; i < n; i++)
    if (isMax(i)) {
      first = i;
      break;
    }
  let threshold = 0;
  let thresholdIndex = -1;
  for (let i = Math.max(first, 0); i < n - 1; i++) {
    if (isMax(i)) {
      threshold = D[i]! - S * step;
      thresholdIndex = i;
    }
    if (isMin(i)) threshold = 0;
    if (thresholdIndex >= 0 && D[i + 1]! < threshold)
      return { knee: x[thresholdIndex]!, index: thresholdIndex, difference: D };
  }
  return { knee: null, index: -1, difference: D };
}
