import { Prisma } from "@/lib/generated/prisma/client";
import type { DemoPlan } from "./types";
import { formatCents, type Cents } from "./values";

// Writes a demo plan, table by table, with createMany so that the whole seed
// takes a few seconds. The database hands out the ids; each insert returns
// them with the natural key (e-mail, name, QR code) that later rows refer to.

type Tx = Prisma.TransactionClient;

function money(cents: Cents): Prisma.Decimal {
  return new Prisma.Decimal(formatCents(cents));
}

/** Looks up an id that an earlier insert must have produced. */
function need<K>(map: Map<K, number>, key: K): number {
  const id = map.get(key);
  if (id === undefined) throw new Error(`Seed bug: no id for ${String(key)}.`);
  return id;
}

/** Natural key -> id of the rows an insert returned; a repeated key is a bug in the plan. */
function indexBy<T>(rows: T[], entry: (row: T) => [string, number]): Map<string, number> {
  const map = new Map<string, number>();
  for (const row of rows) {
    const [key, id] = entry(row);
    if (map.has(key)) throw new Error(`Seed bug: two rows share the key ${key}.`);
    map.set(key, id);
  }
  return map;
}

export async function insertDemoData(tx: Tx, plan: DemoPlan, hashes: Map<string, string>): Promise<void> {
  const users = await tx.user.createManyAndReturn({
    data: plan.users.map((u) => ({
      email: u.email,
      name: u.name,
      role: u.role,
      passwordHash: hashes.get(u.email) ?? null,
    })),
    select: { id: true, email: true },
  });
  const userIds = indexBy(users, (u) => [u.email, u.id]);

  const planners = await tx.planner.createManyAndReturn({
    data: plan.planners.map((p) => ({ userId: need(userIds, p.email), companyName: p.companyName, phone: p.phone })),
    select: { id: true, userId: true },
  });
  const plannerByUser = indexBy(planners, (p) => [String(p.userId), p.id]);
  const plannerIds = new Map(plan.planners.map((p) => [p.email, need(plannerByUser, String(need(userIds, p.email)))]));

  const venues = await tx.venue.createManyAndReturn({ data: plan.venues, select: { id: true, name: true } });
  const venueIds = indexBy(venues, (v) => [v.name, v.id]);
  const vendors = await tx.vendor.createManyAndReturn({
    data: plan.vendors.map(({ userEmail, ...vendor }) => ({
      ...vendor,
      userId: userEmail ? need(userIds, userEmail) : null,
    })),
    select: { id: true, name: true },
  });
  const vendorIds = indexBy(vendors, (v) => [v.name, v.id]);

  const clients = await tx.client.createManyAndReturn({
    data: plan.weddings.map((w) => ({ ...w.client, plannerId: need(plannerIds, w.plannerEmail) })),
    select: { id: true, email: true },
  });
  const clientIds = indexBy(clients, (c) => [c.email ?? "", c.id]);
  const weddings = await tx.wedding.createManyAndReturn({
    data: plan.weddings.map((w) => ({
      plannerId: need(plannerIds, w.plannerEmail),
      clientId: need(clientIds, w.client.email),
      name: w.name,
      weddingDate: w.weddingDate,
      status: w.status,
      guestCountTarget: w.guestCountTarget,
      currency: w.currency,
      rsvpDeadline: w.rsvpDeadline,
    })),
    select: { id: true, clientId: true },
  });
  const weddingByClient = indexBy(weddings, (w) => [String(w.clientId), w.id]);
  // Each planned wedding paired with its id; every insert below is per wedding.
  const planned = plan.weddings.map((w) => ({
    w,
    weddingId: need(weddingByClient, String(need(clientIds, w.client.email))),
  }));

  const events = await tx.event.createManyAndReturn({
    data: planned.flatMap(({ w, weddingId }) => w.events.map((e) => ({ ...e, weddingId }))),
    select: { id: true, weddingId: true, name: true },
  });
  const eventIds = indexBy(events, (e) => [`${e.weddingId}|${e.name}`, e.id]);

  const households = await tx.household.createManyAndReturn({
    data: planned.flatMap(({ w, weddingId }) =>
      w.households.map((h) => ({ weddingId, name: h.name, plusOneAllowance: h.plusOneAllowance })),
    ),
    select: { id: true, weddingId: true, name: true },
  });
  const householdIds = indexBy(households, (h) => [`${h.weddingId}|${h.name}`, h.id]);

  const guestRows = planned.flatMap(({ w, weddingId }) =>
    w.households.flatMap((h) =>
      h.guests.map((g) => ({ g, weddingId, householdId: need(householdIds, `${weddingId}|${h.name}`) })),
    ),
  );
  const guests = await tx.guest.createManyAndReturn({
    data: guestRows.map(({ g, weddingId, householdId }) => ({
      weddingId,
      householdId,
      fullName: g.fullName,
      email: g.email,
      phone: g.phone,
      dietaryPreference: g.dietaryPreference,
      qrCode: g.qrCode,
    })),
    select: { id: true, qrCode: true },
  });
  const guestIds = indexBy(guests, (g) => [g.qrCode, g.id]);
  await tx.eventRsvp.createMany({
    data: guestRows.flatMap(({ g, weddingId }) =>
      g.rsvps.map(({ eventName, ...rsvp }) => ({
        ...rsvp,
        weddingId,
        guestId: need(guestIds, g.qrCode),
        eventId: need(eventIds, `${weddingId}|${eventName}`),
      })),
    ),
  });

  await tx.budget.createMany({
    data: planned.flatMap(({ w, weddingId }) =>
      w.budgets.map((b) => ({ weddingId, category: b.category, budgetAmount: money(b.amount), notes: b.notes })),
    ),
  });
  await tx.expense.createMany({
    data: planned.flatMap(({ w, weddingId }) =>
      w.expenses.map((e) => ({
        weddingId,
        eventId: e.eventName ? need(eventIds, `${weddingId}|${e.eventName}`) : null,
        vendorId: e.vendorName ? need(vendorIds, e.vendorName) : null,
        category: e.category,
        description: e.description,
        actualCost: money(e.amount),
        status: e.status,
        incurredOn: e.incurredOn,
      })),
    ),
  });

  await insertBookings(tx, planned, { clientIds, venueIds, vendorIds });
}

type Planned = { w: DemoPlan["weddings"][number]; weddingId: number }[];
type Ids = { clientIds: Map<string, number>; venueIds: Map<string, number>; vendorIds: Map<string, number> };

async function insertBookings(tx: Tx, planned: Planned, ids: Ids): Promise<void> {
  const rows = planned.flatMap(({ w, weddingId }) =>
    w.bookings.map((b) => ({
      b,
      weddingId,
      clientId: need(ids.clientIds, w.client.email),
      venueId: b.venueName ? need(ids.venueIds, b.venueName) : null,
      vendorId: b.vendorName ? need(ids.vendorIds, b.vendorName) : null,
    })),
  );
  const key = (r: { weddingId: number; venueId: number | null; vendorId: number | null }) =>
    `${r.weddingId}|${r.venueId ?? ""}|${r.vendorId ?? ""}`;
  const bookings = await tx.booking.createManyAndReturn({
    data: rows.map(({ b, weddingId, clientId, venueId, vendorId }) => ({
      clientId,
      weddingId,
      venueId,
      vendorId,
      bookingDate: b.bookingDate,
      eventDate: b.eventDate,
      status: b.status,
      totalCost: money(b.totalCost),
      notes: b.notes,
    })),
    select: { id: true, weddingId: true, venueId: true, vendorId: true },
  });
  const bookingIds = indexBy(bookings, (b) => [key(b), b.id]);
  await tx.payment.createMany({
    data: rows.flatMap((r) =>
      r.b.payments.map((p) => ({
        bookingId: need(bookingIds, key(r)),
        bookingEventDate: r.b.eventDate,
        weddingId: r.weddingId,
        clientId: r.clientId,
        amount: money(p.amount),
        paymentStatus: p.status,
        paymentDate: p.paymentDate,
        dueDate: p.dueDate,
        method: p.method,
      })),
    ),
  });
}
