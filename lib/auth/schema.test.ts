import { describe, expect, it } from "vitest";
import { ZChangePasswordSchema, ZCredentialsSchema, ZMfaCodeSchema, safeNextPath } from "./schema";

describe("safeNextPath", () => {
  it("keeps same-site paths with their query", () => {
    expect(safeNextPath("/weddings/12?tab=guests")).toBe("/weddings/12?tab=guests");
    expect(safeNextPath("/")).toBe("/");
  });

  it("sends anything else home", () => {
    for (const value of [
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "javascript:alert(1)",
      "weddings",
      "/sign-in",
      "/sign-in/mfa?next=/",
      "/sign-out",
      `/${"a".repeat(3000)}`,
      ["/a", "/b"],
      undefined,
    ]) {
      expect(safeNextPath(value)).toBe("/");
    }
  });
});

describe("ZCredentialsSchema", () => {
  it("lower-cases and trims the email", () => {
    expect(ZCredentialsSchema.parse({ email: " Planner1@Demo.Wedding ", password: "x" }).email).toBe(
      "planner1@demo.wedding",
    );
  });

  it("rejects SQL fragments and oversized fields", () => {
    for (const input of [
      { email: "' OR '1'='1", password: "x" },
      { email: "admin@demo.wedding'; DROP TABLE users; --", password: "x" },
      { email: `${"a".repeat(10_000)}@demo.wedding`, password: "x" },
      { email: "admin@demo.wedding", password: "x".repeat(10_000) },
      { email: "admin@demo.wedding", password: "" },
      { email: 42, password: ["x"] },
    ]) {
      expect(ZCredentialsSchema.safeParse(input).success).toBe(false);
    }
  });
});

describe("ZMfaCodeSchema", () => {
  it("accepts TOTP codes and recovery codes, however spaced", () => {
    expect(ZMfaCodeSchema.parse({ code: "123 456" }).code).toBe("123456");
    expect(ZMfaCodeSchema.parse({ code: "abcde-fghjk" }).code).toBe("ABCDEFGHJK");
  });

  it("rejects anything else", () => {
    for (const code of ["12345", "1234567", "' OR 1=1 --", "x".repeat(10_000), ""]) {
      expect(ZMfaCodeSchema.safeParse({ code }).success).toBe(false);
    }
  });
});

describe("ZChangePasswordSchema", () => {
  const valid = {
    currentPassword: "old-password",
    newPassword: "a-new-passphrase",
    confirmPassword: "a-new-passphrase",
  };

  it("accepts a new password of 12 or more characters, confirmed", () => {
    expect(ZChangePasswordSchema.safeParse(valid).success).toBe(true);
  });

  it("puts each problem on its field", () => {
    const issues = (input: object) => {
      const result = ZChangePasswordSchema.safeParse(input);
      return result.success ? [] : result.error.issues.map((issue) => issue.path.join("."));
    };
    expect(issues({ ...valid, newPassword: "short", confirmPassword: "short" })).toEqual(["newPassword"]);
    expect(issues({ ...valid, confirmPassword: "a-new-passphrasE" })).toEqual(["confirmPassword"]);
    expect(issues({ ...valid, newPassword: "old-password", confirmPassword: "old-password" })).toContain("newPassword");
    expect(issues({ ...valid, newPassword: "x".repeat(10_000), confirmPassword: "x".repeat(10_000) })).toEqual([
      "newPassword",
      "confirmPassword",
    ]);
  });
});
