import { defineConfig } from "prisma/config";

// The Prisma CLI is used here for `prisma generate` only (scripts/db.ts applies
// the SQL migrations). On a machine with Prisma's schema engine,
// `prisma migrate deploy` accepts the same history when DATABASE_URL is set.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5433/wedding_planner" },
});
