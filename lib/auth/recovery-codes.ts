import { createHash, randomInt } from "node:crypto";

// Single-use recovery codes: 10 characters from a 32-letter alphabet without
// look-alikes (no 0/O, 1/I), i.e. 50 random bits, shown as XXXXX-XXXXX.
// Stored as SHA-256 of user id and code: the codes are random, so a slow hash
// adds nothing, and the user id keeps equal codes of two users apart.

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const LENGTH = 10;

export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    let code = "";
    for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    codes.add(code);
  }
  return [...codes];
}

/** "ABCDEFGHJK" → "ABCDE-FGHJK", the way codes are shown. */
export function formatRecoveryCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Uppercase without spaces or dashes; null when it cannot be a recovery code. */
export function normalizeRecoveryCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, "").toUpperCase();
  return code.length === LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : null;
}

export function hashRecoveryCode(userId: number, code: string): string {
  return createHash("sha256").update(`${userId}:${code}`).digest("hex");
}
