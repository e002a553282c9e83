import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    // One PostgreSQL server for the run; the PostgreSQL tests each take a database on it.
    globalSetup: ["test/setup/postgres.ts"],
    pool: "forks",
    // Most files spend their time waiting on child bots, sockets and PostgreSQL, not on a core, so
    // the default of one fork per core but one (a single fork on a 2-core machine) leaves the
    // machine idle: three forks take the suite from about 210 s to about 115 s there.
    maxWorkers: 3,
    // Each fork keeps its modules from one file to the next: importing discord.js, drizzle and
    // the app again for every file was half the suite's time (about 205 s against 122 s on two
    // cores). The suite has no module mocks and the app keeps no global state, so files don't
    // see each other; every test builds its own app, database and fakes.
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
