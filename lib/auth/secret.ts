import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "@/lib/db/config";

// The key that encrypts session cookies. NEXTAUTH_SECRET wins; without it (the
// embedded database, `npm run dev`, the end-to-end tests) one is generated on
// first use and kept in .data/nextauth-secret, readable only by its owner, so
// sessions survive restarts. Several app servers behind one load balancer
// must share NEXTAUTH_SECRET instead.

const MIN_LENGTH = 32;

export function secretFile(root = projectRoot()): string {
  return path.join(root, ".data", "nextauth-secret");
}

export function getAuthSecret(env: Record<string, string | undefined> = process.env, root = projectRoot()): string {
  const configured = env.NEXTAUTH_SECRET?.trim();
  if (configured) {
    if (configured.length < MIN_LENGTH) {
      throw new Error(
        `NEXTAUTH_SECRET must be at least ${MIN_LENGTH} characters. Generate one with: openssl rand -base64 32`,
      );
    }
    return configured;
  }
  const secret = readOrCreateSecret(secretFile(root));
  env.NEXTAUTH_SECRET = secret;
  return secret;
}

function readOrCreateSecret(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fresh = randomBytes(32).toString("base64url");
  try {
    // "wx": two processes starting together never overwrite each other's key.
    fs.writeFileSync(file, `${fresh}\n`, { flag: "wx", mode: 0o600 });
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const existing = fs.readFileSync(file, "utf8").trim();
  if (existing.length < MIN_LENGTH) {
    throw new Error(`${file} does not hold a usable secret. Delete it and start again (everyone will be signed out).`);
  }
  return existing;
}
