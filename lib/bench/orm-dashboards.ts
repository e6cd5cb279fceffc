import "server-only";
import { withIdentity, type Identity } from "@/lib/db/with-identity";
import { Prisma } from "@/lib/generated/prisma/client";
import type { EventType, RsvpStatus } from "@/lib/generated/prisma/enums";
import type { GuestList } from "@/lib/guests/queries";
import type { TInstallmentKind } from "@/lib/payments/schema";
import { MEAL_EVENT_TYPES } from "@/lib/rsvp/answers";
import type { CockpitPage, CockpitRow } from "@/lib/weddings/cockpit";
import type { TCockpitFilters } from "@/lib/weddings/cockpit-schema";
import type { WeddingOverview } from "@/lib/weddings/overview";
import { openItems, type OpenItemBooking } from "./open-items";

// BENCH-ONLY. The "ORM-convenience" versions of the three dashboards (issue
// #6, point 3): what the pages would do with nested Prisma selects and the
// arithmetic in JavaScript, instead of the tuned single statements in
// lib/weddings/cockpit.ts, lib/weddings/overview.ts and lib/guests/queries.ts.
// They return the same shapes with the same figures (orm-dashboards
// integration test), so lib/bench/orm-compare.ts can time both. The app
// keeps the tuned versions: they are faster (docs/benchmarks.md, "orm").
//
// Where the ORM cannot say what the SQL says, the JavaScript does it:
// sorting by lower(name), the payment schedule's balance (open-items.ts), and
// the cockpit's filters, sort and page over every wedding. Versions come from
// a JavaScript Date and so keep milliseconds only, where the SQL keeps the
// microseconds the optimistic concurrency check compares: one reason the ORM
// path could not simply replace the tuned one even if it were as fast.

type Decimal = Prisma.Decimal;
const Decimal = Prisma.Decimal;
const ZERO = new Decimal(0);

const day = (value: Date) => value.toISOString().slice(0, 10);
const hhmm = (value: Date) => value.toISOString().slice(11, 16);
const money = (value: Decimal) => value.toFixed(2);
const sum = (values: Decimal[]) => values.reduce((total, v) => total.plus(v), ZERO);
/** round(100.0 * spent / budget, 2), null without a budget. */
const percent = (spent: Decimal, budget: Decimal) =>
  budget.isZero() ? null : spent.times(100).dividedBy(budget).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
/** Code-unit order, like the database's C collation. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const bookingSelect = {
  vendor: { select: { name: true } },
  venue: { select: { name: true } },
  paymentInstallments: { select: { id: true, kind: true, amount: true, dueDate: true } },
  payments: {
    select: {
      id: true,
      amount: true,
      paymentStatus: true,
      paymentDate: true,
      dueDate: true,
      refundOfPaymentId: true,
      installmentId: true,
    },
  },
} as const;

function toOpenItemBooking(booking: {
  paymentInstallments: OpenItemBooking["installments"];
  payments: OpenItemBooking["payments"];
}): OpenItemBooking {
  return { installments: booking.paymentInstallments, payments: booking.payments };
}

// The cockpit ----------------------------------------------------------------------

export async function ormCockpit(identity: Identity, filters: TCockpitFilters, today: string): Promise<CockpitPage> {
  const pattern = filters.q;
  const weddings = await withIdentity(identity, (tx) =>
    tx.wedding.findMany({
      where: {
        ...(filters.status ? { status: filters.status } : {}),
        ...(pattern
          ? {
              OR: [
                { name: { contains: pattern, mode: "insensitive" } },
                { client: { name: { contains: pattern, mode: "insensitive" } } },
              ],
            }
          : {}),
      },
      select: {
        id: true,
        name: true,
        weddingDate: true,
        status: true,
        currency: true,
        client: { select: { name: true } },
        rsvps: { select: { guestId: true, status: true, event: { select: { status: true } } } },
        budgets: { select: { budgetAmount: true } },
        expenses: { where: { status: "Approved" }, select: { actualCost: true } },
        events: {
          where: { status: { in: ["Scheduled", "Confirmed"] }, eventDate: { gte: new Date(`${today}T00:00:00Z`) } },
          orderBy: [{ eventDate: "asc" }, { startTime: "asc" }, { id: "asc" }],
          take: 1,
          select: { name: true, eventDate: true, startTime: true },
        },
        bookings: { select: bookingSelect },
      },
    }),
  );
  const rows: CockpitRow[] = weddings.map((w) => {
    const guests = new Map<number, { accepted: boolean; pending: boolean }>();
    for (const rsvp of w.rsvps) {
      if (rsvp.event.status === "Cancelled") continue;
      const seen = guests.get(rsvp.guestId) ?? { accepted: false, pending: true };
      guests.set(rsvp.guestId, {
        accepted: seen.accepted || rsvp.status === "Accepted",
        pending: seen.pending && rsvp.status === "Pending",
      });
    }
    const budget = sum(w.budgets.map((b) => b.budgetAmount));
    const spent = sum(w.expenses.map((e) => e.actualCost));
    const overdue = w.bookings
      .flatMap((b) => openItems(toOpenItemBooking(b)))
      .filter((item) => day(item.dueDate) < today);
    const next = w.events[0];
    return {
      id: w.id,
      name: w.name,
      date: day(w.weddingDate),
      status: w.status,
      currency: w.currency,
      couple: w.client.name,
      daysLeft: daysBetween(today, day(w.weddingDate)),
      invited: guests.size,
      accepted: [...guests.values()].filter((g) => g.accepted).length,
      pending: [...guests.values()].filter((g) => g.pending).length,
      budget: money(budget),
      spent: money(spent),
      budgetUsed: percent(spent, budget),
      overBudget: spent.greaterThan(budget),
      overdueCount: overdue.length,
      overdueAmount: money(sum(overdue.map((item) => item.amount))),
      nextEvent: next ? { name: next.name, date: day(next.eventDate), startTime: hhmm(next.startTime) } : null,
    };
  });
  const filtered = rows.filter((r) => (!filters.over || r.overBudget) && (!filters.overdue || r.overdueCount > 0));
  filtered.sort(cockpitComparator(filters));
  const total = filtered.length;
  const pageCount = Math.max(1, Math.ceil(total / filters.size));
  const page = Math.min(filters.page, pageCount);
  const start = (page - 1) * filters.size;
  return { rows: filtered.slice(start, start + filters.size), total, page, pageCount, pageSize: filters.size };
}

type Key = string | number | Decimal | null;

function compareKeys(a: Key, b: Key): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (a instanceof Decimal && b instanceof Decimal) return a.comparedTo(b);
  if (typeof a === "number" && typeof b === "number") return a - b;
  return compareText(String(a), String(b));
}

/** The SQL's ORDER BY for each sort: NULLS LAST both ways, the wedding id last. */
function cockpitComparator(filters: Pick<TCockpitFilters, "sort" | "dir">) {
  const keys = (r: CockpitRow): Key[] => {
    switch (filters.sort) {
      case "name":
        return [r.name];
      case "date":
        return [r.date];
      case "couple":
        return [r.couple];
      case "invited":
        return [r.invited];
      case "accepted":
        return [r.accepted];
      case "pending":
        return [r.pending];
      case "budget_used":
        return [r.budgetUsed === null ? null : new Decimal(r.budgetUsed)];
      case "overdue":
        return [r.overdueCount, new Decimal(r.overdueAmount)];
      case "next_event":
        return [r.nextEvent?.date ?? null, r.nextEvent?.startTime ?? null];
    }
  };
  const sign = filters.dir === "asc" ? 1 : -1;
  return (a: CockpitRow, b: CockpitRow) => {
    const ka = keys(a);
    const kb = keys(b);
    for (let i = 0; i < ka.length; i++) {
      const x = ka[i]!;
      const y = kb[i]!;
      if (x === null || y === null) {
        const nulls = compareKeys(x, y);
        if (nulls !== 0) return nulls;
        continue;
      }
      const order = compareKeys(x, y);
      if (order !== 0) return sign * order;
    }
    return sign * (a.id - b.id);
  };
}

// The wedding overview -------------------------------------------------------------

export async function ormOverview(
  identity: Identity,
  weddingId: number,
  today: string,
): Promise<WeddingOverview | null> {
  const w = await withIdentity(identity, (tx) =>
    tx.wedding.findUnique({
      where: { id: weddingId },
      select: {
        id: true,
        name: true,
        weddingDate: true,
        status: true,
        currency: true,
        guestCountTarget: true,
        rsvpDeadline: true,
        updatedAt: true,
        client: { select: { name: true } },
        budgets: { select: { category: true, budgetAmount: true } },
        expenses: {
          where: { status: "Approved" },
          select: { id: true, category: true, description: true, actualCost: true, event: { select: { name: true } } },
        },
        events: {
          where: { status: { in: ["Scheduled", "Confirmed"] } },
          select: {
            id: true,
            name: true,
            eventType: true,
            eventDate: true,
            startTime: true,
            endTime: true,
            location: true,
            status: true,
            rsvps: { select: { status: true } },
          },
        },
        bookings: { select: bookingSelect },
      },
    }),
  );
  if (!w) return null;
  const categories = new Map<string, { budget: Decimal; spent: Decimal }>();
  for (const b of w.budgets) {
    const entry = categories.get(b.category) ?? { budget: ZERO, spent: ZERO };
    categories.set(b.category, { ...entry, budget: entry.budget.plus(b.budgetAmount) });
  }
  for (const e of w.expenses) {
    const entry = categories.get(e.category) ?? { budget: ZERO, spent: ZERO };
    categories.set(e.category, { ...entry, spent: entry.spent.plus(e.actualCost) });
  }
  const budget = sum([...categories.values()].map((c) => c.budget));
  const spent = sum([...categories.values()].map((c) => c.spent));
  const events = w.events
    .map((e) => {
      const starts = Date.parse(`${day(e.eventDate)}T${e.startTime.toISOString().slice(11, 19)}Z`);
      let ends = Date.parse(`${day(e.eventDate)}T${e.endTime.toISOString().slice(11, 19)}Z`);
      if (e.endTime.getTime() < e.startTime.getTime()) ends += 86_400_000;
      return { ...e, starts, ends };
    })
    .sort((a, b) => a.starts - b.starts || a.id - b.id);
  const count = (rsvps: { status: RsvpStatus }[], status: RsvpStatus) =>
    rsvps.filter((r) => r.status === status).length;
  const payments = w.bookings
    .flatMap((b) =>
      openItems(toOpenItemBooking(b)).map((item) => ({ item, supplier: b.vendor?.name ?? b.venue?.name ?? null })),
    )
    .sort(
      (a, b) =>
        a.item.dueDate.getTime() - b.item.dueDate.getTime() ||
        compareText(a.item.source, b.item.source) ||
        a.item.id - b.item.id,
    );
  return {
    wedding: {
      id: w.id,
      name: w.name,
      date: day(w.weddingDate),
      status: w.status,
      currency: w.currency,
      guestCountTarget: w.guestCountTarget,
      rsvpDeadline: w.rsvpDeadline ? day(w.rsvpDeadline) : null,
      couple: w.client.name,
      updatedAt: w.updatedAt.toISOString(),
    },
    budget: [...categories.entries()]
      .sort(([a], [b]) => compareText(a, b))
      .map(([category, c]) => ({ category, budget: money(c.budget), spent: money(c.spent) })),
    totals: {
      budget: money(budget),
      spent: money(spent),
      spendPercentage: percent(spent, budget),
      overBudget: spent.greaterThan(budget),
    },
    rsvpFunnel: events.map((e) => ({
      eventId: e.id,
      name: e.name,
      invited: e.rsvps.length,
      accepted: count(e.rsvps, "Accepted"),
      declined: count(e.rsvps, "Declined"),
      pending: count(e.rsvps, "Pending"),
    })),
    timeline: events.map((e) => ({
      eventId: e.id,
      name: e.name,
      eventType: e.eventType,
      date: day(e.eventDate),
      startTime: hhmm(e.startTime),
      endTime: hhmm(e.endTime),
      location: e.location,
      status: e.status,
      overlaps: events.some((o) => o.id !== e.id && o.starts < e.ends && e.starts < o.ends),
    })),
    payments: payments.map(({ item, supplier }) => ({
      source: item.source,
      id: item.id,
      kind: item.kind as TInstallmentKind | null,
      paymentDate: item.paymentDate ? day(item.paymentDate) : null,
      dueDate: day(item.dueDate),
      amount: money(item.amount),
      // Every booking names a venue or a vendor; the SQL would give null otherwise.
      supplier: supplier as string,
      overdue: day(item.dueDate) < today,
    })),
    overBudgetExpenses: spent.greaterThan(budget)
      ? [...w.expenses]
          .sort((a, b) => b.actualCost.comparedTo(a.actualCost) || a.id - b.id)
          .map((x) => ({
            expenseId: x.id,
            category: x.category,
            description: x.description,
            actualCost: money(x.actualCost),
            eventName: x.event?.name ?? null,
          }))
      : [],
  };
}

// The guest list -------------------------------------------------------------------

/** The guest list without filters, as the page first shows it. */
export async function ormGuestList(identity: Identity, weddingId: number): Promise<GuestList | null> {
  return withIdentity(identity, async (tx) => {
    const w = await tx.wedding.findUnique({
      where: { id: weddingId },
      select: {
        id: true,
        name: true,
        weddingDate: true,
        events: {
          where: { status: { not: "Cancelled" } },
          orderBy: [{ eventDate: "asc" }, { startTime: "asc" }, { id: "asc" }],
          select: {
            id: true,
            name: true,
            eventType: true,
            eventDate: true,
            startTime: true,
            status: true,
            rsvps: { select: { status: true } },
          },
        },
        households: {
          select: {
            id: true,
            name: true,
            plusOneAllowance: true,
            updatedAt: true,
            _count: { select: { guests: true } },
          },
        },
        guests: {
          select: {
            id: true,
            fullName: true,
            email: true,
            dietaryPreference: true,
            householdId: true,
            updatedAt: true,
            phoneEncrypted: true,
            household: { select: { name: true } },
            rsvps: {
              orderBy: { eventId: "asc" },
              select: {
                id: true,
                eventId: true,
                status: true,
                mealChoice: true,
                plusOnes: true,
                plusOneNames: true,
                respondedAt: true,
                updatedAt: true,
              },
            },
          },
        },
      },
    });
    if (!w) return null;
    // The ORM cannot call app_pii_decrypt(): one more statement, only when a guest has a phone.
    const withPhone = w.guests.filter((g) => g.phoneEncrypted !== null).map((g) => g.id);
    const phones = new Map<number, string | null>();
    if (withPhone.length > 0) {
      const rows = await tx.$queryRaw<{ id: number; phone: string | null }[]>`
        SELECT g.guest_id AS id, app_pii_decrypt(g.phone_encrypted, w.client_id) AS phone
        FROM guest g JOIN wedding w ON w.wedding_id = g.wedding_id WHERE g.guest_id = ANY(${withPhone}::int[])`;
      for (const row of rows) phones.set(row.id, row.phone);
    }
    const byLowerName =
      <T extends { id: number }>(name: (x: T) => string) =>
      (a: T, b: T) =>
        compareText(name(a).toLowerCase(), name(b).toLowerCase()) || a.id - b.id;
    const households = [...w.households].sort(byLowerName((h) => h.name)).map((h) => ({
      id: h.id,
      name: h.name,
      plusOneAllowance: h.plusOneAllowance,
      guestCount: h._count.guests,
      version: h.updatedAt.toISOString(),
    }));
    const count = (rsvps: { status: RsvpStatus }[], status: RsvpStatus) =>
      rsvps.filter((r) => r.status === status).length;
    return {
      wedding: { id: w.id, name: w.name, date: day(w.weddingDate) },
      events: w.events.map((e) => ({
        id: e.id,
        name: e.name,
        eventType: e.eventType as EventType,
        date: day(e.eventDate),
        startTime: hhmm(e.startTime),
        status: e.status,
        offersMeal: MEAL_EVENT_TYPES.includes(e.eventType),
        invited: e.rsvps.length,
        accepted: count(e.rsvps, "Accepted"),
        declined: count(e.rsvps, "Declined"),
        pending: count(e.rsvps, "Pending"),
      })),
      households,
      guests: [...w.guests].sort(byLowerName((g) => g.fullName)).map((g) => ({
        id: g.id,
        fullName: g.fullName,
        email: g.email,
        phone: phones.get(g.id) ?? null,
        dietaryPreference: g.dietaryPreference,
        householdId: g.householdId,
        householdName: g.household.name,
        version: g.updatedAt.toISOString(),
        rsvps: g.rsvps.map((r) => ({
          rsvpId: r.id,
          eventId: r.eventId,
          status: r.status,
          mealChoice: r.mealChoice,
          plusOnes: r.plusOnes,
          plusOneNames: r.plusOneNames,
          respondedAt: r.respondedAt ? `${r.respondedAt.toISOString().slice(0, 19)}Z` : null,
          version: r.updatedAt.toISOString(),
        })),
      })),
      totalGuests: households.reduce((total, h) => total + h.guestCount, 0),
      ignoredEventFilter: false,
    };
  });
}
