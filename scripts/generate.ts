import { spawnSync } from "node:child_process";
import path from "node:path";

// `prisma generate` needs only Prisma's wasm, but the CLI insists that a schema
// engine binary exists. That binary cannot be downloaded here, so point it at a
// stub that explains itself if anything ever tries to run it.
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? path.resolve("scripts/no-schema-engine.sh"),
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const result = spawnSync("npx", ["--no-install", "prisma", "generate"], { env, encoding: "utf8" });
if (result.status !== 0) {
  console.error(`prisma generate failed:\n${result.stdout}\n${result.stderr}`);
  process.exit(result.status ?? 1);
}
