import "server-only";
import { ActionError, type ActionResult } from "@/lib/actions/action";
import type { UserIdentity } from "@/lib/auth/guards";
import { withIdentity, type Tx } from "@/lib/db/with-identity";
import { versionSql } from "@/lib/guests/versions";
import type { TServiceCategory, TUpdateVendorProfile, TVendorStatus } from "./schema";

// The vendor portal's profile: a vendor reads and edits their own vendor row,
// found by their account, never by an id from the form. Row-level security
// (vendor_own, vendor_update) would hide any other vendor anyway, and a
// trigger refuses a vendor's change of status or account.

type Result = ActionResult<{ message: string; vendorId: number }>;

export const NO_VENDOR_PROFILE =
  "Your account has no vendor profile yet. Ask an administrator to link your business to it.";
export const PROFILE_CONFLICT =
  "Your profile was changed elsewhere since you opened it (in another tab, or by an administrator). Reload to see the changes; nothing was saved.";

export type OwnPackage = {
  id: number;
  name: string;
  description: string | null;
  price: string;
  active: boolean;
  version: string;
};

export type OwnVendorProfile = {
  id: number;
  name: string;
  serviceCategory: TServiceCategory;
  region: string;
  status: TVendorStatus;
  priceBand: number;
  description: string | null;
  version: string;
  packages: OwnPackage[];
};

/** The signed-in vendor's own row and all their packages (active or not), or null without one. */
export async function getOwnVendorProfile(identity: UserIdentity): Promise<OwnVendorProfile | null> {
  if (identity.role !== "vendor") return null;
  return withIdentity(identity, async (tx) => {
    const [vendor] = await tx.$queryRaw<Omit<OwnVendorProfile, "packages">[]>`
      SELECT v.vendor_id AS id, v.name, v.service_category::text AS "serviceCategory", v.region,
             v.status::text AS status, v.price_band::integer AS "priceBand", v.description,
             ${versionSql("v")} AS version
      FROM vendor v WHERE v.user_id = ${identity.userId}`;
    if (!vendor) return null;
    const packages = await tx.$queryRaw<OwnPackage[]>`
      SELECT p.package_id AS id, p.name, p.description, p.price::text AS price, p.active, ${versionSql("p")} AS version
      FROM vendor_package p WHERE p.vendor_id = ${vendor.id}
      ORDER BY p.active DESC, p.price, lower(p.name), p.package_id`;
    return { ...vendor, packages };
  });
}

/**
 * Locks the vendor's own row (parent before child: package writes lock it
 * first too, so two writes of one vendor never deadlock). With `version`, the
 * row must still have it.
 */
export async function lockOwnVendor(
  tx: Tx,
  identity: UserIdentity,
  version?: string,
): Promise<{ vendorId: number; name: string }> {
  const [row] = await tx.$queryRaw<{ vendor_id: number; name: string; current: boolean }[]>`
    SELECT vendor_id, name, ${version ?? null}::timestamptz IS NULL OR updated_at = ${version ?? null}::timestamptz AS current
    FROM vendor WHERE user_id = ${identity.userId} FOR UPDATE`;
  if (!row) throw new ActionError(NO_VENDOR_PROFILE);
  if (!row.current) throw new ActionError(PROFILE_CONFLICT);
  return { vendorId: row.vendor_id, name: row.name };
}

export async function updateVendorProfile(identity: UserIdentity, input: TUpdateVendorProfile): Promise<Result> {
  if (identity.role !== "vendor") throw new ActionError(NO_VENDOR_PROFILE);
  return withIdentity(identity, async (tx) => {
    const { vendorId } = await lockOwnVendor(tx, identity, input.version);
    await tx.vendor.update({
      where: { id: vendorId },
      data: {
        name: input.name,
        description: input.description,
        region: input.region,
        priceBand: input.priceBand,
        serviceCategory: input.serviceCategory,
      },
      select: { id: true },
    });
    return { ok: true as const, message: "Saved your profile.", vendorId };
  });
}
