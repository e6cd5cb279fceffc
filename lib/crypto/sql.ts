import { Prisma } from "@/lib/generated/prisma/client";

// SQL fragments that decrypt the encrypted columns (migration
// 20261127000200_pii_encryption). They give NULL where the transaction holds no
// master key or the person may not read the couple's data key, and after an
// erasure destroyed the key. Fixed text: they expect the aliases `g` and `c`.

/**
 * A guest's phone (alias g), under the couple's data key. A guest without a
 * phone skips the wedding lookup and the function call: on a 150-guest list
 * most guests have none.
 */
export const GUEST_PHONE_SQL = Prisma.sql`CASE WHEN g.phone_encrypted IS NOT NULL THEN app_pii_decrypt(g.phone_encrypted,
  (SELECT w.client_id FROM wedding w WHERE w.wedding_id = g.wedding_id)) END`;

/** A client's phone (alias c), under their own data key. */
export const CLIENT_PHONE_SQL = Prisma.sql`app_pii_decrypt(c.phone_encrypted, c.client_id)`;

/** A client's alternate contact (alias c), under their own data key. */
export const CLIENT_ALTERNATE_CONTACT_SQL = Prisma.sql`app_pii_decrypt(c.alternate_contact_encrypted, c.client_id)`;
