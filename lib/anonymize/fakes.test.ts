import { describe, expect, it } from "vitest";
import { FAKE_KINDS } from "./catalog";
import { createFaker } from "./fakes";

const secret = Buffer.from("a test secret of enough length");

describe("createFaker", () => {
  const fake = createFaker(secret);

  it("gives the same input the same fake, from a fresh faker too", () => {
    const again = createFaker(Buffer.from(secret));
    for (const kind of FAKE_KINDS) {
      expect(fake(kind, "Ana Petrov"), kind).toBe(again(kind, "Ana Petrov"));
    }
    // Order of calls does not matter: each value seeds its own fake.
    const first = fake("personName", "Marko Nikolovski");
    fake("personName", "somebody else");
    expect(fake("personName", "Marko Nikolovski")).toBe(first);
  });

  it("treats emails case-insensitively, as users.email's unique index does", () => {
    expect(fake("email", "Ana.Petrov@Example.com")).toBe(fake("email", "ana.petrov@example.com "));
  });

  it("depends on the secret", () => {
    const other = createFaker(Buffer.from("another secret, also long enough"));
    expect(other("email", "ana@example.com")).not.toBe(fake("email", "ana@example.com"));
    expect(other("token", "x".repeat(24))).not.toBe(fake("token", "x".repeat(24)));
  });

  it("refuses a short secret", () => {
    expect(() => createFaker(Buffer.from("short"))).toThrow(/at least 16 bytes/);
  });

  it("makes distinct, valid, unreachable emails for distinct inputs", () => {
    const emails = Array.from({ length: 2000 }, (_, i) => fake("email", `guest${i}@example.com`));
    expect(new Set(emails).size).toBe(emails.length);
    for (const email of emails) expect(email).toMatch(/^[a-z]+\.[a-z]+\.[0-9a-f]{10}@example\.test$/);
  });

  it("keeps phones in the fictional range and tokens in the token alphabet at the original length", () => {
    expect(fake("phone", "+389 70 123 456")).toMatch(/^\+44 7700 900\d{3}$/);
    const token = fake("token", "AbCdEfGhIjKlMnOpQrStUvWx");
    expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(fake("token", "a".repeat(100))).toHaveLength(100);
    expect(fake("token", "a".repeat(32))).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it("fits every fake within the columns' limits and never echoes the original", () => {
    const originals = ["Ana & Marko Petrov", "ana@example.com", "+389 70 123 456", "Vegan", "Card", "x"];
    for (const kind of FAKE_KINDS) {
      for (const original of originals) {
        const value = fake(kind, original);
        expect(value.length, kind).toBeGreaterThanOrEqual(kind === "token" ? 1 : 3);
        expect(value.length, kind).toBeLessThanOrEqual(kind === "messageBody" ? 5000 : 300);
        // Short originals and the small fixed lists can match by chance.
        if (original.length > 3 && !["paymentMethod", "dietary"].includes(kind))
          expect(value, kind).not.toContain(original);
      }
    }
  });

  it("keeps names of one person-kind consistent wherever they appear", () => {
    expect(fake("personName", "Elena Georgiev")).toMatch(/^\S+ \S+$/);
    expect(fake("weddingName", "Ana & Marko")).toMatch(/^\S+ & \S+ wedding$/);
    expect(fake("householdName", "Petrov family")).toMatch(/^\S+ family$/);
  });
});
