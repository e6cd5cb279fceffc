import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/verify";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type * as Erase from "./erase";
import type * as Export from "./export";
import { createGdprFixture, type GdprFixture } from "./test-harness";

// Right of erasure (issue 7, point 4): erase a guest and a couple from the demo
// data, then search a full plain-SQL pg_dump of the database for their name,
// email and phone, and verify the audit chain.

const run = promisify(execFile);
let db: TestDatabase;
let fx: GdprFixture;
let eraseGuest: typeof Erase.eraseGuest;
let eraseClient: typeof Erase.eraseClient;
let exportPersonalData: typeof Export.exportPersonalData;
let disconnectApp: () => Promise<void>;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  ({ eraseGuest, eraseClient } = await import("./erase"));
  ({ exportPersonalData } = await import("./export"));
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  fx = await createGdprFixture(db);
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM (${sql}) x`, params);
  return Number(rows[0]?.n);
}

async function dump(): Promise<string> {
  const { stdout } = await run("pg_dump", ["--no-owner", "--dbname", db.url], { maxBuffer: 512 * 1024 * 1024 });
  return stdout;
}

async function verify() {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return await verifyAuditChain(client);
  } finally {
    await client.end();
  }
}

function expectAbsent(text: string, values: string[]) {
  const haystack = text.toLowerCase();
  for (const value of values) {
    expect(value.length, "a search term is empty").toBeGreaterThan(3);
    const at = haystack.indexOf(value.toLowerCase());
    expect(at, `found ${value} in …${text.slice(Math.max(0, at - 300), at + 100)}…`).toBe(-1);
  }
}

describe("refusals, where nothing changes", () => {
  it("wants the exact name typed", async () => {
    const { guest, client, planner1 } = fx;
    await expect(
      eraseGuest(planner1, { weddingId: guest.weddingId, guestId: guest.id, confirmation: "someone else" }),
    ).rejects.toMatchObject({
      message: "The name does not match.",
      fieldErrors: { confirmation: [expect.any(String)] },
    });
    await expect(
      eraseClient(planner1, { weddingId: client.weddingId, clientId: client.id, confirmation: client.email }),
    ).rejects.toMatchObject({ message: "The name does not match." });
    expect(await count("SELECT 1 FROM guest WHERE guest_id = $1", [guest.id])).toBe(1);
    expect(await count("SELECT 1 FROM data_key WHERE client_id = $1", [client.id])).toBe(1);
    expect(await count("SELECT 1 FROM gdpr_request")).toBe(0);
  });

  it("treats another planner's people, unknown ids and vendors as not found", async () => {
    const { guest, client, planner2, vendor, planner1, otherGuest } = fx;
    const name = { confirmation: guest.fullName };
    await expect(eraseGuest(planner2, { weddingId: guest.weddingId, guestId: guest.id, ...name })).rejects.toThrow(
      "That guest was not found.",
    );
    await expect(eraseGuest(vendor, { weddingId: guest.weddingId, guestId: guest.id, ...name })).rejects.toThrow(
      "Not found.",
    );
    await expect(eraseGuest(planner1, { weddingId: guest.weddingId, guestId: 2_000_000, ...name })).rejects.toThrow(
      "That guest was not found.",
    );
    // The right guest id under the wrong wedding.
    await expect(eraseGuest(planner1, { weddingId: otherGuest.weddingId, guestId: guest.id, ...name })).rejects.toThrow(
      "That guest was not found.",
    );
    await expect(
      eraseClient(planner2, { weddingId: client.weddingId, clientId: client.id, confirmation: client.name }),
    ).rejects.toThrow("That couple was not found.");
    await expect(
      eraseClient(planner1, { weddingId: client.weddingId, clientId: fx.otherClientId, confirmation: client.name }),
    ).rejects.toThrow("That couple was not found.");
    expect(await count("SELECT 1 FROM guest WHERE guest_id = $1", [guest.id])).toBe(1);
    expect(await count("SELECT 1 FROM gdpr_request")).toBe(0);
  });

  it("will not scrub or shred without an erasure opened in the same transaction", async () => {
    const app = new pg.Client({ connectionString: db.appUrl });
    await app.connect();
    try {
      await app.query("BEGIN");
      await app.query("SELECT set_config('app.user_id', $1, true), set_config('app.role', 'admin', true)", [
        String(fx.admin.userId),
      ]);
      await expect(
        app.query("SELECT gdpr_finish_erasure(1, '{}'::jsonb, ARRAY['Smith'], ARRAY[]::text[])"),
      ).rejects.toThrow("gdpr_request_not_open");
      await app.query("ROLLBACK");
      await expect(app.query("UPDATE audit_log SET new_values = NULL")).rejects.toThrow("permission denied");
      await expect(app.query("DELETE FROM data_key")).rejects.toThrow("permission denied");
    } finally {
      await app.end();
    }
  });
});

describe("erasing a guest and a couple", () => {
  let dumpText = "";

  beforeAll(async () => {
    const { guest, client, planner1, admin } = fx;
    const guestSummary = await eraseGuest(planner1, {
      weddingId: guest.weddingId,
      guestId: guest.id,
      confirmation: `  ${guest.fullName.toUpperCase()} `,
    });
    expect(guestSummary).toMatchObject({ guests: 1 });
    // An admin may erase anyone's couple.
    const clientSummary = await eraseClient(admin, {
      weddingId: client.weddingId,
      clientId: client.id,
      confirmation: client.name,
    });
    expect(clientSummary).toMatchObject({ dataKeys: 1, weddings: expect.any(Number) });
    dumpText = await dump();
  });

  it("leaves the guest's name, email and phone nowhere in a full pg_dump", () => {
    const { guest } = fx;
    expect(dumpText).toContain("gdpr_request");
    expectAbsent(dumpText, [guest.fullName, guest.email, guest.phone, guest.phone.replace(/\s+/g, "")]);
  });

  // Not the alternate contact: a first and last name alone may well be another
  // guest's at another wedding (the demo's name pools are small).
  it("leaves the couple's name, email and phone nowhere in a full pg_dump", () => {
    const { client } = fx;
    expectAbsent(dumpText, [client.name, client.email, client.phone, client.phone.replace(/\s+/g, "")]);
    expect(dumpText).toContain(`Erased client #${client.id}`);
  });

  it("keeps the audit chain verifiable, with the scrubbed entries in it", async () => {
    expect(await verify()).toMatchObject({ ok: true });
    expect(await count("SELECT 1 FROM audit_log WHERE scrubbed_at IS NOT NULL")).toBeGreaterThan(0);
    expect(
      await count("SELECT 1 FROM audit_log WHERE table_name = 'guest' AND record_id = $1 AND scrubbed_at IS NULL", [
        fx.guest.id,
      ]),
    ).toBe(0);
  });

  it("destroys the couple's data key and keeps their payments, pseudonymised", async () => {
    const { client } = fx;
    expect(await count("SELECT 1 FROM data_key WHERE client_id = $1", [client.id])).toBe(0);
    expect(
      await count("SELECT 1 FROM client WHERE client_id = $1 AND email IS NULL AND phone_encrypted IS NULL", [
        client.id,
      ]),
    ).toBe(1);
    expect(
      await count("SELECT 1 FROM wedding WHERE client_id = $1 AND wedding_name NOT LIKE 'Wedding #%'", [client.id]),
    ).toBe(0);
    expect(await count("SELECT 1 FROM booking WHERE client_id = $1 AND notes IS NOT NULL", [client.id])).toBe(0);
    expect(
      await count("SELECT 1 FROM guest g JOIN wedding w USING (wedding_id) WHERE w.client_id = $1", [client.id]),
    ).toBe(0);
    expect(await count("SELECT 1 FROM payment WHERE client_id = $1", [client.id])).toBeGreaterThan(0);
  });

  it("records both requests, audited, with counts and no personal data", async () => {
    const { rows } = await db.pool.query<{
      kind: string;
      subject_kind: string;
      completed_at: Date | null;
      summary: object;
    }>("SELECT kind, subject_kind, completed_at, summary FROM gdpr_request ORDER BY request_id");
    expect(rows.map((r) => [r.kind, r.subject_kind])).toEqual([
      ["erasure", "guest"],
      ["erasure", "client"],
    ]);
    for (const r of rows) {
      expect(r.completed_at).not.toBeNull();
      expect(Object.values(r.summary).every((v) => typeof v === "number")).toBe(true);
    }
    expect(await count("SELECT 1 FROM audit_log WHERE table_name = 'gdpr_request' AND scrubbed_at IS NULL")).toBe(4);
  });

  it("exports what is left of the couple: a pseudonym", async () => {
    const data = await exportPersonalData(fx.planner1, { kind: "client", clientId: fx.client.id });
    expect(data?.profile).toMatchObject({ name: `Erased client #${fx.client.id}`, email: null, phone: null });
    expect(await exportPersonalData(fx.planner1, { kind: "guest", guestId: fx.guest.id })).toBeNull();
  });
});
