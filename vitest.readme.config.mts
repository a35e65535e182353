import { defineConfig } from "vitest/config";

// Runs the README's commands (test/readme.test.ts) on their own, after the main suite.
export default defineConfig({
  test: {
    include: ["test/readme.test.ts"],
    testTimeout: 300_000,
    pool: "forks",
  },
});
