import fs from "node:fs";
import { z } from "zod";
import { ZInventorySchema } from "./inventory";

// The manifest beside each dump: the inventory of the database read in the
// very snapshot pg_dump used (pg_dump --snapshot), so a restore can be
// checked against what the backup holds, even after the source has moved on.

export const MANIFEST_FORMAT = "wedding-planner-backup/1";

export const ZManifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  database: z.string().min(1),
  createdAt: z.iso.datetime(),
  serverVersion: z.string(),
  tool: z.string(),
  dumpFile: z.string().min(1),
  inventory: ZInventorySchema,
});
export type TManifest = z.infer<typeof ZManifestSchema>;

export class ManifestError extends Error {}

export function manifestFileFor(dumpFile: string): string {
  return `${dumpFile.replace(/\.dump$/, "")}.manifest.json`;
}

export function writeManifest(file: string, manifest: TManifest): void {
  fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600, flag: "wx" });
}

/** The manifest of `dumpFile`, or null when there is none (a dump made by hand). */
export function readManifest(dumpFile: string): TManifest | null {
  const file = manifestFileFor(dumpFile);
  if (!fs.existsSync(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    throw new ManifestError(`${file} is not valid JSON.`);
  }
  const parsed = ZManifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ManifestError(`${file} is not a backup manifest: ${parsed.error.issues[0]?.message ?? "unknown shape"}.`);
  }
  return parsed.data;
}
