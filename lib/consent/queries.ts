import "server-only";
import type { Tx } from "@/lib/db/with-identity";
import { CONSENT_PURPOSES, type ConsentState, type TConsentPurpose } from "./texts";

/** The link holder's current answer per purpose (their latest decision; none is no), as the guest. */
export async function readOwnConsents(tx: Tx): Promise<ConsentState> {
  const rows = await tx.$queryRaw<{ purpose: TConsentPurpose; granted: boolean; decidedAt: string; version: string }[]>`
    SELECT DISTINCT ON (c.purpose) c.purpose::text AS purpose, c.granted,
           to_char(c.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "decidedAt", c.text_version AS version
    FROM consent c
    WHERE c.guest_id = (SELECT g.guest_id FROM app_guest() g)
    ORDER BY c.purpose, c.decided_at DESC, c.consent_id DESC`;
  const state = Object.fromEntries(
    CONSENT_PURPOSES.map((purpose) => [purpose, { granted: false, decidedAt: null, version: null }]),
  ) as ConsentState;
  for (const row of rows) state[row.purpose] = { granted: row.granted, decidedAt: row.decidedAt, version: row.version };
  return state;
}

/**
 * Records the link holder's choices: one row per purpose whose answer changes
 * (or that was never answered), so the history shows each decision once.
 */
export async function recordOwnConsents(
  tx: Tx,
  choice: { version: string; granted: readonly TConsentPurpose[] },
  now: Date,
): Promise<number> {
  const current = await readOwnConsents(tx);
  const changed = CONSENT_PURPOSES.filter((purpose) => {
    const wanted = choice.granted.includes(purpose);
    return current[purpose].decidedAt === null || current[purpose].granted !== wanted;
  });
  if (changed.length === 0) return 0;
  await tx.$executeRaw`
    INSERT INTO consent (wedding_id, guest_id, purpose, granted, text_version, decided_at, source)
    SELECT g.wedding_id, g.guest_id, p.purpose::consent_purpose, p.granted, ${choice.version}, ${now}, 'rsvp'
    FROM app_guest() g,
         unnest(${changed}::text[], ${changed.map((purpose) => choice.granted.includes(purpose))}::boolean[])
           AS p (purpose, granted)`;
  return changed.length;
}
