import { describe, expect, it } from "vitest";
import { MAX_ERROR_LENGTH, redactError } from "./redact";

describe("redactError", () => {
  it("hides the credentials of connection strings", () => {
    const message = redactError(new Error("connect ECONNREFUSED postgresql://owner:s3cret@db.internal:5432/wp"));
    expect(message).toBe("connect ECONNREFUSED postgresql://***@db.internal:5432/wp");
    expect(message).not.toContain("s3cret");
  });

  it("hides password-like settings", () => {
    expect(redactError("bad config password=hunter2 token: 'abc def'")).toBe("bad config password=*** token: ***");
  });

  it("keeps ordinary messages, on one line", () => {
    expect(redactError(new Error("lock timeout\n  on booking"))).toBe("lock timeout on booking");
  });

  it("truncates long messages to the column's limit", () => {
    const message = redactError(new Error("x".repeat(5000)));
    expect(message).toHaveLength(MAX_ERROR_LENGTH);
    expect(message.endsWith("…")).toBe(true);
  });

  it("names errors without a message, and non-errors", () => {
    expect(redactError(new TypeError(""))).toBe("TypeError");
    expect(redactError({ code: 42 })).toBe('{"code":42}');
    expect(redactError(undefined)).toBe("unknown error");
    expect(redactError("")).toBe("unknown error");
  });
});
