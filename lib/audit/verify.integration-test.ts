import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type { Identity } from "@/lib/db/with-identity";
import type * as WithIdentity from "@/lib/db/with-identity";
import type * as Users from "@/lib/admin/users";
import { verifyAuditChain } from "./verify";

// The hash chain over audit_log: intact after ordinary work by different
// people, and broken (at the right row, for the right reason) by any edit or
// deletion of history. Tampering runs as the owner, the only role that can.

type Fixture = {
  adminId: number;
  plannerUserId: number;
  targetUserId: number;
  weddingId: number;
  rsvpId: number;
  guestId: number;
  guestToken: string;
};

/** A planner's wedding with one guest and one RSVP, an admin and another account, written as the owner. */
async function seedSmall({ prisma }: TestDatabase): Promise<Fixture> {
  const admin = await prisma.user.create({ data: { email: "ada@example.test", name: "Ada Admin", role: "admin" } });
  const target = await prisma.user.create({ data: { email: "vic@example.test", name: "Vic Vendor", role: "vendor" } });
  const planner = await prisma.planner.create({
    data: { user: { create: { email: "pia@example.test", name: "Pia Planner", role: "planner" } } },
  });
  const client = await prisma.client.create({ data: { plannerId: planner.id, name: "Ana & Bo" } });
  const wedding = await prisma.wedding.create({
    data: {
      name: "Ana & Bo in Ohrid",
      weddingDate: new Date("2027-06-12T00:00:00Z"),
      plannerId: planner.id,
      clientId: client.id,
    },
  });
  const household = await prisma.household.create({ data: { weddingId: wedding.id, name: "Petrov" } });
  const guest = await prisma.guest.create({
    data: { weddingId: wedding.id, householdId: household.id, fullName: "Ana Petrova" },
  });
  const event = await prisma.event.create({
    data: {
      weddingId: wedding.id,
      name: "Ceremony",
      eventType: "Ceremony",
      region: "Ohrid",
      eventDate: new Date("2027-06-12T00:00:00Z"),
      startTime: new Date("1970-01-01T15:00:00Z"),
      endTime: new Date("1970-01-01T16:00:00Z"),
    },
  });
  const rsvp = await prisma.eventRsvp.create({ data: { weddingId: wedding.id, eventId: event.id, guestId: guest.id } });
  return {
    adminId: admin.id,
    plannerUserId: planner.userId,
    targetUserId: target.id,
    weddingId: wedding.id,
    rsvpId: rsvp.id,
    guestId: guest.id,
    guestToken: guest.qrCode,
  };
}

async function verify(db: TestDatabase, batchSize?: number) {
  const client = await db.pool.connect();
  try {
    return await verifyAuditChain(client, { batchSize });
  } finally {
    client.release();
  }
}

/** Runs SQL as the owner with the admin settings that forced row-level security expects. */
async function asOwner(db: TestDatabase, run: (client: pg.PoolClient) => Promise<unknown>) {
  const client = await db.pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.role', 'admin', true), set_config('app.user_id', '0', true)");
    await run(client);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

async function logIds(db: TestDatabase): Promise<string[]> {
  const { rows } = await db.pool.query<{ log_id: string }>("SELECT log_id FROM audit_log ORDER BY log_id");
  return rows.map((r) => r.log_id);
}

describe("the chain after ordinary work", () => {
  let db: TestDatabase;
  let fixture: Fixture;
  let withIdentity: typeof WithIdentity.withIdentity;
  let setUserDisabled: typeof Users.setUserDisabled;
  let disconnectApp: () => Promise<void>;

  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.APP_DATABASE_URL = db.appUrl;
    ({ withIdentity } = await import("@/lib/db/with-identity"));
    ({ setUserDisabled } = await import("@/lib/admin/users"));
    const { getPrisma } = await import("@/lib/db/client");
    disconnectApp = () => getPrisma().$disconnect();
    fixture = await seedSmall(db);
  });

  afterAll(async () => {
    await disconnectApp?.();
    await db?.drop();
  });

  it("verifies after a planner, a guest and an admin have written through withIdentity", async () => {
    const planner: Identity = { kind: "user", userId: fixture.plannerUserId, role: "planner" };
    const guest: Identity = { kind: "guest", guestToken: fixture.guestToken };
    const admin = { kind: "user" as const, userId: fixture.adminId, role: "admin" as const };
    const before = (await logIds(db)).length;

    await withIdentity(planner, (tx) =>
      tx.wedding.update({ where: { id: fixture.weddingId }, data: { name: "Ana & Bo at Lake Ohrid" } }),
    );
    await withIdentity(guest, (tx) =>
      tx.eventRsvp.update({
        where: { id: fixture.rsvpId },
        data: { status: "Accepted", mealChoice: "Fish", respondedAt: new Date() },
      }),
    );
    const disabled = await setUserDisabled(admin, { userId: fixture.targetUserId, disabled: true });
    expect(disabled.ok).toBe(true);

    const { rows } = await db.pool.query<{
      table_name: string;
      changed_by: string;
      new_values: Record<string, unknown>;
    }>("SELECT table_name, changed_by, new_values FROM audit_log ORDER BY log_id OFFSET $1", [before]);
    expect(rows.map((r) => [r.table_name, r.changed_by])).toEqual([
      ["wedding", `user:${fixture.plannerUserId}`],
      ["event_rsvp", `guest:${fixture.guestId}`],
      ["users", `user:${fixture.adminId}`],
    ]);
    expect(rows[1]!.new_values).toMatchObject({ status: "Accepted", meal_choice: "Fish" });

    const result = await verify(db);
    expect(result).toEqual({ ok: true, rows: before + 3 });
  });

  it("reads across batch boundaries with the same result", async () => {
    const total = (await logIds(db)).length;
    for (const batchSize of [1, 2, 3, total, total + 1]) {
      expect(await verify(db, batchSize)).toEqual({ ok: true, rows: total });
    }
  });

  it("still verifies while rows are being written, because it reads one snapshot", async () => {
    const admin: Identity = { kind: "user", userId: fixture.adminId, role: "admin" };
    const [result] = await Promise.all([
      verify(db, 1),
      withIdentity(admin, (tx) => tx.user.update({ where: { id: fixture.targetUserId }, data: { name: "Vic V." } })),
    ]);
    expect(result.ok).toBe(true);
    expect((await verify(db)).ok).toBe(true);
  });
});

describe("tampering", () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  // Each test gets the same small history, written anew.
  afterEach(async () => {
    await db.drop();
    db = await createTestDatabase();
  });

  it("reports an edited value as 'content changed' at exactly that row", async () => {
    await seedSmall(db);
    const ids = await logIds(db);
    const target = ids[4]!;
    await asOwner(db, (c) =>
      c.query(`UPDATE audit_log SET new_values = new_values || '{"name": "Someone else"}' WHERE log_id = $1`, [target]),
    );
    expect(await verify(db)).toEqual({ ok: false, rows: 5, firstBroken: { logId: target, reason: "content changed" } });
    // The same row in a later batch.
    expect((await verify(db, 2)).firstBroken).toEqual({ logId: target, reason: "content changed" });
  });

  it("reports an edited actor or time as 'content changed'", async () => {
    await seedSmall(db);
    const ids = await logIds(db);
    await asOwner(db, (c) => c.query("UPDATE audit_log SET changed_by = 'user:1' WHERE log_id = $1", [ids[2]]));
    expect((await verify(db)).firstBroken).toEqual({ logId: ids[2], reason: "content changed" });
  });

  it("reports a row whose content and row_hash were both rewritten as 'chain broken'", async () => {
    await seedSmall(db);
    const ids = await logIds(db);
    await asOwner(db, async (c) => {
      await c.query(`UPDATE audit_log SET new_values = '{"forged": true}' WHERE log_id = $1`, [ids[3]]);
      await c.query(
        "UPDATE audit_log a SET row_hash = sha256(convert_to(audit_row_content(a), 'UTF8')) WHERE log_id = $1",
        [ids[3]],
      );
    });
    expect((await verify(db)).firstBroken).toEqual({ logId: ids[3], reason: "chain broken" });
  });

  it("reports a deleted middle row as 'chain broken' at the next row", async () => {
    await seedSmall(db);
    const ids = await logIds(db);
    await asOwner(db, (c) => c.query("DELETE FROM audit_log WHERE log_id = $1", [ids[3]]));
    expect(await verify(db)).toEqual({ ok: false, rows: 4, firstBroken: { logId: ids[4], reason: "chain broken" } });
  });

  it("reports deleted newest rows against the chain head", async () => {
    await seedSmall(db);
    const ids = await logIds(db);
    await asOwner(db, (c) => c.query("DELETE FROM audit_log WHERE log_id >= $1", [ids[ids.length - 2]]));
    expect(await verify(db)).toEqual({
      ok: false,
      rows: ids.length - 2,
      firstBroken: { logId: ids[ids.length - 1], reason: "chain broken" },
    });
  });

  it("verifies a scrubbed row, whose values are gone but whose row_hash is kept", async () => {
    await seedSmall(db);
    const ids = await logIds(db);
    await asOwner(db, (c) =>
      c.query("UPDATE audit_log SET scrubbed_at = now(), old_values = NULL, new_values = NULL WHERE log_id = $1", [
        ids[5],
      ]),
    );
    const { rows } = await db.pool.query("SELECT new_values FROM audit_log WHERE log_id = $1", [ids[5]]);
    expect(rows[0].new_values).toBeNull();
    expect(await verify(db)).toEqual({ ok: true, rows: ids.length });
  });

  it("verifies an empty trail", async () => {
    expect(await verify(db)).toEqual({ ok: true, rows: 0 });
  });
});

describe("the runtime role", () => {
  let db: TestDatabase;
  let app: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedSmall(db);
    app = new pg.Client({ connectionString: db.appUrl });
    await app.connect();
  });

  afterAll(async () => {
    await app?.end();
    await db?.drop();
  });

  it.each([
    ["UPDATE", "UPDATE audit_log SET new_values = '{}'"],
    ["DELETE", "DELETE FROM audit_log"],
    ["TRUNCATE", "TRUNCATE audit_log"],
    [
      "INSERT",
      "INSERT INTO audit_log (table_name, operation, record_id, changed_by) VALUES ('users', 'INSERT', 1, 'x')",
    ],
    ["UPDATE the chain head", "UPDATE audit_chain_head SET chain_hash = '\\x00'"],
  ])("cannot %s audit_log, even as an admin", async (_name, sql) => {
    await app.query("BEGIN");
    try {
      await app.query("SELECT set_config('app.role', 'admin', true), set_config('app.user_id', '1', true)");
      await expect(app.query(sql)).rejects.toMatchObject({
        code: "42501",
        message: expect.stringMatching(/permission denied/),
      });
    } finally {
      await app.query("ROLLBACK");
    }
    expect((await verify(db)).ok).toBe(true);
  });
});
