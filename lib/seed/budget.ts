import type { Faker } from "@faker-js/faker";
import type { BookingPlan, BudgetPlan, ExpensePlan, VendorPlan } from "./types";
import { DEMO_TODAY, addDays, chance, maxDate, minDate, randomDay, scaleCents, splitCents, utcDate } from "./values";
import { CATEGORY_SERVICE } from "./bookings";

// Budget lines and the expenses recorded against them. Approved spend stays
// under each line's budget, except for the weddings asked to overspend, which
// give the over-budget alert something to show.

/** Rough share of the total budget each category takes. */
const SHARES: Record<string, number> = {
  Venue: 25,
  Catering: 30,
  Photography: 9,
  Flowers: 7,
  Music: 6,
  Attire: 8,
  Decoration: 6,
  Stationery: 2,
  Videography: 5,
  Cake: 3,
  Beauty: 3,
  Transport: 3,
};
const ALWAYS = ["Venue", "Catering", "Photography", "Flowers", "Music", "Attire"];
const SOMETIMES = ["Decoration", "Stationery", "Videography", "Cake", "Beauty", "Transport"];

const ITEMS: Record<string, string[]> = {
  Venue: ["Venue hire deposit", "Venue hire balance", "Ceremony site fee", "Overtime until 1 a.m."],
  Catering: ["Menu tasting", "Dinner for the reception", "Open bar package", "Late-night snacks"],
  Photography: ["Photography package", "Engagement session", "Printed album"],
  Flowers: ["Bridal bouquet and boutonnieres", "Floral arch for the ceremony", "Table centerpieces"],
  Music: ["Ceremony string quartet", "Band for the reception", "DJ set after midnight"],
  Attire: ["Wedding dress", "Groom's suit", "Alterations", "Veil and accessories"],
  Decoration: ["Table styling and linen", "Candles and lanterns", "Welcome sign and seating chart"],
  Stationery: ["Save-the-dates", "Invitations and envelopes", "Menus and place cards"],
  Videography: ["Highlight film", "Drone footage"],
  Cake: ["Three-tier wedding cake", "Dessert table"],
  Beauty: ["Bridal hair and makeup", "Makeup trial"],
  Transport: ["Classic car for the couple", "Guest shuttle bus"],
};

const EVENT_FOR: Record<string, string> = {
  Catering: "Reception",
  Music: "Reception",
  Cake: "Reception",
  Decoration: "Reception",
  Flowers: "Ceremony",
};

export type BudgetContext = {
  guestCountTarget: number;
  weddingDate: Date;
  completed: boolean;
  overspend: boolean;
};

export function planBudget(faker: Faker, context: BudgetContext): BudgetPlan[] {
  const extras = faker.helpers.arrayElements(SOMETIMES, { min: 2, max: 4 });
  const categories = [...ALWAYS, ...SOMETIMES.filter((c) => extras.includes(c))];
  const totalShares = categories.reduce((sum, c) => sum + (SHARES[c] ?? 1), 0);
  const total = context.guestCountTarget * faker.number.int({ min: 180, max: 320 }) * 100;
  return categories.map((category) => ({
    category,
    amount: scaleCents(total, (SHARES[category] ?? 1) / totalShares, 5000),
    notes: category === "Venue" ? "Includes ceremony site and reception hall." : null,
  }));
}

export function planExpenses(
  faker: Faker,
  context: BudgetContext,
  budgets: BudgetPlan[],
  bookings: BookingPlan[],
  eventNames: string[],
  vendors: VendorPlan[],
): ExpensePlan[] {
  const lastDay = context.completed ? context.weddingDate : addDays(DEMO_TODAY, -1);
  const firstDay = maxDate(addDays(context.weddingDate, -330), utcDate(2025, 9, 1));
  const vendorFor = (category: string): string | null => {
    const service = CATEGORY_SERVICE[category];
    const booked = bookings.find(
      (b) => b.status !== "Cancelled" && vendors.some((v) => v.name === b.vendorName && v.serviceCategory === service),
    );
    return booked?.vendorName ?? null;
  };

  return budgets.flatMap((line) => {
    const fraction = context.overspend
      ? faker.number.float({ min: 1.06, max: 1.18 })
      : context.completed
        ? faker.number.float({ min: 0.88, max: 0.99 })
        : faker.number.float({ min: 0.3, max: 0.9 });
    const approved = scaleCents(line.amount, fraction, 1);
    const items = ITEMS[line.category] ?? [line.category];
    const parts = splitCents(faker, approved, Math.min(items.length, faker.number.int({ min: 1, max: 3 })));
    const descriptions = faker.helpers.arrayElements(items, parts.length);
    const wantedEvent = EVENT_FOR[line.category];
    const eventName = wantedEvent && eventNames.includes(wantedEvent) ? wantedEvent : null;
    const base = { category: line.category, vendorName: vendorFor(line.category) };

    const expenses: ExpensePlan[] = parts.map((amount, i) => ({
      ...base,
      description: descriptions[i] ?? line.category,
      amount,
      status: "Approved",
      incurredOn: randomDay(faker, firstDay, lastDay),
      eventName: chance(faker, 0.6) ? eventName : null,
    }));
    if (!context.completed && chance(faker, 0.35)) {
      expenses.push({
        ...base,
        description: `${faker.helpers.arrayElement(items)} (invoice to approve)`,
        amount: scaleCents(line.amount, faker.number.float({ min: 0.05, max: 0.15 }), 1),
        status: "Pending",
        incurredOn: randomDay(faker, addDays(DEMO_TODAY, -21), addDays(DEMO_TODAY, -1)),
        eventName,
      });
    }
    if (chance(faker, 0.1)) {
      expenses.push({
        ...base,
        description: `${line.category} upgrade quote`,
        amount: scaleCents(line.amount, faker.number.float({ min: 0.1, max: 0.3 }), 1),
        status: "Rejected",
        incurredOn: randomDay(faker, firstDay, minDate(lastDay, addDays(DEMO_TODAY, -30))),
        eventName: null,
      });
    }
    return expenses;
  });
}
