import type { Prisma } from "@/lib/generated/prisma/client";
import type { ServiceCategory } from "@/lib/generated/prisma/enums";
import type { DemoPlan } from "./types";

// Booking rules in the demo: photographers and videographers take one wedding
// a day, every other vendor can take several. The demo never books a vendor
// twice on one day, so the switch always succeeds (a trigger copies it onto
// the vendors' bookings, where booking_vendor_day_key enforces it).

export const SINGLE_EVENT_CATEGORIES: readonly ServiceCategory[] = ["Photography", "Videography"];

export async function markSingleEventVendors(tx: Prisma.TransactionClient, plan: DemoPlan): Promise<number> {
  const names = plan.vendors.filter((v) => SINGLE_EVENT_CATEGORIES.includes(v.serviceCategory)).map((v) => v.name);
  const { count } = await tx.vendor.updateMany({ where: { name: { in: names } }, data: { oneEventPerDay: true } });
  return count;
}
