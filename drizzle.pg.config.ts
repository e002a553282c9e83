import { defineConfig } from "drizzle-kit";

/** PostgreSQL's schema and migrations, beside SQLite's: `npm run db:generate:pg`. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/pg/schema.ts",
  out: "./drizzle-pg",
});
