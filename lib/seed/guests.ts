import type { Faker } from "@faker-js/faker";
import type { EventType, RsvpStatus } from "@/lib/generated/prisma/enums";
import type { Culture, PersonFactory } from "./people";
import type { EventPlan, GuestPlan, HouseholdPlan, RsvpPlan } from "./types";
import { DEMO_TODAY, addDays, chance, createQrCode, minDate, randomMoment } from "./values";

// Households, their guests and one RSVP per guest and event. A household
// usually answers together, so its members share a status and a reply date.

export type GuestListContext = {
  culture: Culture;
  events: EventPlan[];
  weddingDate: Date;
  rsvpDeadline: Date;
  completed: boolean;
  qrCodes: Set<string>;
};

const DIETS = ["Vegetarian", "Vegan", "Gluten-free", "Nut allergy", "Lactose-free", "Pescatarian"];
const MEALS = ["Beef", "Fish", "Chicken", "Vegetarian"];
const MEAL_EVENTS: EventType[] = ["Reception", "Rehearsal"];
const OPTIONAL_EVENTS: EventType[] = ["Rehearsal", "Welcome", "Brunch"];
const PLUS_ONE_EVENTS: EventType[] = ["Ceremony", "Reception"];

type Member = { first: string; last: string; child: boolean };

export function buildHouseholds(faker: Faker, people: PersonFactory, context: GuestListContext): HouseholdPlan[] {
  const householdCount = faker.number.int({ min: 12, max: 30 });
  const guestCount = faker.number.int({ min: Math.max(30, householdCount), max: Math.min(80, householdCount * 4) });
  const sizes = distributeGuests(faker, householdCount, guestCount);
  const names = new Set<string>();
  return sizes.map((size) => buildHousehold(faker, people, context, size, names));
}

/** Every household gets one guest, then the rest go to households with room (at most four). */
function distributeGuests(faker: Faker, households: number, guests: number): number[] {
  const sizes = Array.from({ length: households }, () => 1);
  for (let left = guests - households; left > 0; left--) {
    const open = sizes.flatMap((size, index) => (size < 4 ? [index] : []));
    const index = faker.helpers.arrayElement(open);
    sizes[index] = (sizes[index] ?? 1) + 1;
  }
  return sizes;
}

function buildHousehold(
  faker: Faker,
  people: PersonFactory,
  context: GuestListContext,
  size: number,
  usedNames: Set<string>,
): HouseholdPlan {
  const culture = people.guestCulture(context.culture);
  let members = pickMembers(faker, people, culture, size);
  let name = nameHousehold(members);
  // Two "Petrov family" households at one wedding would confuse the planner.
  for (let attempt = 0; usedNames.has(name) && attempt < 10; attempt++) {
    members = pickMembers(faker, people, culture, size);
    name = nameHousehold(members);
  }
  if (usedNames.has(name)) name = `${name} (${members.map((m) => m.first).join(", ")})`;
  usedNames.add(name);

  const plusOneAllowance = size === 1 ? (chance(faker, 0.5) ? 1 : 0) : chance(faker, 0.12) ? 2 : 0;
  const guests = members.map((member) => buildGuest(faker, people, culture, member, context));
  answerInvitation(faker, people, culture, context, guests, plusOneAllowance);
  return { name, plusOneAllowance, guests };
}

function pickMembers(faker: Faker, people: PersonFactory, culture: Culture, size: number): Member[] {
  const last = people.surname(culture);
  const adults: Member[] =
    size === 1
      ? [{ first: people.firstName(culture, faker.helpers.arrayElement(["female", "male"])), last, child: false }]
      : [
          { first: people.firstName(culture, "female"), last, child: false },
          { first: people.firstName(culture, "male"), last, child: false },
        ];
  const children = Array.from({ length: Math.max(0, size - 2) }, () => ({
    first: people.firstName(culture, faker.helpers.arrayElement(["female", "male"])),
    last,
    child: true,
  }));
  return [...adults, ...children];
}

function nameHousehold(members: Member[]): string {
  const [a, b] = members;
  if (!a) throw new Error("A household needs at least one member.");
  if (!b) return `${a.first} ${a.last}`;
  if (members.length === 2) return `${a.first} & ${b.first} ${a.last}`;
  return `The ${a.last} family`;
}

function buildGuest(
  faker: Faker,
  people: PersonFactory,
  culture: Culture,
  member: Member,
  context: GuestListContext,
): GuestPlan {
  let qrCode = createQrCode(faker);
  while (context.qrCodes.has(qrCode)) qrCode = createQrCode(faker);
  context.qrCodes.add(qrCode);
  const adult = !member.child;
  return {
    fullName: `${member.first} ${member.last}`,
    email: adult && chance(faker, 0.6) ? people.email(member.first, member.last) : null,
    phone: adult && chance(faker, 0.4) ? people.phone(culture) : null,
    dietaryPreference: chance(faker, 0.2) ? faker.helpers.arrayElement(DIETS) : null,
    qrCode,
    rsvps: [],
  };
}

function answerInvitation(
  faker: Faker,
  people: PersonFactory,
  culture: Culture,
  context: GuestListContext,
  guests: GuestPlan[],
  plusOneAllowance: number,
): void {
  const pendingRate = context.completed ? 0 : context.rsvpDeadline < DEMO_TODAY ? 0.08 : 0.38;
  const householdStatus: RsvpStatus = chance(faker, pendingRate)
    ? "Pending"
    : chance(faker, 0.1)
      ? "Declined"
      : "Accepted";
  const invitationsSent = minDate(addDays(context.weddingDate, -180), addDays(DEMO_TODAY, -30));
  const respondedAt =
    householdStatus === "Pending"
      ? null
      : randomMoment(faker, invitationsSent, minDate(context.rsvpDeadline, addDays(DEMO_TODAY, -1)));
  const plusOnes =
    householdStatus === "Accepted" && plusOneAllowance > 0 && chance(faker, 0.5)
      ? faker.number.int({ min: 1, max: plusOneAllowance })
      : 0;
  const plusOneNames = Array.from({ length: plusOnes }, () => {
    const guestCulture = people.guestCulture(culture);
    return `${people.firstName(guestCulture, faker.helpers.arrayElement(["female", "male"]))} ${people.surname(guestCulture)}`;
  });

  guests.forEach((guest, index) => {
    const guestStatus: RsvpStatus =
      householdStatus === "Accepted" && chance(faker, 0.05) ? "Declined" : householdStatus;
    guest.rsvps = context.events.map((event): RsvpPlan => {
      const skipsOptional =
        guestStatus === "Accepted" && OPTIONAL_EVENTS.includes(event.eventType) && chance(faker, 0.2);
      const status: RsvpStatus = skipsOptional ? "Declined" : guestStatus;
      const accepted = status === "Accepted";
      // The household's whole allowance goes to its first guest, so the sum per event never exceeds it.
      const bringsPlusOnes = accepted && index === 0 && PLUS_ONE_EVENTS.includes(event.eventType);
      return {
        eventName: event.name,
        status,
        mealChoice:
          accepted && MEAL_EVENTS.includes(event.eventType) ? chooseMeal(faker, guest.dietaryPreference) : null,
        plusOnes: bringsPlusOnes ? plusOnes : 0,
        plusOneNames: bringsPlusOnes ? plusOneNames : [],
        respondedAt,
      };
    });
  });
}

function chooseMeal(faker: Faker, diet: string | null): string {
  if (diet === "Vegetarian" || diet === "Vegan") return diet;
  if (diet === "Pescatarian") return "Fish";
  return faker.helpers.arrayElement(MEALS);
}
