import pg from "pg";
import type { TestProject } from "vitest/node";
import { openPostgres } from "../../src/db/pg/client.js";
import { startPostgresServer } from "../helpers/postgres-server.js";

/** Every test file copies this migrated database instead of migrating one of its own. */
export const TEMPLATE_DATABASE = "bot_template";

declare module "vitest" {
  export interface ProvidedContext {
    /** The test run's PostgreSQL server, as a URL to its `postgres` database. */
    postgresUrl: string;
  }
}

/**
 * One PostgreSQL server for the whole test run (vitest globalSetup): started before the first
 * test file, stopped after the last. Test files get a fresh database each (test/helpers/pg-database).
 */
export default async function setup(project: TestProject) {
  const server = await startPostgresServer();
  try {
    const admin = new pg.Client({ connectionString: server.url("postgres") });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
    await admin.end();
    const template = await openPostgres(server.url(TEMPLATE_DATABASE), { maxConnections: 1 });
    await template.close();
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide("postgresUrl", server.url("postgres"));
  return () => server.stop();
}
