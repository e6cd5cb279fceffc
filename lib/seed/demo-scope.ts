import type { Prisma } from "@/lib/generated/prisma/client";
import { DEMO_EMAILS } from "./logins";
import type { DemoPlan } from "./types";

// What counts as demo data: the demo accounts and everything they own, plus
// the catalogue's venues and vendors (found by the names the seed gives them).
// Reset deletes exactly this, so data people added themselves survives.

type Tx = Prisma.TransactionClient;

export type DemoScope = {
  userIds: number[];
  plannerIds: number[];
  clientIds: number[];
  weddingIds: number[];
  venueIds: number[];
  vendorIds: number[];
};

export type SeedCounts = {
  users: number;
  planners: number;
  clients: number;
  weddings: number;
  events: number;
  households: number;
  guests: number;
  rsvps: number;
  budgets: number;
  expenses: number;
  venues: number;
  vendors: number;
  bookings: number;
  payments: number;
};

const ids = (rows: { id: number }[]) => rows.map((row) => row.id);

export async function findDemoScope(tx: Tx, plan: DemoPlan): Promise<DemoScope> {
  const userIds = ids(
    await tx.user.findMany({ where: { email: { in: DEMO_EMAILS, mode: "insensitive" } }, select: { id: true } }),
  );
  const plannerIds = ids(await tx.planner.findMany({ where: { userId: { in: userIds } }, select: { id: true } }));
  const clientIds = ids(await tx.client.findMany({ where: { plannerId: { in: plannerIds } }, select: { id: true } }));
  const weddingIds = ids(
    await tx.wedding.findMany({
      where: { OR: [{ plannerId: { in: plannerIds } }, { clientId: { in: clientIds } }] },
      select: { id: true },
    }),
  );
  const venueIds = ids(
    await tx.venue.findMany({ where: { name: { in: plan.venues.map((v) => v.name) } }, select: { id: true } }),
  );
  const vendorIds = ids(
    await tx.vendor.findMany({
      where: { OR: [{ name: { in: plan.vendors.map((v) => v.name) } }, { userId: { in: userIds } }] },
      select: { id: true },
    }),
  );
  return { userIds, plannerIds, clientIds, weddingIds, venueIds, vendorIds };
}

export async function countDemoData(tx: Tx, plan: DemoPlan): Promise<SeedCounts> {
  const scope = await findDemoScope(tx, plan);
  const inWeddings = { weddingId: { in: scope.weddingIds } };
  return {
    users: scope.userIds.length,
    planners: scope.plannerIds.length,
    clients: scope.clientIds.length,
    weddings: scope.weddingIds.length,
    events: await tx.event.count({ where: inWeddings }),
    households: await tx.household.count({ where: inWeddings }),
    guests: await tx.guest.count({ where: inWeddings }),
    rsvps: await tx.eventRsvp.count({ where: inWeddings }),
    budgets: await tx.budget.count({ where: inWeddings }),
    expenses: await tx.expense.count({ where: inWeddings }),
    venues: scope.venueIds.length,
    vendors: scope.vendorIds.length,
    bookings: await tx.booking.count({ where: inWeddings }),
    payments: await tx.payment.count({ where: inWeddings }),
  };
}

export class DemoCatalogueInUseError extends Error {}

/** Deletes the demo data, children before parents, so no foreign key is ever violated. */
export async function deleteDemoData(tx: Tx, plan: DemoPlan): Promise<void> {
  const scope = await findDemoScope(tx, plan);
  const inWeddings = { weddingId: { in: scope.weddingIds } };
  const foreign = await tx.booking.count({
    where: {
      weddingId: { notIn: scope.weddingIds },
      OR: [{ venueId: { in: scope.venueIds } }, { vendorId: { in: scope.vendorIds } }],
    },
  });
  if (foreign > 0) {
    throw new DemoCatalogueInUseError(
      `${foreign} booking(s) outside the demo data use demo venues or vendors, so --reset cannot delete them. ` +
        `Nothing was changed. Delete those bookings first, or recreate the database.`,
    );
  }
  await tx.payment.deleteMany({ where: { OR: [inWeddings, { clientId: { in: scope.clientIds } }] } });
  await tx.booking.deleteMany({ where: { OR: [inWeddings, { clientId: { in: scope.clientIds } }] } });
  await tx.expense.deleteMany({ where: inWeddings });
  await tx.eventRsvp.deleteMany({ where: inWeddings });
  await tx.guest.deleteMany({ where: inWeddings });
  await tx.household.deleteMany({ where: inWeddings });
  await tx.event.deleteMany({ where: inWeddings });
  await tx.budget.deleteMany({ where: inWeddings });
  await tx.wedding.deleteMany({ where: { id: { in: scope.weddingIds } } });
  await tx.client.deleteMany({ where: { id: { in: scope.clientIds } } });
  await tx.planner.deleteMany({ where: { id: { in: scope.plannerIds } } });
  await tx.vendor.deleteMany({ where: { id: { in: scope.vendorIds } } });
  await tx.venue.deleteMany({ where: { id: { in: scope.venueIds } } });
  await tx.user.deleteMany({ where: { id: { in: scope.userIds } } });
}
