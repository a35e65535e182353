/**
 * Fuzzing settings of the fault suite: a fixed seed and a modest number of cases in `npm test`
 * (reproducible in CI); `npm run fuzz` sets SEGMENTLAB_FUZZ_RUNS (and a random seed unless
 * SEGMENTLAB_FUZZ_SEED is given) for a long run.
 */
export const FUZZ_SEED = process.env["SEGMENTLAB_FUZZ_SEED"]
  ? Number(process.env["SEGMENTLAB_FUZZ_SEED"])
  : process.env["SEGMENTLAB_FUZZ_RUNS"]
    ? Date.now() % 2147483647
    : 17;

/** Cases per property (default 200). */
export const FUZZ_RUNS = Number(process.env["SEGMENTLAB_FUZZ_RUNS"] ?? 200);

if (process.env["SEGMENTLAB_FUZZ_RUNS"])
  process.stdout.write(`fuzz: seed ${FUZZ_SEED}, ${FUZZ_RUNS} cases per property\n`);
