import { describe, expect, it } from "vitest";
import { changedKeys, diffAuditValues, formatAuditValue } from "./diff";

describe("diffAuditValues", () => {
  it("pairs the old and new value of each changed key, sorted by key", () => {
    expect(
      diffAuditValues(
        { status: "Pending", plus_ones: 0, updated_at: "2026-11-01T10:00:00+00:00" },
        { status: "Accepted", plus_ones: 2, updated_at: "2026-11-02T10:00:00+00:00" },
      ),
    ).toEqual([
      { key: "plus_ones", before: "0", after: "2" },
      { key: "status", before: "Pending", after: "Accepted" },
      { key: "updated_at", before: "2026-11-01T10:00:00+00:00", after: "2026-11-02T10:00:00+00:00" },
    ]);
  });

  it("marks values that were not there as null (INSERT has no before, DELETE no after)", () => {
    expect(diffAuditValues(null, { name: "Ana" })).toEqual([{ key: "name", before: null, after: "Ana" }]);
    expect(diffAuditValues({ name: "Ana" }, null)).toEqual([{ key: "name", before: "Ana", after: null }]);
  });

  it("tells a JSON null and an empty string apart from a missing value", () => {
    expect(diffAuditValues({ email: null, phone: "" }, { email: "a@b.c", phone: "1" })).toEqual([
      { key: "email", before: "null", after: "a@b.c" },
      { key: "phone", before: "", after: "1" },
    ]);
  });

  it("shows arrays and objects as JSON", () => {
    expect(formatAuditValue(["Ana", "Bo"])).toBe('["Ana","Bo"]');
    expect(formatAuditValue({ a: 1 })).toBe('{"a":1}');
    expect(formatAuditValue(true)).toBe("true");
  });

  it("has nothing to show for a scrubbed row", () => {
    expect(diffAuditValues(null, null)).toEqual([]);
    expect(diffAuditValues({}, {})).toEqual([]);
  });
});

describe("changedKeys", () => {
  it("lists an UPDATE's columns without updated_at", () => {
    expect(changedKeys("UPDATE", { updated_at: "x", status: "Accepted", meal_choice: "Fish" })).toEqual([
      "meal_choice",
      "status",
    ]);
  });

  it("is empty for INSERT and DELETE", () => {
    expect(changedKeys("INSERT", { a: 1 })).toEqual([]);
    expect(changedKeys("DELETE", null)).toEqual([]);
  });
});
