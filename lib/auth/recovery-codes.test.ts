import { describe, expect, it } from "vitest";
import {
  RECOVERY_CODE_COUNT,
  formatRecoveryCode,
  generateRecoveryCodes,
  hashRecoveryCode,
  normalizeRecoveryCode,
} from "./recovery-codes";

describe("recovery codes", () => {
  it("generates 10 distinct 10-character codes without look-alike characters", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    expect(generateRecoveryCodes()).not.toEqual(codes);
  });

  it("shows codes in two groups and reads them back however they are typed", () => {
    expect(formatRecoveryCode("ABCDEFGHJK")).toBe("ABCDE-FGHJK");
    expect(normalizeRecoveryCode("abcde-fghjk")).toBe("ABCDEFGHJK");
    expect(normalizeRecoveryCode(" ABCDE FGHJK ")).toBe("ABCDEFGHJK");
    expect(normalizeRecoveryCode("ABCDE-FGHJ")).toBeNull();
    expect(normalizeRecoveryCode("ABCDE-FGHI0")).toBeNull();
    expect(normalizeRecoveryCode("' OR 1=1--")).toBeNull();
  });

  it("hashes per user, never storing the code itself", () => {
    const hash = hashRecoveryCode(7, "ABCDEFGHJK");
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain("ABCDEFGHJK");
    expect(hashRecoveryCode(7, "ABCDEFGHJK")).toBe(hash);
    expect(hashRecoveryCode(8, "ABCDEFGHJK")).not.toBe(hash);
  });
});
