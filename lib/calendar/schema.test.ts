import { describe, expect, it } from "vitest";
import { parseCalendarToken, ZCalendarFeedFormSchema } from "./schema";

describe("parseCalendarToken", () => {
  const token = "AbCdEfGhIjKlMnOpQrStUvWxYz012-_9";

  it("accepts a 32-character base64url token, with or without .ics", () => {
    expect(parseCalendarToken(token)).toBe(token);
    expect(parseCalendarToken(`${token}.ics`)).toBe(token);
  });

  it.each([
    ["too short", token.slice(1)],
    ["too long", `${token}A`],
    ["padding", `${token.slice(0, 31)}=`],
    ["standard base64", `${token.slice(0, 31)}+`],
    ["SQL", "' OR 1=1 --aaaaaaaaaaaaaaaaaaaaaa"],
    ["empty", ""],
    ["a huge segment", "A".repeat(10_000)],
  ])("refuses %s", (_name, segment) => {
    expect(parseCalendarToken(segment)).toBeNull();
  });
});

describe("ZCalendarFeedFormSchema", () => {
  it("takes a positive whole wedding id and nothing else", () => {
    expect(ZCalendarFeedFormSchema.parse({ weddingId: "12" })).toEqual({ weddingId: 12 });
    for (const weddingId of ["", "0", "-1", "1.5", "abc", "99999999999"]) {
      expect(ZCalendarFeedFormSchema.safeParse({ weddingId }).success, weddingId).toBe(false);
    }
  });
});
