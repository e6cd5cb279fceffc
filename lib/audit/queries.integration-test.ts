import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";
import type { Identity } from "@/lib/db/with-identity";
import type * as WithIdentity from "@/lib/db/with-identity";
import type * as Queries from "./queries";
import type * as Export from "./export";
import { AUDITED_TABLES, DEFAULT_AUDIT_FILTERS, parseAuditSearchParams, type TAuditFilters } from "./schema";

// The audit viewer's reads on the demo data plus a few changes made by
// real people: filters, sorting, paging, actor names, the detail diff and
// the CSV export. Admins see everything; anyone else sees nothing.

// The signed-in person for the export route; the sign-in work owns the real guard.
const session = vi.hoisted(() => ({ identity: null as null | { kind: "user"; userId: number; role: "admin" } }));
vi.mock("@/lib/auth/guards", () => ({
  requireAdmin: async () => {
    if (!session.identity) throw new Error("NEXT_HTTP_ERROR_FALLBACK;404");
    return session.identity;
  },
}));

let db: TestDatabase;
let q: typeof Queries;
let exporter: typeof Export;
let withIdentity: typeof WithIdentity.withIdentity;
let disconnectApp: () => Promise<void>;

const filters = (changes: Partial<TAuditFilters> = {}): TAuditFilters => ({ ...DEFAULT_AUDIT_FILTERS, ...changes });

let admin: { kind: "user"; userId: number; role: "admin" };
let planner: Identity & { kind: "user" };
let plannerEmail: string;
let guest: { id: number; fullName: string; token: string };
let rsvpId: number;
let total: number;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  q = await import("./queries");
  exporter = await import("./export");
  ({ withIdentity } = await import("@/lib/db/with-identity"));
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();

  await seedDemoData(db.prisma);
  const { rows: people } = await db.pool.query<{ user_id: number; email: string; role: string }>(
    "SELECT user_id, email, role FROM users WHERE email IN ('admin@demo.wedding', 'planner1@demo.wedding')",
  );
  const adminRow = people.find((p) => p.role === "admin")!;
  const plannerRow = people.find((p) => p.role === "planner")!;
  admin = { kind: "user", userId: adminRow.user_id, role: "admin" };
  planner = { kind: "user", userId: plannerRow.user_id, role: "planner" };
  plannerEmail = plannerRow.email;

  // A pending RSVP of one of planner1's guests: the guest answers, the planner renames the wedding.
  const { rows: pending } = await db.pool.query<{
    rsvp_id: number;
    guest_id: number;
    full_name: string;
    qr_code: string;
    wedding_id: number;
  }>(
    `SELECT r.rsvp_id, g.guest_id, g.full_name, g.qr_code, w.wedding_id
     FROM event_rsvp r JOIN guest g USING (guest_id) JOIN wedding w ON w.wedding_id = g.wedding_id
     JOIN planner p ON p.planner_id = w.planner_id
     WHERE r.status = 'Pending' AND p.user_id = $1 ORDER BY r.rsvp_id LIMIT 1`,
    [planner.userId],
  );
  const target = pending[0]!;
  guest = { id: target.guest_id, fullName: target.full_name, token: target.qr_code };
  rsvpId = target.rsvp_id;
  await withIdentity({ kind: "guest", guestToken: guest.token }, (tx) =>
    tx.eventRsvp.update({ where: { id: rsvpId }, data: { status: "Accepted", mealChoice: "Fish" } }),
  );
  await withIdentity(planner, (tx) =>
    tx.wedding.update({ where: { id: target.wedding_id }, data: { guestCountTarget: { increment: 1 } } }),
  );
  // An account whose name a spreadsheet would run as a formula.
  await withIdentity(admin, (tx) =>
    tx.user.update({ where: { id: admin.userId }, data: { name: '=HYPERLINK("http://x")' } }),
  );
  total = Number((await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM audit_log")).rows[0]!.n);
}, 120_000);

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

// The database's own ORDER BY is the oracle (collation included).
const ORACLE_ORDER = {
  "changed_at DESC, log_id DESC":
    "SELECT log_id FROM audit_log ORDER BY changed_at DESC, log_id DESC LIMIT $1 OFFSET $2",
  "changed_at ASC, log_id ASC": "SELECT log_id FROM audit_log ORDER BY changed_at ASC, log_id ASC LIMIT $1 OFFSET $2",
  "table_name ASC, log_id ASC": "SELECT log_id FROM audit_log ORDER BY table_name ASC, log_id ASC LIMIT $1 OFFSET $2",
  "table_name DESC, log_id DESC":
    "SELECT log_id FROM audit_log ORDER BY table_name DESC, log_id DESC LIMIT $1 OFFSET $2",
  "operation DESC, log_id DESC": "SELECT log_id FROM audit_log ORDER BY operation DESC, log_id DESC LIMIT $1 OFFSET $2",
  "changed_by ASC, log_id ASC": "SELECT log_id FROM audit_log ORDER BY changed_by ASC, log_id ASC LIMIT $1 OFFSET $2",
  "changed_by DESC, log_id DESC":
    "SELECT log_id FROM audit_log ORDER BY changed_by DESC, log_id DESC LIMIT $1 OFFSET $2",
  "record_id ASC, log_id ASC": "SELECT log_id FROM audit_log ORDER BY record_id ASC, log_id ASC LIMIT $1 OFFSET $2",
  "record_id DESC, log_id DESC": "SELECT log_id FROM audit_log ORDER BY record_id DESC, log_id DESC LIMIT $1 OFFSET $2",
} as const;

async function expectedIds(orderBy: keyof typeof ORACLE_ORDER, limit = 50, offset = 0) {
  const { rows } = await db.pool.query<{ log_id: string }>(ORACLE_ORDER[orderBy], [limit, offset]);
  return rows.map((r) => r.log_id);
}

describe("AUDITED_TABLES", () => {
  it("names exactly the tables that carry the audit trigger, so the viewer's table filter offers each one", async () => {
    const { rows } = await db.pool.query<{ table_name: string }>(
      `SELECT c.relname AS table_name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       WHERE t.tgname = 'audit' AND NOT t.tgisinternal AND c.relispartition = false ORDER BY 1`,
    );
    expect(rows.map((r) => r.table_name)).toEqual([...AUDITED_TABLES].sort());
  });
});

describe("listAuditEntries", () => {
  it("lists the newest entries first, 50 to a page, with the total", async () => {
    const page = await q.listAuditEntries(admin, filters());
    expect(page.total).toBe(total);
    expect(page.total).toBeGreaterThan(1000);
    expect(page.pageSize).toBe(50);
    expect(page.pageCount).toBe(Math.ceil(total / 50));
    expect(page.rows.map((r) => r.logId)).toEqual(await expectedIds("changed_at DESC, log_id DESC"));
  });

  it.each([
    ["changed_at", "asc", "changed_at ASC, log_id ASC"],
    ["table_name", "asc", "table_name ASC, log_id ASC"],
    ["table_name", "desc", "table_name DESC, log_id DESC"],
    ["operation", "desc", "operation DESC, log_id DESC"],
    ["changed_by", "asc", "changed_by ASC, log_id ASC"],
    ["changed_by", "desc", "changed_by DESC, log_id DESC"],
    ["record_id", "asc", "record_id ASC, log_id ASC"],
    ["record_id", "desc", "record_id DESC, log_id DESC"],
  ] as const)("sorts by %s %s", async (sort, dir, orderBy) => {
    const page = await q.listAuditEntries(admin, filters({ sort, dir, page: 3, size: 25 }));
    expect(page.rows.map((r) => r.logId)).toEqual(await expectedIds(orderBy, 25, 50));
  });

  it("pages without overlap, and shows the last page for a page past the end", async () => {
    const first = await q.listAuditEntries(admin, filters({ size: 50 }));
    const second = await q.listAuditEntries(admin, filters({ size: 25, page: 2 }));
    expect(second.rows.map((r) => r.logId)).toEqual(first.rows.slice(25).map((r) => r.logId));
    const beyond = await q.listAuditEntries(admin, filters({ size: 100, page: 100_000 }));
    expect(beyond.page).toBe(Math.ceil(total / 100));
    expect(beyond.rows).toHaveLength(total - (beyond.page - 1) * 100);
  });

  it("filters by table and operation", async () => {
    const page = await q.listAuditEntries(admin, filters({ table: "event_rsvp", op: "UPDATE" }));
    expect(page.total).toBe(1);
    expect(page.rows[0]).toMatchObject({
      tableName: "event_rsvp",
      operation: "UPDATE",
      recordId: String(rsvpId),
      changedKeys: ["meal_choice", "status"],
      actor: { raw: `guest:${guest.id}`, label: `Guest: ${guest.fullName}` },
    });
    const inserts = await q.listAuditEntries(admin, filters({ table: "event_rsvp", op: "INSERT" }));
    expect(inserts.total).toBe(Number((await db.pool.query("SELECT count(*) AS n FROM event_rsvp")).rows[0].n));
  });

  it("filters by record id within a table", async () => {
    const page = await q.listAuditEntries(admin, filters({ table: "event_rsvp", record: String(rsvpId), dir: "asc" }));
    expect(page.rows.map((r) => r.operation)).toEqual(["INSERT", "UPDATE"]);
  });

  it("filters by actor: raw actor, an account's email or name, a guest's name", async () => {
    const system = await q.listAuditEntries(admin, filters({ actor: "user:0" }));
    expect(system.rows.every((r) => r.actor.raw === "user:0" && r.actor.label === "System")).toBe(true);
    expect(system.total).toBe(total - 3);

    const byEmail = await q.listAuditEntries(admin, filters({ actor: plannerEmail.toUpperCase() }));
    expect(byEmail.total).toBe(1);
    expect(byEmail.rows[0]!.actor.raw).toBe(`user:${planner.userId}`);
    expect(byEmail.rows[0]!.actor.label).toMatch(new RegExp(`\\(${plannerEmail.replace(".", "\\.")}\\)$`));

    const byGuest = await q.listAuditEntries(admin, filters({ actor: guest.fullName.slice(0, 6).toLowerCase() }));
    expect(byGuest.rows.map((r) => r.actor.raw)).toContain(`guest:${guest.id}`);
  });

  it("treats LIKE wildcards and SQL in the actor filter as plain text", async () => {
    for (const actor of ["%", "_", "\\", "' OR '1'='1", "user:0' --"]) {
      const page = await q.listAuditEntries(admin, filters({ actor }));
      expect(page.total, actor).toBe(0);
    }
  });

  it("filters by a date range in whole UTC days", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect((await q.listAuditEntries(admin, filters({ from: yesterday, to: tomorrow }))).total).toBe(total);
    expect((await q.listAuditEntries(admin, filters({ from: tomorrow }))).total).toBe(0);
    expect((await q.listAuditEntries(admin, filters({ to: yesterday }))).total).toBe(0);
    const since = (await q.listAuditEntries(admin, filters({ from: today }))).total;
    const until = (await q.listAuditEntries(admin, filters({ to: today }))).total;
    expect(since + until).toBeGreaterThanOrEqual(total);
  });

  it("shows nothing to a planner or a guest, not even a count", async () => {
    for (const identity of [planner, { kind: "guest", guestToken: guest.token } as const]) {
      const page = await q.listAuditEntries(identity, filters());
      expect(page).toEqual({ rows: [], total: 0, page: 1, pageCount: 1, pageSize: 50 });
    }
  });

  it("falls back to the default list for a garbage address", async () => {
    const { filters: parsed, notes } = parseAuditSearchParams({
      table: "users; DROP TABLE audit_log",
      sort: "log_id) --",
      page: "-3",
      size: "99999",
      record: "1 OR 1=1",
      from: "not-a-date",
    });
    expect(notes).toHaveLength(6);
    const page = await q.listAuditEntries(admin, parsed);
    expect(page.total).toBe(total);
    expect(page.rows.map((r) => r.logId)).toEqual(await expectedIds("changed_at DESC, log_id DESC"));
  });

  it("returns plain serializable values", async () => {
    const page = await q.listAuditEntries(admin, filters({ size: 25 }));
    expect(JSON.parse(JSON.stringify(page))).toEqual(page);
  });
});

describe("getAuditEntry", () => {
  it("gives the old → new value of each changed key", async () => {
    const [row] = (await q.listAuditEntries(admin, filters({ table: "event_rsvp", op: "UPDATE" }))).rows;
    const entry = await q.getAuditEntry(admin, BigInt(row!.logId));
    expect(entry?.actor.label).toBe(`Guest: ${guest.fullName}`);
    expect(entry?.diff.filter((d) => d.key !== "updated_at")).toEqual([
      { key: "meal_choice", before: "null", after: "Fish" },
      { key: "status", before: "Pending", after: "Accepted" },
    ]);
    expect(entry?.diff.map((d) => d.key)).toContain("updated_at");
  });

  it("is null for a missing entry and for a non-admin", async () => {
    const [row] = (await q.listAuditEntries(admin, filters())).rows;
    expect(await q.getAuditEntry(admin, 9_000_000_000n)).toBeNull();
    expect(await q.getAuditEntry(planner, BigInt(row!.logId))).toBeNull();
  });
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

/** Splits this export's CSV into rows; quoted cells may hold commas, quotes and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  return rows;
}

describe("exportAuditCsv", () => {
  it("streams a header and every matching row, in the list's order, across batches", async () => {
    const wanted = filters({ table: "wedding", sort: "record_id", dir: "asc" });
    const result = await exporter.exportAuditCsv(admin, wanted, { batchSize: 7 });
    const rows = parseCsv(await readAll(result.stream));
    expect(rows[0]).toEqual([...exporter.EXPORT_COLUMNS]);
    const listed = await q.listAuditEntries(admin, { ...wanted, size: 100 });
    expect(result).toMatchObject({ total: listed.total, rows: listed.total, truncated: false });
    expect(rows.slice(1).map((r) => r[0])).toEqual(listed.rows.map((r) => r.logId));
    const update = rows.find((r) => r[3] === "UPDATE")!;
    expect(update[5]).toBe(`user:${planner.userId}`);
    expect(JSON.parse(update[7]!)).toHaveProperty("guest_count_target");
  });

  it("caps the export and says so", async () => {
    const result = await exporter.exportAuditCsv(admin, filters(), { cap: 10, batchSize: 4 });
    const rows = parseCsv(await readAll(result.stream));
    expect(result).toMatchObject({ total, rows: 10, truncated: true });
    expect(rows).toHaveLength(11);
    expect(rows.slice(1).map((r) => r[0])).toEqual(await expectedIds("changed_at DESC, log_id DESC", 10));
  });

  it("defuses cells a spreadsheet would run as formulas", async () => {
    const result = await exporter.exportAuditCsv(admin, filters({ actor: `user:${admin.userId}` }));
    const rows = parseCsv(await readAll(result.stream));
    expect(rows[1]![6]).toBe('\'=HYPERLINK("http://x") (admin@demo.wedding)');
  });

  it("exports only a header for a non-admin", async () => {
    const result = await exporter.exportAuditCsv(planner, filters());
    expect(result).toMatchObject({ total: 0, rows: 0 });
    expect(parseCsv(await readAll(result.stream))).toEqual([[...exporter.EXPORT_COLUMNS]]);
  });
});

describe("GET /admin/audit/export", () => {
  it("answers text/csv with a header row, using the list's filters", async () => {
    const { GET } = await import("@/app/(admin)/admin/audit/export/route");
    session.identity = admin;
    const response = await GET(new NextRequest("http://localhost/admin/audit/export?table=event_rsvp&op=UPDATE"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-log-\d{8}-\d{4}\.csv"$/);
    const rows = parseCsv(await response.text());
    expect(rows[0]).toEqual([...exporter.EXPORT_COLUMNS]);
    expect(rows).toHaveLength(2);
    expect(rows[1]![8]).toContain('"status":"Accepted"');
  });

  it("refuses bad filters with a clear message instead of exporting something else", async () => {
    const { GET } = await import("@/app/(admin)/admin/audit/export/route");
    session.identity = admin;
    const response = await GET(new NextRequest("http://localhost/admin/audit/export?table=users%3B%20DROP&sort=x"));
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain("Nothing was exported.");
    expect(text).toContain("Ignored the table filter");
  });

  it("is not there for someone who is not an admin", async () => {
    const { GET } = await import("@/app/(admin)/admin/audit/export/route");
    session.identity = null;
    await expect(GET(new NextRequest("http://localhost/admin/audit/export"))).rejects.toThrow(/404/);
  });
});
