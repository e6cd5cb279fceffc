// What a guest is asked, per purpose. A change of wording gets a new version
// (the date it took effect); each recorded decision keeps the version shown.

export const CONSENT_PURPOSES = ["marketing_email", "photo_sharing", "vendor_data_sharing"] as const;
export type TConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CONSENT_TEXT_VERSION = "2026-11-24";

export const CONSENT_TEXTS: Record<TConsentPurpose, { label: string; text: string }> = {
  marketing_email: {
    label: "Offers by email",
    text: "Email me occasional offers from the couple's planner. Invitations and RSVP reminders come either way.",
  },
  photo_sharing: {
    label: "Photos",
    text: "Share photos of me from the wedding with the other guests, and tell me when the gallery is ready.",
  },
  vendor_data_sharing: {
    label: "Vendors",
    text: "Share my name and dietary needs with the wedding's vendors (for example the caterer's seating plan).",
  },
};

export function isConsentPurpose(value: string): value is TConsentPurpose {
  return (CONSENT_PURPOSES as readonly string[]).includes(value);
}

/** A guest's current answer per purpose (their latest decision; none is no). */
export type ConsentState = Record<
  TConsentPurpose,
  { granted: boolean; decidedAt: string | null; version: string | null }
>;
