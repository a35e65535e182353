import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The README's commands rebuild dist/ (npm run demo), which would race the CLI tests that run
    // dist/: they run alone, after this suite (vitest.readme.config.mts, see "test" in package.json).
    exclude: ["test/readme.test.ts", "**/node_modules/**"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: DuckDB and the k-means workers already use both, so run test files two at a time.
    maxWorkers: 2,
    pool: "forks",
  },
});
