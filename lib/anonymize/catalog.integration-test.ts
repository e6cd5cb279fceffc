import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { findStaleEntries, findUnclassifiedColumns, listTextColumns, type TColumnRef } from "./catalog";

// The anonymization catalog against the migrated schema: a migration that adds
// a text column fails here until the column is classified as personal or not.

let db: TestDatabase;
let columns: TColumnRef[];

beforeAll(async () => {
  db = await createTestDatabase();
  const client = await db.pool.connect();
  try {
    columns = await listTextColumns(client);
  } finally {
    client.release();
  }
});

afterAll(async () => {
  await db?.drop();
});

describe("the anonymization catalog", () => {
  it("classifies every text-like column of every table", () => {
    expect(columns.length).toBeGreaterThan(50);
    expect(findUnclassifiedColumns(columns)).toEqual([]);
  });

  it("names no column the schema does not have", () => {
    expect(findStaleEntries(columns)).toEqual([]);
  });

  it("notices a new personal column", async () => {
    await db.pool.query("ALTER TABLE guest ADD COLUMN passport_number TEXT");
    const client = await db.pool.connect();
    try {
      expect(findUnclassifiedColumns(await listTextColumns(client))).toEqual([
        { table: "guest", column: "passport_number" },
      ]);
    } finally {
      client.release();
    }
  });
});
