import { describe, expect, it } from "vitest";
import { ZRemindNonRespondersSchema } from "./schema";

const parse = (input: Record<string, unknown>) => ZRemindNonRespondersSchema.safeParse(input);
const errors = (input: Record<string, unknown>) => {
  const result = parse(input);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("ZRemindNonRespondersSchema", () => {
  it("reads the ids from form strings", () => {
    expect(parse({ weddingId: "12", eventId: "34" })).toEqual({ success: true, data: { weddingId: 12, eventId: 34 } });
  });

  it.each([
    ["empty", ""],
    ["not a number", "ceremony"],
    ["zero", "0"],
    ["negative", "-4"],
    ["fractional", "2.5"],
    ["too large", "2147483648"],
    ["missing", undefined],
    ["given twice", ["1", "2"]],
  ])("refuses an event id that is %s", (_name, eventId) => {
    expect(errors({ weddingId: "1", eventId })).toEqual({ eventId: "Choose an event." });
  });

  it("refuses a bad wedding id", () => {
    expect(errors({ weddingId: "x", eventId: "1" })).toEqual({ weddingId: "This wedding was not found." });
  });
});
