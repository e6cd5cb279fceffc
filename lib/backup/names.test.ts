import { describe, expect, it } from "vitest";
import { backupBaseName, backupStamp } from "./create-backup";
import { suffixedName, ZDatabaseName } from "./databases";
import { defaultRestoreName } from "./restore-backup";

describe("backup and database names", () => {
  it("stamps backups with the UTC time, to the second", () => {
    expect(backupStamp(new Date("2026-11-27T10:15:00.999Z"))).toBe("20261127T101500Z");
    expect(backupBaseName("wedding_planner", new Date("2026-01-02T03:04:05Z"))).toBe(
      "wedding_planner_20260102T030405Z",
    );
  });

  it("names a restore after its file", () => {
    expect(defaultRestoreName("/srv/backups/wedding_planner_20261127T101500Z.dump")).toBe(
      "wedding_planner_20261127t101500z",
    );
    expect(defaultRestoreName("2026-11-27 nightly.dump")).toBe("r_2026_11_27_nightly");
    expect(() => defaultRestoreName(`${"x".repeat(70)}.dump`)).toThrow(/Choose one with --to NAME/);
  });

  it("accepts plain lower-case names only, and never PostgreSQL's own", () => {
    for (const good of ["wedding_planner", "_x", "copy_2"]) expect(ZDatabaseName.safeParse(good).success).toBe(true);
    for (const bad of ["", "Wedding", "1db", "a-b", "a;drop", "x".repeat(64), "postgres", "template1"]) {
      expect(ZDatabaseName.safeParse(bad).success, bad).toBe(false);
    }
  });

  it("cuts a name so the suffix always fits in 63 characters", () => {
    expect(suffixedName("db", "_before_x")).toBe("db_before_x");
    const long = suffixedName("x".repeat(63), "_incoming_abc123");
    expect(long).toHaveLength(63);
    expect(long.endsWith("_incoming_abc123")).toBe(true);
  });
});
