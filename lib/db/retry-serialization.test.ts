import { describe, expect, it } from "vitest";
import { isSerializationFailure, retryOnSerializationFailure } from "./retry-serialization";

describe("retryOnSerializationFailure", () => {
  const conflict = Object.assign(new Error("Raw query failed. Code: `40001`. Message: `could not serialize access`"), {
    code: "P2010",
  });

  it("runs the transaction again after a serialization failure, then returns its result", async () => {
    let calls = 0;
    const result = await retryOnSerializationFailure(async () => {
      calls++;
      if (calls < 3) throw conflict;
      return "done";
    });
    expect(result).toBe("done");
    expect(calls).toBe(3);
  });

  it("gives up after the last attempt, and never retries other errors", async () => {
    let calls = 0;
    await expect(
      retryOnSerializationFailure(async () => {
        calls++;
        throw conflict;
      }, 2),
    ).rejects.toBe(conflict);
    expect(calls).toBe(2);
    calls = 0;
    const other = new Error("unique violation 23505");
    await expect(
      retryOnSerializationFailure(async () => {
        calls++;
        throw other;
      }),
    ).rejects.toBe(other);
    expect(calls).toBe(1);
  });

  it("recognises the failure by SQLSTATE, Prisma code or message", () => {
    expect(isSerializationFailure({ code: "40001" })).toBe(true);
    expect(isSerializationFailure({ code: "P2034" })).toBe(true);
    expect(isSerializationFailure({ meta: { code: "40001" } })).toBe(true);
    expect(isSerializationFailure(new Error("deadlock detected"))).toBe(false);
    expect(isSerializationFailure(null)).toBe(false);
  });
});
