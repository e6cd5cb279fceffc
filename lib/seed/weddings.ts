import type { Faker } from "@faker-js/faker";
import type { EventType, WeddingStatus } from "@/lib/generated/prisma/enums";
import type { BookingPlan, ClientPlan, EventPlan, Region, VendorPlan, VenuePlan, WeddingPlan } from "./types";
import type { Culture, PersonFactory } from "./people";
import { buildHouseholds } from "./guests";
import {
  CATEGORY_SERVICE,
  availableServices,
  chooseVendor,
  chooseVenue,
  planBooking,
  type BookingContext,
} from "./bookings";
import { planBudget, planExpenses, type BudgetContext } from "./budget";
import { DEMO_TODAY, addDays, chance, nextWeekday, timeOfDay, utcDate } from "./values";

// Twenty weddings in date order: two completed earlier in 2026, eighteen
// between December 2026 and October 2027. Planners take them in turn (7/7/6).
// Some weddings are picked by position to carry the demo's special cases.

type WeddingSpec = {
  region: Region;
  culture: Culture;
  currency?: string;
  couple?: ["female" | "male", "female" | "male"];
};

const SPECS: WeddingSpec[] = [
  { region: "Ohrid", culture: "mk" },
  { region: "Tuscany", culture: "it" },
  { region: "Provence", culture: "fr" },
  { region: "Skopje", culture: "mk" },
  { region: "Lake Como", culture: "it" },
  { region: "Dalmatia", culture: "hr" },
  { region: "Bitola", culture: "mk" },
  { region: "Tuscany", culture: "en", currency: "USD" },
  { region: "Provence", culture: "en", currency: "GBP", couple: ["female", "female"] },
  { region: "Ohrid", culture: "mk" },
  { region: "Dalmatia", culture: "hr" },
  { region: "Provence", culture: "fr" },
  { region: "Lake Prespa", culture: "mk" },
  { region: "Tuscany", culture: "it", couple: ["male", "male"] },
  { region: "Tuscany", culture: "fr" },
  { region: "Skopje", culture: "mk" },
  { region: "Lake Como", culture: "it" },
  { region: "Dalmatia", culture: "hr" },
  { region: "Ohrid", culture: "mk" },
  { region: "Tuscany", culture: "it" },
];

const COMPLETED_DATES = [utcDate(2026, 6, 20), utcDate(2026, 9, 12)];
// Positions in date order. Two upcoming weddings of different planners
// overspend, so the over-budget alert shows on two dashboards.
const OVERSPENDING = [4, 9];
const CANCELLED_BRUNCH = 5;
// A cancelled booking next to its replacement, as happens when a couple changes their mind.
const SWITCHED_VENUE = 7;
const SWITCHED_MUSIC = 12;
// The last weddings are still waiting for a vendor to confirm.
const LATE_PLANNING_FROM = 16;

type Draft = Omit<EventPlan, "location" | "region">;

const REGION_SPOTS: Record<Region, string[]> = {
  Skopje: ["Old Bazaar wine bar", "Kale Fortress terrace"],
  Ohrid: ["Old Town tavern by the lake", "Boat pier at Kaneo"],
  Bitola: ["Širok Sokak café garden", "Heraclea wine cellar"],
  "Lake Prespa": ["Orchard tables in Stenje", "Lakeside fish restaurant, Oteševo"],
  Tuscany: ["Enoteca in the village square", "Olive grove terrace"],
  "Lake Como": ["Lido di Bellagio", "Villa garden pavilion"],
  Provence: ["Café on the place du village", "Lavender field terrace"],
  Dalmatia: ["Konoba by the harbour", "Beach club terrace"],
};

export function buildWeddings(
  faker: Faker,
  people: PersonFactory,
  plannerEmails: string[],
  venues: VenuePlan[],
  vendors: VendorPlan[],
): WeddingPlan[] {
  const dates = [...COMPLETED_DATES, ...upcomingDates(faker, SPECS.length - COMPLETED_DATES.length)];
  const busy = new Set<string>();
  const qrCodes = new Set<string>();
  const names = new Set<string>();
  return SPECS.map((spec, index) => {
    const weddingDate = dates[index];
    const plannerEmail = plannerEmails[index % plannerEmails.length];
    if (!weddingDate || !plannerEmail) throw new Error(`Wedding ${index} has no date or planner.`);
    const completed = weddingDate < DEMO_TODAY;
    const status: WeddingStatus = completed
      ? "Completed"
      : chance(faker, weddingDate < utcDate(2027, 5, 1) ? 0.9 : 0.3)
        ? "Confirmed"
        : "Planning";
    const rsvpDeadline = addDays(weddingDate, -42);
    const { client, name } = createCouple(faker, people, spec, names);

    const drafts = draftEvents(faker, index, weddingDate, status);
    const households = buildHouseholds(faker, people, {
      culture: spec.culture,
      events: drafts.map((d) => ({ ...d, region: spec.region, location: "" })),
      weddingDate,
      rsvpDeadline,
      completed,
      qrCodes,
    });
    const guestTotal = households.reduce((sum, h) => sum + h.guests.length, 0);
    const guestCountTarget = Math.round((guestTotal * faker.number.float({ min: 1.05, max: 1.35 })) / 5) * 5;

    const budgetContext: BudgetContext = {
      guestCountTarget,
      weddingDate,
      completed,
      overspend: OVERSPENDING.includes(index),
    };
    const budgets = planBudget(faker, budgetContext);
    const bookingContext: BookingContext = { region: spec.region, weddingDate, completed, busy };
    const bookings = planWeddingBookings(faker, index, bookingContext, guestCountTarget, budgets, venues, vendors);
    const venueName = bookings.find((b) => b.venueName && b.status !== "Cancelled")?.venueName ?? spec.region;
    const events = drafts.map((d) => ({
      ...d,
      region: spec.region,
      location: locate(faker, d.eventType, venueName, spec.region),
    }));
    const eventNames = events.filter((e) => e.status !== "Cancelled").map((e) => e.name);
    const expenses = planExpenses(faker, budgetContext, budgets, bookings, eventNames, vendors);

    return {
      plannerEmail,
      client,
      name,
      weddingDate,
      status,
      guestCountTarget,
      currency: spec.currency ?? "EUR",
      rsvpDeadline,
      region: spec.region,
      events,
      households,
      budgets,
      expenses,
      bookings,
    };
  });
}

/** Spread from early December 2026 to mid October 2027, mostly on Saturdays. */
function upcomingDates(faker: Faker, count: number): Date[] {
  return Array.from({ length: count }, (_, i) => {
    const around = addDays(DEMO_TODAY, 30 + i * 18 + faker.number.int({ min: 0, max: 9 }));
    const saturday = nextWeekday(around, 6);
    return chance(faker, 0.2) ? addDays(saturday, -1) : saturday;
  });
}

function createCouple(faker: Faker, people: PersonFactory, spec: WeddingSpec, used: Set<string>) {
  const [sexA, sexB] = spec.couple ?? ["female", "male"];
  let first = "";
  let second = "";
  let surname = "";
  // Two weddings called "Ana & Marko" would be hard to tell apart in a list.
  for (let attempt = 0; attempt < 20 && (!first || used.has(`${first} & ${second}`) || first === second); attempt++) {
    first = people.firstName(spec.culture, sexA);
    second = people.firstName(spec.culture, sexB);
    surname = people.surname(spec.culture);
  }
  const name = `${first} & ${second}`;
  used.add(name);
  const client: ClientPlan = {
    name: `${name} ${surname}`,
    email: people.email(`${first}.${second}`, surname),
    phone: people.phone(spec.culture),
    primaryContact: `${first} ${surname}`,
    alternateContact: `${second} ${surname}`,
  };
  return { client, name };
}

function draftEvents(faker: Faker, index: number, weddingDate: Date, status: WeddingStatus): Draft[] {
  const eventStatus = status === "Completed" ? "Completed" : status === "Confirmed" ? "Confirmed" : "Scheduled";
  const extras = new Set(faker.helpers.arrayElements(["Rehearsal", "Welcome", "Brunch"], { min: 0, max: 2 }));
  if (index === CANCELLED_BRUNCH) extras.add("Brunch");
  const [startH, startM] = faker.helpers.arrayElement([
    [15, 0],
    [15, 30],
    [16, 0],
    [16, 30],
    [17, 0],
  ] as const);
  const receptionStart = startH * 60 + startM + faker.helpers.arrayElement([90, 120]);
  const event = (name: string, eventType: EventType, day: Date, from: Date, to: Date): Draft => ({
    name,
    eventType,
    eventDate: day,
    startTime: from,
    endTime: to,
    status: eventStatus,
    notes: null,
  });
  const eve = addDays(weddingDate, -1);
  const drafts: Draft[] = [];
  if (extras.has("Rehearsal"))
    drafts.push(event("Rehearsal dinner", "Rehearsal", eve, timeOfDay(17, 30), timeOfDay(20, 30)));
  if (extras.has("Welcome")) drafts.push(event("Welcome drinks", "Welcome", eve, timeOfDay(21, 0), timeOfDay(23, 45)));
  drafts.push(event("Ceremony", "Ceremony", weddingDate, timeOfDay(startH, startM), timeOfDay(startH + 1, startM)));
  drafts.push(
    event(
      "Reception",
      "Reception",
      weddingDate,
      timeOfDay(Math.floor(receptionStart / 60), receptionStart % 60),
      timeOfDay(23, 59),
    ),
  );
  if (extras.has("Brunch")) {
    const brunch = event("Farewell brunch", "Brunch", addDays(weddingDate, 1), timeOfDay(11, 0), timeOfDay(14, 0));
    if (index === CANCELLED_BRUNCH) {
      brunch.status = "Cancelled";
      brunch.notes = "Cancelled: the couple leave for their honeymoon early the next morning.";
    }
    drafts.push(brunch);
  }
  return drafts;
}

function locate(faker: Faker, type: EventType, venueName: string, region: Region): string {
  if (type === "Ceremony") return `${venueName}, ${faker.helpers.arrayElement(["garden", "terrace", "chapel lawn"])}`;
  if (type === "Reception") return `${venueName}, ${faker.helpers.arrayElement(["main hall", "terrace", "courtyard"])}`;
  return faker.helpers.arrayElement(REGION_SPOTS[region]);
}

function planWeddingBookings(
  faker: Faker,
  index: number,
  context: BookingContext,
  guests: number,
  budgets: WeddingPlan["budgets"],
  venues: VenuePlan[],
  vendors: VendorPlan[],
): BookingPlan[] {
  const bookings: BookingPlan[] = [];
  const line = (category: string) => {
    const found = budgets.find((b) => b.category === category);
    if (!found) throw new Error(`Wedding ${index} has no ${category} budget line.`);
    return found;
  };
  const done = context.completed ? "Completed" : "Confirmed";

  const venue = chooseVenue(faker, venues, context, guests);
  if (index === SWITCHED_VENUE) {
    const dropped = chooseVenue(faker, venues, context, guests, [venue.name]);
    const note = `Cancelled: the couple moved the reception to ${venue.name}.`;
    bookings.push(
      planBooking(faker, context, { venueName: dropped.name, vendorName: null }, line("Venue"), "Cancelled", note),
    );
  }
  bookings.push(planBooking(faker, context, { venueName: venue.name, vendorName: null }, line("Venue"), done));

  const services = availableServices(vendors, context.region);
  const bookable = budgets.map((b) => b.category).filter((c) => services.has(CATEGORY_SERVICE[c] ?? "Other"));
  const picked = new Set(faker.helpers.arrayElements(bookable, { min: 1, max: 4 }));
  // Lake Ohrid weddings use the florist whose owner has the vendor demo login.
  if (context.region === "Ohrid") picked.add("Flowers");
  if (index === SWITCHED_MUSIC) picked.add("Music");
  const categories = bookable.filter((c) => picked.has(c)).slice(0, 4);

  categories.forEach((category, position) => {
    const service = CATEGORY_SERVICE[category];
    if (!service) return;
    const vendor = chooseVendor(faker, vendors, context, service);
    if (!vendor) return;
    if (index === SWITCHED_MUSIC && category === "Music") {
      const replaced = chooseVendor(faker, vendors, context, service, [vendor.name]);
      if (replaced) {
        const note = `Cancelled: the couple chose ${vendor.name} instead.`;
        bookings.push(
          planBooking(
            faker,
            context,
            { venueName: null, vendorName: replaced.name },
            line(category),
            "Cancelled",
            note,
          ),
        );
      }
    }
    const late = index >= LATE_PLANNING_FROM && position === categories.length - 1 && categories.length > 1;
    bookings.push(
      planBooking(
        faker,
        context,
        { venueName: null, vendorName: vendor.name },
        line(category),
        late ? "Pending" : done,
      ),
    );
  });
  return bookings;
}
