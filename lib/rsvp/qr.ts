import "server-only";
import QRCode from "qrcode";
import { withIdentity, type Identity } from "@/lib/db/with-identity";
import { toIsoDate } from "@/lib/format/date";
import type { TQrFormat } from "./schema";

// QR codes of households' RSVP links, for planners. A household's link uses
// its first guest's token (lowest guest_id): every guest of the household
// sees the same invitation, whichever token opens it.

export type HouseholdLink = { id: number; name: string; guestNames: string[]; url: string | null };
export type WeddingQrSheet = { weddingName: string; weddingDate: string; households: HouseholdLink[] };

/** The origin RSVP links point to: APP_URL when it is set, else the request's own origin. */
export function resolveAppOrigin(requestOrigin: string): string {
  const configured = process.env.APP_URL?.trim();
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      throw new Error(`APP_URL is not an absolute URL (got "${configured}").`);
    }
  }
  return new URL(requestOrigin).origin;
}

export function rsvpUrl(origin: string, token: string): string {
  return new URL(`/rsvp/${encodeURIComponent(token)}`, origin).toString();
}

/** Every household of a wedding with its RSVP link; null when the wedding is not the identity's to see. */
export async function getWeddingQrSheet(
  identity: Identity,
  weddingId: number,
  origin: string,
): Promise<WeddingQrSheet | null> {
  const wedding = await withIdentity(identity, (tx) =>
    tx.wedding.findUnique({
      where: { id: weddingId },
      select: {
        name: true,
        weddingDate: true,
        households: {
          select: {
            id: true,
            name: true,
            guests: { select: { fullName: true, qrCode: true }, orderBy: { id: "asc" } },
          },
          orderBy: [{ name: "asc" }, { id: "asc" }],
        },
      },
    }),
  );
  if (!wedding) return null;
  return {
    weddingName: wedding.name,
    weddingDate: toIsoDate(wedding.weddingDate),
    households: wedding.households.map((household) => {
      const first = household.guests[0];
      return {
        id: household.id,
        name: household.name,
        guestNames: household.guests.map((guest) => guest.fullName),
        url: first ? rsvpUrl(origin, first.qrCode) : null,
      };
    }),
  };
}

/** One household's RSVP link; null when the household is not in that wedding, not visible, or has no guests. */
export async function getHouseholdLink(
  identity: Identity,
  weddingId: number,
  householdId: number,
  origin: string,
): Promise<HouseholdLink | null> {
  const household = await withIdentity(identity, (tx) =>
    tx.household.findFirst({
      where: { id: householdId, weddingId },
      select: {
        id: true,
        name: true,
        guests: { select: { fullName: true, qrCode: true }, orderBy: { id: "asc" } },
      },
    }),
  );
  const first = household?.guests[0];
  if (!household || !first) return null;
  return {
    id: household.id,
    name: household.name,
    guestNames: household.guests.map((guest) => guest.fullName),
    url: rsvpUrl(origin, first.qrCode),
  };
}

export type QrFile = { body: Uint8Array<ArrayBuffer> | string; contentType: string; fileName: string };

/** A household's QR code as a downloadable PNG or SVG; null when the planner may not see it. */
export async function getHouseholdQrFile(
  identity: Identity,
  weddingId: number,
  householdId: number,
  format: TQrFormat,
  origin: string,
): Promise<QrFile | null> {
  const link = await getHouseholdLink(identity, weddingId, householdId, origin);
  if (!link?.url) return null;
  const fileName = `rsvp-${slug(link.name) || "household"}-${link.id}.${format}`;
  if (format === "svg") {
    return { body: await renderQrSvg(link.url), contentType: "image/svg+xml; charset=utf-8", fileName };
  }
  return { body: new Uint8Array(await renderQrPng(link.url)), contentType: "image/png", fileName };
}

const QR_OPTIONS = { errorCorrectionLevel: "M", margin: 4 } as const;

export function renderQrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { ...QR_OPTIONS, type: "png", width: 600 });
}

export function renderQrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { ...QR_OPTIONS, type: "svg" });
}

/** The dark modules of a QR code as one SVG path, to draw inline without injecting markup. */
export function qrSvgPath(text: string): { size: number; path: string } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: QR_OPTIONS.errorCorrectionLevel });
  const parts: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) parts.push(`M${col} ${row}h1v1h-1z`);
    }
  }
  return { size: modules.size, path: parts.join("") };
}

/** An ASCII file-name part: "Zoë & Åsa Berg" → "zoe-asa-berg". */
function slug(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}
