import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { compareShapes, detectDrift, shapeFromDatabase, shapeFromPrismaSchema } from "./drift";

let db: TestDatabase;
const schemaText = fs.readFileSync("prisma/schema.prisma", "utf8");

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe("schema.prisma against the migrated database", () => {
  it("has no drift: every model, field, type, nullability, default and relation matches", async () => {
    expect(await detectDrift(db.pool)).toEqual([]);
  });

  it("covers every table, with partitions folded into their parent", async () => {
    const actual = await shapeFromDatabase(db.pool);
    expect([...actual.tables.keys()].sort()).toEqual(
      [
        "audit_chain_head",
        "audit_log",
        "auth_throttle",
        "mfa_recovery_code",
        "rate_limit",
        "booking",
        "budget",
        "calendar_feed",
        "client",
        "consent",
        "data_key",
        "contract",
        "db_health_sample",
        "db_stats_reset",
        "event",
        "event_rsvp",
        "expense",
        "gdpr_request",
        "guest",
        "guest_rsvp_state",
        "household",
        "message",
        "message_thread",
        "job_run",
        "matview_refresh",
        "outbox",
        "payment",
        "payment_installment",
        "planner",
        "proposal",
        "proposal_line",
        "users",
        "vendor",
        "vendor_package",
        "venue",
        "wedding",
      ].sort(),
    );
  });

  it("notices a field whose nullability differs", async () => {
    const edited = schemaText.replace(
      '  fullName          String   @map("full_name")',
      '  fullName          String?  @map("full_name")',
    );
    expect(edited).not.toEqual(schemaText);
    const diff = compareShapes(await shapeFromPrismaSchema(edited), await shapeFromDatabase(db.pool));
    expect(diff).toEqual(["guest.full_name: optional in schema.prisma, NOT NULL in the database"]);
  });

  it("notices a changed type, a missing column and an unmodelled column", async () => {
    const edited = schemaText
      .replace(
        'budgetAmount Decimal  @map("budget_amount") @db.Decimal(12, 2)',
        'budgetAmount Decimal  @map("budget_amount") @db.Decimal(10, 2)',
      )
      .replace(
        '  notes        String?\n  createdAt    DateTime @default(now()) @map("created_at") @db.Timestamptz(6)\n  updatedAt    DateTime @default(now()) @map("updated_at") @db.Timestamptz(6)\n\n  wedding Wedding @relation(fields: [weddingId], references: [id], onDelete: Cascade, onUpdate: NoAction)\n\n  @@unique([weddingId, category]',
        '  createdAt    DateTime @default(now()) @map("created_at") @db.Timestamptz(6)\n  updatedAt    DateTime @default(now()) @map("updated_at") @db.Timestamptz(6)\n\n  wedding Wedding @relation(fields: [weddingId], references: [id], onDelete: Cascade, onUpdate: NoAction)\n\n  @@unique([weddingId, category]',
      );
    const diff = compareShapes(await shapeFromPrismaSchema(edited), await shapeFromDatabase(db.pool));
    expect(diff).toContain("budget.budget_amount: type numeric(10,2) in schema.prisma, numeric(12,2) in the database");
    expect(diff).toContain("budget.notes: in the database, not in schema.prisma");
  });

  it("notices a relation whose referential action differs, and a foreign key the schema does not know", async () => {
    await db.pool.query("ALTER TABLE venue ADD COLUMN manager_id integer REFERENCES users(user_id)");
    try {
      const edited = schemaText.replace(
        "client  Client  @relation(fields: [clientId], references: [id], onDelete: Restrict, onUpdate: NoAction)",
        "client  Client  @relation(fields: [clientId], references: [id], onDelete: Cascade, onUpdate: NoAction)",
      );
      const diff = compareShapes(await shapeFromPrismaSchema(edited), await shapeFromDatabase(db.pool));
      expect(diff).toContain("payment(client_id): onDelete Cascade in schema.prisma, Restrict in the database");
      expect(diff).toContain("venue.manager_id: in the database, not in schema.prisma");
      expect(diff).toContain(
        "venue(manager_id) → users(user_id): foreign key in the database, no relation in schema.prisma",
      );
    } finally {
      await db.pool.query("ALTER TABLE venue DROP COLUMN manager_id");
    }
  });

  it("notices an enum value that exists only in the database", async () => {
    await db.pool.query("ALTER TYPE rsvp_status ADD VALUE 'Maybe'");
    const diff = await detectDrift(db.pool);
    expect(diff).toEqual([
      "enum rsvp_status: schema.prisma has [Pending, Accepted, Declined], the database has [Pending, Accepted, Declined, Maybe]",
    ]);
  });
});
