import type { Faker } from "@faker-js/faker";
import type { BookingStatus, ServiceCategory } from "@/lib/generated/prisma/enums";
import type { BookingPlan, BudgetPlan, PaymentPlan, Region, VendorPlan, VenuePlan } from "./types";
import {
  DEMO_TODAY,
  addDays,
  atTime,
  chance,
  maxDate,
  minDate,
  randomDay,
  scaleCents,
  utcDate,
  type Cents,
} from "./values";

// Venue and vendor bookings with their payment schedules. A venue is never
// booked twice for one day (the report's double-booking check), and neither is
// a vendor, so the demo shows no conflicts that the app would have refused.

/** Budget line -> the service category that fills it. */
export const CATEGORY_SERVICE: Record<string, ServiceCategory> = {
  Flowers: "Florist",
  Catering: "Catering",
  Photography: "Photography",
  Music: "Music",
  Decoration: "Decoration",
  Videography: "Videography",
  Cake: "Cake",
  Beauty: "Beauty",
  Transport: "Transport",
  Stationery: "Stationery",
  Attire: "Attire",
};

// Installments still due fall on or after this day, so that "overdue" means
// the same whether it is measured from DEMO_TODAY or from the day the demo runs.
const FIRST_FUTURE_DUE = utcDate(2026, 12, 1);
const FIRST_OVERDUE_DUE = utcDate(2026, 8, 1);
const LAST_OVERDUE_DUE = utcDate(2026, 10, 25);
const METHODS = ["Bank transfer", "Card", "Bank transfer", "Cash"];

export type BookingContext = {
  region: Region;
  weddingDate: Date;
  completed: boolean;
  /** "name|yyyy-mm-dd" of every venue and vendor already taken. */
  busy: Set<string>;
};

function busyKey(name: string, date: Date): string {
  return `${name}|${date.toISOString().slice(0, 10)}`;
}

export function chooseVenue(
  faker: Faker,
  venues: VenuePlan[],
  context: BookingContext,
  guests: number,
  exclude: string[] = [],
): VenuePlan {
  const free = venues.filter(
    (v) =>
      v.region === context.region &&
      !exclude.includes(v.name) &&
      !context.busy.has(busyKey(v.name, context.weddingDate)),
  );
  const bigEnough = free.filter((v) => v.capacity >= guests);
  const venue = bigEnough.length
    ? faker.helpers.arrayElement(bigEnough)
    : free.toSorted((a, b) => b.capacity - a.capacity)[0];
  if (!venue) throw new Error(`No free venue in ${context.region} on ${context.weddingDate.toISOString()}.`);
  return venue;
}

export function chooseVendor(
  faker: Faker,
  vendors: VendorPlan[],
  context: BookingContext,
  category: ServiceCategory,
  exclude: string[] = [],
): VendorPlan | null {
  const free = vendors.filter(
    (v) =>
      v.serviceCategory === category &&
      v.status === "Active" &&
      !exclude.includes(v.name) &&
      !context.busy.has(busyKey(v.name, context.weddingDate)),
  );
  const local = free.filter((v) => v.region === context.region);
  const nearby = free.filter((v) => sameCountry(v.region, context.region));
  const pool = local.length ? local : nearby;
  return pool.length ? faker.helpers.arrayElement(pool) : null;
}

/** The service categories a wedding in `region` can book without flying a vendor in. */
export function availableServices(vendors: VendorPlan[], region: Region): Set<ServiceCategory> {
  return new Set(
    vendors.filter((v) => v.status === "Active" && sameCountry(v.region, region)).map((v) => v.serviceCategory),
  );
}

const COUNTRY: Record<Region, string> = {
  Skopje: "MK",
  Ohrid: "MK",
  Bitola: "MK",
  "Lake Prespa": "MK",
  Tuscany: "IT",
  "Lake Como": "IT",
  Provence: "FR",
  Dalmatia: "HR",
};

function sameCountry(a: Region, b: Region): boolean {
  return COUNTRY[a] === COUNTRY[b];
}

export function planBooking(
  faker: Faker,
  context: BookingContext,
  target: { venueName: string | null; vendorName: string | null },
  budgetLine: BudgetPlan,
  status: BookingStatus,
  notes: string | null = null,
): BookingPlan {
  const name = target.venueName ?? target.vendorName;
  if (!name) throw new Error("A booking reserves a venue or a vendor.");
  if (status !== "Cancelled") context.busy.add(busyKey(name, context.weddingDate));
  const leadDays = faker.number.int({ min: target.venueName ? 280 : 90, max: target.venueName ? 420 : 300 });
  const latest = context.completed
    ? addDays(context.weddingDate, -60)
    : addDays(DEMO_TODAY, -faker.number.int({ min: 20, max: 90 }));
  const bookingDay = minDate(addDays(context.weddingDate, -leadDays), latest);
  const totalCost = scaleCents(budgetLine.amount, faker.number.float({ min: 0.75, max: 1 }), 1000);
  const booking: BookingPlan = {
    ...target,
    bookingDate: atTime(bookingDay, faker.number.int({ min: 9, max: 17 }), faker.number.int({ min: 0, max: 59 })),
    eventDate: context.weddingDate,
    status,
    totalCost,
    notes,
    payments: [],
  };
  booking.payments = planPayments(faker, booking, bookingDay, context.completed);
  return booking;
}

/**
 * A deposit of 30% paid within a week of booking, then one or two
 * installments. Amounts never add up to more than the booking's total.
 */
function planPayments(faker: Faker, booking: BookingPlan, bookingDay: Date, completed: boolean): PaymentPlan[] {
  const total = booking.totalCost;
  const deposit = scaleCents(total, 0.3);
  const depositDue = addDays(bookingDay, 7);
  const depositPaid = addDays(bookingDay, faker.number.int({ min: 1, max: 7 }));
  const paid = (amount: Cents, day: Date, due: Date): PaymentPlan => ({
    amount,
    status: "Completed",
    paymentDate: day,
    dueDate: due,
    method: faker.helpers.arrayElement(METHODS),
  });
  const due = (amount: Cents, day: Date): PaymentPlan => ({
    amount,
    status: "Pending",
    paymentDate: day,
    dueDate: day,
    method: null,
  });

  if (booking.status === "Cancelled") return [{ ...paid(deposit, depositPaid, depositDue), status: "Refunded" }];
  if (booking.status === "Pending") return [due(deposit, maxDate(FIRST_FUTURE_DUE, addDays(bookingDay, 14)))];

  const installments = faker.number.int({ min: 1, max: 2 });
  const first = scaleCents(total, 0.4);
  const amounts = installments === 2 ? [first, total - deposit - first] : [first];
  const payments = [paid(deposit, depositPaid, depositDue)];
  if (completed) {
    const dues = [addDays(booking.eventDate, -60), addDays(booking.eventDate, -14)];
    amounts.forEach((amount, i) => {
      const dueDay = dues[i] ?? booking.eventDate;
      payments.push(paid(amount, addDays(dueDay, -faker.number.int({ min: 0, max: 5 })), dueDay));
    });
    return payments;
  }

  // Overdue by weeks, not by half a year: a planner would have chased those.
  const overdueFrom = maxDate(addDays(bookingDay, 21), FIRST_OVERDUE_DUE);
  const firstDue =
    overdueFrom <= LAST_OVERDUE_DUE && chance(faker, 0.4)
      ? randomDay(faker, overdueFrom, LAST_OVERDUE_DUE)
      : randomDay(faker, FIRST_FUTURE_DUE, maxDate(FIRST_FUTURE_DUE, addDays(booking.eventDate, -30)));
  const finalDue = maxDate(firstDue, maxDate(FIRST_FUTURE_DUE, addDays(booking.eventDate, -14)));
  amounts.forEach((amount, i) => payments.push(due(amount, i === 0 ? firstDue : finalDue)));
  return payments;
}
