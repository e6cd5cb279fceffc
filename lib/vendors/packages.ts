import "server-only";
import { ActionError, type ActionResult } from "@/lib/actions/action";
import type { UserIdentity } from "@/lib/auth/guards";
import { withIdentity, type Tx } from "@/lib/db/with-identity";
import { Prisma } from "@/lib/generated/prisma/client";
import { lockOwnVendor, NO_VENDOR_PROFILE } from "./own-profile";
import { MAX_PACKAGES_PER_VENDOR, type TCreatePackage, type TDeletePackage, type TUpdatePackage } from "./schema";

// A vendor's own packages. Each change is one transaction run as the vendor:
// it locks their vendor row, then the package (the trigger on vendor_package
// rewrites vendor.packages_text in the same transaction, so the search never
// sees a half-done change). The vendor comes from the account; a package id
// from the form must belong to that vendor, or nothing happens.

type Result = ActionResult<{ message: string; vendorId: number }>;

export const PACKAGE_GONE =
  "This package does not exist any more, or it is not one of yours. Reload the page; nothing was changed.";
export const PACKAGE_CONFLICT =
  "This package was changed elsewhere since you opened it. Reload to see the changes; nothing was saved.";
export const TOO_MANY_PACKAGES = `You already have ${MAX_PACKAGES_PER_VENDOR} packages, the most a vendor can list. Delete one you no longer offer first.`;

function requireVendor(identity: UserIdentity): void {
  if (identity.role !== "vendor") throw new ActionError(NO_VENDOR_PROFILE);
}

async function lockPackage(tx: Tx, vendorId: number, packageId: number, version: string): Promise<{ name: string }> {
  const [row] = await tx.$queryRaw<{ name: string; current: boolean }[]>`
    SELECT name, updated_at = ${version}::timestamptz AS current
    FROM vendor_package WHERE package_id = ${packageId} AND vendor_id = ${vendorId} FOR UPDATE`;
  if (!row) throw new ActionError(PACKAGE_GONE);
  if (!row.current) throw new ActionError(PACKAGE_CONFLICT);
  return row;
}

export async function createPackage(identity: UserIdentity, input: TCreatePackage): Promise<Result> {
  requireVendor(identity);
  return withIdentity(identity, async (tx) => {
    const { vendorId } = await lockOwnVendor(tx, identity);
    const count = await tx.vendorPackage.count({ where: { vendorId } });
    if (count >= MAX_PACKAGES_PER_VENDOR) throw new ActionError(TOO_MANY_PACKAGES);
    await tx.vendorPackage.create({
      data: { vendorId, name: input.name, description: input.description, price: new Prisma.Decimal(input.price) },
      select: { id: true },
    });
    return { ok: true as const, message: `Added the package “${input.name}”.`, vendorId };
  });
}

export async function updatePackage(identity: UserIdentity, input: TUpdatePackage): Promise<Result> {
  requireVendor(identity);
  return withIdentity(identity, async (tx) => {
    const { vendorId } = await lockOwnVendor(tx, identity);
    await lockPackage(tx, vendorId, input.packageId, input.version);
    await tx.vendorPackage.update({
      where: { id: input.packageId },
      data: {
        name: input.name,
        description: input.description,
        price: new Prisma.Decimal(input.price),
        active: input.active,
      },
      select: { id: true },
    });
    const state = input.active ? "" : " It is hidden from planners until you make it active again.";
    return { ok: true as const, message: `Saved the package “${input.name}”.${state}`, vendorId };
  });
}

export async function deletePackage(identity: UserIdentity, input: TDeletePackage): Promise<Result> {
  requireVendor(identity);
  return withIdentity(identity, async (tx) => {
    const { vendorId } = await lockOwnVendor(tx, identity);
    const { name } = await lockPackage(tx, vendorId, input.packageId, input.version);
    await tx.vendorPackage.delete({ where: { id: input.packageId }, select: { id: true } });
    return { ok: true as const, message: `Deleted the package “${name}”.`, vendorId };
  });
}
