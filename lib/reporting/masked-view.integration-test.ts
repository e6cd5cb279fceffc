import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "@/lib/seed/demo-data";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";

// v_client_reporting (migration 20261127000300_masked_reporting): masked
// names, emails and phones, month-truncated dates, readable by
// reporting_readonly only, which can read no base table.

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.prisma);
});

afterAll(async () => {
  await db?.drop();
});

async function asRole<T extends Record<string, unknown>>(role: string, sql: string): Promise<T[]> {
  const client = await db.pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(`SET LOCAL ROLE ${role}`);
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.query("ROLLBACK");
    client.release();
  }
}

async function maskEmail(email: string | null): Promise<string | null> {
  const { rows } = await db.pool.query<{ m: string | null }>("SELECT app_mask_email($1) AS m", [email]);
  return rows[0]!.m;
}

describe("app_mask_email", () => {
  it.each([
    ["ivan.petrov@example.co.uk", "i***@e***.uk"],
    ["abc@example.com", "a***@e***.com"],
    // Short local parts and domain labels give nothing away, not even their first character.
    ["a@b.co", "***@***.co"],
    ["ab@cd.com", "***@***.com"],
    // Several dots on both sides: only the first character and the top-level domain.
    ["first.middle.last@mail.sub.example.com", "f***@m***.com"],
    // Characters, not bytes.
    ["Жана@пример.рф", "Ж***@п***.рф"],
    ["émile@exämple.fr", "é***@e***.fr"],
    // The split is at the last "@".
    ['"a@b"@example.com', '"***@e***.com'],
    ["ivan@localhost", "i***@l***"],
    // Not an address at all.
    ["no-at-sign", "***"],
    ["@example.com", "***"],
    ["someone@", "***"],
    ["", "***"],
  ])("masks %s as %s", async (email, masked) => {
    expect(await maskEmail(email)).toBe(masked);
  });

  it("keeps NULL as NULL, and never shows the local part's length", async () => {
    expect(await maskEmail(null)).toBeNull();
    expect(await maskEmail("abc@example.com")).toBe(await maskEmail("abcdefghijklmnop@example.com"));
  });

  it("is right where the report's mask is wrong", async () => {
    const { rows } = await db.pool.query<{ report: string }>(
      "SELECT CONCAT(REPEAT('*', 6), RIGHT(e, POSITION('@' IN e))) AS report FROM (SELECT 'ivan@example.com'::text AS e) x",
    );
    // The report's version cuts the domain ("e.com") and, for a long local part, shows it.
    expect(rows[0]!.report).toBe("******e.com");
    expect(await maskEmail("ivan@example.com")).toBe("i***@e***.com");
  });
});

describe("app_mask_name", () => {
  it.each([
    ["Ivan Petrov", "I*** P***"],
    ["Јована & Александар Петров", "Ј*** & А*** П***"],
    ["  Ana   Bo ", "A*** B***"],
    ["A", "A***"],
    ["   ", "***"],
  ])("masks %s as %s", async (name, masked) => {
    const { rows } = await db.pool.query<{ m: string }>("SELECT app_mask_name($1) AS m", [name]);
    expect(rows[0]!.m).toBe(masked);
  });
});

describe("v_client_reporting", () => {
  it("shows every couple to reporting_readonly, masked, with dates truncated to the month", async () => {
    const view = await asRole<{
      client_id: number;
      masked_name: string;
      masked_email: string | null;
      masked_phone: string | null;
      registration_month: Date;
      first_wedding_month: Date | null;
    }>("reporting_readonly", "SELECT * FROM v_client_reporting ORDER BY client_id");
    const { rows: clients } = await db.pool.query<{
      client_id: number;
      name: string;
      email: string | null;
      has_phone: boolean;
    }>("SELECT client_id, name, email, phone_encrypted IS NOT NULL AS has_phone FROM client ORDER BY client_id");
    expect(view.map((r) => r.client_id)).toEqual(clients.map((c) => c.client_id));
    for (const [i, row] of view.entries()) {
      const client = clients[i]!;
      expect(row.masked_name).not.toContain(client.name.split(" ")[0]!.slice(1) || "\u0000");
      if (client.email) expect(row.masked_email).not.toContain(client.email.split("@")[0]);
      expect(row.masked_phone === null).toBe(!client.has_phone);
      expect(row.registration_month.getUTCDate()).toBe(1);
      if (row.first_wedding_month) expect(row.first_wedding_month.getUTCDate()).toBe(1);
    }
    expect(view.some((r) => r.masked_phone === "*** *** ***")).toBe(true);
  });

  // Extension views (pg_stat_statements) are left out: PostgreSQL grants them to everyone, and they hold no rows of ours.
  it("is the only thing reporting_readonly can read: every base table refuses it", async () => {
    const { rows: tables } = await db.pool.query<{ name: string }>(
      "SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'm', 'v') AND c.relname <> 'v_client_reporting' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') ORDER BY 1",
    );
    expect(tables.length).toBeGreaterThan(15);
    for (const { name } of tables) {
      await expect(asRole("reporting_readonly", `SELECT 1 FROM public."${name}" LIMIT 1`), name).rejects.toThrow(
        /permission denied/,
      );
    }
  });

  it("refuses the app's own role", async () => {
    const app = new pg.Client({ connectionString: db.appUrl });
    await app.connect();
    try {
      await expect(app.query("SELECT * FROM v_client_reporting")).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
  });
});
