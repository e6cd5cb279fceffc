import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeDatabaseTls, formatDatabaseTls } from "./tls";

// What node-postgres makes of sslmode and sslrootcert in a connection URL.
// lib/db/tls.integration-test.ts connects to a real TLS server with the same URLs.

const BASE = "postgresql://wedding_app:s3cret-pw@db.internal:5432/wedding_planner";
let dir: string;
let rootCert: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "wp-tls-"));
  rootCert = path.join(dir, "root.crt");
  fs.writeFileSync(rootCert, "-----BEGIN CERTIFICATE-----\nnot parsed until a connection\n-----END CERTIFICATE-----\n");
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("describeDatabaseTls", () => {
  it("is off without sslmode, or with sslmode=disable", () => {
    expect(describeDatabaseTls(BASE)).toEqual({ mode: "off" });
    expect(describeDatabaseTls(`${BASE}?sslmode=disable`)).toEqual({ mode: "off" });
  });

  it("verifies the certificate and host name for verify-full, and (node-postgres 8) for require too", () => {
    expect(describeDatabaseTls(`${BASE}?sslmode=verify-full`)).toEqual({ mode: "verify-full", ca: "system" });
    expect(describeDatabaseTls(`${BASE}?sslmode=require`)).toEqual({ mode: "verify-full", ca: "system" });
    expect(describeDatabaseTls(`${BASE}?sslmode=prefer`)).toEqual({ mode: "verify-full", ca: "system" });
  });

  it("trusts the CA that sslrootcert names", () => {
    const url = `${BASE}?sslmode=verify-full&sslrootcert=${encodeURIComponent(rootCert)}`;
    expect(describeDatabaseTls(url)).toEqual({ mode: "verify-full", ca: "sslrootcert" });
  });

  it("follows libpq when asked (uselibpqcompat=true): require only encrypts, verify-ca skips the name", () => {
    expect(describeDatabaseTls(`${BASE}?sslmode=require&uselibpqcompat=true`)).toEqual({ mode: "encrypt-only" });
    const verifyCa = `${BASE}?sslmode=verify-ca&sslrootcert=${encodeURIComponent(rootCert)}&uselibpqcompat=true`;
    expect(describeDatabaseTls(verifyCa)).toEqual({ mode: "verify-ca", ca: "sslrootcert" });
  });

  it("encrypts without checks for node-postgres's no-verify", () => {
    expect(describeDatabaseTls(`${BASE}?sslmode=no-verify`)).toEqual({ mode: "encrypt-only" });
  });

  it("fails when sslrootcert names a missing file, without the password in the message", () => {
    const url = `${BASE}?sslmode=verify-full&sslrootcert=${encodeURIComponent(path.join(dir, "missing.crt"))}`;
    expect(() => describeDatabaseTls(url)).toThrow(/ENOENT/);
    try {
      describeDatabaseTls(url);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain("s3cret-pw");
    }
  });
});

describe("formatDatabaseTls", () => {
  it("names the host and the mode, never the password", () => {
    const lines = [
      formatDatabaseTls(BASE),
      formatDatabaseTls(`${BASE}?sslmode=verify-full`),
      formatDatabaseTls(`${BASE}?sslmode=no-verify`),
      formatDatabaseTls(`${BASE}?sslmode=verify-full&sslrootcert=${encodeURIComponent(rootCert)}`),
    ];
    expect(lines[0]).toMatch(/^db\.internal: no TLS/);
    expect(lines[1]).toBe("db.internal: TLS, certificate and host name checked against the system CAs");
    expect(lines[2]).toMatch(/without certificate checks/);
    expect(lines[3]).toMatch(/checked against sslrootcert$/);
    for (const line of lines) expect(line).not.toContain("s3cret-pw");
  });
});
