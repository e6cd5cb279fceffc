import { describe, expect, it } from "vitest";
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from "./password-hash";

const params = (hash: string) => hash.split("$").slice(1, 4).join("$");

describe("password hashing", () => {
  it("hashes with argon2id and verifies only the right password", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery stapler")).toBe(false);
  });

  it("keeps the dummy hash on the same cost parameters as real hashes, so both take as long", async () => {
    expect(params(DUMMY_PASSWORD_HASH)).toBe(params(await hashPassword("anything at all")));
    expect(await verifyPassword(DUMMY_PASSWORD_HASH, "")).toBe(false);
  });

  it("treats a hash that is not argon2 as a mismatch instead of throwing", async () => {
    expect(await verifyPassword("plain-text-password", "plain-text-password")).toBe(false);
  });
});
