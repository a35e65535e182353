/**
 * An error caused by the user's input (a file, a column, an option value), not by a bug.
 * The CLI prints only its message — no stack trace — and exits with {@link SegmentLabError.exitCode}.
 *
 * @example
 * throw new SegmentLabError("events.csv:14 column ts: cannot parse time 'yesterday'");
 */
export class SegmentLabError extends Error {
  /** Process exit code the CLI uses for this error (2 = bad usage/input). */
  readonly exitCode: number;
  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "SegmentLabError";
    this.exitCode = options.exitCode ?? 2;
  }
}

/**
 * True when `e` is a {@link SegmentLabError}, a `RangeError` or a `TypeError` thrown at a
 * public boundary — errors whose message is meant for the user.
 *
 * @example
 * isUserError(new RangeError("k=0 should be >= 1")); // => true
 */
export function isUserError(e: unknown): e is Error {
  return e instanceof SegmentLabError || e instanceof RangeError || e instanceof TypeError;
}
