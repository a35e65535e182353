import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: DuckDB and the k-means workers already use both, so run test files two at a time.
    maxWorkers: 2,
    pool: "forks",
  },
});
