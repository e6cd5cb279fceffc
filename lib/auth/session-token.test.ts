import { describe, expect, it } from "vitest";
import {
  decodeSessionToken,
  encodeSessionToken,
  pendingStepPath,
  remainingSeconds,
  type TSessionToken,
} from "./session-token";

const SECRET = "s".repeat(40);
const token: TSessionToken = {
  userId: 5,
  email: "planner1@demo.wedding",
  role: "planner",
  sessionVersion: 3,
  mfaEnabled: false,
  mfaVerified: false,
  signedInAt: 1_800_000_000,
};

describe("session token", () => {
  it("round-trips through the encrypted cookie value", async () => {
    const raw = await encodeSessionToken(token, SECRET, 600);
    expect(raw).not.toContain("planner1");
    expect(await decodeSessionToken(raw, SECRET)).toEqual(token);
  });

  it("rejects another key, tampering, expiry and junk", async () => {
    const raw = await encodeSessionToken(token, SECRET, 600);
    expect(await decodeSessionToken(raw, "t".repeat(40))).toBeNull();
    expect(await decodeSessionToken(`${raw.slice(0, -4)}AAAA`, SECRET)).toBeNull();
    expect(await decodeSessionToken(await encodeSessionToken(token, SECRET, -60), SECRET)).toBeNull();
    expect(await decodeSessionToken("not-a-jwt", SECRET)).toBeNull();
    expect(await decodeSessionToken(undefined, SECRET)).toBeNull();
    expect(await decodeSessionToken("x".repeat(10_000), SECRET)).toBeNull();
  });

  it("never extends a session: the time left counts from sign-in", () => {
    expect(remainingSeconds(token, 3600, token.signedInAt + 600)).toBe(3000);
    expect(remainingSeconds(token, 3600, token.signedInAt + 7200)).toBe(0);
  });

  it("sends an unfinished sign-in to its MFA step", () => {
    expect(pendingStepPath(token)).toBeNull();
    expect(pendingStepPath({ ...token, mfaEnabled: true })).toBe("/sign-in/mfa");
    expect(pendingStepPath({ ...token, mfaEnabled: true, mfaVerified: true })).toBeNull();
    expect(pendingStepPath({ ...token, role: "admin" })).toBe("/account/mfa");
    expect(pendingStepPath({ ...token, role: "vendor" })).toBe("/account/mfa");
    expect(pendingStepPath({ ...token, role: "admin", mfaEnabled: true })).toBe("/sign-in/mfa");
  });
});
