import { hash, verify, type Algorithm } from "@node-rs/argon2";

// argon2id with the library's defaults (m=19456 KiB, t=2, p=1: OWASP's
// minimum), the same as the demo seed.

// @node-rs/argon2 declares Algorithm as an ambient const enum, which
// isolatedModules cannot read; 2 is its Argon2id member.
const ARGON2ID = 2 as Algorithm;

/**
 * A hash of a random password nobody knows, with the same parameters as
 * hashPassword(). Sign-in verifies against it when the account does not exist,
 * so an unknown email costs the same time as a wrong password.
 */
export const DUMMY_PASSWORD_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$Z/CYrwAFhp1K6tbguciBiQ$6nu5wz4NybtFRMKPFi4NATFdEOrt5uYJQtLjS5wBuBU";

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

/** False for a wrong password and for a hash that is not argon2 at all. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
