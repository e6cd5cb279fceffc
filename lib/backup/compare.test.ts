import { describe, expect, it } from "vitest";
import { compareInventories } from "./compare";
import type { TInventory } from "./inventory";

const labels = { source: "backup x.dump", target: "database restored" };

function inventory(overrides: Partial<TInventory> = {}): TInventory {
  return {
    tables: { "public.wedding": 20, "public.payment": 5, "public.payment_2026_11": 5, "public.mv_revenue": null },
    migrations: [
      { name: "20261123000000_init", checksum: "c1", finished: true },
      { name: "20261124000000_security", checksum: "c2", finished: true },
    ],
    auditHead: { logId: "42", chainHash: "ab" },
    roles: ["wedding_app"],
    ...overrides,
  };
}

const verified = { ok: true, rows: 42 };

describe("compareInventories", () => {
  it("passes identical databases and lists every table with both counts", () => {
    const result = compareInventories(inventory(), inventory(), verified, labels);
    expect(result.differences).toEqual([]);
    expect(result.lines.join("\n")).toMatch(/public\.payment_2026_11\s+5\s+5\n/);
    expect(result.lines.join("\n")).toMatch(/public\.mv_revenue\s+not populated\s+not populated/);
    expect(result.lines.at(-1)).toBe("RESULT: OK. 4 tables, the migrations and the audit chain match.");
  });

  it("names a table whose count differs, one that is missing and one that is extra", () => {
    const target = inventory({
      tables: { "public.wedding": 19, "public.payment": 5, "public.mv_revenue": null, "public.extra": 0 },
    });
    const { differences, lines } = compareInventories(inventory(), target, verified, labels);
    expect(differences).toEqual([
      "public.extra exists only in the target.",
      "public.payment_2026_11 is missing from the target.",
      "public.wedding: 20 rows in the source, 19 in the target.",
    ]);
    expect(lines.join("\n")).toMatch(/public\.wedding\s+20\s+19\s+DIFFERENT/);
  });

  it("finds a migration whose checksum differs, or one that is missing", () => {
    const edited = inventory({
      migrations: [
        { name: "20261123000000_init", checksum: "c1", finished: true },
        { name: "20261124000000_security", checksum: "EDITED", finished: true },
      ],
    });
    expect(compareInventories(inventory(), edited, verified, labels).differences).toEqual([
      "The migration history differs (1 only in the source, 1 only in the target).",
    ]);
    const short = inventory({ migrations: inventory().migrations.slice(0, 1) });
    expect(compareInventories(inventory(), short, verified, labels).differences).toHaveLength(1);
  });

  it("fails on a broken audit chain, a missing one, and a different head", () => {
    const broken = { ok: false, rows: 7, firstBroken: { logId: "7", reason: "content changed" as const } };
    expect(compareInventories(inventory(), inventory(), broken, labels).differences).toEqual([
      "The target's audit chain is broken at log_id 7: content changed.",
    ]);
    expect(compareInventories(inventory(), inventory(), null, labels).differences).toEqual([
      "The target has no audit trail to verify.",
    ]);
    const moved = inventory({ auditHead: { logId: "42", chainHash: "cd" } });
    expect(compareInventories(inventory(), moved, verified, labels).differences).toEqual([
      "The audit chain's head differs: the target does not end where the source does.",
    ]);
  });
});
