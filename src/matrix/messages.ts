/** Error texts of the worker pool (tests assert against these functions). */

/** A job of a worker group did not end in time. */
export const workerTimeout = (what: string, ms: number): string =>
  `${what}: no result in ${ms / 1000} s`;
/** A job failed without posting its error (the worker died). */
export const workerSilent = (what: string): string =>
  `${what}: the worker thread ended its job with a failure but posted no error`;
