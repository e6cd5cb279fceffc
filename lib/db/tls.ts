import pg from "pg";

// Database TLS comes from the connection URL, as with libpq: every connection
// of ours (the app's Prisma pool through @prisma/adapter-pg, the scripts'
// pg.Client) hands the URL to node-postgres as `connectionString` and never
// sets `ssl` itself, so `sslmode`, `sslrootcert`, `sslcert` and `sslkey` in
// DATABASE_URL / APP_DATABASE_URL decide. node-postgres 8 reads them thus:
// - sslmode=disable: plaintext;
// - sslmode=verify-full, and also require, prefer and verify-ca: TLS with the
//   server's certificate checked against the CAs (sslrootcert's file, else
//   Node's bundled ones) and its name against the host. Stricter than libpq,
//   where require only encrypts; pg 9 will switch to libpq's meaning, so write
//   verify-full. Unlike libpq's prefer, nothing falls back to plaintext;
// - sslmode=no-verify (node-postgres only): TLS without any check.
// describeDatabaseTls() reports which, from node-postgres's own parsing.

export type TDatabaseTls =
  | { mode: "off" }
  | { mode: "encrypt-only" }
  | { mode: "verify-ca"; ca: "sslrootcert" }
  | { mode: "verify-full"; ca: "sslrootcert" | "system" };

type ResolvedSsl = false | true | { rejectUnauthorized?: boolean; ca?: unknown; checkServerIdentity?: unknown };

/** How node-postgres will connect with this URL. Reads the files sslrootcert names, as pg does. */
export function describeDatabaseTls(url: string): TDatabaseTls {
  // A Client only parses its configuration until connect() is called.
  const client = new pg.Client({ connectionString: url });
  const ssl = (client as unknown as { ssl: ResolvedSsl }).ssl;
  if (!ssl) return { mode: "off" };
  if (ssl === true) return { mode: "verify-full", ca: "system" };
  if (ssl.rejectUnauthorized === false) return { mode: "encrypt-only" };
  const ca = ssl.ca ? "sslrootcert" : "system";
  // libpq semantics (uselibpqcompat=true): verify-ca skips the name check.
  if (typeof ssl.checkServerIdentity === "function" && ca === "sslrootcert") return { mode: "verify-ca", ca };
  return { mode: "verify-full", ca };
}

/** One line for logs: never the URL, only the host and the TLS mode. */
export function formatDatabaseTls(url: string): string {
  const host = new URL(url).hostname;
  const tls = describeDatabaseTls(url);
  switch (tls.mode) {
    case "off":
      return `${host}: no TLS (add sslmode=verify-full to its URL for a database on another machine)`;
    case "encrypt-only":
      return `${host}: TLS without certificate checks (sslmode=no-verify)`;
    case "verify-ca":
      return `${host}: TLS, certificate checked against sslrootcert, host name not checked`;
    case "verify-full":
      return `${host}: TLS, certificate and host name checked against ${tls.ca === "sslrootcert" ? "sslrootcert" : "the system CAs"}`;
  }
}
