import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    // One PostgreSQL server for the run; the PostgreSQL tests each take a database on it.
    globalSetup: ["test/setup/postgres.ts"],
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
